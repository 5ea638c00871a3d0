package xlsx

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"strings"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// closing puts the closing lines (organization, signer, date) flush right
// in the right half of the sheet, with the seal word where the seal goes.
func (s *sheet) closing(b *doc.Block) error {
	text := strings.TrimSpace(b.Text)
	if b.Seal != "" {
		text += "\n" + b.Seal
	}
	s.row++ // a blank row before the closing
	return s.put([]span{{gridCols/2 + 1, gridCols, text, s.st.closing, 0}}, 1)
}

// picture anchors a picture at a cell, scaled to at most w × h points.
func (s *sheet) picture(cell, src string, w, h float64) error {
	p := s.pictures[src]
	if p == nil {
		return nil
	}
	data, px := p.Data, 1
	ext := map[string]string{"JPG": ".jpg", "PNG": ".png"}[p.Type]
	if p.Modules != nil {
		// A QR code is its modules, drawn by the PDF back end as squares;
		// a workbook takes it as a PNG, modulePx pixels to a module.
		var err error
		if data, err = modulesPNG(p.Modules); err != nil {
			return err
		}
		ext, px = ".png", modulePx
	}
	scale := math.Min(w/0.75/float64(p.W*px), h/0.75/float64(p.H*px))
	return s.f.AddPictureFromBytes(s.name, cell, &excelize.Picture{Extension: ext, File: data,
		Format: &excelize.GraphicOptions{ScaleX: scale, ScaleY: scale, OffsetX: 2, OffsetY: 2, LockAspectRatio: true, Positioning: "oneCell"}})
}

func (s *sheet) image(b *doc.Block) error {
	im := b.Images[0]
	w, h := im.Width*mm, im.Height*mm
	if w == 0 {
		w = float64(gridCols) * s.colW
	}
	if h == 0 {
		h = 40 * mm
	}
	s.row++
	if err := s.f.SetRowHeight(s.name, s.row, h+4); err != nil {
		return err
	}
	return s.picture(fmt.Sprintf("A%d", s.row), im.Src, w, h)
}

// gallery puts PerRow pictures a row, each in its share of the grid, with
// the captions in the row below.
func (s *sheet) gallery(b *doc.Block) error {
	if b.Title != "" {
		if err := s.section(b.Title); err != nil {
			return err
		}
	}
	per := max(b.PerRow, 1)
	cols := gridCols / per
	cw := float64(cols) * s.colW
	h := cw * 0.75
	for i := 0; i < len(b.Images); i += per {
		row := b.Images[i:min(i+per, len(b.Images))]
		s.row++
		if err := s.f.SetRowHeight(s.name, s.row, h+4); err != nil {
			return err
		}
		caps := make([]span, 0, len(row))
		for j, im := range row {
			if err := s.picture(fmt.Sprintf("%s%d", col(j*cols+1), s.row), im.Src, cw-4, h); err != nil {
				return err
			}
			caps = append(caps, span{j*cols + 1, (j + 1) * cols, im.Caption, s.st.center, 0})
		}
		if err := s.put(caps, 1); err != nil {
			return err
		}
	}
	return nil
}

// checklist is a table: the item, ☑ or ☐, and the note.
func (s *sheet) checklist(b *doc.Block) error {
	if b.Title != "" {
		if err := s.section(b.Title); err != nil {
			return err
		}
	}
	if len(b.Columns) == 3 {
		if err := s.put([]span{{1, 7, b.Columns[0].Label, s.st.head, 0}, {8, 9, b.Columns[1].Label, s.st.head, 0}, {10, 12, b.Columns[2].Label, s.st.head, 0}}, 1); err != nil {
			return err
		}
	}
	for i, it := range b.Items {
		mark := "☐"
		if it.Done {
			mark = "☑"
		}
		if err := s.put([]span{{1, 7, strconv.Itoa(i+1) + ". " + it.Text, s.st.value, 0}, {8, 9, mark, s.st.center, 0}, {10, 12, it.Note, s.st.value, 0}}, 1); err != nil {
			return err
		}
	}
	return nil
}

// modulePx is the pixels of a QR module in a workbook: enough for Excel's
// scaling to keep the squares sharp.
const modulePx = 8

// modulesPNG draws a QR code's modules, dark where true, as a PNG.
func modulesPNG(mods [][]bool) ([]byte, error) {
	n := len(mods)
	img := image.NewGray(image.Rect(0, 0, n*modulePx, n*modulePx))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for y, row := range mods {
		for x, dark := range row {
			if dark {
				draw.Draw(img, image.Rect(x*modulePx, y*modulePx, (x+1)*modulePx, (y+1)*modulePx), image.Black, image.Point{}, draw.Src)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
