package pdf

import (
	"strconv"

	"github.com/kesuhq/kesu/internal/typeset"
)

// A closure bundle's combined PDF is a volume (卷) as an archives office
// arranges one (DA/T 22): every page numbered through the volume at its
// top right corner, where the office stamps its 页号, and the first page
// of each document stamped with the 归档章.

// StampCell is one cell of the 归档章: what it holds, and its value (""
// leaves the cell empty, to be written by hand).
type StampCell struct {
	Label, Value string
}

// Stamp sizes, in points: a stamp of 3 × 2 cells at the top centre of
// the page, in the blank strip above the header band (which begins 10.5 mm
// down on the default pack's tightest page), each cell one line: its
// label small, then its value.
const (
	stampCellW  = 21 * mm
	stampCellH  = 4.2 * mm
	stampTop    = 1.5 * mm
	stampLabel  = 4.2
	stampValue  = 5.5
	pageNoSize  = 9.0
	pageNoRight = 10 * mm
	pageNoTop   = 3 * mm
)

// Volume returns the parts with every page numbered from 1 through all
// of them at the top right corner, and the first page of each part for
// which stamp returns cells stamped with them (three to a row). The
// layouts given are not changed: a document's own PDF has neither.
func Volume(parts []Part, fonts typeset.Fonts, stamp func(part int) []StampCell) []Part {
	out := make([]Part, len(parts))
	n := 0
	for i, part := range parts {
		l := &Layout{Pages: make([]*Page, len(part.Layout.Pages))}
		for j, pg := range part.Layout.Pages {
			n++
			cp := *pg
			cp.Boxes = append([]*Box(nil), pg.Boxes...)
			if j == 0 {
				if cells := stamp(i); len(cells) > 0 {
					cp.Boxes = append(cp.Boxes, stampBoxes(cells, fonts)...)
				}
			}
			cp.Boxes = append(cp.Boxes, pageNumber(n, fonts))
			l.Pages[j] = &cp
		}
		out[i] = Part{Title: part.Title, Layout: l}
	}
	return out
}

// pageNumber is the volume's page number (页号) at the top right corner.
func pageNumber(n int, fonts typeset.Fonts) *Box {
	text := strconv.Itoa(n)
	w := fonts.Bold.Measure(text, pageNoSize)
	x := pageW - pageNoRight - w
	ls := fonts.Bold.Break(text, pageNoSize, w+1)
	return &Box{X: round(x), Y: round(pageNoTop), W: round(w), H: round(pageNoSize * leading),
		Lines: place(ls, x, pageNoTop, w, pageNoSize, true, "")}
}

// stampBoxes draws the 归档章: white cells with a thin border, each with
// its label small and its value after it, centred, set smaller when the
// two are too wide for the cell.
func stampBoxes(cells []StampCell, fonts typeset.Fonts) []*Box {
	const per = 3
	x0 := (pageW - per*stampCellW) / 2
	var out []*Box
	for i, c := range cells {
		x := x0 + float64(i%per)*stampCellW
		y := stampTop + float64(i/per)*stampCellH
		b := &Box{X: round(x), Y: round(y), W: round(stampCellW), H: round(stampCellH), Fill: 1, Border: true, Stroke: 0.5}
		inner := stampCellW - 2
		label, value, gap := stampLabel, stampValue, 2.0
		w := fonts.Regular.Measure(c.Label, label) + gap + fonts.Regular.Measure(c.Value, value)
		if w > inner {
			label, value, gap = label*inner/w, value*inner/w, gap*inner/w
			w = inner
		}
		base := y + stampCellH/2 + value*0.35
		lx := x + (stampCellW-w)/2
		for _, part := range []struct {
			text string
			size float64
		}{{c.Label, label}, {c.Value, value}} {
			for _, l := range fonts.Regular.Break(part.text, part.size, inner) {
				b.Lines = append(b.Lines, Line{X: round(lx), Y: round(base), Size: part.size, Spans: l.Spans})
				lx += l.Width
			}
			lx += gap
		}
		out = append(out, b)
	}
	return out
}
