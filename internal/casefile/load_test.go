package casefile

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func problems(t *testing.T, err error) []Problem {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	return ve.Problems
}

func TestParseErrors(t *testing.T) {
	bomb := "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	tests := []struct {
		name, file, src string
		line, col       int
		pointer, msg    string
	}{
		{"duplicate yaml key", "a.yaml", "id: x\nid: y\n", 2, 1, "/id", "written twice (first at line 1)"},
		{"duplicate json key", "a.json", "{\"id\": \"x\",\n \"id\": 1}", 2, 2, "/id", "written twice"},
		{"json trailing comma", "a.json", "{\"a\": [1,2,]}", 1, 12, "", "invalid character ']'"},
		{"json truncated", "a.json", "{\"a\": [1,2", 1, 11, "", "ends before the JSON is complete"},
		{"json after object", "a.json", "{\"a\": 1} {", 1, 10, "", "after the case object"},
		{"yaml indentation", "c.yaml", "a: 1\n  b: 2\n", 2, 4, "", "YAML syntax"},
		{"quote left open", "c.yaml", "a:\n  b: \"13812345678   # phone\n  c: x\n  d: \"y\"\n", 2, 6, "", "this \" is not closed on its line"},
		{"quote never closed", "c.yaml", "a: 1\nb: 'x\nc: 2\n", 2, 4, "", "this ' is not closed on its line"},
		{"quote over lines", "c.yaml", "a: \"one\n  two\" x: y\n", 2, 9, "", "mapping values are not allowed"},
		{"flow left open", "c.yaml", "a:\n  r: {n: 1, m: 2   # who\n  l: x\n", 2, 6, "", "this { is not closed on its line; the parser read on to 3:3"},
		{"flow over lines", "c.yaml", "a: {n: 1,\n  m: 2 x: 3}\n", 2, 9, "", "in the { … } that opens at 1:4"},
		{"tab", "c.yaml", "a:\n  b: 1\n\tc: 2\n", 3, 1, "", "tab"},
		{"alias bomb", "b.yaml", bomb, 0, 0, "*", "alias bomb"},
		{"nesting", "d.yaml", strings.Repeat("[", 50) + strings.Repeat("]", 50), 1, 33, "*", "nested deeper than 32"},
		{"not an object", "e.yaml", "- 1\n", 1, 1, "", "must be an object"},
		{"two documents", "f.yaml", "x: 1\n---\ny: 2\n", 2, 1, "", "second YAML document"},
		{"infinity", "g.yaml", "a: .inf\n", 1, 4, "/a", "plain decimal"},
		{"binary", "h.yaml", "a: !!binary aGVsbG8=\n", 1, 4, "/a", "binary data"},
		{"NUL byte", "i.yaml", "id: a\x00b\n", 1, 6, "", "NUL byte"},
		{"invalid UTF-8", "j.yaml", "id: 张\xff\n", 1, 6, "", "invalid UTF-8"},
		{"GBK bytes", "k.yaml", "name: \xd5\xc5\xc8\xfd\n", 1, 7, "", "GBK/GB18030"},
		{"empty", "l.yaml", "", 1, 1, "", "empty"},
		{"unknown tag", "m.yaml", "a: !foo bar\n", 1, 4, "/a", "unknown YAML tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.file, []byte(tt.src), DefaultLimits)
			ps := problems(t, err)
			if len(ps) != 1 {
				t.Fatalf("want one problem, got %v", ps)
			}
			p := ps[0]
			if tt.line != 0 && (p.Line != tt.line || p.Col != tt.col) {
				t.Errorf("at %d:%d, want %d:%d (%s)", p.Line, p.Col, tt.line, tt.col, p.Message)
			}
			if tt.pointer != "*" && p.Pointer != tt.pointer {
				t.Errorf("pointer %q, want %q", p.Pointer, tt.pointer)
			}
			if !strings.Contains(p.Message, tt.msg) {
				t.Errorf("message %q does not say %q", p.Message, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), tt.file+":") {
				t.Errorf("error %q does not start with the file name", err)
			}
		})
	}
}

func TestSizeLimit(t *testing.T) {
	big := strings.Repeat("# padding\n", 1<<20) // 10 MiB of comments
	_, err := Parse("big.yaml", []byte(big), DefaultLimits)
	if ps := problems(t, err); !strings.Contains(ps[0].Message, "larger than") {
		t.Errorf("message %q", ps[0].Message)
	}
}

// YAML and JSON of the same case give the same tree values, and every
// value knows where it was written.
func TestYAMLAndJSONAgree(t *testing.T) {
	yml := "id: KS-1\namount: 12800.00\nn: 0x10\nok: true\nnone: null\nwhen: 2026-11-05\nlist: [a, {b: 1}]\n"
	jsn := `{"id": "KS-1", "amount": 12800.00, "n": 16, "ok": true, "none": null, "when": "2026-11-05", "list": ["a", {"b": 1}]}`
	y, err := Parse("c.yaml", []byte(yml), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	j, err := Parse("c.json", []byte(jsn), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(y.Value(), j.Value()) {
		t.Errorf("YAML %v\n JSON %v", y.Value(), j.Value())
	}
	if got := y.Value()["amount"]; got != json.Number("12800.00") {
		t.Errorf("amount = %#v: money must keep its written decimals, never become a float", got)
	}
	if got := y.Value()["when"]; got != "2026-11-05" {
		t.Errorf("date = %#v: dates stay strings until typed", got)
	}
	if n := y.Root.Lookup("/list/1/b"); n == nil || n.Line != 7 || n.Col != 15 {
		t.Errorf("/list/1/b at %+v, want line 7 col 15", n)
	}
	if n := j.Root.Lookup("/list/1/b"); n == nil || n.Line != 1 || n.Col != 113 {
		t.Errorf("json /list/1/b at %+v, want line 1 col 113", n)
	}
}

func TestMergeKeys(t *testing.T) {
	src := "base: &b {name: 甲, phone: \"1\"}\nparty:\n  <<: *b\n  phone: \"2\"\n"
	c, err := Parse("m.yaml", []byte(src), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	p := c.Value()["party"].(map[string]any)
	if p["name"] != "甲" || p["phone"] != "2" {
		t.Errorf("party = %v: merged keys give way to keys written in the mapping", p)
	}
}

func FuzzParse(f *testing.F) {
	// Small seeds: the fuzzer minimizes every new input it finds, and on
	// a 9 KB sample that takes longer than the fuzzing itself.
	f.Add("x.yaml", []byte("schema: kesu/case/v1\nid: KS-1\ncustomer: {name: 张晓堃, phone: \"13812345678\"}\nintake:\n  channel: hotline\n  received_at: 2026-11-03T10:20:00+08:00\ncomplaint:\n  description: |\n    皮面开裂。\n"))
	f.Add("x.json", []byte(`{"schema": "kesu/case/v1", "id": "KS-1", "purchase": {"amount": 12800.00, "items": [{"name": "沙发", "quantity": 1}]}}`))
	f.Add("x.yaml", []byte("a: &a [*a]\n"))
	f.Add("x.json", []byte(`{"a": [1, {"b": "\u00e9"}], "a2": 1e400}`))
	f.Add("x.yaml", []byte("? [a, b]\n: c\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if !strings.HasSuffix(name, ".json") {
			name = "x.yaml"
		}
		c, err := Parse(name, data, Limits{MaxBytes: 1 << 16, MaxDepth: 16, MaxNodes: 5000})
		if err != nil {
			var ve *ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) == 0 || ve.Problems[0].Message == "" {
				t.Fatalf("error %v is not a located problem", err)
			}
			return
		}
		// Every node of the tree points somewhere in the file.
		var walk func(n *Node)
		walk = func(n *Node) {
			if n.Line < 1 || n.Col < 1 {
				t.Fatalf("node %+v has no position", n)
			}
			for _, e := range n.Elems {
				walk(e)
			}
		}
		walk(c.Root)
	})
}
