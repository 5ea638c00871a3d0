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
// the page, above the header band, where the paper's margin is blank.
const (
	stampCellW  = 15 * mm
	stampCellH  = 6 * mm
	stampTop    = 2.5 * mm
	stampLabel  = 4.5
	stampValue  = 6.5
	pageNoSize  = 9.0
	pageNoRight = 10 * mm
	pageNoTop   = 4 * mm
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
// its label small at the top and its value below, centred, set smaller
// when it is too wide for the cell.
func stampBoxes(cells []StampCell, fonts typeset.Fonts) []*Box {
	const per = 3
	x0 := (pageW - per*stampCellW) / 2
	var out []*Box
	for i, c := range cells {
		x := x0 + float64(i%per)*stampCellW
		y := stampTop + float64(i/per)*stampCellH
		b := &Box{X: round(x), Y: round(y), W: round(stampCellW), H: round(stampCellH), Fill: 1, Border: true, Stroke: 0.5}
		inner := stampCellW - 2
		b.Lines = append(b.Lines, place(fonts.Regular.Break(c.Label, stampLabel, inner), x+1, y+0.5, inner, stampLabel, false, "center")...)
		if c.Value != "" {
			size := stampValue
			if w := fonts.Regular.Measure(c.Value, size); w > inner {
				size = max(3.5, size*inner/w)
			}
			vy := y + stampLabel*leading
			b.Lines = append(b.Lines, place(fonts.Regular.Break(c.Value, size, inner), x+1, vy, inner, size, false, "center")...)
		}
		out = append(out, b)
	}
	return out
}
