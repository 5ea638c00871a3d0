package casefile

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/internal/memtest"
	"github.com/kesuhq/kesu/schemas"
)

// kesuSchemas are the schemas built into kesu, both read by the quick
// check.
var kesuSchemas = []struct {
	name, id string
	src      []byte
}{
	{"case", schemas.CaseID, schemas.Case},
	{"document", schemas.DocumentID, schemas.Document},
}

func TestQuickReadsKesuSchemas(t *testing.T) {
	for _, s := range kesuSchemas {
		if readQuick(s.src) == nil {
			t.Errorf("%s schema: the quick check cannot read it, so every fresh process compiles it in full (~2 MB); teach quick.go its new keyword", s.name)
		}
	}
}

// TestQuickRefuses: a schema with what the quick check does not know is
// left to the full compile, whose verdict then decides every case.
func TestQuickRefuses(t *testing.T) {
	for _, src := range []string{
		`{"unevaluatedProperties": false}`,
		`{"properties": {"a": {"$ref": "#/properties/b"}}}`, // only $defs and the root are targets
		`{"$defs": {"a": {"$ref": "#/$defs/a"}}}`,           // a loop on one value
		`{"$defs": {"a": {"anyOf": [{"$ref": "#"}]}}, "$ref": "#/$defs/a"}`,
		`{"properties": {"a": {"$id": "other.json"}}}`,
		`{"$schema": "http://json-schema.org/draft-07/schema#"}`,
		`{"type": "text"}`,
		`{"enum": [{"a": 1}]}`,
		`{"maxLength": 1.5}`,
		`{"multipleOf": 0}`,
		`{"type": "string", "type": "object"}`,
		`{"title": "a" "b"}`,
		`{"title": "a\x01"}`,
		"{\"title\": \"\xff\"}",
		`{"title": 01}`,
		`{} {}`,
	} {
		if readQuick([]byte(src)) != nil {
			t.Errorf("%s: read; want it left to the full compile", src)
		}
	}
}

// TestQuickAgreesWithCompile is the quick check's proof: for every case
// and YAML or JSON file in the repository, the fuzz corpora, and
// thousands of changes to the samples (each value replaced with values of
// every type, text too long and malformed, each field removed, fields
// added),
// the quick check passes a value exactly when the compiled schema finds
// no problem with it. (Failing a valid case only costs time, but a test
// that allows it cannot tell a quick check that fails everything.)
func TestQuickAgreesWithCompile(t *testing.T) {
	inputs := agreementInputs(t)
	for _, s := range kesuSchemas {
		q := readQuick(s.src)
		cs, err := compile(s.id, s.src)
		if q == nil || err != nil {
			t.Fatalf("%s schema: quick %v, compile error %v", s.name, q != nil, err)
		}
		var valid, invalid int
		for _, in := range inputs {
			c, err := Parse(in.name, in.data, Limits{})
			if err != nil {
				continue
			}
			agree := func(what string) {
				want := cs.schema.Validate(any(c.value)) == nil
				if got := q.valid(c.value); got != want {
					t.Fatalf("%s schema, %s%s: quick check says valid=%v, the compiled schema %v", s.name, in.name, what, got, want)
				}
				if want {
					valid++
				} else {
					invalid++
				}
			}
			agree("")
			if s.name == "case" && strings.HasPrefix(in.name, "../../samples/") {
				mutate(c.value, "", agree)
			}
		}
		t.Logf("%s schema: %d valid, %d invalid values", s.name, valid, invalid)
		if s.name == "case" && (valid < 3000 || invalid < 10000) {
			t.Errorf("%s schema: only %d valid and %d invalid values compared; the inputs are missing", s.name, valid, invalid)
		}
	}
}

type input struct {
	name string
	data []byte
}

// agreementInputs are every YAML and JSON file of the repository and the
// fuzz corpora of this package.
func agreementInputs(t testing.TB) []input {
	var out []input
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != "../.." {
			return filepath.SkipDir
		}
		switch filepath.Ext(path) {
		case ".yaml", ".yml", ".json":
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, input{path, data})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 100 {
		t.Fatalf("only %d YAML and JSON files found; run from internal/casefile", len(out))
	}
	corpora, err := filepath.Glob("testdata/fuzz/*/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range corpora {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// go test fuzz v1, then string(name) and []byte(data)
		lines := strings.Split(string(data), "\n")
		if len(lines) < 3 {
			continue
		}
		name, err1 := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")"))
		body, err2 := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[2], "[]byte("), ")"))
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: not a corpus file of (string, []byte)", path)
		}
		out = append(out, input{path + ":" + name, []byte(body)})
	}
	return out
}

// replacements stand in for each value: every type (the first seven, for
// every value), the edges of the lengths, counts and bounds the case
// schema sets, and texts that break its patterns (a quarter of them for
// each value in turn, each for a quarter of the values: the full
// cross-product takes a minute).
var replacements = []any{
	nil, true, "", "x", json.Number("1"), map[string]any{}, []any{},
	false, "x-", "Y", "8d", "open", "zh-CN", "KS-2026-000123", "KS 2026",
	"2026-11-05", "2026-02-30", "2026-13-01", "2026-11-03T10:20:00+08:00", "2026-11-03T10:20:00",
	"1680.32", "1680.321", "-1", "assets/logo.png", "../x.png", "/etc/passwd", `a\b`,
	"13800138000", "110101199003077777", "91350100M000100Y43", "长" + strings.Repeat("x", 9),
	strings.Repeat("长", 21), strings.Repeat("长", 65), strings.Repeat("长", 201), strings.Repeat("长", 2001),
	json.Number("0"), json.Number("-1"), json.Number("5"), json.Number("6"), json.Number("100"),
	json.Number("0.01"), json.Number("0.001"), json.Number("1.5"), json.Number("1e3"), json.Number("1680.32"),
	json.Number("999999999999.99"), json.Number("1000000000000"), json.Number("-0.01"),
	map[string]any{"x-note": "a"}, map[string]any{"name": "a"},
	[]any{"a"}, []any{map[string]any{}}, []any{json.Number("1")},
}

const everyValue = 7

// mutate calls agree with each change to v in place, undoing it after.
func mutate(v any, at string, agree func(string)) {
	turn := 0
	mutateAt(v, at, &turn, agree)
}

func mutateAt(v any, at string, turn *int, agree func(string)) {
	replace := func(set func(any), where string) {
		*turn++
		for i, r := range replacements {
			if i < everyValue || i%4 == *turn%4 {
				set(r)
				agree(where + " = replacement " + strconv.Itoa(i))
			}
		}
	}
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			old := v[k]
			delete(v, k)
			agree(at + "/" + k + " removed")
			replace(func(r any) { v[k] = r }, at+"/"+k)
			v[k] = old
			mutateAt(old, at+"/"+k, turn, agree)
		}
		for _, k := range []string{"zz", "x-zz", "X-zz"} {
			if _, ok := v[k]; !ok {
				v[k] = "a"
				agree(at + "/" + k + " added")
				delete(v, k)
			}
		}
	case []any:
		for i, old := range v {
			replace(func(r any) { v[i] = r }, at+"/"+strconv.Itoa(i))
			v[i] = old
			mutateAt(old, at+"/"+strconv.Itoa(i), turn, agree)
		}
	}
}

// FuzzQuickAgrees holds the quick check to the compiled schema's verdict
// on arbitrary cases.
//
//	go test -run '^$' -fuzz FuzzQuickAgrees -fuzztime 60s ./internal/casefile/
func FuzzQuickAgrees(f *testing.F) {
	q := readQuick(schemas.Case)
	cs, err := compile(schemas.CaseID, schemas.Case)
	if q == nil || err != nil {
		f.Fatalf("quick %v, compile error %v", q != nil, err)
	}
	for _, in := range agreementInputs(f) {
		if bytes.HasPrefix(in.data, []byte("{")) || strings.HasSuffix(in.name, ".yaml") {
			f.Add(filepath.Base(in.name), in.data)
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if strings.HasSuffix(name, ".json") {
			name = "case.json"
		} else {
			name = "case.yaml"
		}
		c, err := Parse(name, data, Limits{MaxBytes: 1 << 16, MaxDepth: 32, MaxNodes: 20_000})
		if err != nil {
			return
		}
		want := cs.schema.Validate(any(c.value)) == nil
		if got := q.valid(c.value); got != want {
			t.Fatalf("quick check says valid=%v, the compiled schema %v", got, want)
		}
	})
}

// TestNewValidatorIsCheap: a fresh process that reads the case schema and
// checks valid cases must not compile it (~2.2 MB, ~500 page faults on a
// cold start); the quick check and the patterns a case meets (compiled by
// regexp on first use) stay under 0.4 MB.
func TestNewValidatorIsCheap(t *testing.T) {
	var cases []*Case
	for _, name := range []string{"furniture-sofa.yaml", "manufacturer-8d.yaml", "callcenter-service.json"} {
		data, err := os.ReadFile("../../samples/" + name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Parse(name, data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, c)
	}
	n := memtest.Least(3, func() {
		v, err := NewValidator(schemas.CaseID, schemas.Case)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if err := v.ValidateSchema(c); err != nil {
				t.Fatalf("%s: %v", c.File, err)
			}
		}
	})
	t.Logf("NewValidator and three valid cases: %d bytes", n)
	if n > 400<<10 {
		t.Errorf("NewValidator and three valid cases allocated %d bytes; want at most 400 KiB (the full compile is ~2.2 MB)", n)
	}
}
