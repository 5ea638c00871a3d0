// Package pdf lays a resolved document out on A4 pages and draws it with
// fpdf. Layout and drawing are separate steps: the layout (pages → boxes →
// lines) is plain data that golden tests compare, so a character lost at a
// line break is a diff in text, not in bytes.
package pdf

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/typeset"
)

// A4 in points.
const (
	pageW = 595.28
	pageH = 841.89
	mm    = 72 / 25.4
)

// Layout is a document placed on pages.
type Layout struct {
	Pages []*Page `json:"pages"`
	// Warnings name the fields whose value had to be broken by force
	// (a token wider than its whole cell): printed whole, never clipped,
	// but not the way a reader expects it.
	Warnings []string `json:"warnings,omitempty"`
}

// Page is one page's boxes in drawing order.
type Page struct {
	Boxes []*Box `json:"boxes"`
	// continued: the page begins with the rest of a split row or paragraph.
	continued bool
}

// Box is a rectangle with optional fill and border, and the text lines
// placed in it. A box of kind "rule" is a line from (X,Y) to (X+W,Y+H).
//
// Other kinds: "polygon" fills Points; "ellipse" is inscribed in the box;
// "image" draws the picture Src into the box; "watermark" draws its lines
// in light gray, turned 45° about the page's centre.
type Box struct {
	Kind   string       `json:"kind,omitempty"`
	X      float64      `json:"x"`
	Y      float64      `json:"y"`
	W      float64      `json:"w"`
	H      float64      `json:"h"`
	Fill   float64      `json:"fill,omitempty"` // gray level 0..1 of the fill; 0: none
	Border bool         `json:"border,omitempty"`
	Dashed bool         `json:"dashed,omitempty"`
	Stroke float64      `json:"stroke,omitempty"` // line width; 0: the default
	Color  string       `json:"color,omitempty"`  // fill (rule: line) colour #RRGGBB, instead of Fill
	Points [][2]float64 `json:"points,omitempty"`
	Src    string       `json:"src,omitempty"`
	Lines  []Line       `json:"lines,omitempty"`
}

// Line is a line of text with its baseline origin.
type Line struct {
	X     float64 `json:"x"`
	Y     float64 `json:"y"`
	Size  float64 `json:"size"`
	Bold  bool    `json:"bold,omitempty"`
	Color string  `json:"color,omitempty"` // #RRGGBB; "": black
	// Justified lines spread their slack: Chinese between characters
	// (Spacing, after each glyph), English between words (WordSpacing,
	// added to each space).
	Spacing     float64        `json:"spacing,omitempty"`
	WordSpacing float64        `json:"word_spacing,omitempty"`
	Spans       []typeset.Span `json:"spans"`
}

// Text is the line's text.
func (l Line) Text() string { return typeset.Line{Spans: l.Spans}.Text() }

// Style of the default forms. Sizes are points.
const (
	pad       = 4.0  // horizontal cell padding
	vpad      = 3.5  // vertical cell padding
	leading   = 1.45 // line height as a multiple of the font size
	ascent    = 0.86 // baseline below the top of the em box, as a share of the size
	titleSize = 18.0
	bandSize  = 8.5
	// a label cell's share of the content width
	minLabelShare = 0.12
	maxLabelShare = 0.22
	fillTitle     = 0.88
	fillLabel     = 0.95
)

type flow struct {
	images map[string]*doc.Picture
	fonts  typeset.Fonts
	d      *doc.Document
	size   float64
	left   float64
	width  float64
	top    float64
	bottom float64
	y      float64
	pages  []*Page
	page   *Page
	labelW float64
	// pending rows are placed together with the next row (keep with next).
	pending [][]*cell
	// title is the section title of the block being placed, repeated
	// with Words.Continued atop a page the block continues on.
	title string
	head  []*cell
	// marks are where the blocks placed on the current page begin, so a
	// signature block that must open a new page takes lines with it.
	marks []mark
	// ended: a contract's articles were closed with Words.End.
	ended bool
	// warned: the fields already named in a warning.
	warned   map[string]bool
	warnings []string
	wraps    map[wrapKey][]wrapped
}

// labelWidth is the width of the label column of every fields block: the
// longest label's, within bounds, so 是否超过保质期 stays on one line without
// starving the values, and the sections of a form line up.
func (f *flow) labelWidth() float64 {
	w := 0.0
	for i := range f.d.Blocks {
		if b := &f.d.Blocks[i]; b.Kind == pack.Fields {
			w = math.Max(w, f.labelsWidth(b))
		}
	}
	return math.Min(math.Max(w, f.width*minLabelShare), f.width*maxLabelShare)
}

// labelsWidth is the width the longest label of a fields block needs.
func (f *flow) labelsWidth(b *doc.Block) float64 {
	w := 0.0
	for _, fl := range b.Fields {
		w = math.Max(w, f.fonts.Regular.Measure(fl.Label, f.size)+2*pad+1)
	}
	return w
}

// Lay places a resolved document on pages. images holds every picture the
// document names, by its Src. A block of a kind it has no layout for is an
// error, not a block left out of a signed document.
func Lay(d *doc.Document, fonts typeset.Fonts, images map[string]*doc.Picture) (*Layout, error) {
	m := d.Page.Margins
	f := &flow{images: images, fonts: fonts, d: d, size: d.Page.FontSize,
		top: m[0] * mm, left: m[3] * mm, width: pageW - (m[1]+m[3])*mm, bottom: pageH - m[2]*mm}
	if f.size == 0 {
		f.size = 10.5
	}
	f.labelW = f.labelWidth()
	f.newPage()
	for i := range d.Blocks {
		if !f.block(&d.Blocks[i]) {
			return nil, fmt.Errorf("%s: block %d: kind %v has no PDF layout", d.ID, i+1, d.Blocks[i].Kind)
		}
	}
	f.bands()
	return &Layout{Pages: f.pages, Warnings: f.warnings}, nil
}

func (f *flow) newPage() {
	f.page = &Page{}
	f.pages = append(f.pages, f.page)
	f.y = f.top
	f.marks = f.marks[:0]
}

// mark is where a block's boxes begin on a page.
type mark struct {
	kind pack.Kind
	idx  int     // first box of the block on the page
	y    float64 // the top of the block
	lh   float64 // a text block's line height
	// prose: a text block of several lines (a date line is not what a
	// signature signs); title and head: a grid's title and table header,
	// set again atop a page its last row is carried to.
	prose bool
	title string
	head  []*cell
}

func (f *flow) room() float64 { return f.bottom - f.y }

// lines breaks text for a box of the given inner width.
func (f *flow) lines(text string, size, width float64, bold bool) []typeset.Line {
	c := f.fonts.Regular
	if bold {
		c = f.fonts.Bold
	}
	return c.Break(text, size, width)
}

// place turns broken lines into positioned lines inside a box's content
// area starting at (x, y), aligned within width.
func place(ls []typeset.Line, x, y, width, size float64, bold bool, align string) []Line {
	out := make([]Line, 0, len(ls))
	lh := size * leading
	for i, l := range ls {
		lx := x
		switch align {
		case "center":
			lx = x + (width-l.Width)/2
		case "right":
			lx = x + width - l.Width
		}
		if len(l.Spans) == 0 {
			continue
		}
		out = append(out, Line{X: round(lx), Y: round(y + float64(i)*lh + (lh-size)/2 + ascent*size), Size: size, Bold: bold, Spans: l.Spans})
	}
	return out
}

func round(v float64) float64 { return math.Round(v*100) / 100 }

func (f *flow) block(b *doc.Block) (known bool) {
	f.title = ""
	m := mark{kind: b.Kind, idx: len(f.page.Boxes), y: f.y}
	if b.Kind == pack.Text {
		m.lh = f.textSize(b) * leading
		m.prose = b.Indent > 0 || b.Numbering != "" || strings.Count(b.Text, "\n") >= 2
	}
	f.head = nil
	page := f.page
	defer func() {
		m.title, m.head = f.title, f.head
		// A block that broke to a new page begins, there, at the top.
		if f.page != page {
			m.idx, m.y = 0, f.top
			for i, b := range f.page.Boxes {
				if b.Y >= f.top-0.01 {
					m.idx = i
					break
				}
			}
		}
		f.marks = append(f.marks, m)
	}()
	switch b.Kind {
	case pack.Heading:
		f.heading(b)
	case pack.Fields:
		f.fields(b)
	case pack.Table:
		f.table(b)
	case pack.Text:
		f.text(b)
	case pack.Signatures:
		f.signatures(b)
	case pack.Spacer:
		f.y += b.Size
	case pack.PageBreak:
		if f.y > f.top {
			f.newPage()
		}
	case pack.Closing:
		f.closing(b)
	case pack.Image:
		f.image(b)
	case pack.Gallery:
		f.gallery(b)
	case pack.Chart:
		f.chart(b)
	case pack.Checklist:
		f.checklist(b)
	case pack.Fishbone:
		f.fishbone(b)
	case pack.Chain:
		f.chain(b)
	default:
		return false
	}
	return true
}

func (f *flow) heading(b *doc.Block) {
	size := b.Size
	if size == 0 {
		size = titleSize
	}
	ls := f.lines(b.Text, size, f.width, true)
	h := float64(len(ls))*size*leading + size*0.6
	// A heading alone at the foot of a page belongs on the next one.
	if f.room() < h+4*f.size*leading && f.y > f.top {
		f.newPage()
	}
	align := b.Align
	if align == "" {
		align = "center"
	}
	lines := place(ls, f.left, f.y, f.width, size, true, align)
	for i := range lines {
		lines[i].Color = f.d.Accent
	}
	f.page.Boxes = append(f.page.Boxes, &Box{X: f.left, Y: round(f.y), W: f.width, H: round(h), Lines: lines})
	f.y += h
}

// cell is one cell of a grid row before placement.
type cell struct {
	x, w  float64
	text  string
	bold  bool
	fill  float64
	align string
	lines []typeset.Line
	// field names the value in a warning; whole: it is an identifier.
	field string
	whole bool
}

func (f *flow) mkCell(x, w float64, text string, bold bool, fill float64, align string) *cell {
	return f.valueCell(&cell{x: x, w: w, text: text, bold: bold, fill: fill, align: align})
}

// valueCell breaks a cell's text for its width; a token wider than the
// whole cell is broken by force, and the field is named in a warning.
func (f *flow) valueCell(c *cell) *cell {
	chain := f.fonts.Regular
	if c.bold {
		chain = f.fonts.Bold
	}
	var forced bool
	c.lines, forced = chain.BreakWhole(c.text, f.size, c.w-2*pad, c.whole)
	if forced && c.field != "" {
		f.warn(c.field, c.text)
	}
	return c
}

func (f *flow) warn(field, text string) {
	key := field + "\x00" + text
	if f.warned[key] {
		return
	}
	if f.warned == nil {
		f.warned = map[string]bool{}
	}
	f.warned[key] = true
	f.warnings = append(f.warnings, fmt.Sprintf("%s: %q is wider than its cell and was broken by force", field, text))
}

func (f *flow) rowHeight(cells []*cell) float64 {
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	return float64(n)*f.size*leading + 2*vpad
}

// splitLines is the row height, in lines, above which a row that does not
// fit is split between lines instead of moved whole: a long description
// moved to the next page would leave half a page blank. Up to eight lines a
// row stays whole, as a reader of a table expects (a five-line action cut
// 3 + 2 around a repeated header read as two actions).
const splitLines = 8

func maxLines(cells []*cell) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c.lines))
	}
	return n
}

// row places a grid row. A short row that does not fit the rest of the
// page moves to the next; a tall one is split between lines, keeping at
// least two lines on each side. Pending rows (a section title, a table's
// header) go first, on the same page as the row. After a page break,
// repeat draws the table header again.
func (f *flow) row(cells []*cell, repeat func()) {
	lh := f.size * leading
	n := maxLines(cells)
	first := float64(n)*lh + 2*vpad
	if n > splitLines {
		first = 2*lh + 2*vpad
	}
	if f.pendingHeight()+first > f.room() && f.y > f.top {
		f.newPage()
		if len(f.pending) == 0 {
			f.continued(repeat)
		}
	}
	f.flushPending()
	for {
		fit := int((f.room() - 2*vpad) / lh)
		if n <= fit || (fit < 1 && f.y <= f.top) {
			f.emitRow(cells, n)
			return
		}
		k := min(fit, n-2)
		if k >= 2 {
			head := make([]*cell, len(cells))
			for i, c := range cells {
				cp := *c
				cp.lines = c.lines[:min(k, len(c.lines))]
				head[i] = &cp
				c.lines = c.lines[min(k, len(c.lines)):]
			}
			f.emitRow(head, k)
			n = maxLines(cells)
			f.newPage()
			f.page.continued = true
		} else {
			f.newPage()
		}
		f.continued(repeat)
	}
}

// continued opens a page a block goes on over: its section title again,
// marked （续）, then its table header.
func (f *flow) continued(repeat func()) {
	if f.title != "" {
		t := f.mkCell(f.left, f.width, f.title+f.d.Words.Continued, true, fillTitle, "")
		f.emitRow([]*cell{t}, maxLines([]*cell{t}))
	}
	if repeat != nil {
		repeat()
	}
}

func (f *flow) emitRow(cells []*cell, n int) {
	h := float64(n)*f.size*leading + 2*vpad
	for _, c := range cells {
		f.page.Boxes = append(f.page.Boxes, &Box{X: round(c.x), Y: round(f.y), W: round(c.w), H: round(h), Fill: c.fill, Border: true,
			Color: f.tint(c.fill), Lines: place(c.lines, c.x+pad, f.y+vpad, c.w-2*pad, f.size, c.bold, c.align)})
	}
	f.y += h
}

// tint is the accent colour mixed with white for a shaded box, as light
// as the gray it replaces; "" without an accent.
func (f *flow) tint(gray float64) string {
	if f.d.Accent == "" || gray == 0 {
		return ""
	}
	r, g, b, ok := rgb(f.d.Accent)
	if !ok {
		return ""
	}
	mix := func(c int) int { return int(float64(c) + (255-float64(c))*(gray+(1-gray)*0.35)) }
	return fmt.Sprintf("#%02X%02X%02X", min(mix(r), 255), min(mix(g), 255), min(mix(b), 255))
}

// rgb reads #RRGGBB.
func rgb(hex string) (r, g, b int, ok bool) {
	if len(hex) != 7 || hex[0] != '#' {
		return 0, 0, 0, false
	}
	_, err := fmt.Sscanf(hex[1:], "%02x%02x%02x", &r, &g, &b)
	return r, g, b, err == nil
}

// sectionTitle is a shaded full-width row. It waits, pending, until the
// block's first row is placed, so a title never ends a page alone.
func (f *flow) sectionTitle(title string) {
	f.title = title
	if title != "" {
		f.pending = append(f.pending, []*cell{f.mkCell(f.left, f.width, title, true, fillTitle, "")})
	}
}

func (f *flow) pendingHeight() float64 {
	h := 0.0
	for _, r := range f.pending {
		h += f.rowHeight(r)
	}
	return h
}

func (f *flow) flushPending() {
	for _, r := range f.pending {
		f.emitRow(r, maxLines(r))
	}
	f.pending = nil
}

func (f *flow) fields(b *doc.Block) {
	f.sectionTitle(b.Title)
	per := b.PerRow
	if per < 1 {
		per = 2
	}
	labelW := f.labelW
	if per >= 3 {
		// Three pairs to a row: labels as wide as the document's longest
		// would starve the values (an English CAR broke 8D-RC-2026-0007
		// over three lines), so such a block measures its own labels and
		// gives them at most 40 % of a pair.
		labelW = math.Min(labelW, math.Min(f.labelsWidth(b), 0.4*f.width/float64(per)))
	}
	valueW := (f.width - float64(per)*labelW) / float64(per)
	var cells []*cell
	x, used := f.left, 0
	flush := func() {
		if len(cells) == 0 {
			return
		}
		// Cells of an incomplete last row stretch to the right edge.
		last := cells[len(cells)-1]
		last.w = f.left + f.width - last.x
		f.valueCell(last)
		f.row(cells, nil)
		cells, x, used = nil, f.left, 0
	}
	for _, fl := range b.Fields {
		// A value with a token wider than its share of the row (an order
		// number, a long model) takes the rest of a row of its own
		// rather than be broken.
		if !fl.Full {
			if lo, _ := f.fonts.Regular.Widths(fl.Value, f.size, fl.Identifier); lo > valueW-2*pad {
				fl.Full = true
			}
		}
		if fl.Full && used > 0 {
			flush()
		}
		cells = append(cells, f.mkCell(x, labelW, fl.Label, false, fillLabel, ""))
		x += labelW
		w := valueW
		if fl.Full {
			w = f.left + f.width - x
		}
		cells = append(cells, f.valueCell(&cell{x: x, w: w, text: fl.Value, field: fl.Label, whole: fl.Identifier}))
		x += w
		used++
		if fl.Full || used == per {
			flush()
		}
	}
	flush()
	f.flushPending()
}

func (f *flow) table(b *doc.Block) {
	f.sectionTitle(b.Title)
	if len(b.Columns) == 0 {
		return
	}
	xs := f.columns(b)
	head := make([]*cell, len(b.Columns))
	for i, c := range b.Columns {
		head[i] = f.mkCell(xs[i], xs[i+1]-xs[i], c.Label, true, fillLabel, "center")
	}
	header := func() { f.emitRow(head, maxLines(head)) }
	f.head = head
	f.pending = append(f.pending, head)
	if len(b.Rows) == 0 {
		if b.Text != "" {
			f.row([]*cell{f.mkCell(f.left, f.width, b.Text, false, 0, "center")}, header)
		}
		f.flushPending()
		return
	}
	for _, r := range b.Rows {
		cells := make([]*cell, len(b.Columns))
		for i := range b.Columns {
			text := ""
			if i < len(r) {
				text = r[i]
			}
			c := b.Columns[i]
			cells[i] = f.valueCell(&cell{x: xs[i], w: xs[i+1] - xs[i], text: text, align: c.Align, field: c.Label, whole: c.Identifier})
		}
		f.row(cells, header)
	}
}

// text sets paragraphs: one per line of the text, each with a first-line
// indent of Indent ems (two ideographic spaces is the Chinese norm; an
// English text indents with em spaces).
func (f *flow) text(b *doc.Block) {
	if b.Title != "" {
		f.sectionTitle(b.Title)
	}
	size := f.textSize(b)
	lh := size * leading
	var all []typeset.Line
	var ends []bool // the last line of each paragraph stays flush left
	text := b.Text
	if b.Numbering == "article" && f.d.Words.End != "" {
		// Nothing may be added below a contract's last article.
		text += "\n" + f.d.Words.End
		f.ended = true
	}
	for _, para := range strings.Split(text, "\n") {
		if b.Indent > 0 && strings.TrimSpace(para) != "" {
			para = strings.Repeat(f.d.Words.Em, int(b.Indent)) + strings.TrimLeft(para, " \u3000\u2003")
		}
		ls := f.paragraph(para, size, f.width)
		all = append(all, ls...)
		for i := range ls {
			ends = append(ends, i == len(ls)-1)
		}
	}
	if b.KeepTogether && f.pendingHeight()+float64(len(all))*lh > f.room() && float64(len(all))*lh <= f.bottom-f.top {
		f.newPage()
	}
	if f.pendingHeight()+float64(min(2, len(all)))*lh > f.room() && f.y > f.top {
		if len(all) <= 2 && len(f.pending) == 0 {
			// A line or two closing a letter (此致 / 敬礼！) does not open
			// a page alone either.
			f.carry(float64(len(all)) * lh)
		} else {
			f.newPage()
		}
	}
	f.flushPending()
	for len(all) > 0 {
		fit := int(f.room() / lh)
		// Keep at least two lines together at a page break (no orphans).
		if fit < 2 && len(all) > fit {
			f.newPage()
			f.continued(nil)
			continue
		}
		n := min(fit, len(all))
		if n < len(all) && len(all)-n < 2 && n > 2 {
			n--
		}
		lines := place(all[:n], f.left, f.y, f.width, size, false, b.Align)
		if b.Align == "" || b.Align == "left" || b.Align == "justify" {
			f.justify(lines, all[:n], ends[:n], f.width)
		}
		f.page.Boxes = append(f.page.Boxes, &Box{X: f.left, Y: round(f.y), W: f.width, H: round(float64(n) * lh), Lines: lines})
		f.y += float64(n) * lh
		all, ends = all[n:], ends[n:]
		if len(all) > 0 {
			f.newPage()
			f.page.continued = true
			f.continued(nil)
		}
	}
	f.y += size * 0.4
}

func (f *flow) textSize(b *doc.Block) float64 {
	if b.Size > 0 {
		return b.Size
	}
	return f.size
}

// widowRunes: a paragraph's last line of at most this many characters
// (意。) reads as a stray; the paragraph is set narrower until its last
// line holds more.
const widowRunes = 2

// paragraph breaks one paragraph of prose, without a widow: when the last
// line would hold one or two characters, the lines are set up to two ems
// narrower (justification then fills them out again) so that characters
// come down to it.
func (f *flow) paragraph(text string, size, width float64) []typeset.Line {
	ls := f.lines(text, size, width, false)
	if len(ls) < 2 || !widow(ls[len(ls)-1]) {
		return ls
	}
	for d := size / 4; d <= 2*size; d += size / 4 {
		alt := f.lines(text, size, width-d, false)
		if !widow(alt[len(alt)-1]) && len(alt) <= len(ls)+1 {
			return alt
		}
	}
	return ls
}

func widow(l typeset.Line) bool {
	n := utf8.RuneCountInString(strings.TrimSpace(l.Text()))
	return n > 0 && n <= widowRunes
}

// signatures draws one box per signer side by side, never split across
// pages: a signature separated from what it signs is worthless.
func (f *flow) signatures(b *doc.Block) {
	if len(b.Boxes) == 0 {
		return
	}
	per := min(len(b.Boxes), 3)
	gap := 12.0
	w := (f.width - gap*float64(per-1)) / float64(per)
	lh := f.size * leading
	boxH := 5*lh + 2*vpad
	if hasSeal(b.Boxes) {
		boxH += 3 * lh
	}
	for _, s := range b.Boxes {
		if f.ownLine(s.Sign, w-pad*4) {
			boxH += lh
			break
		}
	}
	rows := (len(b.Boxes) + per - 1) / per
	need := float64(rows)*(boxH+gap) + gap
	if need > f.room() && f.y > f.top && !f.carry(need) && f.ended && f.d.Words.NoText != "" {
		// A contract's signature page that no line of the text could
		// come to says that nothing was left off it.
		f.noText()
	}
	f.y += gap
	for i, s := range b.Boxes {
		col := i % per
		if col == 0 && i > 0 {
			f.y += boxH + gap
		}
		x := f.left + float64(col)*(w+gap)
		f.signature(s, x, f.y, w, boxH)
	}
	f.y += boxH + gap
}

// noText heads a signature page with Words.NoText.
func (f *flow) noText() {
	ls := f.lines(f.d.Words.NoText, f.size, f.width, false)
	h := float64(len(ls)) * f.size * leading
	f.page.Boxes = append(f.page.Boxes, &Box{X: f.left, Y: round(f.y), W: f.width, H: round(h), Lines: place(ls, f.left, f.y, f.width, f.size, false, "")})
	f.y += h
}

// ownLine reports whether the words before a signature line take more than
// half the box: the line then goes below them.
func (f *flow) ownLine(word string, iw float64) bool {
	return f.fonts.Regular.Measure(word+"  ", f.size) > iw/2
}

func hasSeal(bs []doc.Signature) bool {
	for _, s := range bs {
		if s.Seal {
			return true
		}
	}
	return false
}

func (f *flow) signature(s doc.Signature, x, y, w, h float64) {
	lh := f.size * leading
	box := &Box{X: round(x), Y: round(y), W: round(w), H: round(h), Border: true}
	f.page.Boxes = append(f.page.Boxes, box)
	ix, iw := x+pad*2, w-pad*4
	cy := y + vpad
	add := func(text string, bold bool) {
		ls := f.lines(text, f.size, iw, bold)
		box.Lines = append(box.Lines, place(ls, ix, cy, iw, f.size, bold, "")...)
		cy += float64(len(ls)) * lh
	}
	add(s.Label, true)
	if s.Seal {
		seal := 2.6 * lh
		f.page.Boxes = append(f.page.Boxes, &Box{X: round(x + w - pad*2 - seal*1.6), Y: round(cy + lh*0.2), W: round(seal * 1.6), H: round(seal), Border: true, Dashed: true,
			Lines: place(f.lines(f.d.Words.Seal, f.size*0.9, seal*1.6, false), x+w-pad*2-seal*1.6, cy+lh*0.2+seal/2-lh/2, seal*1.6, f.size*0.9, false, "center")})
		cy += 3 * lh
	}
	sign := f.d.Words.Sign
	if s.Sign != "" {
		sign = s.Sign
	}
	for _, l := range []struct{ word, value string }{{sign, s.Name}, {f.d.Words.Date, s.Date}} {
		lx := ix + f.fonts.Regular.Measure(l.word+"  ", f.size)
		if f.ownLine(l.word, iw) {
			// Long words (法定代表人/授权代表（签字）：) leave the line
			// below them whole for the signature.
			add(l.word, false)
			add(l.value, false)
			lx = ix
		} else {
			add(l.word+"  "+l.value, false)
		}
		f.page.Boxes = append(f.page.Boxes, &Box{Kind: "rule", X: round(lx), Y: round(cy - lh*0.2), W: round(ix + iw - lx), H: 0})
		cy += lh * 0.5
	}
}

// watermark is the text laid across the middle of a page, large; the
// drawing turns it.
func (f *flow) watermark() *Box {
	size := 64.0
	w := f.fonts.Regular.Measure(f.d.Watermark, size)
	if w > pageH*0.9 {
		size *= pageH * 0.9 / w
		w = pageH * 0.9
	}
	ls := f.lines(f.d.Watermark, size, w+1, false)
	x, y := (pageW-w)/2, pageH/2-size*leading/2
	return &Box{Kind: "watermark", X: round(x), Y: round(y), W: round(w), H: round(size * leading), Lines: place(ls, x, y, w, size, false, "")}
}

// bands adds the header and footer to every page, now that the page count
// is known. Drawing order is reading order for text extraction, copy and
// paste and screen readers: bands go first on a page, except on a page that
// continues a paragraph from the one before, where they go last, so the
// paragraph reads whole.
func (f *flow) bands() {
	n := len(f.pages)
	for i, p := range f.pages {
		var boxes []*Box
		fill := func(s string) string {
			return strings.NewReplacer("{page}", strconv.Itoa(i+1), "{pages}", strconv.Itoa(n)).Replace(s)
		}
		band := func(b doc.Band, y float64) {
			for _, slot := range []struct{ text, align string }{{b.Left, ""}, {b.Center, "center"}, {b.Right, "right"}} {
				if slot.text == "" {
					continue
				}
				text := fill(slot.text)
				// A band is one line: a long one is set smaller, never cut.
				size := bandSize
				if w := f.fonts.Regular.Measure(text, size); w > f.width {
					size = math.Max(6, size*f.width/w)
				}
				ls := f.lines(text, size, f.width, false)
				boxes = append(boxes, &Box{X: f.left, Y: round(y), W: f.width, H: round(float64(len(ls)) * size * leading),
					Lines: place(ls, f.left, y, f.width, size, false, slot.align)})
			}
		}
		hy := f.top - 2.2*bandSize*leading
		if f.d.Header != (doc.Band{}) {
			band(f.d.Header, hy)
			boxes = append(boxes, &Box{Kind: "rule", X: f.left, Y: round(hy + bandSize*leading + 1), W: f.width, Color: f.d.Accent})
		}
		if f.d.Footer != (doc.Band{}) {
			band(f.d.Footer, f.bottom+bandSize*leading)
		}
		if p.continued {
			p.Boxes = append(p.Boxes, boxes...)
		} else {
			p.Boxes = append(boxes, p.Boxes...)
		}
		if f.d.Watermark != "" {
			p.Boxes = append([]*Box{f.watermark()}, p.Boxes...)
		}
	}
}

// columns sizes a table's columns to their content, as HTML's automatic
// table layout does: each column has a min-content width (its widest
// token: a quantity, a date's 2026年, a model number) and a max-content
// width (its longest cell on one line). Narrow columns get their whole
// max-content first, narrowest first, as long as the others keep their
// minimum: so 12000 or a date never breaks while a description can; what
// is left goes to the columns still short of their max-content, in
// proportion to what they lack, then by the pack's shares. Only when the
// minimums alone are wider than the table are they scaled down (and
// tokens broken by force, with a warning).
func (f *flow) columns(b *doc.Block) []float64 {
	n := len(b.Columns)
	minW, maxW := make([]float64, n), make([]float64, n)
	share := make([]float64, n)
	shares := 0.0
	for i, c := range b.Columns {
		share[i] = math.Max(c.Width, 0.01)
		shares += share[i]
		// A header breaks only when it must: it is read as one word.
		lo, hi := f.fonts.Bold.Widths(c.Label, f.size, false)
		if utf8.RuneCountInString(c.Label) <= 6 {
			lo = hi
		}
		minW[i], maxW[i] = lo, hi
		for _, r := range b.Rows {
			if i < len(r) {
				lo, hi := f.fonts.Regular.Widths(r[i], f.size, c.Identifier)
				if c.Identifier {
					lo = hi
				}
				minW[i], maxW[i] = math.Max(minW[i], lo), math.Max(maxW[i], hi)
			}
		}
		minW[i] += 2*pad + 0.5
		maxW[i] = math.Max(maxW[i]+2*pad+0.5, minW[i])
	}
	w := slices.Clone(minW)
	sumMin := 0.0
	for _, v := range minW {
		sumMin += v
	}
	if sumMin > f.width {
		// Cut the widest minimums down to a common cap, so only a token
		// wider than its fair share (a 60-character serial) is broken and
		// the quantities and dates beside it still fit.
		lo, hi := 0.0, f.width
		for range 40 {
			c, sum := (lo+hi)/2, 0.0
			for _, v := range minW {
				sum += math.Min(v, c)
			}
			if sum > f.width {
				hi = c
			} else {
				lo = c
			}
		}
		sum := 0.0
		for i, v := range minW {
			w[i] = math.Min(v, lo)
			sum += w[i]
		}
		w[len(w)-1] += f.width - sum
		return edges(f.left, w)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(maxW[a], maxW[b]) })
	free := f.width - sumMin
	for _, i := range order {
		if need := maxW[i] - w[i]; need <= free {
			w[i] = maxW[i]
			free -= need
		}
	}
	lack := 0.0
	for i := range w {
		lack += maxW[i] - w[i]
	}
	if lack > 0 {
		for i := range w {
			w[i] += free * (maxW[i] - w[i]) / lack
		}
		return edges(f.left, w)
	}
	for i := range w {
		w[i] += free * share[i] / shares
	}
	return edges(f.left, w)
}

// edges are the x of each column's left edge and the table's right edge.
func edges(left float64, w []float64) []float64 {
	xs := make([]float64, len(w)+1)
	xs[0] = left
	for i, v := range w {
		xs[i+1] = xs[i] + v
	}
	return xs
}

// carryLines is how many lines of what it signs a signature block takes
// with it to a new page: a page of signatures alone could be signed and
// stapled to any text.
const carryLines = 2

// carry opens a new page for a block of need points (signatures, a
// letter's closing) that does not fit, and brings the last lines of what
// precedes it along: the last lines of the prose above (at least two stay
// behind) or the last row of a table or form (its title marked （续） and
// its header set again above it), with the blocks between (a date line, a
// spacer) and a heading left alone above them. When nothing can come
// along, or it would not fit, the block opens the page alone and carry
// reports false.
func (f *flow) carry(need float64) bool {
	old := f.page
	end := func(i int) int {
		if i+1 < len(f.marks) {
			return f.marks[i+1].idx
		}
		return len(old.Boxes)
	}
	from, part, lines := len(f.marks), -1, 0
	var cutY float64
	cutBox, keep := -1, 0
walk:
	for i := len(f.marks) - 1; i >= 0 && lines < carryLines; i-- {
		m := f.marks[i]
		switch {
		case m.idx >= end(i) || m.kind == pack.Spacer || m.kind == pack.Heading:
			from = i
		case m.kind == pack.Text && end(i)-m.idx == 1:
			b := old.Boxes[m.idx]
			n := len(b.Lines)
			if !m.prose {
				from = i
				continue
			}
			if want := carryLines - lines; n-want >= 2 {
				part, cutBox, keep = i, m.idx, n-want
				cutY = b.Y + float64(keep)*m.lh
				lines = carryLines
			} else {
				from, lines = i, lines+n
			}
		case m.kind == pack.Fields || m.kind == pack.Table || m.kind == pack.Checklist:
			boxes := old.Boxes[m.idx:end(i)]
			rows := 0
			for j := range boxes {
				if j == 0 || boxes[j].Y != boxes[j-1].Y {
					rows++
				}
			}
			j := len(boxes) - 1
			for j > 0 && boxes[j-1].Y == boxes[j].Y {
				j--
			}
			if rows <= 2 && m.title == "" && len(m.head) == 0 {
				// A short form block of its own (attachments) comes along
				// whole.
				from = i
				n := 0
				for _, b := range boxes {
					n = max(n, len(b.Lines))
				}
				lines += n
				continue
			}
			// Title and header stay with at least one row.
			if rows-1 < 2+len(m.head)/max(len(m.head), 1) {
				break walk
			}
			part, cutBox, keep = i, m.idx+j, 0
			cutY = boxes[j].Y
			lines = carryLines
		default:
			break walk
		}
	}
	if part < 0 {
		for from > 0 && f.marks[from-1].kind == pack.Heading {
			from--
		}
	}
	if lines == 0 || (part < 0 && from >= len(f.marks)) {
		f.newPage()
		return false
	}
	if part < 0 {
		cutY = f.marks[from].y
	}
	var top []*cell
	if part >= 0 && f.marks[part].kind != pack.Text {
		m := f.marks[part]
		if m.title != "" {
			top = append(top, f.mkCell(f.left, f.width, m.title+f.d.Words.Continued, true, fillTitle, ""))
		}
	}
	topH := 0.0
	if len(top) > 0 {
		topH += f.rowHeight(top)
	}
	if part >= 0 && len(f.marks[part].head) > 0 {
		topH += f.rowHeight(f.marks[part].head)
	}
	h := f.y - cutY
	if topH+h+need > f.bottom-f.top {
		f.newPage()
		return false
	}
	var moved []*Box
	switch {
	case part >= 0 && keep > 0:
		b := old.Boxes[cutBox]
		rest := *b
		rest.Lines = b.Lines[keep:]
		rest.Y, rest.H = cutY, b.Y+b.H-cutY
		b.Lines, b.H = b.Lines[:keep], round(cutY-b.Y)
		moved = append([]*Box{&rest}, old.Boxes[cutBox+1:]...)
		old.Boxes = old.Boxes[:cutBox+1]
	case part >= 0:
		moved = slices.Clone(old.Boxes[cutBox:])
		old.Boxes = old.Boxes[:cutBox]
	default:
		idx := f.marks[from].idx
		moved = slices.Clone(old.Boxes[idx:])
		old.Boxes = old.Boxes[:idx]
	}
	var head []*cell
	if part >= 0 {
		head = f.marks[part].head
	}
	f.newPage()
	f.page.continued = part >= 0 && keep > 0
	if len(top) > 0 {
		f.emitRow(top, maxLines(top))
	}
	if len(head) > 0 {
		f.emitRow(head, maxLines(head))
	}
	for _, b := range moved {
		shift(b, f.y-cutY)
	}
	f.page.Boxes = append(f.page.Boxes, moved...)
	f.y += h
	return true
}

// justify sets prose flush with both edges (两端对齐), the last line of a
// paragraph flush left: a Chinese line spreads its slack evenly between
// its characters, an English one between its words. A line so short that
// spreading it would tear it apart (the slack over half an em a gap) is
// left as it is.
func (f *flow) justify(placed []Line, ls []typeset.Line, ends []bool, width float64) {
	english := f.d.Locale.English()
	j := 0
	for i, l := range ls {
		if len(l.Spans) == 0 {
			continue
		}
		ln := &placed[j]
		j++
		slack := width - l.Width
		if ends[i] || slack <= 0.01 {
			continue
		}
		text := l.Text()
		if english && !mostlyHan(text) {
			if n := strings.Count(strings.TrimSpace(text), " "); n > 0 && slack/float64(n) <= 2*ln.Size {
				ln.WordSpacing = round4(slack / float64(n))
			}
			continue
		}
		if n := spreadGaps(text); n > 0 && slack/float64(n) <= ln.Size/2 {
			ln.Spacing = round4(slack / float64(n))
		}
	}
}

// wordRune: a character of a Latin word, a number or a code (¥12,800.00,
// HJ-BC-2041L-A03, 0.9mm). Justification never opens the gap between two
// of them: spread letter by letter, 2026 would print as 2 0 2 6.
func wordRune(r rune) bool {
	return r > ' ' && r < 0x7f || r == '¥' || r == '·' || r == '°' || r == '±' || r == '×'
}

// spreadGaps is how many gaps of a justified Chinese line take a share of
// its slack: one after every character but the last, except inside a word
// or number.
func spreadGaps(s string) int {
	n, prev := 0, rune(-1)
	for _, r := range s {
		if prev >= 0 && !(wordRune(prev) && wordRune(r)) {
			n++
		}
		prev = r
	}
	return n
}

// mostlyHan: a line with more Chinese characters than Latin letters (a
// Chinese sentence quoted in an English document) is justified as Chinese,
// between its characters: spread over its one or two spaces, the slack
// opens holes (`(3)     我司已为…`).
func mostlyHan(s string) bool {
	han, latin := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 0x80 && unicode.IsLetter(r):
			latin++
		}
	}
	return han > latin
}

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }
