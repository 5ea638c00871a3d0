// Package doc evaluates a pack's document definition against a case: every
// template becomes text, every `when` is decided, every table gets its
// rows. The result — the resolved document — is what both backends draw,
// and what golden tests compare, so a lost field shows as a diff in words
// rather than in PDF bytes.
package doc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/generator/pack"
)

// Document is a resolved document.
type Document struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Locale string  `json:"locale"`
	Page   Page    `json:"page"`
	Header Band    `json:"header"`
	Footer Band    `json:"footer"`
	Blocks []Block `json:"blocks"`
}

// Page is the paper: size, orientation, margins in mm (top, right, bottom,
// left) and the body font size in pt.
type Page struct {
	Size        string     `json:"size"`
	Orientation string     `json:"orientation,omitempty"`
	Margins     [4]float64 `json:"margins"`
	FontSize    float64    `json:"font_size"`
}

// Band is a header or footer; {page} and {pages} are left for the layout.
type Band struct {
	Left   string `json:"left,omitempty"`
	Center string `json:"center,omitempty"`
	Right  string `json:"right,omitempty"`
}

// Block is a resolved block; see pack.Block for which fields each kind uses.
type Block struct {
	Kind         string      `json:"kind"`
	Title        string      `json:"title,omitempty"`
	Text         string      `json:"text,omitempty"`
	Align        string      `json:"align,omitempty"`
	Size         float64     `json:"size,omitempty"`
	Indent       float64     `json:"indent,omitempty"`
	PerRow       int         `json:"per_row,omitempty"`
	Fields       []Field     `json:"fields,omitempty"`
	Columns      []Column    `json:"columns,omitempty"`
	Rows         [][]string  `json:"rows,omitempty"`
	Boxes        []Signature `json:"boxes,omitempty"`
	KeepTogether bool        `json:"keep_together,omitempty"`
}

// Field is a label and its value.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Full  bool   `json:"full,omitempty"`
}

// Column is a table column's header and share of the width.
type Column struct {
	Label string  `json:"label"`
	Width float64 `json:"width"`
	Align string  `json:"align,omitempty"`
}

// Signature is one signature box.
type Signature struct {
	Label string `json:"label"`
	Name  string `json:"name,omitempty"`
	Date  string `json:"date,omitempty"`
	Seal  bool   `json:"seal,omitempty"`
}

// Evaluate resolves def against ctx. The context holds `case` (the case as
// plain values), `d` (values derived from it), `L` (the labels of the
// locale) and `locale`.
func Evaluate(def *pack.Document, ctx pongo2.Context) (*Document, error) {
	e := evaluator{file: def.File, ctx: ctx}
	out := &Document{
		ID:     def.ID,
		Name:   e.text(&def.Name),
		Locale: fmt.Sprint(ctx["locale"]),
		Page: Page{Size: def.Page.Size, Orientation: def.Page.Orientation,
			Margins: def.Page.Margins, FontSize: def.Page.FontSize},
		Header: e.band(&def.Header),
		Footer: e.band(&def.Footer),
	}
	for i := range def.Blocks {
		if b, ok := e.block(&def.Blocks[i]); ok {
			out.Blocks = append(out.Blocks, b)
		}
	}
	if e.err != nil {
		return nil, e.err
	}
	return out, nil
}

// evaluator keeps the first error and lets evaluation run on, so the code
// reads as the document it builds.
type evaluator struct {
	file string
	ctx  pongo2.Context
	err  error
}

func (e *evaluator) fail(t *pack.Tpl, err error) {
	if e.err == nil {
		msg := err.Error()
		if pe, ok := err.(*pongo2.Error); ok {
			msg = pe.OrigError.Error()
		}
		e.err = &pack.Error{File: e.file, Line: t.Line, Col: t.Col, Msg: "template: " + msg}
	}
}

func (e *evaluator) textIn(t *pack.Tpl, ctx pongo2.Context) string {
	s, err := t.Exec(ctx)
	if err != nil {
		e.fail(t, err)
	}
	return strings.TrimSpace(s)
}

func (e *evaluator) text(t *pack.Tpl) string { return e.textIn(t, e.ctx) }

func (e *evaluator) when(c *pack.Cond, ctx pongo2.Context) bool {
	ok, err := c.True(ctx)
	if err != nil {
		e.fail(&c.Tpl, err)
	}
	return ok
}

func (e *evaluator) band(b *pack.Band) Band {
	return Band{Left: e.text(&b.Left), Center: e.text(&b.Center), Right: e.text(&b.Right)}
}

func (e *evaluator) block(b *pack.Block) (Block, bool) {
	if !e.when(&b.When, e.ctx) {
		return Block{}, false
	}
	out := Block{Kind: b.Kind, Title: e.text(&b.Title), Text: e.text(&b.Text), Align: b.Align,
		Size: b.Size, Indent: b.Indent, PerRow: b.PerRow, KeepTogether: b.KeepTogether}
	for i := range b.Fields {
		f := &b.Fields[i]
		if e.when(&f.When, e.ctx) {
			out.Fields = append(out.Fields, Field{Label: e.text(&f.Label), Value: e.text(&f.Value), Full: f.Full})
		}
	}
	for i := range b.Columns {
		c := &b.Columns[i]
		out.Columns = append(out.Columns, Column{Label: e.text(&c.Label), Width: c.Width, Align: c.Align})
	}
	if b.Rows != "" {
		out.Rows = e.rows(b)
		if len(out.Rows) == 0 && !b.Empty.IsZero() {
			out.Text = e.text(&b.Empty)
		}
	}
	for i := range b.Boxes {
		x := &b.Boxes[i]
		out.Boxes = append(out.Boxes, Signature{Label: e.text(&x.Label), Name: e.text(&x.Name), Date: e.text(&x.Date), Seal: x.Seal})
	}
	return out, true
}

// rows evaluates the columns once per item of the block's list; each item
// is `row` and its 1-based position `n`.
func (e *evaluator) rows(b *pack.Block) [][]string {
	items, _ := Lookup(e.ctx, b.Rows).([]any)
	out := make([][]string, 0, len(items))
	for i, item := range items {
		ctx := make(pongo2.Context, len(e.ctx)+2)
		for k, v := range e.ctx {
			ctx[k] = v
		}
		ctx["row"], ctx["n"] = item, i+1
		cells := make([]string, len(b.Columns))
		for j := range b.Columns {
			cells[j] = e.textIn(&b.Columns[j].Value, ctx)
		}
		out = append(out, cells)
	}
	return out
}

// Lookup follows a dotted path (case.handling.log, d.items.0) through maps
// and lists; it returns nil when any step is missing.
func Lookup(ctx pongo2.Context, path string) any {
	var cur any = map[string]any(ctx)
	for _, step := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[step]
		case pongo2.Context:
			cur = c[step]
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}
