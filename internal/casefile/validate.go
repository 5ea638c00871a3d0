package casefile

import (
	"bytes"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/kesuhq/kesu/internal/suggest"
	"github.com/kesuhq/kesu/internal/third_party/jsonschema"
	"github.com/kesuhq/kesu/internal/third_party/jsonschema/kind"
)

var english = message.NewPrinter(language.English)

// Validator checks cases against a JSON Schema (draft 2020-12) and the
// rules of the case format the schema cannot say. Build it once; it is
// safe for concurrent use.
type Validator struct {
	// quick passes the cases the schema accepts without compiling it
	// (quick.go); nil if the schema uses what it does not know.
	quick *quickSchema
	// compiled is the schema compiled in full, on first need: a case
	// quick does not pass, or a reader of the schema's text.
	compiled func() (*compiledSchema, error)
}

type compiledSchema struct {
	schema *jsonschema.Schema
	// raw is the schema document, read to word messages: the title of a
	// missing field, the fields an unknown one may have meant.
	raw map[string]any
}

// NewValidator reads a schema document. id is its $id. The schema is one
// built into kesu: it is not checked against its meta-schema (a third of
// the compile), since the schemas package's tests do that, and a schema
// the quick check can read is compiled only when a case fails it, so a
// fresh process that meets valid cases never pays for the compile
// (~2 MB, ~20 ms). The tests compile kesu's schemas in full.
func NewValidator(id string, schema []byte) (*Validator, error) {
	v := &Validator{quick: readQuick(schema), compiled: sync.OnceValues(func() (*compiledSchema, error) {
		return compile(id, schema)
	})}
	if v.quick == nil {
		if _, err := v.compiled(); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func compile(id string, schema []byte) (*compiledSchema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return nil, fmt.Errorf("case schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.TrustSchemas()
	if err := c.AddResource(id, doc); err != nil {
		return nil, fmt.Errorf("case schema: %w", err)
	}
	s, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("case schema: %w", err)
	}
	raw, _ := doc.(map[string]any) // the compiler only reads it
	return &compiledSchema{schema: s, raw: raw}, nil
}

// Validate returns a *ValidationError holding every problem of the case,
// schema problems and rule problems together, in file order; nil if none.
func (v *Validator) Validate(c *Case) error {
	if c.valid.Load() == v {
		return nil
	}
	err := v.validate(c)
	if err == nil {
		c.valid.Store(v)
	}
	return err
}

// ValidateSchema is Validate without the rules of the case format: for
// files checked against another schema (a pack's document definitions).
func (v *Validator) ValidateSchema(c *Case) error { return v.check(c, nil) }

func (v *Validator) validate(c *Case) error {
	// The rules word dates, money and paths more precisely than a schema
	// pattern can, so where both object to one value the rule speaks.
	return v.check(c, checkRules(c))
}

func (v *Validator) check(c *Case, probs []Problem) error {
	seen := map[string]bool{}
	for _, p := range probs {
		seen[p.Pointer] = true
	}
	if v.quick == nil || !v.quick.valid(c.value) {
		cs, err := v.compiled()
		if err != nil {
			return err
		}
		if err := cs.schema.Validate(any(c.value)); err != nil {
			ve, ok := err.(*jsonschema.ValidationError)
			if !ok {
				return err
			}
			var schemaProbs []Problem
			v.collect(c, ve, &schemaProbs)
			for _, p := range schemaProbs {
				if !seen[p.Pointer] {
					probs = append(probs, p)
				}
			}
		}
	}
	if len(probs) == 0 {
		return nil
	}
	slices.SortStableFunc(probs, func(a, b Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	probs = slices.Compact(probs)
	return &ValidationError{File: c.File, Problems: probs}
}

func (v *Validator) collect(c *Case, e *jsonschema.ValidationError, out *[]Problem) {
	if len(e.Causes) > 0 {
		for _, cause := range e.Causes {
			v.collect(c, cause, out)
		}
		return
	}
	ptr := jsonPointer(e.InstanceLocation)
	at := func(pointer, msg string) {
		n := c.Root.Nearest(pointer)
		*out = append(*out, Problem{Line: n.Line, Col: n.Col, Pointer: pointer, Message: msg})
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		// Point at the key of the object that lacks the field (customer:),
		// not at whichever of its fields happens to come first.
		pos := keyOf(c.Root, ptr)
		for _, m := range k.Missing {
			*out = append(*out, Problem{Line: pos.Line, Col: pos.Col, Pointer: Pointer(ptr, m), Message: v.missing(e.SchemaURL, m)})
		}
	case *kind.MinItems:
		at(ptr, fmt.Sprintf("has %d item(s); at least %d are needed", k.Got, k.Want))
	case *kind.MaxItems:
		at(ptr, fmt.Sprintf("has %d items; at most %d are allowed", k.Got, k.Want))
	case *kind.MinLength:
		if k.Got == 0 {
			at(ptr, "is empty; write something or leave the field out")
		} else {
			at(ptr, fmt.Sprintf("is %d character(s) long; at least %d are needed", k.Got, k.Want))
		}
	case *kind.MaxLength:
		at(ptr, fmt.Sprintf("is %d characters long; at most %d are allowed", k.Got, k.Want))
	case *kind.AdditionalProperties:
		parent := c.Root.Nearest(ptr)
		for _, p := range k.Properties {
			pos := parent.KeyAt(p)
			*out = append(*out, Problem{Line: pos.Line, Col: pos.Col, Pointer: Pointer(ptr, p), Message: v.unknown(e.SchemaURL, p)})
		}
	case *kind.Type:
		msg := fmt.Sprintf("expected %s, found %s", strings.Join(k.Want, " or "), k.Got)
		if slices.Contains(k.Want, "string") && (k.Got == "number" || k.Got == "integer") {
			msg += ` (put it in quotes: "…")`
		}
		at(ptr, msg)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		at(ptr, fmt.Sprintf("%q is not allowed; expected one of: %s", fmt.Sprint(k.Got), strings.Join(want, ", ")))
	case *kind.Const:
		at(ptr, fmt.Sprintf("expected %q", fmt.Sprint(k.Want)))
	case *kind.MultipleOf:
		if k.Want.Cmp(big.NewRat(1, 100)) == 0 {
			at(ptr, fmt.Sprintf("%s has more than 2 decimals; amounts are CNY with at most 2 (分)", c.Root.Nearest(ptr).Text))
		} else {
			at(ptr, fmt.Sprintf("%s is not a multiple of %s", c.Root.Nearest(ptr).Text, k.Want.FloatString(2)))
		}
	case *kind.Minimum:
		at(ptr, fmt.Sprintf("%s is less than the minimum, %s", c.Root.Nearest(ptr).Text, ratString(k.Want)))
	case *kind.Maximum:
		at(ptr, fmt.Sprintf("%s is more than the maximum, %s", c.Root.Nearest(ptr).Text, ratString(k.Want)))
	case *kind.Pattern:
		at(ptr, fmt.Sprintf("%q is not in the expected form: %s", k.Got, v.expected(e.SchemaURL, k.Want)))
	default:
		at(ptr, e.ErrorKind.LocalizedString(english))
	}
}

// keyOf is where the value at pointer was introduced: its key in the
// parent object, or its own position (an array item, the root).
func keyOf(root *Node, pointer string) Pos {
	i := strings.LastIndexByte(pointer, '/')
	if i < 0 || pointer == "" {
		return Pos{root.Line, root.Col}
	}
	parent := root.Lookup(pointer[:i])
	if parent != nil && parent.Kind == Object {
		key := strings.ReplaceAll(strings.ReplaceAll(pointer[i+1:], "~1", "/"), "~0", "~")
		return parent.KeyAt(key)
	}
	n := root.Nearest(pointer)
	return Pos{n.Line, n.Col}
}

// ratString writes a schema bound as the schema author wrote it: 0, 5, 0.01.
func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	return strings.TrimRight(r.FloatString(6), "0")
}

func jsonPointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteString(Pointer("", t))
	}
	return b.String()
}

// sub returns the schema object a schema URL's fragment points at.
func (v *Validator) sub(url string) map[string]any {
	_, frag, _ := strings.Cut(url, "#")
	var cur any = v.Schema()
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
	}
	m, _ := cur.(map[string]any)
	return m
}

// Schema returns the schema document as data, for reading only (a pack
// linter walks it to check the fields templates name); nil if it does not
// compile.
func (v *Validator) Schema() map[string]any {
	cs, err := v.compiled()
	if err != nil {
		return nil
	}
	return cs.raw
}

// Resolve follows the local $refs of a subschema of the schema; the
// referring schema's title, when it has one, is kept.
func (v *Validator) Resolve(s map[string]any) map[string]any {
	for range 8 {
		ref, ok := s["$ref"].(string)
		if !ok {
			break
		}
		next := v.sub(ref)
		if next == nil {
			break
		}
		if s["title"] != nil {
			// keep the referring property's own title
			merged := map[string]any{}
			for k, x := range next {
				merged[k] = x
			}
			merged["title"] = s["title"]
			next = merged
		}
		s = next
	}
	return s
}

func (v *Validator) properties(schemaURL string) map[string]any {
	s := v.sub(schemaURL)
	if s == nil {
		return nil
	}
	props, _ := v.Resolve(s)["properties"].(map[string]any)
	return props
}

func (v *Validator) missing(schemaURL, name string) string {
	msg := fmt.Sprintf("required field %q is missing", name)
	if p, ok := v.properties(schemaURL)[name].(map[string]any); ok {
		if t, ok := p["title"].(string); ok {
			msg += " (" + t + ")"
		}
	}
	return msg
}

func (v *Validator) unknown(schemaURL, name string) string {
	props := v.properties(schemaURL)
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	slices.Sort(names)
	if best := suggest.DidYouMean(name, names); best != "" {
		return fmt.Sprintf("unknown field %q; did you mean %q?", name, best)
	}
	msg := fmt.Sprintf("unknown field %q; expected one of: %s", name, strings.Join(names, ", "))
	if s := v.sub(schemaURL); s != nil {
		if pp, _ := v.Resolve(s)["patternProperties"].(map[string]any); pp["^x-"] != nil {
			msg += " (or an x- extension)"
		}
	}
	return msg
}

// expected explains a pattern in words, from the title of the schema
// that holds it; a regular expression is a poor message for a clerk.
func (v *Validator) expected(schemaURL, pattern string) string {
	s := v.sub(schemaURL)
	if s != nil {
		if d, ok := s["description"].(string); ok {
			// Descriptions are "中文 / English"; the first sentence of each
			// half is enough.
			return firstSentences(d)
		}
	}
	return "a text matching " + pattern
}

func firstSentences(d string) string {
	// The Chinese half may itself hold " / " (用 / 分隔); it ends with 。.
	i := strings.Index(d, "。 / ")
	if i < 0 {
		i = strings.LastIndex(d, " / ")
	} else {
		i += len("。")
	}
	if i < 0 {
		return d
	}
	zh, en := d[:i], d[i+len(" / "):]
	if i := strings.Index(zh, "。"); i >= 0 {
		zh = zh[:i]
	}
	for i := 0; i+2 < len(en); i++ {
		if en[i] == '.' && en[i+1] == ' ' && en[i+2] >= 'A' && en[i+2] <= 'Z' {
			en = en[:i]
			break
		}
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(en), ".") + " / " + zh)
}
