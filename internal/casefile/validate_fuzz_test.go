package casefile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/schemas"
)

// fuzzLimits keep one input cheap (an alias bomb stops at 20,000 values)
// while every seed, the largest sample included, still fits.
var fuzzLimits = casefile.Limits{MaxBytes: 1 << 16, MaxDepth: 32, MaxNodes: 20_000}

// FuzzValidate parses and validates arbitrary case files, seeded with the
// samples and the corpus of broken cases. Whatever the input: no panic;
// every error is a *casefile.ValidationError; every problem has a message,
// and a problem naming a field says where it is, on a line and column of
// the file.
//
//	go test -run '^$' -fuzz FuzzValidate -fuzztime 60s -fuzzminimizetime 200x ./internal/casefile/
func FuzzValidate(f *testing.F) {
	v, err := casefile.NewValidator(schemas.CaseID, schemas.Case)
	if err != nil {
		f.Fatal(err)
	}
	var seeds []string
	for _, pat := range []string{"../../samples/*", "../../generator/testdata/bad/*"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, m...)
	}
	n := 0
	for _, p := range seeds {
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".json":
		default:
			continue // README.md, assets/
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(filepath.Base(p), data)
		n++
	}
	if n < 40 {
		f.Fatalf("only %d seed files found; run from internal/casefile", n)
	}

	f.Fuzz(func(t *testing.T, name string, data []byte) {
		// The name picks the syntax; keep it to the two.
		if strings.HasSuffix(name, ".json") {
			name = "case.json"
		} else {
			name = "case.yaml"
		}
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		c, err := casefile.Parse(name, data, fuzzLimits)
		if err == nil {
			err = v.Validate(c)
			if err == nil {
				return
			}
		}
		ve, ok := err.(*casefile.ValidationError)
		if !ok {
			t.Fatalf("error %T is not a *casefile.ValidationError: %v", err, err)
		}
		if ve.File != name {
			t.Errorf("error names file %q, want %q", ve.File, name)
		}
		if len(ve.Problems) == 0 {
			t.Fatalf("a ValidationError without problems: %v", err)
		}
		lines := bytes.Split(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), []byte("\n"))
		// YAML also breaks lines at a lone CR, NEL, LS and PS (go-yaml
		// counts them); with those in the file, lines are only bounded.
		maxLine := len(lines)
		otherBreaks := 0
		if name == "case.yaml" {
			otherBreaks = bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) +
				bytes.Count(data, []byte("\u0085")) + bytes.Count(data, []byte("\u2028")) + bytes.Count(data, []byte("\u2029"))
			maxLine += otherBreaks
		}
		for _, p := range ve.Problems {
			if strings.TrimSpace(p.Message) == "" {
				t.Errorf("problem without a message: %+v", p)
			}
			if p.Pointer != "" && (p.Line <= 0 || p.Col <= 0) {
				t.Errorf("problem at %s is not located: %+v", p.Pointer, p)
			}
			if p.Pointer != "" && !strings.HasPrefix(p.Pointer, "/") {
				t.Errorf("pointer %q is not a JSON pointer", p.Pointer)
			}
			if (p.Line > 0) != (p.Col > 0) {
				t.Errorf("line and column must be given together: %+v", p)
			}
			// The place is in the file: a line it has, a column of that
			// line or just past its end, or the end of the file (the line
			// after the last, when the file does not end with a newline).
			if p.Line == maxLine+1 && p.Col == 1 {
				continue
			}
			if p.Line > maxLine {
				t.Errorf("problem on line %d of a file of %d lines: %+v", p.Line, maxLine, p)
			} else if p.Line > 0 && otherBreaks == 0 && utf8.Valid(data) {
				if runes := utf8.RuneCount(lines[p.Line-1]); p.Col > runes+1 {
					t.Errorf("problem at column %d of a line of %d characters: %+v", p.Col, runes, p)
				}
			}
		}
	})
}
