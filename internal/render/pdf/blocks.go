package pdf

import (
	"math"
	"strconv"
	"strings"

	"github.com/kesuhq/kesu/internal/doc"
)

// closing sets a letter's or agreement's closing lines flush right — the
// organization, the signer, the date — with a dashed seal box over them,
// where the company seal (公章) is stamped. It never splits.
func (f *flow) closing(b *doc.Block) {
	lh := f.size * leading
	var lines []string
	for _, l := range strings.Split(b.Text, "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	w := 0.0
	for _, l := range lines {
		w = math.Max(w, f.fonts.Regular.Measure(l, f.size))
	}
	w = math.Min(w, f.width*0.6)
	x := f.left + f.width - w
	box := &Box{X: round(x), Y: round(f.y), W: round(w)}
	seal := 0.0
	if b.Seal != "" {
		seal = 84 // pt: the size a 42 mm round seal is drawn at, scaled to the page
	}
	h := math.Max(float64(len(lines)+1)*lh, seal)
	if h+lh > f.room() && f.y > f.top {
		f.carry(h + lh)
		box.Y = round(f.y)
	}
	y := f.y + lh*0.5
	for _, l := range lines {
		ls := f.lines(l, f.size, w, false)
		box.Lines = append(box.Lines, place(ls, x, y, w, f.size, false, "right")...)
		y += float64(len(ls)) * lh
	}
	box.H = round(y - f.y)
	if img := f.sealImage(b); img != nil {
		// The organization's seal, stamped over its name as on paper.
		w, h := fit(f.images[img.Src], seal*1.15, seal*1.15)
		cx, cy := x+w*0.35, f.y+lh*0.5+lh/2
		f.page.Boxes = append(f.page.Boxes, box)
		f.page.Boxes = append(f.page.Boxes, &Box{Kind: "image", X: round(cx - w/2), Y: round(cy - h/2), W: round(w), H: round(h), Src: img.Src})
		f.y += math.Max(y-f.y, seal*0.75) + lh*0.5
		return
	}
	if seal > 0 {
		// Left of the signer's lines, where the stamp goes without hiding
		// the words under a placeholder.
		cx := x - seal/2 - 6
		cy := f.y + math.Max(y-f.y, seal)/2
		f.page.Boxes = append(f.page.Boxes, &Box{Kind: "ellipse", X: round(cx - seal/2), Y: round(cy - seal/2), W: seal, H: seal, Border: true, Dashed: true,
			Lines: place(f.lines(b.Seal, f.size*0.85, seal, false), cx-seal/2, cy-f.size*0.85*leading/2, seal, f.size*0.85, false, "center")})
	}
	f.page.Boxes = append(f.page.Boxes, box)
	f.y += math.Max(y-f.y, seal*0.75) + lh*0.5
}

// sealImage is the organization's seal picture for a closing, if the
// pack has one.
func (f *flow) sealImage(b *doc.Block) *doc.Image {
	if len(b.Images) == 0 || f.images[b.Images[0].Src] == nil {
		return nil
	}
	return &b.Images[0]
}

// fit scales a picture into a box of at most w × h points, keeping its
// proportions: never stretched.
func fit(img *doc.Picture, w, h float64) (float64, float64) {
	iw, ih := float64(img.W), float64(img.H)
	if iw <= 0 || ih <= 0 {
		return w, h
	}
	s := math.Min(w/iw, h/ih)
	return iw * s, ih * s
}

// image places one picture (a letterhead logo) of at most Width × Height mm.
func (f *flow) image(b *doc.Block) {
	im := b.Images[0]
	img := f.images[im.Src]
	if img == nil {
		return
	}
	mw, mh := im.Width*mm, im.Height*mm
	if mw == 0 {
		mw = f.width
	}
	if mh == 0 {
		mh = 40 * mm
	}
	w, h := fit(img, mw, mh)
	if h > f.room() && f.y > f.top {
		f.newPage()
	}
	x := f.left
	switch b.Align {
	case "center":
		x += (f.width - w) / 2
	case "right":
		x += f.width - w
	}
	if img.Modules != nil {
		f.modules(img.Modules, x, f.y, w)
	} else {
		f.page.Boxes = append(f.page.Boxes, &Box{Kind: "image", X: round(x), Y: round(f.y), W: round(w), H: round(h), Src: im.Src})
	}
	f.y += h + f.size*0.5
}

// modules draws a QR code's dark modules as filled squares, a run of
// them in a row as one rectangle.
func (f *flow) modules(mods [][]bool, x, y, side float64) {
	m := side / float64(len(mods))
	for r, row := range mods {
		for c := 0; c < len(row); c++ {
			if !row[c] {
				continue
			}
			end := c
			for end+1 < len(row) && row[end+1] {
				end++
			}
			f.page.Boxes = append(f.page.Boxes, &Box{X: round(x + float64(c)*m), Y: round(y + float64(r)*m), W: round(float64(end-c+1) * m), H: round(m) + 0.01, Color: "#000000"})
			c = end
		}
	}
}

// gallery puts pictures in a grid, PerRow a row, each fitted into its cell
// with its caption below; a row of pictures is never split across pages.
func (f *flow) gallery(b *doc.Block) {
	if len(b.Images) == 0 {
		return
	}
	f.sectionTitle(b.Title)
	per := b.PerRow
	if per < 1 {
		per = 2
	}
	gap := 8.0
	cw := (f.width - gap*float64(per-1)) / float64(per)
	maxH := cw * 0.75
	if b.Images[0].Height > 0 {
		maxH = b.Images[0].Height * mm
	}
	csize := f.size * 0.9
	for i := 0; i < len(b.Images); i += per {
		row := b.Images[i:min(i+per, len(b.Images))]
		caps := 1
		for _, im := range row {
			caps = max(caps, len(f.lines(im.Caption, csize, cw, false)))
		}
		h := maxH + float64(caps)*csize*leading + gap
		if f.pendingHeight()+h > f.room() && f.y > f.top {
			f.newPage()
		}
		f.flushPending()
		for j, im := range row {
			x := f.left + float64(j)*(cw+gap)
			if img := f.images[im.Src]; img != nil {
				w, ih := fit(img, cw, maxH)
				f.page.Boxes = append(f.page.Boxes, &Box{Kind: "image", X: round(x + (cw-w)/2), Y: round(f.y + (maxH-ih)/2), W: round(w), H: round(ih), Src: im.Src})
			}
			f.page.Boxes = append(f.page.Boxes, &Box{X: round(x), Y: round(f.y), W: round(cw), H: round(maxH), Border: true})
			if im.Caption != "" {
				ls := f.lines(im.Caption, csize, cw, false)
				f.page.Boxes = append(f.page.Boxes, &Box{X: round(x), Y: round(f.y + maxH), W: round(cw), H: round(float64(len(ls)) * csize * leading),
					Lines: place(ls, x, f.y+maxH+2, cw, csize, false, "center")})
			}
		}
		f.y += h
	}
}

// checklist is a table of items with a tick or an empty box for each and
// a note; its header comes from the block's columns (item, done, note).
func (f *flow) checklist(b *doc.Block) {
	f.sectionTitle(b.Title)
	ws := []float64{0.58, 0.14, 0.28}
	xs := []float64{f.left, f.left + f.width*ws[0], f.left + f.width*(ws[0]+ws[1]), f.left + f.width}
	if len(b.Columns) == 3 {
		head := make([]*cell, 3)
		for i, c := range b.Columns {
			head[i] = f.mkCell(xs[i], xs[i+1]-xs[i], c.Label, true, fillLabel, "center")
		}
		f.pending = append(f.pending, head)
	}
	for i, it := range b.Items {
		mark := "☐"
		if it.Done {
			mark = "☑"
		}
		f.row([]*cell{
			f.mkCell(xs[0], xs[1]-xs[0], numbered(i+1, it.Text), false, 0, ""),
			f.mkCell(xs[1], xs[2]-xs[1], mark, false, 0, "center"),
			f.mkCell(xs[2], xs[3]-xs[2], it.Note, false, 0, ""),
		}, nil)
	}
	f.flushPending()
}

func numbered(n int, text string) string {
	return strconv.Itoa(n) + ". " + text
}
