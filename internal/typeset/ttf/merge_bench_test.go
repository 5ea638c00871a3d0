package ttf

import (
	"io"
	"strconv"
	"testing"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
)

// benchDoc is a realistic document for the merge benchmarks: 301 distinct
// ideographs and CJK punctuation from Droid, 64 Latin runes from Go, and 3
// symbols only DejaVu has.
const benchDoc = sampleCJK +
	"Customer complaint record No. 2024-0315-017: Zhang Xiaokun (tel. +86 138 0013 8000), " +
	"e-mail zhang.xk@example.com; amount ¥1,280.00, 15% off — “urgent”. " +
	"The quick brown fox jumps over the lazy dog! VWXYZ QJKG? ☑ done ✓ ①"

func BenchmarkMerge(b *testing.B) {
	_, fonts := chain(b)
	parts := fallbackParts(benchDoc, fonts...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Merge(parts...); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubsetChain cuts the same document's three subsets, for
// comparison with BenchmarkMerge.
func BenchmarkSubsetChain(b *testing.B) {
	_, fonts := chain(b)
	parts := fallbackParts(benchDoc, fonts...)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range parts {
			if _, err := p.Font.Subset(p.Runes); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// placedRun is a run of text in one font at a position on the page.
type placedRun struct {
	run
	x, y float64
}

// layoutPage breaks text into lines of an A4 page at size pt, 50 pt
// margins, and places its runs where kesu's measurements put them.
func layoutPage(text string, fonts []*Font, size float64) []placedRun {
	const left, width = 50.0, 495.0
	var out []placedRun
	x, y := left, 70.0
	for _, r := range text {
		i := owner(r, fonts)
		w := float64(fonts[i].Advance(r)) * size / 1000
		if x+w > left+width {
			x, y = left, y+size*1.5
		}
		if n := len(out); n > 0 && out[n-1].font == i && out[n-1].y == y {
			out[n-1].text += string(r)
		} else {
			out = append(out, placedRun{run{i, string(r)}, x, y})
		}
		x += w
	}
	return out
}

// BenchmarkDocumentChain compares one A4 page of mixed text embedding the
// three fonts of the fallback chain as separate subsets with embedding one
// merged font. Both cut their fonts, set the same runs at the same
// positions and write the PDF.
func BenchmarkDocumentChain(b *testing.B) {
	_, fonts := chain(b)
	const size = 10.5
	parts := fallbackParts(benchDoc, fonts...)
	runs := layoutPage(benchDoc, fonts, size)
	b.Run("separate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			pdf := fpdf.New("P", "pt", "A4", "")
			for i, p := range parts {
				sub, err := p.Font.Subset(p.Runes)
				if err != nil {
					b.Fatal(err)
				}
				pdf.AddUTF8FontFromBytes("f"+strconv.Itoa(i), "", sub)
			}
			pdf.AddPage()
			for _, r := range runs {
				pdf.SetFont("f"+strconv.Itoa(r.font), "", size)
				pdf.Text(r.x, r.y, r.text)
			}
			if err := pdf.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("merged", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			merged, err := Merge(parts...)
			if err != nil {
				b.Fatal(err)
			}
			pdf := fpdf.New("P", "pt", "A4", "")
			pdf.AddUTF8FontFromBytes("merged", "", merged)
			pdf.SetFont("merged", "", size)
			pdf.AddPage()
			for _, r := range runs {
				pdf.Text(r.x, r.y, r.text)
			}
			if err := pdf.Output(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}
