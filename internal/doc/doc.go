// Package doc evaluates a pack's document definition against a case: every
// template becomes text, every `when` is decided, every table gets its
// rows. The result — the resolved document — is what both backends draw,
// and what golden tests compare, so a lost field shows as a diff in words
// rather than in PDF bytes.
package doc

import (
	"fmt"
	"github.com/kesuhq/kesu/internal/locale"
	"math"
	"path"
	"strconv"
	"strings"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/pack"
)

// Document is a resolved document.
type Document struct {
	ID     string        `json:"id"`
	Name   string        `json:"name"`
	Locale locale.Locale `json:"locale"`
	Page   Page          `json:"page"`
	Header Band          `json:"header"`
	Footer Band          `json:"footer"`
	// Record is the document's entry in a bundle's 卷内目录.
	Record Record `json:"record"`
	// Watermark is drawn under the text of every page (草稿, 副本…).
	Watermark string `json:"watermark,omitempty"`
	// Accent colours titles and title bars (#RRGGBB; "" for black and gray).
	Accent string  `json:"accent,omitempty"`
	Blocks []Block `json:"blocks"`
	Sheets []Sheet `json:"sheets,omitempty"`
	// Words are what the renderers write themselves, in the document's
	// language.
	Words Words `json:"words"`
}

// Record is a document's entry in a bundle's 卷内目录: 文号, 责任者, date
// (YYYY-MM-DD) and 备注.
type Record struct {
	Number string `json:"number,omitempty"`
	Author string `json:"author,omitempty"`
	Date   string `json:"date,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Sheet is a data sheet of the workbook: a header row and the rows.
type Sheet struct {
	Name    string     `json:"name"`
	Columns []Column   `json:"columns"`
	Rows    [][]string `json:"rows"`
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
	Kind         pack.Kind   `json:"kind"`
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
	Seal         string      `json:"seal,omitempty"`
	Images       []Image     `json:"images,omitempty"`
	Items        []Item      `json:"items,omitempty"`
	Bones        []Bone      `json:"bones,omitempty"`
	Chart        *Chart      `json:"chart,omitempty"`
	Height       float64     `json:"height,omitempty"` // mm, of a chart
	KeepTogether bool        `json:"keep_together,omitempty"`
	// Numbering is how a text's paragraphs are numbered; after articles
	// (第一条…) the layout writes Words.End.
	Numbering string `json:"numbering,omitempty"`
}

// Chart is a chart's data, drawn as vector graphics in a PDF and as a
// native chart in a workbook.
type Chart struct {
	Kind    string   `json:"kind"` // bar, line, pie, pareto
	Labels  []string `json:"labels"`
	Series  []Series `json:"series"`
	XLabel  string   `json:"x_label,omitempty"`
	YLabel  string   `json:"y_label,omitempty"`
	Percent bool     `json:"percent,omitempty"` // values are ratios, shown as 12.5%
}

// Series is a named series of a chart, a value per label.
type Series struct {
	Name   string    `json:"name"`
	Values []float64 `json:"values"`
}

// Image is a picture from the case's folder: a logo, an evidence photo.
// Width and Height are the box it is fitted into, in mm (0: free).
type Image struct {
	Src     string  `json:"src"`
	Caption string  `json:"caption,omitempty"`
	Width   float64 `json:"width,omitempty"`
	Height  float64 `json:"height,omitempty"`
}

// Picture is a picture a document shows, read and measured once before
// layout: its bytes, its type for fpdf (JPG or PNG) and its size in pixels.
type Picture struct {
	Data []byte
	Type string
	W, H int
	// Modules, for a QR code, are its squares, dark where true (W × H);
	// it has no Data then.
	Modules [][]bool
}

// Item is one entry of a checklist, a fishbone or a chain.
type Item struct {
	Text     string   `json:"text"`
	Done     bool     `json:"done,omitempty"`
	Note     string   `json:"note,omitempty"`
	Category string   `json:"category,omitempty"`
	Chain    []string `json:"chain,omitempty"`
}

// Bone is a category of a fishbone diagram.
type Bone struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// Field is a label and its value.
type Field struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Full  bool   `json:"full,omitempty"`
	// Identifier: the value never breaks unless it is wider than its box.
	Identifier bool `json:"identifier,omitempty"`
}

// Column is a table column's header and share of the width.
type Column struct {
	Label string  `json:"label"`
	Width float64 `json:"width"`
	Align string  `json:"align,omitempty"`
	// Identifier: the column's cells never break unless wider than the cell.
	Identifier bool `json:"identifier,omitempty"`
}

// Signature is one signature box.
type Signature struct {
	Label string `json:"label"`
	Name  string `json:"name,omitempty"`
	Date  string `json:"date,omitempty"`
	Seal  bool   `json:"seal,omitempty"`
	// Sign replaces the renderer's 签字： before the name line.
	Sign string `json:"sign,omitempty"`
}

// Evaluate resolves def in loc against ctx. The context holds `case` (the
// case as plain values), `d` (values derived from it) and `L` (the labels
// of the locale); Evaluate adds `locale`, the locale's name, for the
// templates. words are the renderers' words in that locale.
func Evaluate(def *pack.Document, ctx pongo2.Context, loc locale.Locale, words Words) (*Document, error) {
	ctx["locale"] = string(loc)
	e := evaluator{file: def.File, ctx: ctx, locale: loc, words: words}
	out := &Document{
		Words:  words,
		ID:     def.ID,
		Name:   e.text(&def.Name),
		Locale: loc,
		Page: Page{Size: def.Page.Size, Orientation: def.Page.Orientation,
			Margins: def.Page.Margins, FontSize: def.Page.FontSize},
		Header: e.band(&def.Header),
		Footer: e.band(&def.Footer),
		Record: Record{Number: e.text(&def.Record.Number), Author: e.text(&def.Record.Author),
			Date: e.text(&def.Record.Date), Note: e.text(&def.Record.Note)},
	}
	sections := 0
	for i := range def.Blocks {
		b := &def.Blocks[i]
		if b.Repeat == "" {
			if rb, ok := e.block(b); ok {
				if b.Section && rb.Title != "" {
					sections++
					rb.Title = strings.NewReplacer("{n}", strconv.Itoa(sections), "{cn}", cnfmt.Numeral(sections)).Replace(words.Chinese) + rb.Title
				}
				out.Blocks = append(out.Blocks, rb)
			}
			continue
		}
		items, _ := Lookup(ctx, b.Repeat).([]any)
		outer := e.ctx
		for n, item := range items {
			e.ctx = withRow(outer, item, n+1)
			if rb, ok := e.block(b); ok {
				out.Blocks = append(out.Blocks, rb)
			}
		}
		e.ctx = outer
	}
	for i := range def.Sheets {
		sh := &def.Sheets[i]
		b := &pack.Block{Rows: sh.Rows, Columns: sh.Columns}
		ds := Sheet{Name: e.text(&sh.Name), Rows: e.rows(b)}
		for j := range sh.Columns {
			ds.Columns = append(ds.Columns, Column{Label: e.text(&sh.Columns[j].Label), Width: sh.Columns[j].Width})
		}
		out.Sheets = append(out.Sheets, ds)
	}
	if e.err != nil {
		return nil, e.err
	}
	return out, nil
}

// evaluator keeps the first error and lets evaluation run on, so the code
// reads as the document it builds.
type evaluator struct {
	file   string
	ctx    pongo2.Context
	locale locale.Locale
	words  Words
	err    error
}

func (e *evaluator) fail(t *pack.Tpl, err error) {
	if e.err == nil {
		pe := t.At(e.file, err)
		pe.Msg = "template: " + pe.Msg
		e.err = pe
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
	text := e.text(b.TextFor(e.locale))
	if b.Template != "" {
		text = paragraphs(text)
	}
	out := Block{Kind: b.Kind, Title: e.text(&b.Title), Text: text, Align: b.Align,
		Size: b.Size, Indent: b.Indent, PerRow: b.PerRow, KeepTogether: b.KeepTogether, Seal: e.text(&b.Seal), Numbering: b.Numbering}
	for i := range b.Bones {
		out.Bones = append(out.Bones, Bone{Key: b.Bones[i].Key, Label: e.text(&b.Bones[i].Label)})
	}
	switch b.Kind {
	case pack.Image:
		if src := e.text(&b.Src); src != "" {
			out.Images = []Image{{Src: src, Width: b.Width, Height: b.Height}}
		}
		return out, len(out.Images) > 0
	case pack.QR:
		// The picture is drawn from the text when pictures are loaded.
		out.Kind = pack.Image
		out.Images = []Image{{Src: QRPrefix + out.Text, Width: b.Width, Height: b.Width}}
		out.Text = ""
		return out, len(out.Images[0].Src) > len(QRPrefix)
	case pack.Gallery, pack.Checklist, pack.Fishbone, pack.Chain:
		e.items(b, &out)
		// A checklist's columns are its header row.
		for i := range b.Columns {
			c := &b.Columns[i]
			out.Columns = append(out.Columns, Column{Label: e.text(&c.Label), Width: c.Width, Align: c.Align})
		}
		return out, true
	case pack.Chart:
		out.Chart, out.Height = e.chart(b), b.Height
		return out, true
	}
	for i := range b.Fields {
		f := &b.Fields[i]
		if e.when(&f.When, e.ctx) {
			out.Fields = append(out.Fields, Field{Label: e.text(&f.Label), Value: e.text(&f.Value), Full: f.Full, Identifier: f.Identifier})
		}
	}
	for i := range b.Columns {
		c := &b.Columns[i]
		out.Columns = append(out.Columns, Column{Label: e.text(&c.Label), Width: c.Width, Align: c.Align, Identifier: c.Identifier})
	}
	if b.Rows != "" {
		out.Rows = e.rows(b)
		if len(out.Rows) == 0 && !b.Empty.IsZero() {
			out.Text = e.text(&b.Empty)
		}
	}
	if b.Kind == pack.Signatures && b.Rows != "" && len(b.Boxes) > 0 {
		list, _ := Lookup(e.ctx, b.Rows).([]any)
		for i, item := range list {
			out.Boxes = append(out.Boxes, e.box(&b.Boxes[0], withRow(e.ctx, item, i+1)))
		}
	} else {
		for i := range b.Boxes {
			out.Boxes = append(out.Boxes, e.box(&b.Boxes[i], e.ctx))
		}
	}
	if b.Numbering != "" {
		out.Text = number(out.Text, b.Numbering, e.words)
	}
	return out, true
}

func (e *evaluator) box(x *pack.Box, ctx pongo2.Context) Signature {
	return Signature{Label: e.textIn(&x.Label, ctx), Name: e.textIn(&x.Name, ctx), Date: e.textIn(&x.Date, ctx), Seal: e.when(&x.Seal, ctx) && x.Seal.Src != "", Sign: e.textIn(&x.Sign, ctx)}
}

// paragraphs drops the blank lines of a template file's output: in a
// clause file a line is a paragraph, and the lines holding only {% if %}
// or {% for %} tags must leave nothing behind.
func paragraphs(text string) string {
	var out []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n")
}

// number prefixes each non-empty paragraph with its number, in the form
// the words give the style: 第一条, 一、, （一）, 1.
func number(text, style string, w Words) string {
	form := map[string]string{"article": w.Article, "chinese": w.Chinese, "paren": w.Paren}[style]
	if form == "" {
		form = w.Decimal
	}
	var out []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		n := len(out) + 1
		r := strings.NewReplacer("{n}", strconv.Itoa(n), "{cn}", cnfmt.Numeral(n))
		out = append(out, r.Replace(form)+p)
	}
	return strings.Join(out, "\n")
}

// PackPrefix marks a picture that is a file of the pack (a seal).
const PackPrefix = "pack:"

// QRPrefix marks a picture that is a QR code of the text after it.
const QRPrefix = "qr:"

// IsPicture reports whether a file name is one kesu draws: JPEG or PNG.
func IsPicture(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// withRow is ctx with one item of a list as `row` and its 1-based
// position as `n`.
func withRow(ctx pongo2.Context, item any, n int) pongo2.Context {
	out := make(pongo2.Context, len(ctx)+2)
	for k, v := range ctx {
		out[k] = v
	}
	out["row"], out["n"] = item, n
	return out
}

// items evaluates the per-row templates of a gallery, checklist, fishbone
// or chain once per item of its list.
func (e *evaluator) items(b *pack.Block, out *Block) {
	list, _ := Lookup(e.ctx, b.Rows).([]any)
	for i, item := range list {
		ctx := withRow(e.ctx, item, i+1)
		if b.Kind == pack.Gallery {
			// A gallery shows pictures; other attachments (a PDF report)
			// are listed, not drawn.
			if src := e.textIn(&b.Src, ctx); IsPicture(src) {
				out.Images = append(out.Images, Image{Src: src, Caption: e.textIn(&b.Caption, ctx), Width: b.Width, Height: b.Height})
			}
			continue
		}
		it := Item{Text: e.textIn(&b.Item, ctx), Note: e.textIn(&b.Note, ctx), Category: e.textIn(&b.Category, ctx)}
		if b.Done.Src != "" {
			ok, err := b.Done.True(ctx)
			if err != nil {
				e.fail(&b.Done.Tpl, err)
			}
			it.Done = ok
		}
		if b.Chain != "" {
			steps, _ := Lookup(ctx, b.Chain).([]any)
			for _, s := range steps {
				it.Chain = append(it.Chain, strings.TrimSpace(fmt.Sprint(s)))
			}
		}
		out.Items = append(out.Items, it)
	}
}

// chart evaluates a chart's category and values once per item of its list.
func (e *evaluator) chart(b *pack.Block) *Chart {
	c := &Chart{Kind: b.Chart, XLabel: e.text(&b.XLabel), YLabel: e.text(&b.YLabel), Percent: b.Format == "percent"}
	for i := range b.Series {
		c.Series = append(c.Series, Series{Name: e.text(&b.Series[i].Name)})
	}
	list, _ := Lookup(e.ctx, b.Rows).([]any)
	for i, item := range list {
		ctx := withRow(e.ctx, item, i+1)
		c.Labels = append(c.Labels, e.textIn(&b.Item, ctx))
		for j := range b.Series {
			t := &b.Series[j].Value
			v, err := strconv.ParseFloat(e.textIn(t, ctx), 64)
			if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
				e.fail(t, fmt.Errorf("row %d: %q is not a number", i+1, e.textIn(t, ctx)))
				v = 0
			}
			c.Series[j].Values = append(c.Series[j].Values, v)
		}
	}
	return c
}

// rows evaluates the columns once per item of the block's list; each item
// is `row` and its 1-based position `n`.
func (e *evaluator) rows(b *pack.Block) [][]string {
	items, _ := Lookup(e.ctx, b.Rows).([]any)
	out := make([][]string, 0, len(items))
	for i, item := range items {
		ctx := withRow(e.ctx, item, i+1)
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
