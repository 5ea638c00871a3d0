package ttf

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// The texts of the merge tests, one per font of kesu's default fallback
// chain. The Latin one has runes only Droid has (引号), which the fallback
// gives to Droid.
const (
	mergeLatin   = "Hello, World 123 ¥ “引号” —"
	mergeCJK     = "顾客投诉情况登记表，张晓堃（）、；《》"
	mergeSymbols = "①②③☑☐✓℃→"
	mergeText    = mergeLatin + mergeCJK + mergeSymbols
)

var dejavuData = sync.OnceValues(func() ([]byte, error) {
	data, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	if err != nil {
		data, err = os.ReadFile("../../../templates/default/fonts/DejaVuSans.ttf")
	}
	return data, err
})

// chain returns kesu's default regular fallback chain: Go Regular, Droid
// Sans Fallback, DejaVu Sans, with their data.
func chain(tb testing.TB) ([][]byte, []*Font) {
	tb.Helper()
	droidRaw, dr := droid(tb)
	dv, err := dejavuData()
	if err != nil {
		tb.Skipf("DejaVu Sans not installed: %v", err)
	}
	return [][]byte{goregular.TTF, droidRaw, dv}, []*Font{mustParse(tb, goregular.TTF), dr, mustParse(tb, dv)}
}

// fallbackParts gives each rune of text to the first of fonts that has it,
// as kesu's fallback chains do, and returns one part per font.
func fallbackParts(text string, fonts ...*Font) []Part {
	parts := make([]Part, len(fonts))
	for i, f := range fonts {
		parts[i].Font = f
	}
	for _, r := range text {
		if i := owner(r, fonts); i >= 0 {
			parts[i].Runes = append(parts[i].Runes, r)
		}
	}
	return parts
}

func owner(r rune, fonts []*Font) int {
	return slices.IndexFunc(fonts, func(f *Font) bool { return f.HasRune(r) })
}

func mustMerge(tb testing.TB, parts ...Part) []byte {
	tb.Helper()
	merged, err := Merge(parts...)
	if err != nil {
		tb.Fatal(err)
	}
	return merged
}

// checkWidths checks that the merged font's width of every rune of text,
// as fpdf will compute it, is its owner's Advance.
func checkWidths(t *testing.T, merged []byte, text string, fonts []*Font) int {
	t.Helper()
	mf := mustParse(t, merged)
	n := 0
	for _, r := range text {
		i := owner(r, fonts)
		if i < 0 {
			if mf.HasRune(r) {
				t.Errorf("%U: no source has it, but the merged font does", r)
			}
			continue
		}
		n++
		if !mf.HasRune(r) || mf.Advance(r) != fonts[i].Advance(r) {
			t.Errorf("%U: merged font has %v, advance %d; source %d has %d", r, mf.HasRune(r), mf.Advance(r), i, fonts[i].Advance(r))
		}
	}
	return n
}

func TestMergeRoundTrip(t *testing.T) {
	_, fonts := chain(t)
	parts := fallbackParts(mergeText, fonts...)
	if !slices.Contains(parts[1].Runes, '引') || !slices.Contains(parts[0].Runes, '“') {
		t.Fatalf("unexpected fallback: %q, %q", string(parts[0].Runes), string(parts[1].Runes))
	}
	merged := mustMerge(t, parts...)
	t.Logf("merged: %d bytes", len(merged))
	checkStructure(t, merged)
	mf := mustParse(t, merged)
	if mf.UnitsPerEm() != 2048 || mf.FamilyName() != "KesuMerged" {
		t.Errorf("merged font is %q/%d, want KesuMerged/2048", mf.FamilyName(), mf.UnitsPerEm())
	}
	if a, d := mf.Ascent(), mf.Descent(); a != fonts[0].Ascent() || d != fonts[0].Descent() {
		t.Errorf("ascent/descent %d/%d, want Go's %d/%d", a, d, fonts[0].Ascent(), fonts[0].Descent())
	}
	checkWidths(t, merged, mergeText, fonts)
	if got := pdfText(t, merged, mergeText); got != mergeText {
		t.Errorf("pdftotext read %q, want %q", got, mergeText)
	}
}

// TestMergeFirstPartWins lists every rune in every part: the result must
// be the font the fallback assignment gives.
func TestMergeFirstPartWins(t *testing.T) {
	_, fonts := chain(t)
	want := mustMerge(t, fallbackParts(mergeText, fonts...)...)
	runes := []rune(mergeText)
	got := mustMerge(t, Part{fonts[0], runes}, Part{fonts[1], runes}, Part{fonts[2], runes})
	if !bytes.Equal(got, want) {
		t.Error("listing all runes in all parts differs from giving each rune to the first font having it")
	}
	// A font named twice is one source.
	got = mustMerge(t, Part{fonts[0], runes[:5]}, Part{fonts[0], runes[3:]}, Part{fonts[1], runes}, Part{fonts[2], runes})
	if !bytes.Equal(got, want) {
		t.Error("splitting a font's runes over two parts changes the result")
	}
}

// sfntOutline loads rune r's outline from f in font units, times 64.
func sfntOutline(t *testing.T, f *sfnt.Font, b *sfnt.Buffer, r rune) sfnt.Segments {
	t.Helper()
	x, err := f.GlyphIndex(b, r)
	if err != nil || x == 0 {
		t.Fatalf("sfnt: no glyph for %U: %v", r, err)
	}
	segs, err := f.LoadGlyph(b, x, fixed.I(int(f.UnitsPerEm())), nil)
	if err != nil {
		t.Fatalf("sfnt: LoadGlyph(%U): %v", r, err)
	}
	return slices.Clone(segs)
}

// sameScaled reports whether got, an outline of the merged font, is want,
// the source's, times k. sfnt computes the on-curve points that TrueType
// implies between two off-curve ones in integer font units, truncating
// half units: in the source, (p+q)/2 loses the half that k·(p+q)/2 keeps.
// So points that may be implied, the ends of segments, may differ by k/2
// units; control points, which are always real points, must be exact.
func sameScaled(got, want sfnt.Segments, k int) bool {
	if len(got) != len(want) {
		return false
	}
	const unit = 64 // at ppem = unitsPerEm, sfnt returns font units ×64
	for i := range got {
		g, w := got[i], want[i]
		if g.Op != w.Op {
			return false
		}
		for j := range g.Args {
			dx, dy := g.Args[j].X-w.Args[j].X*fixed.Int26_6(k), g.Args[j].Y-w.Args[j].Y*fixed.Int26_6(k)
			tol := fixed.Int26_6(k / 2 * unit)
			if g.Op == sfnt.SegmentOpQuadTo && j == 0 {
				tol = 0
			}
			if dx < -tol || dx > tol || dy < -tol || dy > tol {
				return false
			}
		}
	}
	return true
}

// compareOutlines checks that the merged font draws every rune of text
// with its owner's outline times the owner's scale, and that sfnt loads
// every glyph of the merged font.
func compareOutlines(t *testing.T, merged []byte, text string, data [][]byte, fonts []*Font) (segments int) {
	t.Helper()
	mf, err := sfnt.Parse(merged)
	if err != nil {
		t.Fatalf("sfnt rejects the merged font: %v", err)
	}
	var mb sfnt.Buffer
	for g := range mf.NumGlyphs() {
		if _, err := mf.LoadGlyph(&mb, sfnt.GlyphIndex(g), fixed.I(100), nil); err != nil {
			t.Errorf("sfnt: glyph %d: %v", g, err)
		}
	}
	srcs := make([]*sfnt.Font, len(data))
	for i, d := range data {
		if srcs[i], err = sfnt.Parse(d); err != nil {
			t.Fatal(err)
		}
	}
	var sb sfnt.Buffer
	for _, r := range text {
		i := owner(r, fonts)
		if i < 0 {
			continue
		}
		k := int(mf.UnitsPerEm()) / fonts[i].UnitsPerEm()
		want := sfntOutline(t, srcs[i], &sb, r)
		got := sfntOutline(t, mf, &mb, r)
		if k == 1 && !slices.Equal(got, want) || !sameScaled(got, want, k) {
			t.Errorf("%U: merged outline is not the source's ×%d", r, k)
		}
		segments += len(got)
	}
	return segments
}

func TestMergeOutlines(t *testing.T) {
	data, fonts := chain(t)
	merged := mustMerge(t, fallbackParts(mergeText, fonts...)...)
	t.Logf("%d segments agree", compareOutlines(t, merged, mergeText, data, fonts))

	// Glyph 0 is the first font's .notdef.
	mf, err := sfnt.Parse(merged)
	if err != nil {
		t.Fatal(err)
	}
	gf, err := sfnt.Parse(data[0])
	if err != nil {
		t.Fatal(err)
	}
	var b sfnt.Buffer
	want, _ := gf.LoadGlyph(&b, 0, fixed.I(2048), nil)
	want = slices.Clone(want)
	if got, err := mf.LoadGlyph(&b, 0, fixed.I(2048), nil); err != nil || len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("glyph 0 is not Go Regular's .notdef (%v)", err)
	}

	// Composite glyphs: most of Droid's ideographs, DejaVu's accented
	// letters. The sample takes every 7th and the first 50 of each.
	for _, i := range []int{1, 2} {
		composites := compositeRunes(t, fonts[i])
		var sample []rune
		for j, r := range composites {
			if j < 50 || j%7 == 0 {
				sample = append(sample, r)
			}
		}
		text := string(sample)
		merged := mustMerge(t, Part{fonts[i], sample}, Part{fonts[0], []rune("Az")})
		mf := mustParse(t, merged)
		t.Logf("%s: %d composite runes of %d, %d glyphs merged; %d segments agree",
			fonts[i].FamilyName(), len(sample), len(composites), mf.numGlyphs, compareOutlines(t, merged, text, data[i:i+1], fonts[i:i+1]))
	}
}

// TestMergeWholeFonts re-encodes entire fonts: all of Go Regular and
// DejaVu Sans unscaled, and Droid up to U+5FFF scaled ×8.
func TestMergeWholeFonts(t *testing.T) {
	data, fonts := chain(t)
	for i, f := range fonts {
		var runes []rune
		for r := rune(0); r < 0xffff; r++ {
			if f.HasRune(r) && (i != 1 || r < 0x6000) {
				runes = append(runes, r)
			}
		}
		// Go Regular first, so that Droid is scaled to 2048.
		parts := []Part{{fonts[0], nil}, {f, runes}}
		merged, err := Merge(parts...)
		if err != nil {
			t.Fatalf("%s: %v", f.FamilyName(), err)
		}
		checkStructure(t, merged)
		segs := compareOutlines(t, merged, string(runes), data[i:i+1], fonts[i:i+1])
		checkWidths(t, merged, string(runes), fonts[i:i+1])
		t.Logf("%s: %d runes, %d glyphs, %d bytes, %d segments agree",
			f.FamilyName(), len(runes), mustParse(t, merged).numGlyphs, len(merged), segs)
	}
}

// realisticPage is one page of a mixed document.
var realisticPage = sampleCJK + "Customer complaint record, No. 2024-0315-017 (version 2.1): " +
	"Zhang Xiaokun, tel. +86 138 0013 8000, e-mail zhang.xk@example.com — “urgent”; amount ¥1,280.00, 15% off. " +
	"①②③ ☑ checked ☐ open ✓ done, 25℃ → 30℃."

// TestMergeWidths checks, through fpdf itself, that text set in the merged
// font is as wide as kesu measures it with the source fonts.
func TestMergeWidths(t *testing.T) {
	_, fonts := chain(t)
	merged := mustMerge(t, fallbackParts(realisticPage, fonts...)...)
	n := checkWidths(t, merged, realisticPage, fonts)

	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.AddUTF8FontFromBytes("merged", "", merged)
	pdf.SetFont("merged", "", 1000) // in pt, so widths come out in 1/1000 em
	if err := pdf.Error(); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, r := range realisticPage {
		i := owner(r, fonts)
		if i < 0 {
			t.Fatalf("no font has %U", r)
		}
		want += fonts[i].Advance(r)
		if got := pdf.GetStringWidth(string(r)); got != float64(fonts[i].Advance(r)) {
			t.Errorf("%U: fpdf width %v, Advance %d", r, got, fonts[i].Advance(r))
		}
	}
	if got := pdf.GetStringWidth(realisticPage); got != float64(want) {
		t.Errorf("fpdf measures the page %v wide, kesu %d", got, want)
	}
	t.Logf("%d runes (%d distinct) agree, page width %d/1000 em", n, len(mustParse(t, merged).runesOf()), want)
}

// runesOf returns the BMP runes f maps.
func (f *Font) runesOf() []rune {
	var out []rune
	for r := rune(0); r < 0xffff; r++ {
		if f.GlyphIndex(r) != 0 {
			out = append(out, r)
		}
	}
	return out
}

// withUPEM returns a copy of font claiming another unitsPerEm: still a
// valid font, only drawn at another size.
func withUPEM(font []byte, upem int) []byte {
	return corrupt(font, "head", 18, byte(upem>>8), byte(upem))
}

// TestMergeRoundedScaling merges fonts whose unitsPerEm do not divide each
// other, where outlines are rounded: widths must still agree.
func TestMergeRoundedScaling(t *testing.T) {
	_, dr := droid(t)
	text := realisticPage
	tests := []struct {
		name     string
		fonts    []*Font
		wantUPEM int
	}{
		{"go1000+droid256", []*Font{mustParse(t, withUPEM(goregular.TTF, 1000)), dr}, 1000},
		{"go2048+go1000", []*Font{mustParse(t, goregular.TTF), mustParse(t, withUPEM(goregular.TTF, 1000)), dr}, 2048},
		{"go300+droid256", []*Font{mustParse(t, withUPEM(goregular.TTF, 300)), dr}, 1200},
		{"droid256+go1000", []*Font{dr, mustParse(t, withUPEM(goregular.TTF, 1000))}, 1000},
		{"go2000+droid256", []*Font{mustParse(t, withUPEM(goregular.TTF, 2000)), dr}, 2000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every rune the fonts have, not only the page's.
			var all []rune
			for r := rune(0x20); r < 0x3000; r++ {
				if owner(r, tt.fonts) >= 0 {
					all = append(all, r)
				}
			}
			all = append(all, []rune(text)...)
			merged := mustMerge(t, fallbackParts(string(all), tt.fonts...)...)
			checkStructure(t, merged)
			if got := mustParse(t, merged).UnitsPerEm(); got != tt.wantUPEM {
				t.Errorf("unitsPerEm %d, want %d", got, tt.wantUPEM)
			}
			n := checkWidths(t, merged, string(all), tt.fonts)
			mf, err := sfnt.Parse(merged)
			if err != nil {
				t.Fatal(err)
			}
			var b sfnt.Buffer
			for g := range mf.NumGlyphs() {
				if _, err := mf.LoadGlyph(&b, sfnt.GlyphIndex(g), fixed.I(100), nil); err != nil {
					t.Errorf("sfnt: glyph %d: %v", g, err)
				}
			}
			t.Logf("%d runes agree", n)
		})
	}
}

func TestMergeDeterministic(t *testing.T) {
	_, fonts := chain(t)
	parts := fallbackParts(realisticPage, fonts...)
	want := mustMerge(t, parts...)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 5 {
		shuffled := make([]Part, len(parts))
		for i, p := range parts {
			runes := append(slices.Clone(p.Runes), p.Runes[:len(p.Runes)/2]...)
			rng.Shuffle(len(runes), func(i, j int) { runes[i], runes[j] = runes[j], runes[i] })
			shuffled[i] = Part{p.Font, runes}
		}
		if got := mustMerge(t, shuffled...); !bytes.Equal(got, want) {
			t.Fatal("Merge depends on the order or repetition of runes")
		}
	}
}

// A Font keeps the glyphs it rescaled for a merge; a merge that finds
// them there must build the same bytes as one that rescales them, at
// whatever scale the font was merged before.
func TestMergeGlyphCache(t *testing.T) {
	raw, _ := chain(t)
	fresh := func() []*Font { return []*Font{mustParse(t, raw[0]), mustParse(t, raw[1]), mustParse(t, raw[2])} }
	cold := fresh()
	parts := fallbackParts(realisticPage, cold...)
	want := mustMerge(t, parts...)
	alone := mustMerge(t, Part{mustParse(t, raw[1]), parts[1].Runes}) // Droid unscaled, cold

	warm := fresh()
	warmParts := fallbackParts(realisticPage, warm...)
	if got := mustMerge(t, Part{warm[1], warmParts[1].Runes}); !bytes.Equal(got, alone) {
		t.Fatal("Droid merged alone differs from a fresh merge")
	}
	// A Font's first merge keeps nothing: in a process that renders one
	// document the copies would be waste. Its later merges do.
	if n := cached(warm[1]); n > 0 {
		t.Fatalf("Droid's first merge leaves %d glyphs cached", n)
	}
	for i := range 3 {
		if got := mustMerge(t, warmParts...); !bytes.Equal(got, want) {
			t.Fatal("a merge from cached glyphs differs from one that rescaled them")
		}
		if n := cached(warm[1]); n == 0 {
			t.Fatalf("Droid's merge %d leaves no glyph cached", i+2)
		}
		if n := cached(warm[0]); (i > 0) != (n > 0) {
			t.Fatalf("Go's merge %d leaves %d glyphs cached", i+1, n)
		}
	}
	if got := mustMerge(t, Part{warm[1], warmParts[1].Runes}); !bytes.Equal(got, alone) {
		t.Fatal("Droid merged alone after a scaled merge differs")
	}
}

func cached(f *Font) int {
	n := 0
	f.scaled.Range(func(any, any) bool { n++; return true })
	return n
}

func TestMergeEdgeCases(t *testing.T) {
	_, fonts := chain(t)
	if _, err := Merge(Part{fonts[0], []rune("A")}, Part{fonts[1], []rune("中𠮷")}); err == nil || !strings.Contains(err.Error(), "U+20BB7") {
		t.Errorf("Merge beyond the BMP: got %v, want an error naming U+20BB7", err)
	}
	if _, err := Merge(); err == nil {
		t.Error("Merge of nothing succeeded")
	}
	if _, err := Merge(Part{fonts[0], nil}, Part{nil, []rune("A")}); err == nil || !strings.Contains(err.Error(), "part 1") {
		t.Errorf("Merge with a nil font: got %v, want an error naming part 1", err)
	}
	// A font that draws nothing does not count, not even for unitsPerEm.
	go1000 := mustParse(t, withUPEM(goregular.TTF, 1000))
	merged := mustMerge(t, Part{go1000, []rune("ABC")}, Part{fonts[1], []rune("ABC")}, Part{fonts[2], nil})
	if mf := mustParse(t, merged); mf.UnitsPerEm() != 1000 || mf.Advance('A') != go1000.Advance('A') {
		t.Errorf("unitsPerEm %d, want 1000 as Droid and DejaVu draw nothing", mf.UnitsPerEm())
	}
	for _, parts := range [][]Part{
		{{fonts[0], nil}},
		{{fonts[1], nil}, {fonts[0], nil}},
		{{fonts[1], []rune("ABC中\uffff")}},
		{{fonts[0], []rune("ABC中\uffff")}, {fonts[2], []rune("中\uffff✓")}},
	} {
		merged, err := Merge(parts...)
		if err != nil {
			t.Fatal(err)
		}
		checkStructure(t, merged)
		mf := mustParse(t, merged)
		var text string
		for _, p := range parts {
			text += string(p.Runes)
		}
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.AddUTF8FontFromBytes("merged", "", merged)
		pdf.SetFont("merged", "", 12)
		pdf.AddPage()
		pdf.Text(10, 10, text)
		if err := pdf.Output(new(bytes.Buffer)); err != nil {
			t.Errorf("fpdf with the merged %q: %v", text, err)
		}
		if mf.HasRune(0xffff) {
			t.Error("U+FFFF mapped")
		}
	}
}

// TestMergeOverflow makes a Droid glyph so large that ×8 it leaves the
// range of TrueType coordinates.
func TestMergeOverflow(t *testing.T) {
	_, fonts := chain(t)
	sub, err := fonts[1].Subset([]rune("中国"))
	if err != nil {
		t.Fatal(err)
	}
	f := mustParse(t, sub)
	g := f.GlyphIndex('中')
	glyph, err := f.glyph(g)
	if err != nil || len(glyph) == 0 {
		t.Fatal(err)
	}
	binary.BigEndian.PutUint16(glyph[8:], 5000) // yMax; 40000 at 2048 units per em
	_, err = Merge(Part{fonts[0], []rune("A")}, Part{f, []rune("中")})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("glyph %d ", g)) {
		t.Errorf("got %v, want an error naming glyph %d", err, g)
	}
	// The other glyph is fine.
	if _, err := Merge(Part{fonts[0], []rune("A")}, Part{f, []rune("国")}); err != nil {
		t.Error(err)
	}
}

// TestMergeVisual draws the same lines with three subset fonts, switching
// font per run at the positions kesu measures, and with the merged font,
// and compares the pages as poppler rasterizes them at 150 dpi.
//
// poppler's Splash rasterizer decides per font, from the font's bounding
// box in pixels, whether to place glyphs at quarter-pixel positions or on
// whole pixels. A subset keeps its source's bounding box while the merged
// font's is that of the glyphs it holds, so at some sizes (16 and 20 pt
// here, not at 8, 10, 12, 28 or 40) the two take different paths. The exact check therefore uses
// subsets given the merged font's bounding box; with it the pages must be
// pixel-identical when both draw the same runs. Drawing one Text per line
// instead leaves glyph positions to the viewer, whose sums may round a
// glyph onto the neighbouring pixel.
func TestMergeVisual(t *testing.T) {
	_, fonts := chain(t)
	lines := []string{
		mergeText,
		"顾客投诉情况登记表：张晓堃先生，2024年3月15日（星期五）",
		"①②③ ☑ 已处理 ☐ 未处理 ✓ 确认 — 温度 25℃ → 30℃, ¥1,280.00",
		"Hello, World! The quick brown fox jumps over the lazy dog 0123456789",
		"“引号”《书名号》、；：？！……——",
	}
	parts := fallbackParts(strings.Join(lines, ""), fonts...)
	merged := mustMerge(t, parts...)
	subsets := make([][]byte, len(fonts))
	sameBox := make([][]byte, len(fonts))
	box := tablesOf(merged)["head"][36:44]
	for i, p := range parts {
		var err error
		if subsets[i], err = fonts[i].Subset(p.Runes); err != nil {
			t.Fatal(err)
		}
		sameBox[i] = withBBox(subsets[i], box, 2048/fonts[i].UnitsPerEm())
	}
	for _, size := range []float64{10, 12, 16, 20, 28} {
		for _, c := range []struct {
			name    string
			subsets [][]byte
			perLine bool
			checked bool
		}{
			{"same box, runs", sameBox, false, true},
			{"same box, lines", sameBox, true, true},
			{"as cut, runs", subsets, false, false},
			{"as cut, lines", subsets, true, false},
		} {
			d := compareRendering(t, lines, fonts, c.subsets, merged, size, c.perLine)
			t.Logf("%2.0f pt, %-15s %5d of %d pixels differ (%.4f%%; %.3f%% of the %d inked), by at most %d of 255",
				size, c.name+":", d.differ, d.pixels, 100*float64(d.differ)/float64(d.pixels),
				100*float64(d.differ)/float64(d.ink), d.ink, d.maxDiff)
			switch {
			case d.ink == 0:
				t.Fatal("nothing drawn")
			case c.checked && !c.perLine && d.differ != 0:
				t.Errorf("%v pt: with the same bounding box and positions, %d pixels differ", size, d.differ)
			case c.checked && d.differ*100 > d.ink:
				t.Errorf("%v pt: %d of %d inked pixels differ", size, d.differ, d.ink)
			}
		}
	}
}

// withBBox returns font with its head bounding box replaced by box, which
// is in units k times finer, rounded outwards.
func withBBox(font, box []byte, k int) []byte {
	var scaled [4]uint16
	for j := range scaled {
		v := int(i16(box, 2*j))
		if j < 2 {
			v = (v - k + 1) / k
		} else {
			v = (v + k - 1) / k
		}
		scaled[j] = uint16(v)
	}
	var tables []table
	for tag, data := range tablesOf(font) {
		if tag == "head" {
			data = slices.Clone(data)
			appendU16(data[36:36], scaled[:]...)
		}
		tables = append(tables, table{tag, data})
	}
	return assemble(tables)
}

// tablesOf returns the tables of a font by tag.
func tablesOf(font []byte) map[string][]byte {
	tables := map[string][]byte{}
	for i := range int(u16(font, 4)) {
		rec := font[12+16*i:]
		off, length := u32(rec, 8), u32(rec, 12)
		tables[string(rec[:4])] = font[off : off+length]
	}
	return tables
}

type pixelDiff struct{ differ, pixels, ink, maxDiff int }

// compareRendering draws lines with the subsets, font by font per run, and
// with the merged font, per run or one Text per line, and compares the
// rasterized pages. Each document gets fresh copies of the fonts: fpdf
// writes into the font data it is given (see buildHmtx).
func compareRendering(t *testing.T, lines []string, fonts []*Font, subsets [][]byte, merged []byte, size float64, perLine bool) pixelDiff {
	t.Helper()
	separate := fpdf.New("P", "pt", "A4", "")
	for i, s := range subsets {
		separate.AddUTF8FontFromBytes("f"+strconv.Itoa(i), "", slices.Clone(s))
	}
	separate.AddPage()
	one := fpdf.New("P", "pt", "A4", "")
	one.AddUTF8FontFromBytes("merged", "", slices.Clone(merged))
	one.SetFont("merged", "", size)
	one.AddPage()
	// With pt units and whole sizes, run positions need few decimals.
	for l, line := range lines {
		y := 60 + 2*size*float64(l)
		if perLine {
			one.Text(40, y, line)
		}
		x := 40.0
		for _, run := range splitRuns(line, fonts) {
			separate.SetFont("f"+strconv.Itoa(run.font), "", size)
			separate.Text(x, y, run.text)
			if !perLine {
				one.Text(x, y, run.text)
			}
			for _, r := range run.text {
				x += float64(fonts[run.font].Advance(r)) * size / 1000
			}
		}
	}
	want, got := rasterize(t, separate), rasterize(t, one)
	if len(got) != len(want) {
		t.Fatalf("images of %d and %d bytes", len(got), len(want))
	}
	d := pixelDiff{pixels: len(got)}
	for i := range got {
		if want[i] != 0xff {
			d.ink++
		}
		if diff := abs(int(got[i]) - int(want[i])); diff != 0 {
			d.differ++
			d.maxDiff = max(d.maxDiff, diff)
		}
	}
	return d
}

type run struct {
	font int
	text string
}

// splitRuns cuts text into runs of runes drawn by the same font.
func splitRuns(text string, fonts []*Font) []run {
	var runs []run
	for _, r := range text {
		i := owner(r, fonts)
		if n := len(runs); n > 0 && runs[n-1].font == i {
			runs[n-1].text += string(r)
		} else {
			runs = append(runs, run{i, string(r)})
		}
	}
	return runs
}

// rasterize renders pdf with pdftoppm at 150 dpi in gray and returns the
// pixels.
func rasterize(t *testing.T, pdf *fpdf.Fpdf) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := pdf.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
	pgm := popplerOutput(t, "pdftoppm", "-r", "150", "-gray", path)
	// A binary PGM: "P5", width, height, maxval, one whitespace, pixels.
	fields := 0
	for i := 0; i < len(pgm); i++ {
		if pgm[i] == ' ' || pgm[i] == '\n' || pgm[i] == '\t' || pgm[i] == '\r' {
			if i > 0 && pgm[i-1] != ' ' && pgm[i-1] != '\n' {
				fields++
			}
			if fields == 4 {
				return pgm[i+1:]
			}
		}
	}
	t.Fatalf("pdftoppm wrote no PGM image: %q", pgm[:min(len(pgm), 40)])
	return nil
}

// TestMergeFpdfKeepsBytes checks that fpdf leaves the merged font's bytes
// as they were, so that they can be embedded again (see buildHmtx).
func TestMergeFpdfKeepsBytes(t *testing.T) {
	_, fonts := chain(t)
	merged := mustMerge(t, fallbackParts(realisticPage, fonts...)...)
	orig := slices.Clone(merged)
	if err := render(merged, realisticPage); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(merged, orig) {
		t.Error("fpdf modified the merged font")
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
