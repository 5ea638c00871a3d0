package pdf

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/third_party/fpdf"
	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/kesuhq/kesu/internal/typeset/ttf"
)

// Meta is the document information written into the PDF.
type Meta struct {
	Title, Subject, Author, Keywords string
	Creator                          string
	Lang                             string
	// Date is the creation date; it comes from the case, never the clock,
	// so the same case gives the same bytes.
	Date time.Time
	// Files are carried inside the PDF, which makes it PDF/A-3b rather
	// than PDF/A-1b.
	Files []File
	// Plain writes a PDF that is not PDF/A, to measure what PDF/A costs.
	Plain bool
}

// Draw writes a laid-out document as PDF. Each font is embedded as a
// subset cut from the fonts parsed once per Generator, holding just the
// glyphs this document uses: fpdf then parses and compresses a font of a
// few kilobytes instead of megabytes.
func Draw(w io.Writer, l *Layout, fonts typeset.Fonts, images map[string]*doc.Picture, meta Meta) error {
	return DrawBook(w, []Part{{Layout: l}}, fonts, images, meta)
}

// Part is one document of a combined PDF; a part with a title gets a
// bookmark at its first page.
type Part struct {
	Title  string
	Layout *Layout
}

// DrawBook writes several laid-out documents as one PDF, one after the
// other, with a bookmark for each titled part.
func DrawBook(w io.Writer, parts []Part, fonts typeset.Fonts, images map[string]*doc.Picture, meta Meta) error {
	p := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: pageW, Ht: pageH}})
	p.SetCreationDate(meta.Date)
	p.SetModificationDate(meta.Date)
	p.SetCatalogSort(true)
	p.SetCompression(true)
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(0, 0, 0)
	p.SetTitle(meta.Title, true)
	p.SetSubject(meta.Subject, true)
	p.SetAuthor(meta.Author, true)
	p.SetKeywords(meta.Keywords, true)
	p.SetCreator(meta.Creator, true)
	p.SetProducer(meta.Creator, true)
	if meta.Lang != "" {
		p.SetLang(meta.Lang)
	}
	p.SetArchive(archive(meta))
	p.SetUnicodeAliases(typeset.HalfMarks())
	var pages []*Page
	for _, part := range parts {
		pages = append(pages, part.Layout.Pages...)
	}
	names, err := embedFonts(p, pages, fonts)
	if err != nil {
		return err
	}
	pen := pen{fonts: fonts, names: names}
	registered := map[string]bool{}
	for _, pg := range pages {
		for _, b := range pg.Boxes {
			if img := images[b.Src]; b.Kind == "image" && img != nil && !registered[b.Src] {
				if !meta.Plain {
					img = archivable(img)
				}
				p.RegisterImageOptionsReader(b.Src, fpdf.ImageOptions{ImageType: img.Type}, bytes.NewReader(img.Data))
				registered[b.Src] = true
			}
		}
	}
	for _, part := range parts {
		for i, pg := range part.Layout.Pages {
			p.AddPage()
			p.SetLineWidth(0.6)
			p.SetDrawColor(0, 0, 0)
			if i == 0 && part.Title != "" && len(names) > 0 {
				// fpdf encodes a bookmark as UTF-16 only while a UTF-8
				// font is current.
				p.SetFont("kesu0", "", 10)
				p.Bookmark(part.Title, 0, 0)
			}
			for _, b := range pg.Boxes {
				pen.box(p, b)
			}
		}
	}
	if err := p.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return p.Output(w)
}

// embedFonts embeds the glyphs the pages draw as few fonts as it can,
// and returns the PDF font each face's text is set in. fpdf's cost is per
// embedded font (a few milliseconds each, whatever its size), so the faces
// of a document are merged into one font (ttf.Merge); only a face that
// draws a character another face of the same font draws too (bold and
// regular Latin) goes into a second one.
func embedFonts(p *fpdf.Fpdf, pages []*Page, fonts typeset.Fonts) (map[string]string, error) {
	used := map[string][]rune{}
	byName := map[string]*ttf.Font{}
	var order []string
	for _, pg := range pages {
		for _, b := range pg.Boxes {
			for _, ln := range b.Lines {
				chain := fonts.Chain(ln.Bold)
				for _, s := range ln.Spans {
					face := chain.Faces[s.Face]
					if _, seen := byName[face.Name]; !seen {
						byName[face.Name] = face.Font
						order = append(order, face.Name)
					}
					used[face.Name] = addRunes(used[face.Name], s.Text)
				}
			}
		}
	}
	// The order faces are met in depends on the document; sort them by
	// their place in the chains so the merged fonts are the same for the
	// same faces.
	rank := map[string]int{}
	for i, f := range append(slices.Clone(fonts.Regular.Faces), fonts.Bold.Faces...) {
		if _, ok := rank[f.Name]; !ok {
			rank[f.Name] = i
		}
	}
	slices.SortStableFunc(order, func(a, b string) int { return rank[a] - rank[b] })
	for name, rs := range used {
		slices.Sort(rs)
		used[name] = slices.Compact(rs)
	}

	type merged struct {
		parts []ttf.Part
		runes []rune // what its faces draw, sorted
	}
	var out []*merged
	pdfName := map[string]string{}
	for _, name := range order {
		var into *merged
		for i, m := range out {
			if !meet(m.runes, used[name]) {
				into = m
				pdfName[name] = fmt.Sprintf("kesu%d", i)
				break
			}
		}
		if into == nil {
			into = &merged{}
			pdfName[name] = fmt.Sprintf("kesu%d", len(out))
			out = append(out, into)
		}
		into.parts = append(into.parts, ttf.Part{Font: byName[name], Runes: used[name]})
		into.runes = slices.Concat(into.runes, used[name])
		slices.Sort(into.runes)
	}
	for i, m := range out {
		data, err := ttf.Merge(m.parts...)
		if err != nil {
			return nil, fmt.Errorf("pdf: fonts: %w", err)
		}
		p.AddUTF8FontFromBytesPrecut(fmt.Sprintf("kesu%d", i), "", data)
	}
	return pdfName, nil
}

// addRunes appends the runes of s to rs, which it keeps short: a
// document draws a few hundred distinct runes many times over, so a full
// rs is sorted and compacted, and grown only if that left it over half
// full.
func addRunes(rs []rune, s string) []rune {
	for _, r := range s {
		if len(rs) == cap(rs) && len(rs) >= 64 {
			slices.Sort(rs)
			if rs = slices.Compact(rs); len(rs) > cap(rs)/2 {
				rs = slices.Grow(rs, cap(rs))
			}
		}
		rs = append(rs, r)
	}
	return rs
}

// meet reports whether two sorted rune lists share a rune.
func meet(a, b []rune) bool {
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] == b[0]:
			return true
		case a[0] < b[0]:
			a = a[1:]
		default:
			b = b[1:]
		}
	}
	return false
}

// pen draws boxes; names maps a face to the embedded font that holds its
// glyphs.
type pen struct {
	fonts typeset.Fonts
	names map[string]string
}

func (pn pen) box(p *fpdf.Fpdf, b *Box) {
	if b.Stroke > 0 {
		p.SetLineWidth(b.Stroke)
		defer p.SetLineWidth(0.6)
	}
	if b.Dashed {
		p.SetDashPattern([]float64{3, 2}, 0)
		defer p.SetDashPattern(nil, 0)
	}
	switch b.Kind {
	case "rule":
		if b.Stroke == 0 {
			p.SetLineWidth(0.5)
			defer p.SetLineWidth(0.6)
		}
		if r, g, bl, ok := rgb(b.Color); ok {
			p.SetDrawColor(r, g, bl)
			defer p.SetDrawColor(0, 0, 0)
		}
		p.Line(b.X, b.Y, b.X+b.W, b.Y+b.H)
		return
	case "polygon":
		pts := make([]fpdf.PointType, len(b.Points))
		for i, pt := range b.Points {
			pts[i] = fpdf.PointType{X: pt[0], Y: pt[1]}
		}
		if r, g, bl, ok := rgb(b.Color); ok {
			p.SetFillColor(r, g, bl)
		} else {
			g := int(b.Fill * 255)
			p.SetFillColor(g, g, g)
		}
		p.Polygon(pts, "F")
		return
	case "image":
		p.ImageOptions(b.Src, b.X, b.Y, b.W, b.H, false, fpdf.ImageOptions{}, 0, "")
		return
	case "watermark":
		// Light gray, under everything else on the page, turned so it
		// cannot be cropped off a copy.
		p.TransformBegin()
		p.TransformRotate(45, pageW/2, pageH/2)
		p.SetTextColor(215, 215, 215)
		for _, ln := range b.Lines {
			pn.line(p, ln)
		}
		p.SetTextColor(0, 0, 0)
		p.TransformEnd()
		return
	}
	style := ""
	if r, g, bl, ok := rgb(b.Color); ok {
		p.SetFillColor(r, g, bl)
		style = "F"
	} else if b.Fill > 0 {
		g := int(b.Fill * 255)
		p.SetFillColor(g, g, g)
		style = "F"
	}
	if b.Border {
		style += "D"
	}
	if style != "" {
		if b.Kind == "ellipse" {
			p.Ellipse(b.X+b.W/2, b.Y+b.H/2, b.W/2, b.H/2, 0, style)
		} else {
			p.Rect(b.X, b.Y, b.W, b.H, style)
		}
	}
	for _, ln := range b.Lines {
		pn.line(p, ln)
	}
}

func (pn pen) line(p *fpdf.Fpdf, ln Line) {
	chain := pn.fonts.Chain(ln.Bold)
	if r, g, b, ok := rgb(ln.Color); ok {
		p.SetTextColor(r, g, b)
		defer p.SetTextColor(0, 0, 0)
	}
	x := ln.X
	if ln.Spacing != 0 {
		if pn.spreadLine(p, chain, ln) {
			return
		}
		p.SetCharSpacing(ln.Spacing)
		defer p.SetCharSpacing(0)
	}
	for _, s := range ln.Spans {
		face := chain.Faces[s.Face]
		p.SetFont(pn.names[face.Name], "", ln.Size)
		if ln.WordSpacing != 0 && strings.Contains(s.Text, " ") {
			// A CID font's spaces are two-byte codes, which the Tw
			// operator does not stretch: the words are placed one by one.
			words := strings.Split(s.Text, " ")
			for i, w := range words {
				if w != "" {
					p.Text(x, ln.Y, w)
				}
				x += chain.Measure(w, ln.Size)
				if i < len(words)-1 {
					x += chain.Measure(" ", ln.Size) + ln.WordSpacing
				}
			}
			continue
		}
		if ln.Bold && face.FauxBold {
			// Fill and stroke the outline: a bold look from a font that
			// has no bold weight.
			p.SetTextRenderingMode(2)
			p.SetLineWidth(ln.Size * 0.04)
			p.Text(x, ln.Y, s.Text)
			p.SetTextRenderingMode(0)
			p.SetLineWidth(0.6)
		} else {
			p.Text(x, ln.Y, s.Text)
		}
		x += s.Width + ln.Spacing*float64(utf8.RuneCountInString(s.Text))
	}
}

// spreadLine draws a justified Chinese line that holds words or numbers:
// the slack goes after each character (the Tc operator) but not between
// two characters of one word or number, which are drawn as one run at
// their own spacing (spreadGaps counted the same gaps). It reports false,
// drawing nothing, for a line with no such pair, which one Tc serves.
func (pn pen) spreadLine(p *fpdf.Fpdf, chain *typeset.Chain, ln Line) bool {
	type glyph struct {
		span   int
		r      rune
		spread bool // the gap after it takes a share of the slack
	}
	var gs []glyph
	tight := false
	for i, s := range ln.Spans {
		if ln.Bold && chain.Faces[s.Face].FauxBold {
			return false // stroked runs keep the one Tc of the line
		}
		for _, r := range s.Text {
			if n := len(gs); n > 0 {
				prev := &gs[n-1]
				prev.spread = !(wordRune(prev.r) && wordRune(r))
				tight = tight || !prev.spread
			}
			gs = append(gs, glyph{span: i, r: r, spread: true})
		}
	}
	if !tight {
		return false
	}
	x := ln.X
	var run []rune
	for i := 0; i < len(gs); {
		s := ln.Spans[gs[i].span]
		// A run is either characters each followed by a share of the
		// slack, or a word: characters followed by none, and its last.
		j, spacing := i, ln.Spacing
		if gs[i].spread {
			for j < len(gs) && gs[j].span == gs[i].span && gs[j].spread {
				j++
			}
		} else {
			spacing = 0
			for j < len(gs) && gs[j].span == gs[i].span && !gs[j].spread {
				j++
			}
			if j < len(gs) && gs[j].span == gs[i].span {
				j++ // the word's last character
			}
		}
		run = run[:0]
		for _, g := range gs[i:j] {
			run = append(run, g.r)
		}
		text := string(run)
		p.SetFont(pn.names[chain.Faces[s.Face].Name], "", ln.Size)
		p.SetCharSpacing(spacing)
		p.Text(x, ln.Y, text)
		x += chain.Measure(text, ln.Size) + spacing*float64(j-i)
		if spacing == 0 && gs[j-1].spread {
			x += ln.Spacing
		}
		i = j
	}
	p.SetCharSpacing(0)
	return true
}
