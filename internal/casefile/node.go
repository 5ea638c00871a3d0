package casefile

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Kind is the JSON type of a node.
type Kind uint8

// The kinds of JSON values a case file holds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Object
	Array
)

func (k Kind) String() string {
	return [...]string{"null", "boolean", "number", "string", "object", "array"}[k]
}

// Node is one value of a case file with the place it was written, so every
// later stage can point a clerk at the exact line and column.
type Node struct {
	Kind      Kind
	Line, Col int
	// Text is the string value, the number exactly as written (12800.00
	// stays 12800.00: money is never a float) or "true"/"false".
	Text string
	// Keys and Elems hold an object's members in file order (Keys[i] names
	// Elems[i]) or an array's items (Keys is nil).
	Keys  []string
	Elems []*Node
	// KeyPos is where each key of an object was written: an unknown or
	// duplicate field is pointed at by its key, not its value.
	KeyPos []Pos
	// Written is a YAML integer as written when Text is its plain decimal
	// form (0x10, 1_000, +5 → 16, 1000, 5), for rules that want digits.
	Written string
}

// Pos is a 1-based line and column.
type Pos struct{ Line, Col int }

// KeyAt returns where key was written in an object node, or the node's
// own position when it has no such key.
func (n *Node) KeyAt(key string) Pos {
	for i, k := range n.Keys {
		if k == key && i < len(n.KeyPos) {
			return n.KeyPos[i]
		}
	}
	return Pos{n.Line, n.Col}
}

// Get returns the member named key of an object node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Object {
		return nil
	}
	for i, k := range n.Keys {
		if k == key {
			return n.Elems[i]
		}
	}
	return nil
}

// Lookup returns the node a JSON pointer names, or nil.
func (n *Node) Lookup(pointer string) *Node {
	if pointer == "" || pointer == "/" {
		return n
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		if n == nil {
			return nil
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n.Kind {
		case Object:
			n = n.Get(tok)
		case Array:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Elems) {
				return nil
			}
			n = n.Elems[i]
		default:
			return nil
		}
	}
	return n
}

// Nearest returns the deepest existing node on the way to pointer: a
// missing field is reported where its parent was written.
func (n *Node) Nearest(pointer string) *Node {
	for {
		if m := n.Lookup(pointer); m != nil {
			return m
		}
		i := strings.LastIndexByte(pointer, '/')
		if i <= 0 {
			return n
		}
		pointer = pointer[:i]
	}
}

// Value converts the tree to the plain values JSON decoding gives
// (map[string]any, []any, string, json.Number, bool, nil): the form the
// schema validator and the templates read.
func (n *Node) Value() any { return n.convert(jsonLeaf) }

// Data converts the tree to the values templates read: like Value, but
// whole numbers are ints, so a template can compare and count with them
// (copies > parties|length). Numbers with decimals keep their written text:
// money is never turned into a float.
func (n *Node) Data() any { return n.convert(dataLeaf) }

// convert builds a tree's plain maps and slices, leaf giving each scalar.
func (n *Node) convert(leaf func(*Node) any) any {
	switch n.Kind {
	case Object:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[k] = n.Elems[i].convert(leaf)
		}
		return m
	case Array:
		a := make([]any, len(n.Elems))
		for i, e := range n.Elems {
			a[i] = e.convert(leaf)
		}
		return a
	}
	return leaf(n)
}

func jsonLeaf(n *Node) any {
	switch n.Kind {
	case Bool:
		return n.Text == "true"
	case Number:
		return json.Number(n.Text)
	case String:
		return n.Text
	}
	return nil
}

func dataLeaf(n *Node) any {
	if n.Kind == Number {
		if i, err := strconv.Atoi(n.Text); err == nil {
			return i
		}
		return n.Text
	}
	return jsonLeaf(n)
}

// Pointer appends one reference token to a JSON pointer, escaped per RFC 6901.
func Pointer(parent, token string) string {
	if strings.ContainsAny(token, "~/") {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
	}
	return parent + "/" + token
}
