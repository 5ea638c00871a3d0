package ttf

import (
	"io"
	"slices"
	"testing"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
	"golang.org/x/image/font/gofont/goregular"
)

// fuzzRunes cover Go Regular, Droid and Droid's composite ideographs.
var fuzzRunes = []rune("Hello, World 123 ¥é顾客投诉情况，（）、；")

// addSeeds seeds f with Go Regular, truncated and corrupted copies of it,
// and small subsets, in which mutations land on structure rather than on
// glyph data more often.
func addSeeds(f *testing.F) {
	font := goregular.TTF
	f.Add(font)
	for _, n := range []int{0, 4, 12, 100, 300, 2000, len(font) / 2, len(font) - 1} {
		f.Add(font[:n])
	}
	for i := range int(u16(font, 4)) {
		rec := font[12+16*i:]
		off, length := int(u32(rec, 8)), int(u32(rec, 12))
		for _, at := range []int{0, 2, 4, 6, 12, 34, 50, length / 2} {
			if at < length {
				c := slices.Clone(font)
				c[off+at] ^= 0xff
				f.Add(c)
			}
		}
	}
	f.Add(makeCollection(font))
	seeds := [][]byte{font}
	if droid, err := droidData(); err == nil {
		seeds = append(seeds, droid)
	}
	for _, data := range seeds {
		ft, err := Parse(data)
		if err != nil {
			f.Fatal(err)
		}
		sub, err := ft.Subset(fuzzRunes)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(sub)
	}
}

// FuzzParse checks that no input makes Parse or Subset panic, and that a
// subset of any font Parse accepts is itself acceptable.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = CollectionFaces(data)
		_, _ = ParseCollection(data, 0)
		font, err := Parse(data)
		if err != nil {
			return
		}
		// The cmap and hmtx are read at lookup: whatever Parse accepted
		// must answer within the font.
		for _, r := range fuzzRunes {
			if g := font.GlyphIndex(r); int(g) >= font.numGlyphs {
				t.Fatalf("GlyphIndex(%U) = %d, the font has %d glyphs", r, g, font.numGlyphs)
			}
			font.Advance(r)
		}
		sub, err := font.Subset(fuzzRunes)
		if err != nil {
			return
		}
		if _, err := Parse(sub); err != nil {
			t.Fatalf("cannot parse our own subset: %v", err)
		}
	})
}

// FuzzSubsetFpdf checks that fpdf can embed every subset we produce: fpdf
// reads fonts without bounds checks, so a malformed subset would crash the
// program rather than fail the document.
func FuzzSubsetFpdf(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := Parse(data)
		if err != nil {
			return
		}
		sub, err := font.Subset(fuzzRunes)
		if err != nil {
			return
		}
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("f", "", sub)
		pdf.SetFont("f", "", 12)
		pdf.AddPage()
		pdf.Text(10, 10, string(fuzzRunes))
		_ = pdf.Output(io.Discard)
	})
}
