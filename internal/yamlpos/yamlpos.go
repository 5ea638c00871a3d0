// Package yamlpos places the errors of go-yaml (v4) at the line and column
// of the mistake, worded for whoever wrote the file: a clerk's case file, a
// pack author's templates.
package yamlpos

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/suggest"
	"go.yaml.in/yaml/v4"
)

var unknownField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^field (.+) not found in type (\S+)$`) })

// Problem is one problem of a YAML file; Line and Col are 1-based, 0 when
// unknown.
type Problem struct {
	Line, Col int
	Msg       string
}

// Problems returns where and what err, from loading data, says is wrong.
// A syntax error is placed at the parser's mark, naming the construct it
// was in; a quote or bracket left open, which the parser notices lines
// later, is placed where it opens. Decoding errors come one per field.
func Problems(data []byte, err error) []Problem { return ProblemsOf(data, err, nil) }

// ProblemsOf is Problems for data decoded into v with known fields: an
// unknown key is told the key of v's types probably meant.
func ProblemsOf(data []byte, err error, v any) []Problem {
	var les *yaml.LoadErrors
	if errors.As(err, &les) {
		out := make([]Problem, 0, len(les.Errors))
		for _, e := range les.Errors {
			msg := e.Message
			// Decoding with known fields: the Go type means nothing to
			// whoever wrote the file.
			if m := unknownField().FindStringSubmatch(msg); m != nil {
				if s := suggest.DidYouMean(m[1], keysOf(v, m[2])); s != "" {
					msg = fmt.Sprintf("unknown key %q; did you mean %q?", m[1], s)
				} else {
					msg = fmt.Sprintf("unknown key %q (misspelt, or in the wrong place?)", m[1])
				}
			}
			out = append(out, Problem{e.Mark.Line, e.Mark.Column, msg})
		}
		return out
	}
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		return []Problem{{Msg: strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	if p, ok := leftOpen(data, le); ok {
		return []Problem{p}
	}
	msg := le.Message
	if c, ok := contexts[le.ContextMsg]; ok && le.ContextMark.Line > 0 && le.ContextMark != le.Mark {
		msg += fmt.Sprintf(" (%s at %d:%d)", c, le.ContextMark.Line, le.ContextMark.Column)
	}
	return []Problem{{le.Mark.Line, le.Mark.Column, msg}}
}

// keysOf returns the YAML keys of the struct type named typeName (as
// reflect prints it, "pack.Branding") among v's type and the types it
// holds; of all of them when none has that name (a type local to an
// UnmarshalYAML method).
func keysOf(v any, typeName string) []string {
	if v == nil {
		return nil
	}
	var all []reflect.Type
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		all = append(all, t)
		for i := range t.NumField() {
			walk(t.Field(i).Type)
		}
	}
	walk(reflect.TypeOf(v))
	types := all
	for _, t := range all {
		if t.String() == typeName {
			types = []reflect.Type{t}
		}
	}
	var keys []string
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			switch {
			case name == "-" || !f.IsExported():
			case strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct:
				add(f.Type)
			case name != "":
				keys = append(keys, name)
			default:
				keys = append(keys, strings.ToLower(f.Name))
			}
		}
	}
	for _, t := range types {
		add(t)
	}
	return keys
}

// contexts words libyaml's contexts that help find a mistake; others
// ("while scanning a plain scalar") would only puzzle.
var contexts = map[string]string{
	"while parsing a flow mapping":   "in the { … } that opens",
	"while parsing a flow sequence":  "in the [ … ] that opens",
	"while scanning a quoted scalar": "in the quoted text that opens",
	"while parsing a block mapping":  "in the mapping that starts",
}

// leftOpen finds a quote or bracket left open, which the parser notices
// lines later: a { or [ of the error's context not closed on its line, or
// the first line between the context and the mark whose value opens a
// quote it does not close. A guess is kept only if closing it at the end
// of its line lets the parser get past the mark, so a value meant to span
// lines is not blamed.
func leftOpen(data []byte, le *yaml.LoadError) (Problem, bool) {
	lines := bytes.SplitAfter(data, []byte("\n"))
	c := le.ContextMark
	found := func(n, col int, open byte) (Problem, bool) {
		return Problem{n, col, fmt.Sprintf("this %c is not closed on its line; the parser read on to %d:%d (%s)",
			open, le.Mark.Line, le.Mark.Column, le.Message)}, true
	}
	switch le.ContextMsg {
	case "while parsing a flow mapping", "while parsing a flow sequence":
		if c.Line < 1 || c.Line >= le.Mark.Line || c.Line > len(lines) {
			return Problem{}, false
		}
		line := lines[c.Line-1]
		b := byteOf(line, c.Column)
		if b >= len(line) || line[b] != '{' && line[b] != '[' {
			return Problem{}, false
		}
		open := line[b]
		at := len(bytes.TrimRight(line, " \t\r\n"))
		if i := bytes.Index(line[b:], []byte(" #")); i >= 0 {
			at = len(bytes.TrimRight(line[:b+i], " \t"))
		}
		if passes(lines, c.Line, at, map[byte]byte{'{': '}', '[': ']'}[open], le) {
			return found(c.Line, c.Column, open)
		}
		return Problem{}, false
	}
	from, to := max(c.Line, 1), le.Mark.Line
	if to <= from && le.ContextMsg != "while scanning a quoted scalar" {
		return Problem{}, false
	}
	for n := from; n <= min(to, len(lines)); n++ {
		line := lines[n-1]
		b, ok := unclosed(line)
		if !ok {
			continue
		}
		if passes(lines, n, len(bytes.TrimRight(line, " \t\r\n")), line[b], le) {
			return found(n, utf8.RuneCount(line[:b])+1, line[b])
		}
		return Problem{}, false
	}
	return Problem{}, false
}

// passes reports whether the document parses past the error's mark once
// the character ins is put at byte at of line n.
func passes(lines [][]byte, n, at int, ins byte, le *yaml.LoadError) bool {
	var fixed []byte
	for i, l := range lines {
		if i == n-1 {
			fixed = append(append(append(fixed, l[:at]...), ins), l[at:]...)
			continue
		}
		fixed = append(fixed, l...)
	}
	var node yaml.Node
	err := yaml.Unmarshal(fixed, &node)
	var again *yaml.LoadError
	return err == nil || errors.As(err, &again) && again.Mark.Line > le.Mark.Line
}

// byteOf returns the offset of a line's col-th character: the parser
// counts columns in characters, and values are often Chinese.
func byteOf(line []byte, col int) int {
	b := 0
	for range col - 1 {
		if b >= len(line) {
			break
		}
		_, size := utf8.DecodeRune(line[b:])
		b += size
	}
	return b
}

// unclosed reports the offset of a quote that opens a value of the line
// (after "key: " or "- ") and is not closed on it.
func unclosed(line []byte) (int, bool) {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	for bytes.HasPrefix(line[i:], []byte("- ")) {
		i += 2
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	if i < len(line) && line[i] != '"' && line[i] != '\'' {
		// key: value — the value starts after the first ": " outside quotes.
		j := bytes.Index(line[i:], []byte(": "))
		if j < 0 || bytes.ContainsAny(line[i:i+j], `"'#`) {
			return 0, false
		}
		i += j + 2
		for i < len(line) && line[i] == ' ' {
			i++
		}
	}
	if i >= len(line) || line[i] != '"' && line[i] != '\'' {
		return 0, false
	}
	q := line[i]
	for j := i + 1; j < len(line); j++ {
		switch {
		case q == '"' && line[j] == '\\':
			j++
		case line[j] == q && q == '\'' && j+1 < len(line) && line[j+1] == '\'':
			j++
		case line[j] == q:
			return 0, false
		}
	}
	return i, true
}
