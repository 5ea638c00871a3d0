package schemas_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"go.yaml.in/yaml/v4"

	"github.com/kesuhq/kesu/internal/third_party/jsonschema"
	"github.com/kesuhq/kesu/internal/third_party/jsonschema/kind"
	"github.com/kesuhq/kesu/schemas"
)

const (
	caseFull   = "../../shared/spec/case-full.yaml"
	samplesDir = "../samples"
	modeline   = "# yaml-language-server: $schema=../schemas/case.schema.json"
)

// compile compiles the embedded schema; with assertFormat the "date" and "date-time" formats are
// asserted too (the calendar check), as a validator may choose to do.
func compile(t *testing.T, assertFormat bool) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemas.Case))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if assertFormat {
		c.AssertFormat()
	}
	if err := c.AddResource(schemas.CaseID, doc); err != nil {
		t.Fatalf("AddResource: %v", err)
	}
	sch, err := c.Compile(schemas.CaseID)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return sch
}

// --- YAML → JSON data model (test only) ---

var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// fromYAML turns a YAML node into the JSON data model the validator expects: mappings become
// map[string]any, sequences []any, !!int and !!float json.Number of the literal text, !!bool bool,
// !!null nil, and every other scalar (including !!timestamp) its string value, so dates stay strings.
func fromYAML(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return fromYAML(n.Content[0])
	case yaml.AliasNode:
		return fromYAML(n.Alias)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if _, dup := m[k]; dup {
				return nil, fmt.Errorf("line %d: duplicate key %q", n.Content[i].Line, k)
			}
			v, err := fromYAML(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := fromYAML(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!int", "!!float":
			if jsonNumber.MatchString(n.Value) {
				return json.Number(n.Value), nil
			}
			// 0x1F, 1_000, .5 and the like: decode, then write as a JSON number.
			var f float64
			if err := n.Decode(&f); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return n.Value, nil
			}
			return json.Number(strconv.FormatFloat(f, 'f', -1, 64)), nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, err
			}
			return b, nil
		case "!!null":
			return nil, nil
		default:
			return n.Value, nil
		}
	}
	return nil, fmt.Errorf("line %d: unexpected YAML node kind %v", n.Line, n.Kind)
}

func loadCase(t *testing.T, path string) any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".json") {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return v
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	v, err := fromYAML(&n)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func samplePaths(t *testing.T) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(samplesDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".json":
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	return paths
}

// --- error helpers ---

func pointer(loc []string) string {
	var b strings.Builder
	for _, tok := range loc {
		b.WriteByte('/')
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(tok))
	}
	return b.String()
}

// leaves flattens a validation error into the errors that have no causes: the ones a user reads.
func leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

func describe(errs []*jsonschema.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\n\t%q %T: %s", pointer(e.InstanceLocation), e.ErrorKind, e.Error())
	}
	return b.String()
}

func validationLeaves(t *testing.T, err error) []*jsonschema.ValidationError {
	t.Helper()
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("not a *jsonschema.ValidationError: %v", err)
	}
	return leaves(ve)
}

// --- JSON pointer edits on the decoded case ---

func split(ptr string) []string {
	if ptr == "" {
		return nil
	}
	return strings.Split(strings.TrimPrefix(ptr, "/"), "/")
}

func walk(t *testing.T, doc any, toks []string) any {
	t.Helper()
	cur := doc
	for _, tok := range toks {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				t.Fatalf("no %q in %v", tok, toks)
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				t.Fatalf("bad index %q in %v", tok, toks)
			}
			cur = c[i]
		default:
			t.Fatalf("cannot step into %T at %q", cur, tok)
		}
	}
	return cur
}

func set(t *testing.T, doc any, ptr string, v any) {
	t.Helper()
	toks := split(ptr)
	parent := walk(t, doc, toks[:len(toks)-1])
	last := toks[len(toks)-1]
	switch p := parent.(type) {
	case map[string]any:
		p[last] = v
	case []any:
		i, err := strconv.Atoi(last)
		if err != nil || i < 0 || i >= len(p) {
			t.Fatalf("bad index in %s", ptr)
		}
		p[i] = v
	default:
		t.Fatalf("cannot set %s in %T", ptr, parent)
	}
}

func del(t *testing.T, doc any, ptr string) {
	t.Helper()
	toks := split(ptr)
	m, ok := walk(t, doc, toks[:len(toks)-1]).(map[string]any)
	if !ok {
		t.Fatalf("%s: parent is not an object", ptr)
	}
	delete(m, toks[len(toks)-1])
}

// base is the instance the bad-instance table mutates: case-full.yaml, or the furniture sample
// (the same case) when the shared spec is not beside the repository.
func base(t *testing.T) any {
	t.Helper()
	if _, err := os.Stat(caseFull); err == nil {
		return loadCase(t, caseFull)
	}
	return loadCase(t, filepath.Join(samplesDir, "furniture-sofa.yaml"))
}

// --- tests ---

func TestSchemaHeader(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(schemas.Case, &s); err != nil {
		t.Fatal(err)
	}
	if s["$id"] != schemas.CaseID {
		t.Errorf("$id = %v, want %s", s["$id"], schemas.CaseID)
	}
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", s["$schema"])
	}
	compile(t, false)
	compile(t, true)
}

// TestMetaSchema checks kesu's built-in schemas against the draft 2020-12
// meta-schema: the validators kesu runs compile them with TrustSchemas,
// which skips this check to save a third of the compile.
func TestMetaSchema(t *testing.T) {
	compileDoc := func(id string, data []byte, trust bool) error {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return err
		}
		c := jsonschema.NewCompiler()
		if trust {
			c.TrustSchemas()
		}
		if err := c.AddResource(id, doc); err != nil {
			return err
		}
		_, err = c.Compile(id)
		return err
	}
	for _, s := range []struct {
		id   string
		data []byte
	}{{schemas.CaseID, schemas.Case}, {schemas.DocumentID, schemas.Document}} {
		if err := compileDoc(s.id, s.data, false); err != nil {
			t.Errorf("%s: %v", s.id, err)
		}
	}
	// A schema the meta-schema rejects: refused unless trusted.
	bad := []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "minProperties": "two"}`)
	var sve *jsonschema.SchemaValidationError
	if err := compileDoc("https://example.com/bad.json", bad, false); !errors.As(err, &sve) {
		t.Errorf("a schema with minProperties: \"two\" compiled: %v", err)
	}
	if err := compileDoc("https://example.com/bad.json", bad, true); errors.As(err, &sve) {
		t.Errorf("a trusted schema was checked against its meta-schema: %v", err)
	}
}

func TestCaseFullValid(t *testing.T) {
	if _, err := os.Stat(caseFull); err != nil {
		t.Skipf("%s not found", caseFull)
	}
	inst := loadCase(t, caseFull)
	for _, af := range []bool{false, true} {
		if err := compile(t, af).Validate(inst); err != nil {
			t.Errorf("case-full.yaml (assert formats %v): %v", af, err)
		}
	}
}

func TestSamplesValid(t *testing.T) {
	paths := samplePaths(t)
	if len(paths) < 3 {
		t.Fatalf("want at least 3 samples in %s, have %v", samplesDir, paths)
	}
	plain, strict := compile(t, false), compile(t, true)
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			inst := loadCase(t, p)
			if err := plain.Validate(inst); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if err := strict.Validate(inst); err != nil {
				t.Fatalf("%s (assert formats): %v", p, err)
			}
			checkEditorHint(t, p)
			checkFiles(t, p, inst)
		})
	}
}

// checkEditorHint: a YAML sample starts with the yaml-language-server modeline, a JSON sample
// has "$schema" as its first key.
func checkEditorHint(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".json") {
		dec := json.NewDecoder(bytes.NewReader(data))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			t.Fatalf("%s: not a JSON object", path)
		}
		if tok, err := dec.Token(); err != nil || tok != "$schema" {
			t.Errorf("%s: first key is %v, want $schema", path, tok)
		}
		return
	}
	first, _, _ := strings.Cut(string(data), "\n")
	if strings.TrimSpace(first) != modeline {
		t.Errorf("%s: first line %q, want %q", path, first, modeline)
	}
}

// checkFiles: every file a sample names (logo, evidence, attachments) exists beside it and is small.
func checkFiles(t *testing.T, path string, inst any) {
	t.Helper()
	doc := inst.(map[string]any)
	var files []string
	if org, ok := doc["organization"].(map[string]any); ok {
		if logo, ok := org["logo"].(string); ok {
			files = append(files, logo)
		}
	}
	if c, ok := doc["complaint"].(map[string]any); ok {
		ev, _ := c["evidence"].([]any)
		for _, e := range ev {
			files = append(files, e.(map[string]any)["file"].(string))
		}
	}
	atts, _ := doc["attachments"].([]any)
	for _, a := range atts {
		files = append(files, a.(map[string]any)["file"].(string))
	}
	if len(files) == 0 {
		t.Errorf("%s names no files: a sample should exercise logo, evidence and attachments", path)
	}
	for _, f := range files {
		fi, err := os.Stat(filepath.Join(filepath.Dir(path), filepath.FromSlash(f)))
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if fi.Size() > 80<<10 {
			t.Errorf("%s: %s is %d bytes, want at most 80 KB", path, f, fi.Size())
		}
	}
}

func TestBadInstances(t *testing.T) {
	sch := compile(t, false)
	type want struct {
		ptr  string
		kind any // a nil pointer of the expected kind type, e.g. (*kind.Enum)(nil)
	}
	tests := []struct {
		name   string
		mutate func(t *testing.T, doc any)
		want   []want
	}{
		{"unknown field custmer", func(t *testing.T, doc any) {
			m := doc.(map[string]any)
			m["custmer"] = m["customer"]
			delete(m, "customer")
		}, []want{{"", (*kind.AdditionalProperties)(nil)}, {"", (*kind.Required)(nil)}}},
		{"unknown nested field", func(t *testing.T, doc any) {
			set(t, doc, "/settlement/terms/0/amout", json.Number("1"))
		}, []want{{"/settlement/terms/0", (*kind.AdditionalProperties)(nil)}}},
		{"channel phone_call", func(t *testing.T, doc any) {
			set(t, doc, "/intake/channel", "phone_call")
		}, []want{{"/intake/channel", (*kind.Enum)(nil)}}},
		{"id with a space", func(t *testing.T, doc any) {
			set(t, doc, "/id", "KS 2026 000123")
		}, []want{{"/id", (*kind.Pattern)(nil)}}},
		{"date with slashes", func(t *testing.T, doc any) {
			set(t, doc, "/settlement/signed_on", "2026/11/05")
		}, []want{{"/settlement/signed_on", (*kind.Pattern)(nil)}}},
		{"datetime without offset", func(t *testing.T, doc any) {
			set(t, doc, "/intake/received_at", "2026-11-03T10:20:00")
		}, []want{{"/intake/received_at", (*kind.Pattern)(nil)}}},
		{"amount string with 3 decimals", func(t *testing.T, doc any) {
			set(t, doc, "/settlement/terms/0/amount", "12.345")
		}, []want{{"/settlement/terms/0/amount", (*kind.Pattern)(nil)}}},
		{"amount number with 3 decimals", func(t *testing.T, doc any) {
			set(t, doc, "/closure/costs/2/amount", json.Number("12.345"))
		}, []want{{"/closure/costs/2/amount", (*kind.MultipleOf)(nil)}}},
		{"amount -5", func(t *testing.T, doc any) {
			set(t, doc, "/settlement/terms/1/amount", json.Number("-5"))
		}, []want{{"/settlement/terms/1/amount", (*kind.Minimum)(nil)}}},
		{"amount -5 as string", func(t *testing.T, doc any) {
			set(t, doc, "/purchase/amount", "-5")
		}, []want{{"/purchase/amount", (*kind.Pattern)(nil)}}},
		{"settlement with one party", func(t *testing.T, doc any) {
			set(t, doc, "/settlement/parties", walk(t, doc, split("/settlement/parties")).([]any)[:1])
		}, []want{{"/settlement/parties", (*kind.MinItems)(nil)}}},
		{"settlement with four parties", func(t *testing.T, doc any) {
			ps := walk(t, doc, split("/settlement/parties")).([]any)
			set(t, doc, "/settlement/parties", append(append([]any{}, ps...), ps[0]))
		}, []want{{"/settlement/parties", (*kind.MaxItems)(nil)}}},
		{"settlement without terms", func(t *testing.T, doc any) {
			set(t, doc, "/settlement/terms", []any{})
		}, []want{{"/settlement/terms", (*kind.MinItems)(nil)}}},
		{"d5 root_cause 0", func(t *testing.T, doc any) {
			set(t, doc, "/eightd/d5/0/root_cause", json.Number("0"))
		}, []want{{"/eightd/d5/0/root_cause", (*kind.Minimum)(nil)}}},
		{"d4 category outside 5M1E", func(t *testing.T, doc any) {
			set(t, doc, "/eightd/d4/0/category", "people")
		}, []want{{"/eightd/d4/0/category", (*kind.Enum)(nil)}}},
		{"eightd without d1", func(t *testing.T, doc any) {
			del(t, doc, "/eightd/d1")
		}, []want{{"/eightd", (*kind.Required)(nil)}}},
		{"logo ../../etc/passwd", func(t *testing.T, doc any) {
			set(t, doc, "/organization/logo", "../../etc/passwd")
		}, []want{{"/organization/logo", (*kind.Pattern)(nil)}}},
		{"logo /etc/passwd", func(t *testing.T, doc any) {
			set(t, doc, "/organization/logo", "/etc/passwd")
		}, []want{{"/organization/logo", (*kind.Pattern)(nil)}}},
		{"evidence with a drive letter", func(t *testing.T, doc any) {
			set(t, doc, "/complaint/evidence/0/file", `C:\photos\crack.jpg`)
		}, []want{{"/complaint/evidence/0/file", (*kind.Pattern)(nil)}}},
		{"attachment with a .. segment inside", func(t *testing.T, doc any) {
			set(t, doc, "/attachments/0/file", "assets/../../secret.jpg")
		}, []want{{"/attachments/0/file", (*kind.Pattern)(nil)}}},
		{"phone as integer", func(t *testing.T, doc any) {
			set(t, doc, "/customer/phone", json.Number("13812345678"))
		}, []want{{"/customer/phone", (*kind.Type)(nil)}}},
		{"wrong format version", func(t *testing.T, doc any) {
			set(t, doc, "/schema", "kesu/case/v2")
		}, []want{{"/schema", (*kind.Enum)(nil)}}},
		{"complaint without description", func(t *testing.T, doc any) {
			del(t, doc, "/complaint/description")
		}, []want{{"/complaint", (*kind.Required)(nil)}}},
		{"empty customer name", func(t *testing.T, doc any) {
			set(t, doc, "/customer/name", "")
		}, []want{{"/customer/name", (*kind.MinLength)(nil)}}},
		{"satisfaction score 6", func(t *testing.T, doc any) {
			set(t, doc, "/closure/satisfaction/score", json.Number("6"))
		}, []want{{"/closure/satisfaction/score", (*kind.Maximum)(nil)}}},
		{"retention outside the list", func(t *testing.T, doc any) {
			set(t, doc, "/closure/archive/retention", "D5")
		}, []want{{"/closure/archive/retention", (*kind.Enum)(nil)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := base(t)
			tc.mutate(t, doc)
			err := sch.Validate(doc)
			if err == nil {
				t.Fatal("valid, want an error")
			}
			got := validationLeaves(t, err)
			for _, w := range tc.want {
				found := false
				for _, e := range got {
					if pointer(e.InstanceLocation) == w.ptr && reflect.TypeOf(e.ErrorKind) == reflect.TypeOf(w.kind) {
						found = true
					}
				}
				if !found {
					t.Errorf("want %T at %q; got:%s", w.kind, w.ptr, describe(got))
				}
			}
			// One mutation, one place: every error is at the mutated location or its parent.
			for _, e := range got {
				ok := false
				for _, w := range tc.want {
					if pointer(e.InstanceLocation) == w.ptr {
						ok = true
					}
				}
				if !ok {
					t.Errorf("unexpected error:%s", describe([]*jsonschema.ValidationError{e}))
				}
			}
		})
	}
}

func TestGoodVariants(t *testing.T) {
	sch := compile(t, true)
	tests := []struct {
		name   string
		mutate func(t *testing.T, doc any)
	}{
		{"extension keys", func(t *testing.T, doc any) {
			set(t, doc, "/x-crm-ticket", "T-1")
			set(t, doc, "/customer/x-vip", true)
			set(t, doc, "/eightd/d4/0/x-ishikawa", map[string]any{"any": []any{1, "thing"}})
		}},
		{"$schema key", func(t *testing.T, doc any) { set(t, doc, "/$schema", "../schemas/case.schema.json") }},
		{"amount as decimal string", func(t *testing.T, doc any) { set(t, doc, "/purchase/amount", "1680.32") }},
		{"amount with 2 decimals", func(t *testing.T, doc any) { set(t, doc, "/purchase/amount", json.Number("1680.32")) }},
		{"amount 0.07 as float64", func(t *testing.T, doc any) { set(t, doc, "/purchase/amount", 0.07) }},
		{"amount 0.29 as float64", func(t *testing.T, doc any) { set(t, doc, "/purchase/amount", 0.29) }},
		{"amount in exponent form", func(t *testing.T, doc any) { set(t, doc, "/purchase/amount", json.Number("1.5e2")) }},
		{"amount at the ceiling", func(t *testing.T, doc any) {
			set(t, doc, "/purchase/amount", json.Number("999999999999.99"))
		}},
		{"UTC time", func(t *testing.T, doc any) { set(t, doc, "/intake/received_at", "2026-11-03T02:20:00Z") }},
		{"fractional seconds", func(t *testing.T, doc any) { set(t, doc, "/intake/received_at", "2026-11-03T10:20:00.250+08:00") }},
		{"minimal case", func(t *testing.T, doc any) {
			m := doc.(map[string]any)
			for k := range m {
				switch k {
				case "schema", "id", "customer", "intake", "complaint":
				default:
					delete(m, k)
				}
			}
			m["customer"] = map[string]any{"name": "张晓堃"}
			m["intake"] = map[string]any{"channel": "hotline", "received_at": "2026-11-03T10:20:00+08:00"}
			m["complaint"] = map[string]any{"description": "沙发开裂"}
		}},
		{"car with D1-D5 only", func(t *testing.T, doc any) {
			set(t, doc, "/eightd/kind", "car")
			for _, k := range []string{"d0", "d6", "d7", "d8"} {
				del(t, doc, "/eightd/"+k)
			}
		}},
		{"confidentiality clause", func(t *testing.T, doc any) { set(t, doc, "/settlement/confidentiality", true) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := base(t)
			tc.mutate(t, doc)
			if err := sch.Validate(doc); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestMultipleOfIsExact pins down what the money rule relies on: jsonschema/v6 checks multipleOf
// with big.Rat on the number's literal text, so 0.01 is exact for json.Number input.
func TestMultipleOfIsExact(t *testing.T) {
	sch := compile(t, false)
	for _, tc := range []struct {
		n    json.Number
		good bool
	}{
		{"0.01", true}, {"0.07", true}, {"0.29", true}, {"1680.32", true}, {"12800.00", true},
		{"100000005", true}, {"999999999999.99", true},
		{"0.001", false}, {"12.345", false}, {"1680.321", false}, {"0.30000000000000004", false},
	} {
		doc := base(t)
		set(t, doc, "/purchase/amount", tc.n)
		err := sch.Validate(doc)
		if tc.good && err != nil {
			t.Errorf("%s: %v", tc.n, err)
		}
		if !tc.good && err == nil {
			t.Errorf("%s: valid, want a multipleOf error", tc.n)
		}
	}
}

// TestEveryPropertyDescribed: an editor shows title and description while a clerk types, so every
// property has a Chinese title and a bilingual description; and every object is closed (a misspelled
// field is caught) but takes x- extension keys.
func TestEveryPropertyDescribed(t *testing.T) {
	var s any
	if err := json.Unmarshal(schemas.Case, &s); err != nil {
		t.Fatal(err)
	}
	hasHan := func(s string) bool {
		for _, r := range s {
			if unicode.Is(unicode.Han, r) {
				return true
			}
		}
		return false
	}
	hasLatin := regexp.MustCompile(`[A-Za-z]{3}`)
	var visit func(path string, v any)
	visit = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "object" {
				if v["additionalProperties"] != false {
					t.Errorf("%s: object without additionalProperties: false", path)
				}
				pp, _ := v["patternProperties"].(map[string]any)
				if _, ok := pp["^x-"]; !ok {
					t.Errorf("%s: object without the ^x- extension pattern", path)
				}
			}
			if props, ok := v["properties"].(map[string]any); ok {
				for name, p := range props {
					pm := p.(map[string]any)
					title, _ := pm["title"].(string)
					desc, _ := pm["description"].(string)
					if !hasHan(title) {
						t.Errorf("%s/properties/%s: title %q is not Chinese", path, name, title)
					}
					zh, en, ok := strings.Cut(desc, " / ")
					if !ok || !hasHan(zh) || !hasLatin.MatchString(en) {
						t.Errorf("%s/properties/%s: description is not 'Chinese / English': %q", path, name, desc)
					}
				}
			}
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				visit(path+"/"+k, v[k])
			}
		case []any:
			for i, e := range v {
				visit(fmt.Sprintf("%s/%d", path, i), e)
			}
		}
	}
	visit("#", s)
}
