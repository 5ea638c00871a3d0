package casefile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v4"

	"github.com/kesuhq/kesu/internal/yamlpos"
)

func parseYAML(name string, data []byte, lim Limits) (*Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, newError(name, 1, 1, "", "the file is empty; expected a case (schema: kesu/case/v1, id: …)")
		}
		return nil, yamlError(name, data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, newError(name, extra.Line, extra.Column, "", "a second YAML document starts here; a case file holds exactly one case")
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(name, data, err)
	}
	c := yamlConv{name: name, lim: lim}
	root, err := c.node(doc.Content[0], "", 1)
	if err != nil {
		return nil, err
	}
	return root, nil
}

// yamlError places a YAML syntax error at its line and column.
func yamlError(name string, data []byte, err error) error {
	ve := &ValidationError{File: name}
	for _, p := range yamlpos.Problems(data, err) {
		ve.Problems = append(ve.Problems, Problem{Line: p.Line, Col: p.Col, Message: "YAML syntax: " + p.Msg})
	}
	return ve
}

type yamlConv struct {
	name    string
	lim     Limits
	nodes   int
	aliases int // aliases expanded so far, to say what made a file too big
}

func (c *yamlConv) fail(n *yaml.Node, pointer, format string, args ...any) error {
	return newError(c.name, n.Line, n.Column, pointer, format, args...)
}

func (c *yamlConv) node(n *yaml.Node, pointer string, depth int) (*Node, error) {
	c.nodes++
	if c.nodes > c.lim.MaxNodes {
		if c.aliases > 0 {
			return nil, c.fail(n, pointer, "more than %d values once its %d YAML aliases are expanded; a case is far smaller: is this an alias bomb?", c.lim.MaxNodes, c.aliases)
		}
		return nil, c.fail(n, pointer, "more than %d values; a case is far smaller (a list this long belongs in an attachment)", c.lim.MaxNodes)
	}
	if depth > c.lim.MaxDepth {
		return nil, c.fail(n, pointer, "nested deeper than %d levels; a case is at most a few levels deep", c.lim.MaxDepth)
	}
	switch n.Kind {
	case yaml.AliasNode:
		c.aliases++
		out, err := c.node(n.Alias, pointer, depth)
		if out != nil {
			// An alias reports where it was used, not where its anchor was.
			cp := *out
			cp.Line, cp.Col = n.Line, n.Column
			out = &cp
		}
		return out, err
	case yaml.ScalarNode:
		return c.scalar(n, pointer)
	case yaml.SequenceNode:
		out := &Node{Kind: Array, Line: n.Line, Col: n.Column, Elems: make([]*Node, 0, len(n.Content))}
		for i, e := range n.Content {
			v, err := c.node(e, pointer+"/"+strconv.Itoa(i), depth+1)
			if err != nil {
				return nil, err
			}
			out.Elems = append(out.Elems, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := &Node{Kind: Object, Line: n.Line, Col: n.Column}
		seen := map[string]*yaml.Node{}
		if err := c.mapping(out, n, pointer, depth, seen, false); err != nil {
			return nil, err
		}
		return out, nil
	}
	return nil, c.fail(n, pointer, "unsupported YAML node")
}

// mapping adds the pairs of n to out. Keys written twice are an error (the
// YAML spec says so, and go-yaml nodes do not check it); keys brought in by a
// merge (<<) give way to keys written in the mapping itself.
func (c *yamlConv) mapping(out *Node, n *yaml.Node, pointer string, depth int, seen map[string]*yaml.Node, merged bool) error {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return c.fail(k, pointer, "a key must be plain text, not a %s", yamlKind(k))
		}
		key := k.Value
		if first, dup := seen[key]; dup {
			if merged {
				continue
			}
			return c.fail(k, Pointer(pointer, key), "key %q is written twice (first at line %d); keep one", key, first.Line)
		}
		seen[key] = k
		val, err := c.node(v, Pointer(pointer, key), depth+1)
		if err != nil {
			return err
		}
		out.Keys = append(out.Keys, key)
		out.KeyPos = append(out.KeyPos, Pos{k.Line, k.Column})
		out.Elems = append(out.Elems, val)
	}
	for _, m := range merges {
		for m.Kind == yaml.AliasNode {
			m = m.Alias
		}
		srcs := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			srcs = m.Content
		}
		for _, s := range srcs {
			for s.Kind == yaml.AliasNode {
				s = s.Alias
			}
			if s.Kind != yaml.MappingNode {
				return c.fail(m, pointer, "a merge (<<) needs a mapping or a list of mappings")
			}
			if err := c.mapping(out, s, pointer, depth, seen, true); err != nil {
				return err
			}
		}
	}
	return nil
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return "value"
}

// scalar keeps dates and times as the strings written (the schema and the
// rules type them), numbers as their literal text, and refuses YAML values
// JSON has no word for.
func (c *yamlConv) scalar(n *yaml.Node, pointer string) (*Node, error) {
	out := &Node{Line: n.Line, Col: n.Column, Text: n.Value}
	switch n.ShortTag() {
	case "!!null":
		out.Kind, out.Text = Null, ""
	case "!!bool":
		out.Kind = Bool
		out.Text = strconv.FormatBool(strings.EqualFold(n.Value, "true"))
	case "!!int":
		out.Kind = Number
		text := strings.ReplaceAll(n.Value, "_", "")
		if !jsonNumber().MatchString(n.Value) {
			out.Written = n.Value
		}
		if v, err := strconv.ParseInt(text, 0, 64); err == nil {
			out.Text = strconv.FormatInt(v, 10)
		} else if v, err := strconv.ParseUint(text, 0, 64); err == nil {
			out.Text = strconv.FormatUint(v, 10)
		} else {
			return nil, c.fail(n, pointer, "number %s is out of range", n.Value)
		}
	case "!!float":
		out.Kind = Number
		if !jsonNumber().MatchString(n.Value) {
			return nil, c.fail(n, pointer, "number %s cannot be used: write a plain decimal such as 12800.00", n.Value)
		}
		if msg := numberProblem(n.Value); msg != "" {
			return nil, c.fail(n, pointer, "number %s %s", n.Value, msg)
		}
	case "!!str", "!!timestamp":
		out.Kind = String
	case "!!binary":
		return nil, c.fail(n, pointer, "binary data (!!binary) is not allowed in a case file; name a file instead")
	default:
		return nil, c.fail(n, pointer, "unknown YAML tag %s; remove it", n.Tag)
	}
	return out, nil
}

// numberProblem refuses numbers no case needs and that cost or break
// arithmetic downstream: a thousand digits, or an exponent like 1e9999999
// that math/big cannot represent (the schema validator then crashes).
func numberProblem(text string) string {
	if len(text) > 40 {
		return "has too many digits; a case needs at most 15"
	}
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		if exp, err := strconv.Atoi(text[i+1:]); err != nil || exp > 300 || exp < -300 {
			return "is out of range; write it as a plain decimal"
		}
	}
	return ""
}

var jsonNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`) })
