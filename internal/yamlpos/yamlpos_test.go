package yamlpos_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/kesuhq/kesu/internal/yamlpos"
)

func problems(t testing.TB, src []byte) []yamlpos.Problem {
	var n yaml.Node
	err := yaml.Unmarshal(src, &n)
	if err == nil {
		return nil
	}
	return yamlpos.Problems(src, err)
}

func TestProblems(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		msg       string
	}{
		// Columns count characters, not bytes: 客户 is two.
		{"flow after Chinese", "客户: {名: 李敏, 职: 客诉专员\n级别: x\n", 1, 5, "this { is not closed on its line"},
		{"sequence left open", "a: [1, 2\nb: 3\n", 1, 4, "this [ is not closed on its line"},
		{"quote in a list", "a:\n  - \"x\n  - y\n  - \"z\"\n", 2, 5, "this \" is not closed on its line"},
		{"quote after Chinese", "名字: \"张三\n电话: \"138\"\n", 1, 5, "this \" is not closed on its line"},
		{"escaped quote is no close", "a: \"x\\\"\nb: \"y\"\n", 1, 4, "this \" is not closed on its line"},
		{"doubled single quote is no close", "a: 'it''s\nb: 'y'\n", 1, 4, "this ' is not closed on its line"},
		// Closing the guess does not help: the parser's own place stands.
		{"two mistakes", "a: \"x\nb: \"y\" z\n", 2, 5, "did not find expected key"},
		{"colon in text", "a: b: c\n", 1, 5, "mapping values are not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := problems(t, []byte(tt.src))
			if len(ps) != 1 {
				t.Fatalf("want one problem, got %+v", ps)
			}
			p := ps[0]
			if p.Line != tt.line || p.Col != tt.col || !strings.Contains(p.Msg, tt.msg) {
				t.Errorf("got %d:%d %q, want %d:%d …%s…", p.Line, p.Col, p.Msg, tt.line, tt.col, tt.msg)
			}
		})
	}
}

// Whatever the input, a YAML error is placed inside the file or nowhere,
// and placing it never panics.
func FuzzProblems(f *testing.F) {
	seeds, _ := filepath.Glob("../../generator/testdata/bad/*.yaml")
	for _, s := range seeds {
		if data, err := os.ReadFile(s); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add([]byte("a: {b: \"c\n  d: [1, 'e\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		// YAML breaks lines at CR, LF, CRLF, NEL, LS and PS.
		text := strings.ReplaceAll(string(src), "\r\n", "\n")
		lines := 1 + strings.Count(text, "\n") + strings.Count(text, "\r") +
			strings.Count(text, "\u0085") + strings.Count(text, "\u2028") + strings.Count(text, "\u2029")
		for _, p := range problems(t, src) {
			if p.Line < 0 || p.Line > lines+1 || p.Col < 0 || p.Msg == "" {
				t.Errorf("problem %+v outside a file of %d lines", p, lines)
			}
		}
	})
}

type branding struct {
	Accent string `yaml:"accent"`
	Seal   string `yaml:"seal"`
}

type manifest struct {
	Name     string   `yaml:"name"`
	Locales  []string `yaml:"locales"`
	Branding branding `yaml:"branding"`
}

// A misspelt key of a file decoded with known fields is told the key of
// that level meant; one too far from any key is only called unknown.
func TestProblemsOfSuggestsKey(t *testing.T) {
	src := []byte("name: x\nlocals: [en]\nbranding:\n  acent: '#112233'\n  seel: a.png\ncolour: red\n")
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	var m manifest
	err := dec.Decode(&m)
	if err == nil {
		t.Fatal("decoded with unknown keys")
	}
	var got []string
	for _, p := range yamlpos.ProblemsOf(src, err, &m) {
		got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Col, p.Msg))
	}
	want := []string{
		`2:1: unknown key "locals"; did you mean "locales"?`,
		`4:3: unknown key "acent"; did you mean "accent"?`,
		`5:3: unknown key "seel"; did you mean "seal"?`,
		`6:1: unknown key "colour" (misspelt, or in the wrong place?)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
