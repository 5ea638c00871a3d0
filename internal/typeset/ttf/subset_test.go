package ttf

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

func TestSubsetRoundTrip(t *testing.T) {
	droidRaw, _ := droid(t)
	tests := []struct {
		name   string
		data   []byte
		text   string
		absent string // runes the font has but the subset must not
	}{
		{"droid", droidRaw, "顾客投诉情况登记表，张晓堃（）、；", "国。 "},
		{"goregular", goregular.TTF, "Hello, World 123 ¥", "Zz¢é"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			orig := mustParse(t, tc.data)
			sub, err := orig.Subset([]rune(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("subset: %d bytes", len(sub))
			checkStructure(t, sub)

			f := mustParse(t, sub)
			for _, r := range tc.text {
				if !f.HasRune(r) || f.Advance(r) != orig.Advance(r) {
					t.Errorf("%U: subset has %v, advance %d; original %d", r, f.HasRune(r), f.Advance(r), orig.Advance(r))
				}
			}
			for _, r := range tc.absent {
				if f.HasRune(r) {
					t.Errorf("subset has %U, which was not asked for", r)
				}
			}
			if f.FamilyName() != orig.FamilyName() || f.UnitsPerEm() != orig.UnitsPerEm() {
				t.Errorf("subset is %q/%d, original %q/%d", f.FamilyName(), f.UnitsPerEm(), orig.FamilyName(), orig.UnitsPerEm())
			}

			sameOutlines(t, tc.data, sub, tc.text)
			if got := pdfText(t, sub, tc.text); got != tc.text {
				t.Errorf("pdftotext read %q, want %q", got, tc.text)
			}
			sameRendering(t, tc.data, sub, tc.text)
		})
	}
}

// pdfText renders text with font through fpdf and reads it back with
// pdftotext, which proves the embedded font, cmap and widths fit together.
func pdfText(t *testing.T, font []byte, text string) string {
	t.Helper()
	return string(bytes.TrimSpace(popplerOutput(t, "pdftotext", "-enc", "UTF-8", writePDF(t, font, text), "-")))
}

// sameRendering checks that poppler draws text identically with the whole
// font and with the subset.
func sameRendering(t *testing.T, full, sub []byte, text string) {
	t.Helper()
	// Without an output file name, pdftoppm writes the image to stdout.
	want := popplerOutput(t, "pdftoppm", "-r", "50", "-png", writePDF(t, full, text))
	if len(want) == 0 {
		t.Fatal("pdftoppm wrote nothing")
	}
	if got := popplerOutput(t, "pdftoppm", "-r", "50", "-png", writePDF(t, sub, text)); !bytes.Equal(got, want) {
		t.Error("the subset renders differently from the whole font")
	}
}

func writePDF(t *testing.T, font []byte, text string) string {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("f", "", font)
	pdf.SetFont("f", "", 14)
	pdf.AddPage()
	pdf.Text(20, 30, text)
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := pdf.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// popplerOutput runs a poppler-utils tool and returns its standard output,
// skipping the test where poppler is not installed.
func popplerOutput(t *testing.T, tool string, args ...string) []byte {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Skipf("%s not installed", tool)
	}
	out, err := exec.Command(path, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	return out
}

// sameOutlines checks with x/image's sfnt, a strict and independent reader,
// that every rune of text has the same outline in sub as in orig. For
// composite glyphs this proves the components were renumbered correctly.
// It returns the number of outline segments seen.
func sameOutlines(t *testing.T, orig, sub []byte, text string) int {
	t.Helper()
	of, err := sfnt.Parse(orig)
	if err != nil {
		t.Fatal(err)
	}
	sf, err := sfnt.Parse(sub)
	if err != nil {
		t.Fatalf("sfnt rejects the subset: %v", err)
	}
	ppem := fixed.I(int(of.UnitsPerEm()))
	var ob, sb sfnt.Buffer
	segments := 0
	for _, r := range text {
		ox, _ := of.GlyphIndex(&ob, r)
		sx, err := sf.GlyphIndex(&sb, r)
		if err != nil || sx == 0 {
			t.Errorf("sfnt: no glyph for %U in subset: %v", r, err)
			continue
		}
		want, _ := of.LoadGlyph(&ob, ox, ppem, nil)
		got, err := sf.LoadGlyph(&sb, sx, ppem, nil)
		if err != nil {
			t.Errorf("sfnt: LoadGlyph(%U): %v", r, err)
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("%U: outline differs from the original's", r)
		}
		segments += len(got)
	}
	return segments
}

// checkStructure verifies what sfnt does not: tables sorted, aligned and
// checksummed, and the whole-file checksum.
func checkStructure(t *testing.T, font []byte) {
	t.Helper()
	if sum := checksum(font); sum != checksumMagic {
		t.Errorf("file checksum %#x, want %#x", sum, checksumMagic)
	}
	n := int(u16(font, 4))
	prev := ""
	for i := range n {
		rec := font[12+16*i:]
		tag, off, length := string(rec[:4]), int(u32(rec, 8)), int(u32(rec, 12))
		if tag <= prev {
			t.Errorf("table %q after %q", tag, prev)
		}
		prev = tag
		if off%4 != 0 {
			t.Errorf("table %q at unaligned offset %d", tag, off)
		}
		data := slices.Clone(font[off : off+length])
		if tag == "head" {
			clear(data[8:12])
		}
		if checksum(data) != u32(rec, 4) {
			t.Errorf("table %q: bad checksum", tag)
		}
	}
}

// TestSubsetComposite subsets composite glyphs: Droid builds most
// ideographs from shared radical components (Go's fonts have no composite
// glyphs), DejaVu its accented letters.
func TestSubsetComposite(t *testing.T) {
	droidRaw, _ := droid(t)
	fonts := map[string][]byte{"droid": droidRaw}
	if dejavu, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); err == nil {
		fonts["dejavu"] = dejavu
	}
	for name, data := range fonts {
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, data)
			composites := compositeRunes(t, f)
			if len(composites) == 0 {
				t.Fatal("no composite glyph found")
			}
			t.Logf("%d runes with composite glyphs, e.g. %q", len(composites), composites[:min(10, len(composites))])
			for _, r := range composites[:min(20, len(composites))] {
				sub, err := f.Subset([]rune{r})
				if err != nil {
					t.Fatal(err)
				}
				if n := mustParse(t, sub).numGlyphs; n < 3 {
					t.Errorf("%U: subset has %d glyphs; want .notdef, the composite and its components", r, n)
				}
				if sameOutlines(t, data, sub, string(r)) == 0 {
					t.Errorf("%U: empty outline", r)
				}
			}
			// Many at once share components.
			some := composites[:min(2000, len(composites))]
			sub, err := f.Subset(some)
			if err != nil {
				t.Fatal(err)
			}
			sameOutlines(t, data, sub, string(some))
		})
	}
}

func compositeRunes(t *testing.T, f *Font) []rune {
	var runes []rune
	for r := rune(0); r < 0x10000; r++ {
		data, err := f.glyph(f.GlyphIndex(r))
		if err != nil {
			t.Fatal(err)
		}
		if f.HasRune(r) && len(data) > 0 && i16(data, 0) < 0 {
			runes = append(runes, r)
		}
	}
	return runes
}

func TestSubsetWholeFonts(t *testing.T) {
	droidRaw, dr := droid(t)
	for name, data := range map[string][]byte{"droid": droidRaw, "goregular": goregular.TTF} {
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, data)
			var all []rune
			for r := rune(0); r < 0xffff; r++ {
				if f.HasRune(r) {
					all = append(all, r)
				}
			}
			sub, err := f.Subset(all)
			if err != nil {
				// Only the cmap's capacity may stand in the way.
				if f != dr && !strings.Contains(err.Error(), "segments") {
					t.Fatal(err)
				}
				t.Logf("%d runes: %v", len(all), err)
				return
			}
			checkStructure(t, sub)
			sameOutlines(t, data, sub, string(all))
		})
	}
}

func TestSubsetDeterministic(t *testing.T) {
	_, dr := droid(t)
	runes := []rune(sampleCJK)
	want, err := dr.Subset(runes)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		shuffled := append(slices.Clone(runes), runes[:len(runes)/3]...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, err := dr.Subset(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatal("Subset depends on the order or repetition of runes")
		}
	}
}

func TestSubsetEdgeCases(t *testing.T) {
	_, dr := droid(t)
	if _, err := dr.Subset([]rune("中𠮷")); err == nil || !strings.Contains(err.Error(), "U+20BB7") {
		t.Errorf("Subset beyond the BMP: got %v, want an error naming U+20BB7", err)
	}
	for _, text := range []string{"", "ABC", "A中\uffff"} {
		sub, err := dr.Subset([]rune(text))
		if err != nil {
			t.Fatalf("Subset(%q): %v", text, err)
		}
		checkStructure(t, sub)
		f := mustParse(t, sub)
		for _, r := range text {
			if f.HasRune(r) != (r == '中') {
				t.Errorf("Subset(%q): HasRune(%U) = %v", text, r, f.HasRune(r))
			}
		}
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("subset", "", sub)
		pdf.SetFont("subset", "", 12)
		pdf.AddPage()
		pdf.Text(10, 10, text)
		if err := pdf.Output(new(bytes.Buffer)); err != nil {
			t.Errorf("fpdf with Subset(%q): %v", text, err)
		}
	}
}
