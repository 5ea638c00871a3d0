package ttf

import (
	"io"
	"testing"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// mergeFuzzText has runes of Go Regular, Droid (plain and composite
// ideographs) and DejaVu, and some two or three of them share.
const mergeFuzzText = "Hello, World 123 ¥é“”—顾客投诉情况，（）、；①✓→"

// FuzzMerge checks that Merge never panics, that what it returns parses,
// is accepted by sfnt and fpdf, and draws every rune exactly as wide as
// the font that owns it measures it.
func FuzzMerge(f *testing.F) {
	small := [][]byte{goregular.TTF}
	for _, load := range []func() ([]byte, error){droidData, dejavuData} {
		if data, err := load(); err == nil {
			small = append(small, data)
		}
	}
	// Subsets are small real fonts, in which mutations more often hit
	// structure than glyph data.
	for i, data := range small {
		font, err := Parse(data)
		if err != nil {
			f.Fatal(err)
		}
		if small[i], err = font.Subset([]rune(mergeFuzzText)); err != nil {
			f.Fatal(err)
		}
	}
	for i, a := range small {
		for j, b := range small {
			if i != j {
				f.Add(a, b, mergeFuzzText)
			}
		}
		f.Add(a, []byte(nil), "Hello 顾客")
	}
	f.Add(withUPEM(small[0], 1000), small[len(small)-1], mergeFuzzText)
	f.Add(withUPEM(small[0], 300), small[len(small)-1], mergeFuzzText)
	f.Add(goregular.TTF, small[len(small)-1], mergeFuzzText)

	f.Fuzz(func(t *testing.T, a, b []byte, text string) {
		runes := []rune(text)
		if len(runes) > 300 {
			return
		}
		var parts []Part
		for _, data := range [][]byte{a, b} {
			if font, err := Parse(data); err == nil {
				parts = append(parts, Part{font, runes})
			}
		}
		if len(parts) == 0 {
			return
		}
		merged, err := Merge(parts...)
		if err != nil {
			return
		}
		mf, err := Parse(merged)
		if err != nil {
			t.Fatalf("cannot parse the merged font: %v", err)
		}
		if _, err := sfnt.Parse(merged); err != nil {
			t.Fatalf("sfnt rejects the merged font: %v", err)
		}
		for _, r := range runes {
			if r == 0xffff {
				continue
			}
			want := 0
			for _, p := range parts {
				if p.Font.HasRune(r) {
					want = p.Font.Advance(r)
					break
				}
			}
			if got := mf.Advance(r); got != want {
				t.Fatalf("%U: merged width %d, source width %d", r, got, want)
			}
		}
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("f", "", merged)
		pdf.SetFont("f", "", 12)
		pdf.AddPage()
		pdf.Text(10, 10, string(runes)) // valid UTF-8, which fpdf needs
		_ = pdf.Output(io.Discard)
	})
}
