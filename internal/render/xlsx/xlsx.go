// Package xlsx writes a resolved document as a print-ready Excel workbook:
// one sheet laid out on a grid of columns, merged cells, borders, A4 fitted
// to the page width, a print area, and row heights computed from kesu's own
// text measurement — Excel does not fit the height of merged, wrapped
// cells, so without this the printout would hide text.
package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/freelist"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/klauspost/compress/flate"
)

const (
	gridCols = 12
	pageW    = 595.28
	mm       = 72 / 25.4
	// Excel pads a cell's text by about 2 px on each side, and the styles
	// indent text one level (about a character) from the border it is
	// aligned to; and the font it prints with (宋体 or a substitute) is not
	// ours, so text is measured in a slightly narrower box to be sure the
	// computed height holds.
	cellPad   = 6.0
	fontSlack = 0.92
	leading   = 1.32
	// sheetLeading is the line pitch a sheet sets lines of its own font
	// at: LibreOffice, printing 宋体 with its CJK fallback, 16 pt at
	// 10.5 pt. A cell set on kesu's explicit lines has exactly as many
	// lines as measured, with no wider column to gain lines back, so its
	// row is as tall as the sheet's lines need.
	sheetLeading = 1.52
	maxRowH      = 400.0 // Excel refuses rows taller than 409 pt
	fontName     = "宋体"
)

// Render writes d as an XLSX workbook. measure is the chain the PDF uses
// for the same text; created dates the workbook's properties.
func Render(w io.Writer, d *doc.Document, measure *typeset.Chain, pictures map[string]*doc.Picture, created time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(NewZipWriter)
	if len(pictures) > 0 || slices.ContainsFunc(d.Blocks, func(b doc.Block) bool { return b.Chart != nil }) {
		DeclareImageTypes(f)
	}
	s, err := newSheet(f, d, measure)
	s.pictures = pictures
	if err != nil {
		return err
	}
	for i := range d.Blocks {
		if err := s.block(&d.Blocks[i]); err != nil {
			return err
		}
	}
	if err := s.finish(created); err != nil {
		return err
	}
	if err := dataSheets(f, d, map[string]bool{strings.ToLower(s.name): true}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// DeclareImageTypes writes the content types of pictures in a fixed
// order. Adding a picture or a chart, excelize adds the types missing from
// [Content_Types].xml from a map, in Go's random map order, and the same
// input must give the same bytes; it adds none that are present.
func DeclareImageTypes(f *excelize.File) {
	const name = "[Content_Types].xml"
	v, ok := f.Pkg.Load(name)
	data, _ := v.([]byte)
	i := bytes.Index(data, []byte("<Types"))
	j := bytes.IndexByte(data[max(i, 0):], '>')
	if !ok || i < 0 || j < 0 {
		return
	}
	at := i + j + 1
	var defs bytes.Buffer
	for _, t := range [][2]string{{"bmp", "image/"}, {"emf", "image/x-"}, {"emz", "image/x-"}, {"gif", "image/"}, {"ico", "image/x-"},
		{"jpeg", "image/"}, {"png", "image/"}, {"svg", "image/"}, {"tiff", "image/"}, {"wmf", "image/x-"}, {"wmz", "image/x-"}} {
		fmt.Fprintf(&defs, `<Default Extension="%s" ContentType="%s%s"/>`, t[0], t[1], t[0])
	}
	out := append(append(append([]byte{}, data[:at]...), defs.Bytes()...), data[at:]...)
	f.Pkg.Store(name, out)
	f.ContentTypes = nil // parsed again, from the bytes above
}

type sheet struct {
	f        *excelize.File
	pictures map[string]*doc.Picture
	name     string
	d        *doc.Document
	measure  *typeset.Chain
	size     float64
	colW     float64 // pt
	row      int
	st       styles
	// used is the height in pt the rows since the last page break take
	// on paper, to break before a section title that would end a page.
	used float64
	// titles is the header row of the longest table, printed atop every
	// page (a sheet has one such range).
	titles, titleRows int
	breaks            int // page breaks so far, Excel's and ours
}

type styles struct {
	title, sub, section, label, value, head, center, right, sign, closing, para int
}

func sheetName(d *doc.Document) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, d.Name)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	if name == "" {
		name = d.ID
	}
	return name
}

func newSheet(f *excelize.File, d *doc.Document, measure *typeset.Chain) (*sheet, error) {
	s := &sheet{f: f, name: sheetName(d), d: d, measure: measure, size: d.Page.FontSize}
	if s.size == 0 {
		s.size = 10.5
	}
	if err := f.SetSheetName("Sheet1", s.name); err != nil {
		return nil, err
	}
	m := d.Page.Margins
	s.colW = (pageW - (m[1]+m[3])*mm) / gridCols
	if err := f.SetColWidth(s.name, "A", col(gridCols), colChars(s.colW)); err != nil {
		return nil, err
	}
	var err error
	if s.st, err = s.newStyles(); err != nil {
		return nil, err
	}
	return s, nil
}

// colChars converts points to Excel's column width unit: characters of
// the default font's digit (7 px), plus 5 px of padding, at 96 dpi.
func colChars(pt float64) float64 {
	return math.Round((pt/0.75-5)/7*100) / 100
}

func col(n int) string {
	name, _ := excelize.ColumnNumberToName(n)
	return name
}

func (s *sheet) newStyles() (styles, error) {
	thin := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: fontName, Size: size, Bold: bold}
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{tint(s.d.Accent, color)}}
	}
	// Text aligned to a side is indented one level (about a character)
	// so that it never touches the cell's border; lines and put size the
	// rows and the wrapping for that padding.
	defs := []*excelize.Style{
		{Font: font(18, true), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(9.5, false), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(s.size+0.5, true), Fill: fill("E0E0E0"), Border: thin, Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1, Vertical: "center", WrapText: true}},
		{Font: font(s.size, false), Fill: fill("F2F2F2"), Border: thin, Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1, Vertical: "center", WrapText: true}},
		{Font: font(s.size, false), Border: thin, Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1, Vertical: "center", WrapText: true}},
		{Font: font(s.size, true), Fill: fill("F2F2F2"), Border: thin, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(s.size, false), Border: thin, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}},
		{Font: font(s.size, false), Border: thin, Alignment: &excelize.Alignment{Horizontal: "right", Indent: 1, Vertical: "center", WrapText: true}},
		{Font: font(s.size, false), Border: thin, Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1, Vertical: "top", WrapText: true}},
		{Font: font(s.size, false), Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top", WrapText: true}},
		{Font: font(s.size, false), Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := s.f.NewStyle(d)
		if err != nil {
			return styles{}, err
		}
		ids[i] = id
	}
	return styles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8], ids[9], ids[10]}, nil
}

// tint replaces a gray fill by the accent colour, as light as the gray,
// when the pack has an accent.
func tint(accent, gray string) string {
	var r, g, b, level int
	if len(accent) != 7 || accent[0] != '#' {
		return gray
	}
	if _, err := fmt.Sscanf(accent[1:], "%02x%02x%02x", &r, &g, &b); err != nil {
		return gray
	}
	if _, err := fmt.Sscanf(gray[:2], "%02x", &level); err != nil {
		return gray
	}
	l := float64(level) / 255
	mix := func(c int) int { return min(int(float64(c)+(255-float64(c))*(l+(1-l)*0.35)), 255) }
	return fmt.Sprintf("%02X%02X%02X", mix(r), mix(g), mix(b))
}

// span is a cell of a grid row: the columns it covers and its text.
type span struct {
	from, to int // 1-based grid columns, inclusive
	text     string
	style    int
	size     float64
}

// unitSpace: a number and its unit parted by a space (85 MPa), which a
// sheet may wrap apart.
func unitSpace(s string) bool {
	for i := 1; i+2 < len(s); i++ {
		if s[i] == ' ' && s[i-1] >= '0' && s[i-1] <= '9' {
			if r, _ := utf8.DecodeRuneInString(s[i+1:]); unicode.IsLetter(r) && r < 0x3000 || strings.ContainsRune("µμΩ%°", r) {
				return true
			}
		}
	}
	return false
}

// lines breaks a span's text as the PDF breaks it, in the span's box;
// forced: a token is wider than the box (measured narrower than the sheet
// may set it).
func (s *sheet) lines(sp span) (ls []typeset.Line, forced bool) {
	size := sp.size
	if size == 0 {
		size = s.size
	}
	w := (float64(sp.to-sp.from+1)*s.colW - 2*cellPad) * fontSlack
	return s.measure.BreakWhole(sp.text, size, w, false)
}

// explicit is text with the line breaks of ls written into it, when one
// of them falls between two characters rather than at a space: a
// spreadsheet wraps Chinese text anywhere, a line then opening with ，or
// 。 and a number parted from its unit (LibreOffice does so), so the
// breaks kesu chose, which keep 避头尾 and tokens whole, are given to it
// instead. All breaks are written then, spaces at them dropped, or the
// sheet would wrap the lines between them its own way. The lines fit the
// cell: they were measured in a box narrower than it (fontSlack). Left to
// the sheet, as typed: text breaking only at spaces (English); text with
// no mark a line may not start or end with and no number with its unit
// (the sheet's wrapping cannot go wrong there, and a header 投诉编号 that
// the sheet's wider column holds on one line stays one word); a token
// broken by force (the caller's check: the sheet may well hold KS-T-001
// whole); text whose drawn lines cannot be matched to it character for
// character.
func explicit(text string, ls []typeset.Line) string {
	if len(ls) < 2 || !strings.ContainsAny(text, typeset.Closing+typeset.Opening) && !unitSpace(text) {
		return text
	}
	// starts[k] is where the (k+1)th line with text begins in text,
	// ends[k] where the kth ends; between them a hard break or spaces.
	var starts, ends []int
	i := 0
	for _, l := range ls {
		t := l.Text()
		if t == "" {
			continue
		}
		start := -1
		for _, r := range t {
			for {
				if i >= len(text) {
					return text
				}
				o, size := utf8.DecodeRuneInString(text[i:])
				if o == r || r == typeset.Placeholder {
					if start < 0 {
						start = i
					}
					i += size
					break
				}
				i += size
				if !unicode.IsSpace(o) && !unicode.In(o, unicode.Cf, unicode.M, unicode.Cc) {
					return text
				}
			}
		}
		if len(ends) > 0 {
			starts = append(starts, start)
		}
		ends = append(ends, i)
	}
	inside := false
	for k, st := range starts {
		if st == ends[k] {
			inside = true
		}
	}
	if !inside {
		return text
	}
	var b strings.Builder
	from := 0
	for k, st := range starts {
		b.WriteString(text[from:ends[k]])
		if gap := text[ends[k]:st]; strings.ContainsAny(gap, "\n\r\u2028\u2029\v\f\u0085") {
			b.WriteString(gap)
		} else {
			b.WriteString(strings.TrimFunc(gap, unicode.IsSpace))
			b.WriteByte('\n')
		}
		from = st
	}
	b.WriteString(text[from:])
	return b.String()
}

// put writes one grid row. A row whose text needs more height than Excel
// allows is spread over several rows merged together.
func (s *sheet) put(spans []span, minLines int) error {
	n := minLines
	size := s.size
	texts := make([]string, len(spans))
	fixed := 0.0 // the height of text set on explicit lines
	for i, sp := range spans {
		ls, forced := s.lines(sp)
		n = max(n, len(ls))
		texts[i] = sp.text
		if !forced {
			texts[i] = explicit(sp.text, ls)
		}
		if texts[i] != sp.text {
			fixed = max(fixed, float64(len(ls))*max(sp.size, s.size)*sheetLeading)
		}
		if sp.size > size {
			size = sp.size
		}
	}
	h := max(float64(n)*size*leading, fixed) + 6 // 3 pt above and below the text
	if s.used += h; s.used > s.pageH() {
		s.used = h // Excel breaks the page before this row
		s.breaks++
	}
	rows := int(math.Ceil(h / maxRowH))
	first, last := s.row+1, s.row+rows
	for r := first; r <= last; r++ {
		if err := s.f.SetRowHeight(s.name, r, math.Round(h/float64(rows)*100)/100); err != nil {
			return err
		}
	}
	for i, sp := range spans {
		tl := fmt.Sprintf("%s%d", col(sp.from), first)
		br := fmt.Sprintf("%s%d", col(sp.to), last)
		if err := s.f.SetCellStr(s.name, tl, texts[i]); err != nil {
			return err
		}
		if tl != br {
			if err := s.f.MergeCell(s.name, tl, br); err != nil {
				return err
			}
		}
		if err := s.f.SetCellStyle(s.name, tl, br, sp.style); err != nil {
			return err
		}
	}
	s.row = last
	return nil
}

// pageH is the height of a printed page's body in the sheet's points: the
// sheet is fitted to the page's width, so a page holds more rows the
// wider the grid is than the paper.
func (s *sheet) pageH() float64 {
	w, h := 595.28, 841.89
	if s.d.Page.Orientation == "landscape" {
		w, h = h, w
	}
	m := s.d.Page.Margins
	bodyW, bodyH := w-(m[1]+m[3])*72/25.4, h-(m[0]+m[2])*72/25.4
	grid := float64(gridCols) * s.colW
	return bodyH * math.Max(1, grid/bodyW)
}

// section writes a section title, after a page break when the title and
// a few lines under it do not fit the rest of the printed page: as in
// the PDF, a title never ends a page.
func (s *sheet) section(title string) error {
	if need := 2*s.size*leading + 12 + 3*s.size*leading; s.row > 0 && s.used > 0 && s.used+need > s.pageH() {
		if err := s.f.InsertPageBreak(s.name, fmt.Sprintf("A%d", s.row+1)); err != nil {
			return err
		}
		s.used = 0
		s.breaks++
	}
	return s.full(title, s.st.section, 0)
}

func (s *sheet) full(text string, style int, size float64) error {
	return s.put([]span{{1, gridCols, text, style, size}}, 1)
}

func (s *sheet) block(b *doc.Block) error {
	switch b.Kind {
	case pack.Heading:
		size := b.Size
		if size == 0 {
			size = 18
		}
		return s.full(b.Text, s.st.title, size)
	case pack.Text:
		if b.Title != "" {
			if err := s.section(b.Title); err != nil {
				return err
			}
		}
		style := s.st.sub
		switch b.Align {
		case "center":
		case "right":
			style = s.st.closing
		default:
			style = s.st.para
		}
		text := b.Text
		if b.Indent > 0 {
			text = indent(text, s.d.Words.Em, int(b.Indent))
		}
		return s.full(text, style, b.Size)
	case pack.Fields:
		return s.fields(b)
	case pack.Table:
		return s.table(b)
	case pack.Signatures:
		return s.signatures(b)
	case pack.Spacer:
		s.row++
		return s.f.SetRowHeight(s.name, s.row, math.Max(b.Size, 1))
	case pack.PageBreak:
		return s.f.InsertPageBreak(s.name, fmt.Sprintf("A%d", s.row+1))
	case pack.Closing:
		return s.closing(b)
	case pack.Image:
		return s.image(b)
	case pack.Gallery:
		return s.gallery(b)
	case pack.Checklist:
		return s.checklist(b)
	case pack.Fishbone:
		return s.fishbone(b)
	case pack.Chain:
		return s.chain(b)
	case pack.Chart:
		return s.chart(b)
	}
	return fmt.Errorf("%s: kind %v has no XLSX form", s.d.ID, b.Kind)
}

// joinWord puts a drawn word before its value: a space after
// "Signature:", none after 签字：, whose full-width colon holds its own.
func joinWord(word, value string) string {
	if r, _ := utf8.DecodeLastRuneInString(word); r >= 0x3000 && r <= 0x303f || r >= 0xff00 && r <= 0xffef {
		return word + value
	}
	return word + " " + value
}

func indent(text, em string, n int) string {
	paras := strings.Split(text, "\n")
	for i, p := range paras {
		if strings.TrimSpace(p) != "" {
			paras[i] = strings.Repeat(em, n) + p
		}
	}
	return strings.Join(paras, "\n")
}

// fields lays label/value pairs on the grid: 2 columns per label, the rest
// shared by the values of a row; a full field's value takes the rest of it.
func (s *sheet) fields(b *doc.Block) error {
	if b.Title != "" {
		if err := s.section(b.Title); err != nil {
			return err
		}
	}
	per := max(b.PerRow, 1)
	if per > gridCols/3 {
		per = gridCols / 3
	}
	valueW := (gridCols - 2*per) / per
	var row []span
	c := 1
	flush := func() error {
		if len(row) == 0 {
			return nil
		}
		row[len(row)-1].to = gridCols
		err := s.put(row, 1)
		row, c = nil, 1
		return err
	}
	used := 0
	for _, f := range b.Fields {
		if f.Full && used > 0 {
			if err := flush(); err != nil {
				return err
			}
			used = 0
		}
		row = append(row, span{c, c + 1, f.Label, s.st.label, 0})
		c += 2
		to := c + valueW - 1
		if f.Full {
			to = gridCols
		}
		row = append(row, span{c, to, f.Value, s.st.value, 0})
		c = to + 1
		used++
		if f.Full || used == per {
			if err := flush(); err != nil {
				return err
			}
			used = 0
		}
	}
	return flush()
}

// shares turns relative widths into whole grid columns (at least one
// each) that add up to the grid, by largest remainder.
func shares(ws []float64, total int) []int {
	sum := 0.0
	for _, w := range ws {
		sum += math.Max(w, 0.01)
	}
	out := make([]int, len(ws))
	rest := total - len(ws)
	type rem struct {
		i int
		r float64
	}
	var rems []rem
	used := 0
	for i, w := range ws {
		exact := math.Max(w, 0.01) / sum * float64(rest)
		out[i] = 1 + int(exact)
		used += int(exact)
		rems = append(rems, rem{i, exact - math.Floor(exact)})
	}
	for left := rest - used; left > 0; left-- {
		best := 0
		for j := range rems {
			if rems[j].r > rems[best].r {
				best = j
			}
		}
		out[rems[best].i]++
		rems[best].r = -1
	}
	return out
}

func (s *sheet) table(b *doc.Block) error {
	if b.Title != "" {
		if err := s.section(b.Title); err != nil {
			return err
		}
	}
	if len(b.Columns) == 0 || len(b.Columns) > gridCols {
		return nil
	}
	ws := make([]float64, len(b.Columns))
	for i, c := range b.Columns {
		ws[i] = c.Width
	}
	sh := shares(ws, gridCols)
	row := func(cells []string, style func(i int) int) error {
		spans := make([]span, len(cells))
		c := 1
		for i, text := range cells {
			spans[i] = span{c, c + sh[i] - 1, text, style(i), 0}
			c += sh[i]
		}
		return s.put(spans, 1)
	}
	heads := make([]string, len(b.Columns))
	for i, c := range b.Columns {
		heads[i] = c.Label
	}
	if err := row(heads, func(int) int { return s.st.head }); err != nil {
		return err
	}
	head, breaks := s.row, s.breaks
	defer func() {
		// A table that runs over a page has its header printed again.
		if s.breaks > breaks && len(b.Rows) > s.titleRows {
			s.titles, s.titleRows = head, len(b.Rows)
		}
	}()
	if len(b.Rows) == 0 && b.Text != "" {
		return s.full(b.Text, s.st.center, 0)
	}
	for _, r := range b.Rows {
		cells := make([]string, len(b.Columns))
		copy(cells, r)
		if err := row(cells, func(i int) int {
			switch b.Columns[i].Align {
			case "center":
				return s.st.center
			case "right":
				return s.st.right
			}
			return s.st.value
		}); err != nil {
			return err
		}
	}
	return nil
}

// signatures puts each signer's box side by side: label, then a line for
// the signature and the date, with room left to sign by hand.
func (s *sheet) signatures(b *doc.Block) error {
	if len(b.Boxes) == 0 {
		return nil
	}
	s.row++ // a blank row between the form and the signatures
	per := min(len(b.Boxes), 3)
	w := gridCols / per
	words := s.d.Words
	for i := 0; i < len(b.Boxes); i += per {
		var spans []span
		for j, box := range b.Boxes[i:min(i+per, len(b.Boxes))] {
			sign := words.Sign
			if box.Sign != "" {
				sign = box.Sign
			}
			text := box.Label + "\n\n" + joinWord(sign, box.Name) + "\n\n" + joinWord(words.Date, box.Date)
			if box.Seal {
				text += "\n\n" + words.Seal
			}
			to := (j + 1) * w
			if j == per-1 {
				to = gridCols
			}
			spans = append(spans, span{j*w + 1, to, text, s.st.sign, 0})
		}
		if err := s.put(spans, 6); err != nil {
			return err
		}
	}
	return nil
}

// finish sets up printing: A4, fitted to one page wide, margins of the
// document, header and footer with page numbers, and the print area.
func (s *sheet) finish(created time.Time) error {
	f := s.f
	size, fit, tall := 9, 1, 0
	orient := "portrait"
	if s.d.Page.Orientation == "landscape" {
		orient = "landscape"
	}
	if err := f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fit, FitToHeight: &tall}); err != nil {
		return err
	}
	yes := true
	if err := f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	m := s.d.Page.Margins
	in := func(v float64) *float64 { x := math.Round(v/25.4*100) / 100; return &x }
	if err := f.SetPageMargins(s.name, &excelize.PageLayoutMarginsOptions{Top: in(m[0]), Right: in(m[1]), Bottom: in(m[2]), Left: in(m[3]),
		Header: in(m[0] * 0.4), Footer: in(m[2] * 0.4)}); err != nil {
		return err
	}
	header := s.d.Header
	if s.d.Watermark != "" {
		// A sheet has no layer under its cells; the header is where every
		// printed page carries the mark.
		header.Center = strings.TrimSpace(header.Center + " " + s.d.Watermark)
	}
	if err := f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{
		OddHeader: band(header), OddFooter: band(s.d.Footer),
	}); err != nil {
		return err
	}
	no := false
	if err := f.SetSheetView(s.name, 0, &excelize.ViewOptions{ShowGridLines: &no}); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: s.name,
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", s.name, col(gridCols), max(s.row, 1))}); err != nil {
		return err
	}
	if s.titles > 0 {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", s.name, s.titles, s.titles)}); err != nil {
			return err
		}
	}
	stamp := created.UTC().Format(time.RFC3339)
	return f.SetDocProps(&excelize.DocProperties{Title: s.d.Name, Creator: "kesu", Created: stamp, Modified: stamp, Language: string(s.d.Locale)})
}

// band turns a header or footer into Excel's codes: &L &C &R sections,
// &P and &N for the page number and count, && for a literal ampersand.
func band(b doc.Band) string {
	esc := func(t string) string {
		t = strings.ReplaceAll(t, "&", "&&")
		return strings.NewReplacer("{page}", "&P", "{pages}", "&N").Replace(t)
	}
	var out string
	if b.Left != "" {
		out += "&L" + esc(b.Left)
	}
	if b.Center != "" {
		out += "&C" + esc(b.Center)
	}
	if b.Right != "" {
		out += "&R" + esc(b.Right)
	}
	return out
}

// NewZipWriter is the zip writer of kesu's workbooks: archive/zip, with
// the workbook's parts deflated by klauspost/compress, which takes a
// fraction of compress/flate's time; at BestSpeed the workbooks come out
// 6 % larger than archive/zip's default makes them. Compressors are
// kept for reuse, as archive/zip keeps its own: each holds hundreds of KB.
func NewZipWriter(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if fw, ok := deflaters.Get(); ok {
			fw.Reset(out)
			return pooledDeflater{fw}, nil
		}
		fw, err := flate.NewWriter(out, flate.BestSpeed)
		return pooledDeflater{fw}, err
	})
	return zw
}

var deflaters = freelist.New[*flate.Writer]()

type pooledDeflater struct{ *flate.Writer }

func (d pooledDeflater) Close() error {
	err := d.Writer.Close()
	deflaters.Put(d.Writer)
	return err
}
