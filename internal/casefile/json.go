package casefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// jsonParser walks encoding/json's token stream and notes where each token
// starts, which the standard decoder does not report.
type jsonParser struct {
	name  string
	data  []byte
	dec   *json.Decoder
	lim   Limits
	nodes int
	// line bookkeeping: offsets only grow, so positions are found in one pass.
	off, line, lineStart int
}

func parseJSON(name string, data []byte, lim Limits) (*Node, error) {
	p := &jsonParser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data)), lim: lim, line: 1}
	p.dec.UseNumber()
	root, err := p.value("", 1)
	if err != nil {
		return nil, err
	}
	off := p.next()
	if _, err := p.dec.Token(); !errors.Is(err, io.EOF) {
		l, c := p.pos(off)
		return nil, newError(name, l, c, "", "JSON syntax: unexpected content after the case object")
	}
	return root, nil
}

// next skips the separators before the next token and returns its offset.
func (p *jsonParser) next() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (p *jsonParser) pos(off int) (int, int) {
	for p.off < off && p.off < len(p.data) {
		if p.data[p.off] == '\n' {
			p.line++
			p.lineStart = p.off + 1
		}
		p.off++
	}
	return p.line, 1 + utf8.RuneCount(p.data[p.lineStart:min(off, len(p.data))])
}

func (p *jsonParser) syntax(err error, off int) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// The token decoder's offset counts only what it has consumed,
		// not the spaces and punctuation around tokens; json.Unmarshal
		// scans every byte and reports the one it stopped at.
		off = int(se.Offset)
		var ue *json.SyntaxError
		if errors.As(json.Unmarshal(p.data, new(any)), &ue) {
			off, err = int(ue.Offset)-1, ue
		}
	}
	msg := err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		off, msg = len(p.data), "the file ends before the JSON is complete (a missing } or ]?)"
	}
	if off < p.off {
		// Syntax errors may point behind positions already counted.
		l, c := lineCol(p.data, max(off, 0))
		return newError(p.name, l, c, "", "JSON syntax: %s", msg)
	}
	l, c := p.pos(off)
	return newError(p.name, l, c, "", "JSON syntax: %s", msg)
}

func (p *jsonParser) value(pointer string, depth int) (*Node, error) {
	off := p.next()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err, off)
	}
	line, col := p.pos(off)
	p.nodes++
	if p.nodes > p.lim.MaxNodes {
		return nil, newError(p.name, line, col, pointer, "more than %d values; a case is far smaller", p.lim.MaxNodes)
	}
	n := &Node{Line: line, Col: col}
	switch t := tok.(type) {
	case nil:
		n.Kind = Null
	case bool:
		n.Kind, n.Text = Bool, strconv.FormatBool(t)
	case json.Number:
		n.Kind, n.Text = Number, t.String()
		if msg := numberProblem(n.Text); msg != "" {
			return nil, newError(p.name, line, col, pointer, "number %s %s", n.Text, msg)
		}
	case string:
		n.Kind, n.Text = String, t
	case json.Delim:
		if depth > p.lim.MaxDepth {
			return nil, newError(p.name, line, col, pointer, "nested deeper than %d levels; a case is at most a few levels deep", p.lim.MaxDepth)
		}
		if t == '{' {
			n.Kind = Object
			err = p.object(n, pointer, depth)
		} else {
			n.Kind = Array
			err = p.array(n, pointer, depth)
		}
		if err != nil {
			return nil, err
		}
	}
	return n, nil
}

func (p *jsonParser) object(n *Node, pointer string, depth int) error {
	seen := map[string]int{}
	for p.dec.More() {
		off := p.next()
		tok, err := p.dec.Token()
		if err != nil {
			return p.syntax(err, off)
		}
		key := tok.(string) // the decoder allows only strings here
		l, c := p.pos(off)
		if first, dup := seen[key]; dup {
			return newError(p.name, l, c, Pointer(pointer, key), "key %q is written twice (first at line %d); keep one", key, first)
		}
		seen[key] = l
		v, err := p.value(Pointer(pointer, key), depth+1)
		if err != nil {
			return err
		}
		n.Keys = append(n.Keys, key)
		n.KeyPos = append(n.KeyPos, Pos{l, c})
		n.Elems = append(n.Elems, v)
	}
	off := p.next()
	if _, err := p.dec.Token(); err != nil {
		return p.syntax(err, off)
	}
	return nil
}

func (p *jsonParser) array(n *Node, pointer string, depth int) error {
	for i := 0; p.dec.More(); i++ {
		v, err := p.value(pointer+"/"+strconv.Itoa(i), depth+1)
		if err != nil {
			return err
		}
		n.Elems = append(n.Elems, v)
	}
	off := p.next()
	if _, err := p.dec.Token(); err != nil {
		return p.syntax(err, off)
	}
	return nil
}
