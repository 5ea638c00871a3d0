package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The CLI is tested as a user runs it: txtar scripts under
// testdata/script run kesu in-process and check its output, exit status
// and files (the Hugo and Go way).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kesu": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

func TestScripts(t *testing.T) {
	samples, err := filepath.Abs("../../samples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLES", samples)
			return nil
		},
	})
}

// Exit status is 0 ok, 1 bad input, 2 bad usage: a script calling kesu
// tells a broken case from a broken command line.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("schema: kesu/case/v1\nid: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := "../../samples/furniture-sofa.yaml"
	out := filepath.Join(dir, "out")
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"validate", good}, 0},
		{[]string{"render", good, "-o", out, "--format", "xlsx"}, 0},
		{[]string{"schema"}, 0},
		{[]string{"schema", "document"}, 0},
		{[]string{"schema", "bogus"}, 2},
		{[]string{"validate", bad}, 1},
		{[]string{"validate", filepath.Join(dir, "missing.yaml")}, 1},
		{[]string{"render", bad, "-o", out}, 1},
		{[]string{"render", good, good + ".nope", "-o", out}, 1},
		{[]string{"render", good}, 2},
		{[]string{"render"}, 2},
		{[]string{"validate"}, 2},
		{[]string{"render", "--bogus", good, "-o", out}, 2},
		{[]string{"render", good, "-o", out, "--doc", "nosuch"}, 2},
		{[]string{"render", good, "-o", out, "--format", "doc"}, 2},
		{[]string{"render", good, "-o", out, "--locale", "fr"}, 2},
		{[]string{"nosuchcommand"}, 2},
	}
	for _, tt := range tests {
		var stdout, stderr strings.Builder
		if got := run(tt.args, &stdout, &stderr); got != tt.code {
			t.Errorf("kesu %s: exit %d, want %d\n%s", strings.Join(tt.args, " "), got, tt.code, stderr.String())
		}
	}
}

// Configuration precedence: flag over KESU_* environment over kesu.yaml
// over the default, for every setting, and kesu config says which won.
func TestConfigPrecedence(t *testing.T) {
	tests := []struct {
		name       string
		file, env  string // locale in kesu.yaml, in KESU_LOCALE
		flag       string // --locale
		want, from string
	}{
		{"default", "", "", "", `""`, "default"},
		{"file", "en", "", "", `"en"`, "file kesu.yaml"},
		{"env over file", "en", "zh-CN", "", `"zh-CN"`, "env KESU_LOCALE"},
		{"flag over env", "en", "zh-CN", "en", `"en"`, "flag --locale"},
		{"flag over file", "zh-CN", "", "en", `"en"`, "flag --locale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if tt.file != "" {
				if err := os.WriteFile("kesu.yaml", []byte("locale: "+tt.file+"\nwatermark: 草稿\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Setenv("KESU_LOCALE", tt.env)
			args := []string{"config"}
			if tt.flag != "" {
				args = append(args, "--locale", tt.flag)
			}
			var stdout, stderr strings.Builder
			if code := run(args, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			var line string
			for _, l := range strings.Split(stdout.String(), "\n") {
				if strings.HasPrefix(l, "locale ") {
					line = l
				}
			}
			if !strings.Contains(line, tt.want) || !strings.HasSuffix(line, tt.from) {
				t.Errorf("locale line %q, want %s from %s", line, tt.want, tt.from)
			}
			if tt.file != "" && !strings.Contains(stdout.String(), `watermark  "草稿"`) {
				t.Errorf("the file's watermark is not shown:\n%s", stdout.String())
			}
		})
	}
	// Settings of the file reach the commands: a render with kesu.yaml
	// naming the output folder and the format.
	dir := t.TempDir()
	sample, _ := filepath.Abs("../../samples/furniture-sofa.yaml")
	t.Chdir(dir)
	if err := os.WriteFile("kesu.yaml", []byte("out: rendered\nformat: xlsx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := run([]string{"render", sample, "--doc", "registration"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "rendered", "KS-2026-000123_registration.xlsx")); err != nil {
		t.Errorf("kesu.yaml's out and format were not used: %v", err)
	}
}
