package ttf

import (
	"encoding/binary"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

const droidPath = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

var droidData = sync.OnceValues(func() ([]byte, error) { return os.ReadFile(droidPath) })

// droid returns the raw and parsed Droid Sans Fallback font, skipping the
// test on machines without it.
func droid(tb testing.TB) ([]byte, *Font) {
	tb.Helper()
	data, err := droidData()
	if err != nil {
		tb.Skipf("Droid Sans Fallback not installed: %v", err)
	}
	return data, mustParse(tb, data)
}

func mustParse(tb testing.TB, data []byte) *Font {
	tb.Helper()
	f, err := Parse(data)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func TestParseSamples(t *testing.T) {
	_, dr := droid(t)
	regular, bold := mustParse(t, goregular.TTF), mustParse(t, gobold.TTF)

	tests := []struct {
		name    string
		f       *Font
		r       rune
		has     bool
		advance int
	}{
		{"Droid 中", dr, '中', true, 1000},
		{"Droid fullwidth comma", dr, '，', true, 1000},
		{"Droid has no ASCII", dr, 'A', false, 0},
		{"Droid space", dr, ' ', true, 262},
		{"Droid Deseret via format 12", dr, '𐐀', true, 637},
		{"Droid lacks Ext B", dr, '𠮷', false, 0},
		{"Go Regular A", regular, 'A', true, 667},
		{"Go Regular no CJK", regular, '中', false, 0},
		{"Go Bold A", bold, 'A', true, 722},
		{"negative rune", regular, -1, false, 0},
		{"beyond Unicode", dr, 0x110000, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.HasRune(tt.r); got != tt.has {
				t.Errorf("HasRune(%U) = %v, want %v", tt.r, got, tt.has)
			}
			if got := tt.f.Advance(tt.r); got != tt.advance {
				t.Errorf("Advance(%U) = %d, want %d", tt.r, got, tt.advance)
			}
		})
	}
}

func TestParseMetricsAndNames(t *testing.T) {
	_, dr := droid(t)
	tests := []struct {
		f                           *Font
		family, postScript          string
		upem, ascent, descent, capH int
	}{
		{dr, "Droid Sans Fallback", "DroidSansFallback", 256, 267, -68, 183},
		{mustParse(t, goregular.TTF), "Go", "GoRegular", 2048, 1935, -432, 1480},
		{mustParse(t, gobold.TTF), "Go", "Go-Bold", 2048, 1935, -432, 1480},
	}
	for _, tt := range tests {
		f := tt.f
		got := []int{f.UnitsPerEm(), f.Ascent(), f.Descent(), f.CapHeight()}
		want := []int{tt.upem, tt.ascent, tt.descent, tt.capH}
		if f.FamilyName() != tt.family || f.PostScriptName() != tt.postScript || !slices.Equal(got, want) {
			t.Errorf("%s: got %q %q %v, want %q %q %v", tt.family,
				f.FamilyName(), f.PostScriptName(), got, tt.family, tt.postScript, want)
		}
	}
}

// TestAdvanceMatchesFpdf checks that our widths are the ones fpdf writes
// into the PDF, for every BMP rune each font maps.
func TestAdvanceMatchesFpdf(t *testing.T) {
	droidRaw, _ := droid(t)
	for name, data := range map[string][]byte{"droid": droidRaw, "goregular": goregular.TTF, "gobold": gobold.TTF} {
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, data)
			pdf := fpdf.New("P", "pt", "A4", "")
			pdf.AddUTF8FontFromBytes("f", "", data)
			pdf.SetFont("f", "", 1000) // in pt, so widths come out in 1/1000 em
			if err := pdf.Error(); err != nil {
				t.Fatal(err)
			}
			// fpdf measures runes it lacks with the font's missing width;
			// U+FFFE is a noncharacter no font maps.
			missing := pdf.GetStringWidth("\uFFFE")
			checked := 0
			for r := rune(1); r < 0xffff; r++ {
				if !utf8.ValidRune(r) {
					continue // a surrogate: string(r) would be U+FFFD
				}
				want := pdf.GetStringWidth(string(r))
				if !f.HasRune(r) {
					if want != missing {
						t.Errorf("HasRune(%U) = false, but fpdf has it with width %v", r, want)
					}
					continue
				}
				checked++
				if float64(f.Advance(r)) != want {
					t.Errorf("Advance(%U) = %d, fpdf says %v", r, f.Advance(r), want)
				}
			}
			if checked < 300 {
				t.Errorf("only %d runes checked", checked)
			}
			t.Logf("%d runes agree", checked)
		})
	}
}

// face0 parses the first face of a collection.
func face0(data []byte) (*Font, error) { return ParseCollection(data, 0) }

func TestErrors(t *testing.T) {
	otto := append([]byte("OTTO"), make([]byte, 8)...)
	tests := []struct {
		name   string
		parse  func([]byte) (*Font, error)
		data   []byte
		target error
	}{
		{"OTTO", Parse, otto, ErrCFF},
		{"ttcf", Parse, makeCollection(goregular.TTF, gobold.TTF), ErrCollection},
		{"CFF face in collection", face0, makeCollection(otto), ErrCFF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.parse(tt.data); !errors.Is(err, tt.target) {
				t.Fatalf("got %v, want %v", err, tt.target)
			}
		})
	}
	if !strings.Contains(ErrCFF.Error(), "TrueType") {
		t.Errorf("ErrCFF should suggest a TrueType font: %v", ErrCFF)
	}
}

func TestFormatErrors(t *testing.T) {
	tests := []struct {
		name, table string
		parse       func([]byte) (*Font, error)
		data        []byte
	}{
		{"empty", "", Parse, nil},
		{"garbage", "", Parse, []byte("this is not a font at all")},
		{"truncated directory", "", Parse, goregular.TTF[:40]},
		{"truncated tables", "cmap", Parse, goregular.TTF[:1000]},
		{"unitsPerEm 0", "head", Parse, corrupt(goregular.TTF, "head", 18, 0, 0)},
		{"no hmetrics", "hhea", Parse, corrupt(goregular.TTF, "hhea", 34, 0, 0)},
		{"empty OS/2", "OS/2", Parse, withTableLength(goregular.TTF, "OS/2", 0)},
		{"collection face out of file", "", face0, makeCollectionAt(1 << 30)},
		{"plain font as collection", "", face0, goregular.TTF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.parse(tt.data)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FormatError", err)
			}
			if fe.Table != tt.table {
				t.Errorf("FormatError.Table = %q, want %q (%v)", fe.Table, tt.table, err)
			}
		})
	}
}

// TestCyclicComposite makes a Droid ideograph one of its own components,
// on which fpdf would recurse forever, and expects Subset to refuse it.
func TestCyclicComposite(t *testing.T) {
	data, _ := droid(t)
	// Editing the glyph after Parse is as good as parsing the edited
	// font: nothing Parse derives depends on glyph data.
	f := mustParse(t, slices.Clone(data))
	g := f.GlyphIndex('情')
	glyph, err := f.glyph(g)
	if err != nil || len(glyph) == 0 || i16(glyph, 0) >= 0 {
		t.Fatalf("'情' is not a composite glyph in Droid (%v)", err)
	}
	binary.BigEndian.PutUint16(glyph[glyphHeaderLen+2:], g)
	_, err = f.Subset([]rune("情"))
	var fe *FormatError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "contains itself") {
		t.Fatalf("got %v, want a FormatError about a cycle", err)
	}
}

func TestCollection(t *testing.T) {
	ttc := makeCollection(goregular.TTF, gobold.TTF)
	faces, err := CollectionFaces(ttc)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Go Regular,Go Bold"; strings.Join(faces, ",") != want {
		t.Errorf("CollectionFaces = %q, want %s", faces, want)
	}
	bold, err := ParseCollection(ttc, 1)
	if err != nil {
		t.Fatal(err)
	}
	if bold.PostScriptName() != "Go-Bold" || !bold.HasRune('A') {
		t.Errorf("face 1 is %q", bold.PostScriptName())
	}
	if _, err := ParseCollection(ttc, 2); err == nil || !strings.Contains(err.Error(), "face 2") {
		t.Errorf("ParseCollection(face 2) = %v, want an error naming the face", err)
	}
	if _, err := CollectionFaces(goregular.TTF); err == nil {
		t.Error("CollectionFaces accepted a plain font")
	}
}

// makeCollection builds a .ttc of fonts, moving their table offsets to
// where each font lands in the collection.
func makeCollection(fonts ...[]byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, sigCollection)
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint32(out, uint32(len(fonts)))
	pos := len(out) + 4*len(fonts)
	for _, f := range fonts {
		out = binary.BigEndian.AppendUint32(out, uint32(pos))
		pos += (len(f) + 3) &^ 3
	}
	for _, f := range fonts {
		base := uint32(len(out))
		start := len(out)
		out = pad4(append(out, f...))
		if len(f) < 12 {
			continue
		}
		for i := range int(u16(f, 4)) {
			rec := out[start+12+16*i:]
			binary.BigEndian.PutUint32(rec[8:], u32(rec, 8)+base)
		}
	}
	return out
}

// makeCollectionAt builds a .ttc header whose only face lies at off.
func makeCollectionAt(off uint32) []byte {
	out := binary.BigEndian.AppendUint32(nil, sigCollection)
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint32(out, 1)
	return binary.BigEndian.AppendUint32(out, off)
}

// corrupt returns a copy of font with bytes overwritten at off within table.
func corrupt(font []byte, table string, off int, bytes ...byte) []byte {
	out := append([]byte(nil), font...)
	for i := range int(u16(out, 4)) {
		rec := out[12+16*i:]
		if string(rec[:4]) == table {
			copy(out[int(u32(rec, 8))+off:], bytes)
			return out
		}
	}
	panic("no table " + table)
}

func TestGlyphIndexSupplementary(t *testing.T) {
	_, dr := droid(t)
	if dr.cmap.format != 12 {
		t.Fatal("Droid's cmap is not format 12")
	}
	checked := 0
	for i := range dr.cmap.n {
		g := dr.cmap.group(i)
		start, end := rune(u32(g, 0)), rune(u32(g, 4))
		if end <= 0xffff {
			continue
		}
		checked++
		for _, r := range []rune{max(start, 0x10000), end} {
			if dr.GlyphIndex(r) == 0 {
				t.Errorf("GlyphIndex(%U) = 0 inside a mapped group", r)
			}
		}
		if i+1 < dr.cmap.n && rune(u32(dr.cmap.group(i+1), 0)) == end+1 {
			continue
		}
		if dr.GlyphIndex(end+1) != 0 {
			t.Errorf("GlyphIndex(%U) mapped outside any group", end+1)
		}
	}
	if checked == 0 {
		t.Fatal("Droid has no supplementary-plane mappings")
	}
}

func TestTypoMetrics(t *testing.T) {
	plain := mustParse(t, goregular.TTF)
	os2 := plain.tables["OS/2"]
	// fsSelection is the uint16 at 62; USE_TYPO_METRICS is in its low byte.
	typo := mustParse(t, corrupt(goregular.TTF, "OS/2", 63, os2[63]|typoMetrics))
	if i16(os2, 68) == i16(plain.tables["hhea"], 4) {
		t.Fatal("Go Regular's typo and hhea ascenders agree; the test proves nothing")
	}
	if got, want := typo.Ascent(), int(i16(os2, 68)); got != want {
		t.Errorf("USE_TYPO_METRICS: Ascent = %d, want sTypoAscender %d", got, want)
	}
	if got, want := typo.Descent(), int(i16(os2, 70)); got != want {
		t.Errorf("USE_TYPO_METRICS: Descent = %d, want sTypoDescender %d", got, want)
	}
	if plain.Ascent() != int(i16(plain.tables["hhea"], 4)) {
		t.Errorf("Ascent = %d, want hhea's", plain.Ascent())
	}
}

// withTableLength returns a copy of font whose directory gives table the
// length n.
func withTableLength(font []byte, table string, n uint32) []byte {
	out := append([]byte(nil), font...)
	for i := range int(u16(out, 4)) {
		rec := out[12+16*i:]
		if string(rec[:4]) == table {
			binary.BigEndian.PutUint32(rec[12:], n)
			return out
		}
	}
	panic("no table " + table)
}
