package casegen

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A case is built as an ordered tree and written out as YAML or JSON by
// hand: the key order of the spec, flow style where a clerk would use it,
// and numbers written exactly as decided (12800.00, never 12800).

// obj is an ordered mapping. Flow objects are written {k: v, …} in YAML.
type obj struct {
	keys []string
	vals []any
	flow bool
}

// Scalar kinds beyond string, int and bool.
type (
	day   string // a date, YYYY-MM-DD: plain in YAML, a string in JSON
	stamp string // an RFC 3339 time: plain in YAML, a string in JSON
	num   string // a number literal written as is (money: 1680.32)
	// flowList is a list of scalars written [a, b] in YAML.
	flowList []any
)

// o builds a block object from key, value pairs; nil values (and empty
// strings) are left out, so optional fields simply vanish.
func o(pairs ...any) *obj { return build(false, pairs) }

// f builds a flow object.
func f(pairs ...any) *obj { return build(true, pairs) }

func build(flow bool, pairs []any) *obj {
	m := &obj{flow: flow}
	for i := 0; i+1 < len(pairs); i += 2 {
		m.set(pairs[i].(string), pairs[i+1])
	}
	return m
}

func isAbsent(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case day:
		return x == ""
	case stamp:
		return x == ""
	case num:
		return x == ""
	case *obj:
		return x == nil
	case []any:
		return x == nil
	case flowList:
		return x == nil
	}
	return false
}

// set replaces the value of k, or appends k; an absent value deletes k.
func (m *obj) set(k string, v any) {
	if isAbsent(v) {
		m.del(k)
		return
	}
	for i, key := range m.keys {
		if key == k {
			m.vals[i] = v
			return
		}
	}
	m.keys = append(m.keys, k)
	m.vals = append(m.vals, v)
}

func (m *obj) get(k string) any {
	for i, key := range m.keys {
		if key == k {
			return m.vals[i]
		}
	}
	return nil
}

func (m *obj) obj(k string) *obj {
	v, _ := m.get(k).(*obj)
	return v
}

func (m *obj) list(k string) []any {
	v, _ := m.get(k).([]any)
	return v
}

func (m *obj) del(k string) {
	for i, key := range m.keys {
		if key == k {
			m.keys = append(m.keys[:i:i], m.keys[i+1:]...)
			m.vals = append(m.vals[:i:i], m.vals[i+1:]...)
			return
		}
	}
}

// rename changes a key in place, keeping its position.
func (m *obj) rename(old, new string) {
	for i, key := range m.keys {
		if key == old {
			m.keys[i] = new
			return
		}
	}
}

// ---- YAML ----

func toYAML(m *obj, header string) []byte {
	var b bytes.Buffer
	for _, line := range strings.Split(header, "\n") {
		if line != "" {
			b.WriteString("# " + line + "\n")
		}
	}
	yamlBlock(&b, m, 0, false)
	return b.Bytes()
}

// yamlBlock writes the pairs of m one per line at indent; dash writes the
// first pair after "- " two columns to the left (a block object in a list).
func yamlBlock(b *bytes.Buffer, m *obj, indent int, dash bool) {
	for i, k := range m.keys {
		if i == 0 && dash {
			b.WriteString(strings.Repeat(" ", indent-2) + "- ")
		} else {
			b.WriteString(strings.Repeat(" ", indent))
		}
		b.WriteString(k)
		b.WriteByte(':')
		yamlValue(b, m.vals[i], indent)
	}
}

// yamlValue writes what follows "key:" (a space and a scalar, or a newline
// and a nested block), ending with a newline.
func yamlValue(b *bytes.Buffer, v any, indent int) {
	switch x := v.(type) {
	case *obj:
		if x.flow || len(x.keys) == 0 {
			b.WriteByte(' ')
			yamlFlow(b, x)
			b.WriteByte('\n')
			return
		}
		b.WriteByte('\n')
		yamlBlock(b, x, indent+2, false)
	case []any:
		if len(x) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteByte('\n')
		pad := strings.Repeat(" ", indent+2)
		for _, e := range x {
			if eo, ok := e.(*obj); ok && !eo.flow && len(eo.keys) > 0 {
				yamlBlock(b, eo, indent+4, true)
				continue
			}
			b.WriteString(pad + "-")
			if s, ok := e.(string); ok && strings.Contains(s, "\n") {
				yamlValue(b, s, indent+2)
				continue
			}
			b.WriteByte(' ')
			yamlFlow(b, e)
			b.WriteByte('\n')
		}
	case string:
		if strings.Contains(x, "\n") {
			chomp := "-"
			if strings.HasSuffix(x, "\n") {
				chomp = ""
			}
			b.WriteString(" |" + chomp + "\n")
			pad := strings.Repeat(" ", indent+2)
			for _, line := range strings.Split(strings.TrimSuffix(x, "\n"), "\n") {
				if line != "" {
					b.WriteString(pad + line)
				}
				b.WriteByte('\n')
			}
			return
		}
		b.WriteByte(' ')
		yamlFlow(b, x)
		b.WriteByte('\n')
	default:
		b.WriteByte(' ')
		yamlFlow(b, v)
		b.WriteByte('\n')
	}
}

// yamlFlow writes a value on one line: scalars, flow objects, flow lists.
func yamlFlow(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case *obj:
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(k + ": ")
			yamlFlow(b, x.vals[i])
		}
		b.WriteByte('}')
	case []any:
		yamlFlow(b, flowList(x))
	case flowList:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			yamlFlow(b, e)
		}
		b.WriteByte(']')
	case string:
		b.WriteString(yamlString(x))
	case day:
		b.WriteString(string(x))
	case stamp:
		b.WriteString(string(x))
	case num:
		b.WriteString(string(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	default:
		panic(fmt.Sprintf("casegen: cannot write %T as YAML", v))
	}
}

// yamlString writes s plain when YAML reads it back as the same string
// (in block and flow context alike), double-quoted otherwise.
func yamlString(s string) string {
	if plainOK(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			b.WriteString(`\x` + strconv.FormatInt(int64(r)+0x100, 16)[1:])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plainOK(s string) bool {
	if s == "" || strings.TrimSpace(s) != s {
		return false
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`~.+") {
		return false // indicators, and the signs of numbers
	}
	if s[0] >= '0' && s[0] <= '9' && isASCII(s) && numberLike.MatchString(s) {
		return false // numbers, phone numbers, dates and times
	}
	if strings.ContainsAny(s, ",[]{}\"'\\#\t\n\r") || strings.Contains(s, ": ") || strings.HasSuffix(s, ":") {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\u0085' || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return false
		}
	}
	if isASCII(s) {
		switch strings.ToLower(s) {
		case "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf":
			return false
		}
	}
	return true
}

// numberLike matches what YAML 1.1 or 1.2 may read as a number, a date or
// a time, and the digit strings (phones, ID numbers) that must stay text.
var numberLike = regexp.MustCompile(`^(0[xX][0-9a-fA-F_]+|0[oObB][0-7_]+|[0-9][0-9_]*([.][0-9_]*)?([eE][-+]?[0-9]+)?|[0-9][0-9 ./:_+-]*)$`)

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ---- JSON ----

func toJSON(m *obj) []byte {
	var b bytes.Buffer
	jsonValue(&b, m, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func jsonValue(b *bytes.Buffer, v any, indent int) {
	pad := strings.Repeat("  ", indent+1)
	switch x := v.(type) {
	case *obj:
		if len(x.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range x.keys {
			b.WriteString(pad)
			jsonString(b, k)
			b.WriteString(": ")
			jsonValue(b, x.vals[i], indent+1)
			if i < len(x.keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat("  ", indent) + "}")
	case flowList:
		jsonValue(b, []any(x), indent)
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, e := range x {
			b.WriteString(pad)
			jsonValue(b, e, indent+1)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(strings.Repeat("  ", indent) + "]")
	case string:
		jsonString(b, x)
	case day:
		jsonString(b, string(x))
	case stamp:
		jsonString(b, string(x))
	case num:
		b.WriteString(string(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case bool:
		b.WriteString(strconv.FormatBool(x))
	default:
		panic(fmt.Sprintf("casegen: cannot write %T as JSON", v))
	}
}

func jsonString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			b.WriteString(`\u`)
			for sh := 12; sh >= 0; sh -= 4 {
				b.WriteByte(hex[(r>>sh)&0xf])
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
