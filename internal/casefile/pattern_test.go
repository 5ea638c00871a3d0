package casefile

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// testPatterns are the patterns of kesu's schemas and others that use
// every node treeMatch knows (and some it leaves to regexp).
func testPatterns(t testing.TB) []string {
	var pats []string
	var walk func(v any, key string)
	walk = func(v any, key string) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "pattern" {
					if p, ok := x.(string); ok {
						pats = append(pats, p)
					}
				}
				if k == "patternProperties" {
					for p := range x.(map[string]any) {
						pats = append(pats, p)
					}
				}
				walk(x, k)
			}
		case []any:
			for _, x := range v {
				walk(x, key)
			}
		}
	}
	for _, s := range kesuSchemas {
		var doc any
		if err := json.Unmarshal(s.src, &doc); err != nil {
			t.Fatal(err)
		}
		walk(doc, "")
	}
	if len(pats) < 9 {
		t.Fatalf("only %d patterns in kesu's schemas", len(pats))
	}
	pats = append(pats,
		`a|`, `^$`, `x*`, `^(a|ab)(c|bcd)(d*)$`, `[^a]`, `\d+`, `^a{2,3}b?$`, `(?:ab)+c`, `^a{2,}$`, `.`, `(?s).`,
		`^(\.|\.\.[^/]+)(/[^/]+)*$`, `[^\x00-\x1f]{3}`, `^\pL+$`, `^长{2}$`, `(a*)*b`, `^(a?){3}a{3}$`, `[\x{FFFD}]`,
		`^[^长]*$`, `a$`, `^a`, `x{0}`, `(?i)abc`, `(?m)^a$`, `\bword\b`, `[[:alpha:]]+`, `^(|a)+$`, `a{0,63}b`)
	slices.Sort(pats)
	return slices.Compact(pats)
}

// testTexts are the strings of the samples, the replacements the
// agreement test uses, and changes to them: every prefix, and each
// character replaced by a digit, a slash, a letter or a Chinese one.
func testTexts(t testing.TB) []string {
	base := []string{"", "\n", "a\n", "\xff", "a\xffb", "长长", "aaa", "aaab", "ab", "abc", "ABC", "abcd", "word", "a word.",
		"aaaaaa", "abbcd", "abbcdd", strings.Repeat("a", 63) + "b", strings.Repeat("a", 64) + "b"}
	for _, r := range replacements {
		if s, ok := r.(string); ok {
			base = append(base, s)
		}
	}
	var collect func(v any)
	collect = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				base = append(base, k)
				collect(x)
			}
		case []any:
			for _, x := range v {
				collect(x)
			}
		case string:
			base = append(base, v)
		}
	}
	for _, name := range []string{"furniture-sofa.yaml", "manufacturer-8d.yaml", "callcenter-service.json"} {
		data, err := os.ReadFile("../../samples/" + name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Parse(name, data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		collect(c.value)
	}
	slices.Sort(base)
	base = slices.Compact(base)
	var out []string
	for _, s := range base {
		if len(s) > 200 {
			out = append(out, s)
			continue
		}
		for i := range s {
			out = append(out, s[:i])
			for _, c := range []string{"0", "/", "b", "长"} {
				out = append(out, s[:i]+c+s[i+1:])
			}
		}
		out = append(out, s)
	}
	// And random texts of the characters the patterns name.
	rnd := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("0129-:.T+Z/\\ab_x长\n\x00\x1f")
	for range 3000 {
		b := make([]rune, rnd.IntN(12))
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		out = append(out, string(b))
	}
	return out
}

// TestPatternMatchesAsRegexp: the quick check's patterns match exactly
// the texts regexp matches, through treeMatch for texts it takes and
// regexp beyond.
func TestPatternMatchesAsRegexp(t *testing.T) {
	texts := testTexts(t)
	tree := 0
	for _, src := range testPatterns(t) {
		re := regexp.MustCompile(src)
		p := newPattern(src)
		for _, s := range texts {
			got, ok := p.match(s)
			if want := re.MatchString(s); !ok || got != want {
				t.Fatalf("pattern %q, text %q: matched %v (ok %v); regexp says %v", src, s, got, ok, want)
			}
		}
		if p.tree != nil {
			tree++
		}
	}
	if tree < 30 {
		t.Errorf("only %d patterns matched on their tree; treeMatchable refuses what it should take", tree)
	}
	if _, ok := newPattern(`(`).match("("); ok {
		t.Error("a pattern that does not compile matched")
	}
}

// FuzzTreeMatch holds treeMatch to regexp on any pattern it takes.
//
//	go test -run '^$' -fuzz FuzzTreeMatch -fuzztime 60s ./internal/casefile/
func FuzzTreeMatch(f *testing.F) {
	for _, p := range testPatterns(f) {
		f.Add(p, "2026-11-03T10:20:00+08:00")
		f.Add(p, "assets/长.png")
		f.Add(p, "KS-2026-000123")
	}
	f.Fuzz(func(t *testing.T, src, s string) {
		tr, err := syntax.Parse(src, syntax.Perl)
		if err != nil || !treeMatchable(tr) || len(s) >= maxTreeText {
			return
		}
		re, err := regexp.Compile(src)
		if err != nil {
			t.Fatalf("syntax.Parse takes %q, regexp.Compile does not: %v", src, err)
		}
		if got, want := treeMatch(tr, s), re.MatchString(s); got != want {
			t.Fatalf("pattern %q, text %q: treeMatch %v, regexp %v", src, s, got, want)
		}
	})
}
