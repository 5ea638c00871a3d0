package casefile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// A quickSchema answers one question about a case: does the schema accept
// it? It is read straight from the schema's JSON, without the full
// compile (a map of every object, the compiled schema graph, every
// pattern), which costs a fresh process ~2 MB of new memory (~500 page
// faults) and ~20 ms: most cases are valid and never need more. A case it
// does not pass goes to the full compile, which words the problems, so
// the problems are those of the compiled schema by construction; the
// quick answer only has to be right when it says yes, and it says no
// whenever it is unsure. readQuick refuses a schema using any keyword it
// does not know, and the Validator then compiles it in full.
type quickSchema struct {
	nodes []qnode // nodes[0] is the root
	pats  []*qpattern
}

// qnode is one schema, with the keywords the case schema uses; those of
// objects and the rare ones hang off it, keeping nodes small (a fresh
// process pays for every byte).
type qnode struct {
	boolean        int8 // qTrue or qFalse for a boolean schema; 0 for an object
	types          uint8
	minLen, maxLen int32    // -1: absent
	ref            int32    // node; -1: absent
	pattern        int32    // index in pats; -1: absent
	obj            *qobject // nil: no keyword about properties
	more           *qmore
}

type qobject struct {
	props      []qprop // sorted by name
	patProps   []qpatProp
	required   []string
	additional int32 // node; -1: absent
}

type qmore struct {
	items                  int32 // node; -1: absent
	minItems, maxItems     int32 // -1: absent
	not, ifs, then, els    int32 // nodes; -1: absent
	anyOf, allOf, oneOf    []int32
	enum                   []any // string, bool, nil or *big.Rat (a number)
	hasConst               bool
	constVal               any
	min, max, exMin, exMax *big.Rat
	multipleOf             *big.Rat
}

type qref struct {
	node int32
	ref  string
}

type qprop struct {
	name string
	node int32
}

type qpatProp struct {
	pat  int32
	node int32
}

const (
	qTrue  = 1
	qFalse = 2
)

// JSON types as bits.
const (
	tNull uint8 = 1 << iota
	tBoolean
	tNumber
	tInteger
	tString
	tArray
	tObject
)

// qpattern is a pattern compiled on first use: a case meets a few of them.
type qpattern struct {
	src    string
	prefix string // the pattern is ^prefix, matched without a regexp
	simple bool
	once   sync.Once
	re     *regexp.Regexp
}

func (p *qpattern) match(s string) (matched, ok bool) {
	if p.simple {
		return strings.HasPrefix(s, p.prefix), true
	}
	// regexp.Compile is what the compiled schema uses (its default engine).
	p.once.Do(func() { p.re, _ = regexp.Compile(p.src) })
	if p.re == nil {
		return false, false
	}
	return p.re.MatchString(s), true
}

// draft2020 is the only dialect read: its format keyword only annotates.
const draft2020 = "https://json-schema.org/draft/2020-12/schema"

// readQuick reads a schema document; nil if it holds anything not known
// here, or anything odd, which the full compile then judges.
func readQuick(src []byte) *quickSchema {
	if !utf8.Valid(src) {
		return nil // encoding/json would read U+FFFD where names differ
	}
	r := &qreader{src: src, defs: map[string]int32{}}
	r.q.nodes = make([]qnode, 0, bytes.Count(src, []byte("{"))+1)
	r.refs = make([]qref, 0, bytes.Count(src, []byte(`"$ref"`)))
	r.ws()
	r.schema(true)
	r.ws()
	if r.bad || r.pos != len(src) {
		return nil
	}
	for _, p := range r.refs {
		target, ok := r.resolve(p.ref)
		if !ok {
			return nil
		}
		r.q.nodes[p.node].ref = target
	}
	if r.q.cyclic() {
		return nil
	}
	return &r.q
}

type qreader struct {
	src   []byte
	pos   int
	bad   bool
	q     quickSchema
	defs  map[string]int32
	refs  []qref   // resolved once every $defs is read
	keys  [][]byte // the keys of the objects being read, to refuse duplicates
	props []qprop  // the properties of the objects being read
}

func (r *qreader) fail() { r.bad = true }

func (r *qreader) ws() {
	for r.pos < len(r.src) {
		switch r.src[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *qreader) peek() byte {
	if r.pos < len(r.src) {
		return r.src[r.pos]
	}
	return 0
}

func (r *qreader) expect(c byte) {
	r.ws()
	if r.peek() != c {
		r.fail()
		return
	}
	r.pos++
}

// rawString reads a string token; raw is its text when it has no escape
// (no copy), else it is decoded into s if decode is set.
func (r *qreader) rawString(decode bool) (raw []byte, s string, escaped bool) {
	r.ws()
	if r.peek() != '"' {
		r.fail()
		return nil, "", false
	}
	start := r.pos
	r.pos++
	for r.pos < len(r.src) {
		switch c := r.src[r.pos]; {
		case c == '"':
			r.pos++
			if !escaped {
				return r.src[start+1 : r.pos-1], "", false
			}
			if !decode {
				return nil, "", true
			}
			s, ok := unquote(r.src[start:r.pos])
			if !ok {
				r.fail()
			}
			return nil, s, true
		case c == '\\':
			escaped = true
			if r.pos+1 >= len(r.src) || !strings.ContainsRune(`"\\/bfnrtu`, rune(r.src[r.pos+1])) {
				r.fail() // encoding/json would refuse the schema
				return nil, "", true
			}
			r.pos += 2
		case c < 0x20:
			r.fail()
			return nil, "", false
		default:
			r.pos++
		}
	}
	r.fail()
	return nil, "", false
}

// unquote decodes a JSON string as encoding/json does (its own function:
// the string it decodes into goes to the heap).
func unquote(quoted []byte) (string, bool) {
	var s string
	err := json.Unmarshal(quoted, &s)
	return s, err == nil
}

func (r *qreader) str() string {
	raw, s, escaped := r.rawString(true)
	if escaped {
		return s
	}
	return string(raw)
}

// object reads an object, calling field for each key with the reader at
// its value, which field must read.
func (r *qreader) object(field func(key []byte)) {
	r.expect('{')
	base := len(r.keys)
	defer func() { r.keys = r.keys[:base] }()
	r.ws()
	if r.peek() == '}' {
		r.pos++
		return
	}
	for !r.bad {
		raw, s, escaped := r.rawString(true)
		if escaped {
			raw = []byte(s)
		}
		for _, k := range r.keys[base:] {
			if bytes.Equal(k, raw) {
				r.fail() // encoding/json keeps the last; refuse rather than guess
				return
			}
		}
		r.keys = append(r.keys, raw)
		r.expect(':')
		if r.bad {
			return
		}
		r.ws()
		field(raw)
		r.ws()
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return
		default:
			r.fail()
		}
	}
}

// array reads an array, calling item with the reader at each value.
func (r *qreader) array(item func()) {
	r.expect('[')
	r.ws()
	if r.peek() == ']' {
		r.pos++
		return
	}
	for !r.bad {
		r.ws()
		item()
		r.ws()
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return
		default:
			r.fail()
			return
		}
	}
}

// number reads a number token as written (no copy).
func (r *qreader) number() []byte {
	r.ws()
	start := r.pos
	if r.peek() == '-' {
		r.pos++
	}
	digits := func() int {
		n := 0
		for r.pos < len(r.src) && r.src[r.pos] >= '0' && r.src[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if n := digits(); n == 0 || n > 1 && r.src[r.pos-n] == '0' {
		r.fail()
		return nil
	}
	if r.peek() == '.' {
		r.pos++
		if digits() == 0 {
			r.fail()
		}
	}
	if c := r.peek(); c == 'e' || c == 'E' {
		r.pos++
		if c := r.peek(); c == '+' || c == '-' {
			r.pos++
		}
		if digits() == 0 {
			r.fail()
		}
	}
	return r.src[start:r.pos]
}

func (r *qreader) literal(word string) bool {
	if bytes.HasPrefix(r.src[r.pos:], []byte(word)) {
		r.pos += len(word)
		return true
	}
	return false
}

// skip reads over any value.
func (r *qreader) skip() {
	r.ws()
	switch c := r.peek(); {
	case c == '{':
		r.object(func([]byte) { r.skip() })
	case c == '[':
		r.array(r.skip)
	case c == '"':
		r.rawString(false)
	case c == '-' || c >= '0' && c <= '9':
		r.number()
	case r.literal("true"), r.literal("false"), r.literal("null"):
	default:
		r.fail()
	}
}

// scalar reads a value for enum or const: a string, true, false, null or
// a number (as a *big.Rat, nil if big.Rat cannot read it: it then equals
// nothing, as in the compiled schema).
func (r *qreader) scalar() any {
	r.ws()
	switch c := r.peek(); {
	case c == '"':
		return r.str()
	case c == '-' || c >= '0' && c <= '9':
		n, ok := new(big.Rat).SetString(string(r.number()))
		if !ok {
			return (*big.Rat)(nil)
		}
		return n
	case r.literal("true"):
		return true
	case r.literal("false"):
		return false
	case r.literal("null"):
		return nil
	}
	r.fail() // objects and arrays are not read here
	return nil
}

// count reads a length or a number of items: digits only.
func (r *qreader) count() int32 {
	var n int32
	digits := r.number()
	for _, c := range digits {
		if c < '0' || c > '9' || n > 1<<26 {
			r.fail()
			return -1
		}
		n = n*10 + int32(c-'0')
	}
	return n
}

func (r *qreader) rat() *big.Rat {
	n, ok := new(big.Rat).SetString(string(r.number()))
	if !ok {
		r.fail()
	}
	return n
}

func (r *qreader) pattern(src string) int32 {
	for i, p := range r.q.pats {
		if p.src == src {
			return int32(i)
		}
	}
	p := &qpattern{src: src}
	if lit := strings.TrimPrefix(src, "^"); lit != src && lit != "" &&
		strings.IndexFunc(lit, func(c rune) bool {
			return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
		}) < 0 {
		p.prefix, p.simple = lit, true
	}
	r.q.pats = append(r.q.pats, p)
	return int32(len(r.q.pats) - 1)
}

func (r *qreader) schemas() []int32 {
	var out []int32
	r.array(func() { out = append(out, r.schema(false)) })
	return out
}

// schema reads a schema and returns its node.
func (r *qreader) schema(root bool) int32 {
	i := int32(len(r.q.nodes))
	r.q.nodes = append(r.q.nodes, qnode{})
	n := qnode{minLen: -1, maxLen: -1, ref: -1, pattern: -1}
	switch {
	case r.literal("true"):
		n.boolean = qTrue
	case r.literal("false"):
		n.boolean = qFalse
	default:
		r.object(func(key []byte) {
			r.keyword(&n, i, root, key)
		})
	}
	r.q.nodes[i] = n
	return i
}

func (r *qreader) objectOf(n *qnode) *qobject {
	if n.obj == nil {
		n.obj = &qobject{additional: -1}
	}
	return n.obj
}

func (r *qreader) extra(n *qnode) *qmore {
	if n.more == nil {
		n.more = &qmore{items: -1, minItems: -1, maxItems: -1, not: -1, ifs: -1, then: -1, els: -1}
	}
	return n.more
}

// keyword reads the value of one keyword of node i, n.
func (r *qreader) keyword(n *qnode, i int32, root bool, key []byte) {
	switch string(key) {
	case "title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly", "format":
		// annotations: format asserts nothing in draft 2020-12 unless asked
		r.skip()
	case "$schema":
		if !root || r.str() != draft2020 {
			r.fail()
		}
	case "$id":
		if !root {
			r.fail() // a new base for the $refs below it
		}
		r.str()
	case "$defs":
		if !root {
			r.fail()
		}
		r.object(func(name []byte) {
			r.defs[string(name)] = r.schema(false)
		})
	case "$ref":
		r.refs = append(r.refs, qref{i, r.str()})
	case "type":
		if r.peek() == '[' {
			r.array(func() { r.typ(n) })
		} else {
			r.typ(n)
		}
	case "enum":
		m := r.extra(n)
		m.enum = []any{}
		r.array(func() { m.enum = append(m.enum, r.scalar()) })
	case "const":
		m := r.extra(n)
		m.hasConst, m.constVal = true, r.scalar()
	case "properties":
		// Gathered on a stack shared with the objects inside, then copied:
		// growing each object's list by appending would waste half.
		base := len(r.props)
		r.object(func(name []byte) {
			p := qprop{name: string(name)}
			p.node = r.schema(false)
			r.props = append(r.props, p)
		})
		o := r.objectOf(n)
		o.props = slices.Clone(r.props[base:])
		r.props = r.props[:base]
		slices.SortFunc(o.props, func(a, b qprop) int { return strings.Compare(a.name, b.name) })
	case "patternProperties":
		r.object(func(pat []byte) {
			p := r.pattern(string(pat))
			o := r.objectOf(n)
			o.patProps = append(o.patProps, qpatProp{p, r.schema(false)})
		})
	case "additionalProperties":
		r.objectOf(n).additional = r.schema(false)
	case "required":
		o := r.objectOf(n)
		r.array(func() { o.required = append(o.required, r.str()) })
	case "minLength":
		n.minLen = r.count()
	case "maxLength":
		n.maxLen = r.count()
	case "pattern":
		n.pattern = r.pattern(r.str())
	case "items":
		r.extra(n).items = r.schema(false)
	case "minItems":
		r.extra(n).minItems = r.count()
	case "maxItems":
		r.extra(n).maxItems = r.count()
	case "minimum":
		r.extra(n).min = r.rat()
	case "maximum":
		r.extra(n).max = r.rat()
	case "exclusiveMinimum":
		r.extra(n).exMin = r.rat()
	case "exclusiveMaximum":
		r.extra(n).exMax = r.rat()
	case "multipleOf":
		m := r.extra(n)
		if m.multipleOf = r.rat(); m.multipleOf != nil && m.multipleOf.Sign() <= 0 {
			r.fail()
		}
	case "anyOf":
		r.extra(n).anyOf = r.schemas()
	case "allOf":
		r.extra(n).allOf = r.schemas()
	case "oneOf":
		r.extra(n).oneOf = r.schemas()
	case "not":
		r.extra(n).not = r.schema(false)
	case "if":
		r.extra(n).ifs = r.schema(false)
	case "then":
		r.extra(n).then = r.schema(false)
	case "else":
		r.extra(n).els = r.schema(false)
	default:
		r.fail()
	}
}

// resolve finds the node a $ref names: the root or one of its $defs, the
// only targets the case schema uses.
func (r *qreader) resolve(ref string) (int32, bool) {
	if ref == "#" {
		return 0, true
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok || strings.ContainsAny(name, "/~%") {
		return 0, false
	}
	i, ok := r.defs[name]
	return i, ok
}

// sameValue calls f with each node that applies to the value its node
// applies to.
func (n *qnode) sameValue(f func(int32)) {
	if n.ref >= 0 {
		f(n.ref)
	}
	m := n.more
	if m == nil {
		return
	}
	for _, list := range [][]int32{m.anyOf, m.allOf, m.oneOf} {
		for _, j := range list {
			f(j)
		}
	}
	for _, j := range []int32{m.not, m.ifs, m.then, m.els} {
		if j >= 0 {
			f(j)
		}
	}
}

// cyclic reports a loop of $refs (or combinators) that come back to a
// schema without going into the value: the compiled schema reports such
// a loop as a problem, so it is left to it.
func (q *quickSchema) cyclic() bool {
	const (
		unseen = iota
		open
		done
	)
	state := make([]uint8, len(q.nodes))
	found := false
	var visit func(int32)
	visit = func(i int32) {
		switch state[i] {
		case open:
			found = true
			return
		case done:
			return
		}
		state[i] = open
		q.nodes[i].sameValue(visit)
		state[i] = done
	}
	for i := range q.nodes {
		visit(int32(i))
	}
	return found
}

// valid reports whether the schema accepts v for sure: false when it may
// not (then the compiled schema decides).
func (q *quickSchema) valid(v any) bool {
	c := qcheck{q: q}
	return c.check(0, v) && !c.unsure
}

type qcheck struct {
	q *quickSchema
	// unsure is set when a part could not be judged (a pattern that does
	// not compile, a number big.Rat cannot read): the whole answer is
	// then "maybe not", even under not or if, which would turn it.
	unsure bool
}

func jsonType(v any) uint8 {
	switch v.(type) {
	case nil:
		return tNull
	case bool:
		return tBoolean
	case json.Number:
		return tNumber
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	}
	return 0 // a case holds no other type (Node.Value)
}

// rat reads a number as the compiled schema does.
func (c *qcheck) rat(v any) *big.Rat {
	n, ok := new(big.Rat).SetString(fmt.Sprint(v))
	if !ok {
		c.unsure = true
		return nil
	}
	return n
}

// equals compares an instance with an enum or const value (a scalar) as
// the compiled schema does.
func (c *qcheck) equals(v, want any) bool {
	switch v := v.(type) {
	case nil:
		return want == nil
	case bool:
		w, ok := want.(bool)
		return ok && v == w
	case string:
		w, ok := want.(string)
		return ok && v == w
	case json.Number:
		w, ok := want.(*big.Rat)
		if !ok || w == nil {
			return false
		}
		n, ok := new(big.Rat).SetString(string(v))
		return ok && n.Cmp(w) == 0
	}
	return false // objects and arrays: the values compared with are scalars
}

func (c *qcheck) check(i int32, v any) bool {
	n := &c.q.nodes[i]
	switch n.boolean {
	case qTrue:
		return true
	case qFalse:
		return false
	}
	t := jsonType(v)
	if t == 0 {
		c.unsure = true
		return false
	}
	if n.types != 0 && n.types&t == 0 {
		if n.types&tInteger == 0 || t != tNumber {
			return false
		}
		if r := c.rat(v); r == nil || !r.IsInt() {
			return false
		}
	}
	if n.ref >= 0 && !c.check(n.ref, v) {
		return false
	}
	m := n.more
	switch v := v.(type) {
	case map[string]any:
		o := n.obj
		if o == nil {
			break
		}
		for _, name := range o.required {
			if _, ok := v[name]; !ok {
				return false
			}
		}
		for name, val := range v {
			if !c.property(o, name, val) {
				return false
			}
		}
	case []any:
		if m != nil {
			if m.minItems >= 0 && len(v) < int(m.minItems) || m.maxItems >= 0 && len(v) > int(m.maxItems) {
				return false
			}
			if m.items >= 0 {
				for _, item := range v {
					if !c.check(m.items, item) {
						return false
					}
				}
			}
		}
	case string:
		if n.minLen >= 0 || n.maxLen >= 0 {
			l := utf8.RuneCountInString(v)
			if n.minLen >= 0 && l < int(n.minLen) || n.maxLen >= 0 && l > int(n.maxLen) {
				return false
			}
		}
		if n.pattern >= 0 {
			matched, ok := c.q.pats[n.pattern].match(v)
			if !ok {
				c.unsure = true
			}
			if !matched {
				return false
			}
		}
	case json.Number:
		if m != nil && (m.min != nil || m.max != nil || m.exMin != nil || m.exMax != nil || m.multipleOf != nil) {
			r := c.rat(v)
			if r == nil ||
				m.min != nil && r.Cmp(m.min) < 0 || m.max != nil && r.Cmp(m.max) > 0 ||
				m.exMin != nil && r.Cmp(m.exMin) <= 0 || m.exMax != nil && r.Cmp(m.exMax) >= 0 ||
				m.multipleOf != nil && !new(big.Rat).Quo(r, m.multipleOf).IsInt() {
				return false
			}
		}
	}
	if m == nil {
		return true
	}
	return c.more(m, v)
}

// property checks one property of an object against properties,
// patternProperties and additionalProperties.
func (c *qcheck) property(n *qobject, name string, val any) bool {
	evaluated := false
	if j, ok := slices.BinarySearchFunc(n.props, name, func(p qprop, name string) int { return strings.Compare(p.name, name) }); ok {
		evaluated = true
		if !c.check(n.props[j].node, val) {
			return false
		}
	}
	for _, pp := range n.patProps {
		matched, ok := c.q.pats[pp.pat].match(name)
		if !ok {
			c.unsure = true
			return false
		}
		if matched {
			evaluated = true
			if !c.check(pp.node, val) {
				return false
			}
		}
	}
	if !evaluated && n.additional >= 0 {
		return c.check(n.additional, val)
	}
	return true
}

// more checks the keywords of any type that few schemas have.
func (c *qcheck) more(m *qmore, v any) bool {
	if m.enum != nil && !slices.ContainsFunc(m.enum, func(w any) bool { return c.equals(v, w) }) {
		return false
	}
	if m.hasConst && !c.equals(v, m.constVal) {
		return false
	}
	for _, j := range m.allOf {
		if !c.check(j, v) {
			return false
		}
	}
	if m.anyOf != nil && !slices.ContainsFunc(m.anyOf, func(j int32) bool { return c.check(j, v) }) {
		return false
	}
	if m.oneOf != nil {
		matched := 0
		for _, j := range m.oneOf {
			if c.check(j, v) {
				matched++
			}
		}
		if matched != 1 {
			return false
		}
	}
	if m.not >= 0 && c.check(m.not, v) {
		return false
	}
	if m.ifs >= 0 {
		if c.check(m.ifs, v) {
			if m.then >= 0 && !c.check(m.then, v) {
				return false
			}
		} else if m.els >= 0 && !c.check(m.els, v) {
			return false
		}
	}
	return true
}

func (r *qreader) typ(n *qnode) {
	raw, _, escaped := r.rawString(true)
	var bit uint8
	switch string(raw) {
	case "null":
		bit = tNull
	case "boolean":
		bit = tBoolean
	case "number":
		bit = tNumber
	case "integer":
		bit = tInteger
	case "string":
		bit = tString
	case "array":
		bit = tArray
	case "object":
		bit = tObject
	}
	if bit == 0 || escaped {
		r.fail()
	}
	n.types |= bit
}
