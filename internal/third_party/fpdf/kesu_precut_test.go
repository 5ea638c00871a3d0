package fpdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/kesuhq/kesu/internal/typeset/ttf"
)

func readFont(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("../../../templates/default/fonts/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// mergedFont is a font as kesu embeds one: CJK from Noto Serif, with the
// half-width copies of marks kesu draws at U+F780…, and Latin from Go,
// whose glyphs come after the CJK ones, so glyph and width order is not
// code point order.
func mergedFont(t testing.TB) (data []byte, runes []rune) {
	t.Helper()
	cjk, err := ttf.Parse(readFont(t, "NotoSerifCJKsc-Regular.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	latin, err := ttf.Parse(readFont(t, "Go-Regular.ttf"))
	if err != nil {
		t.Fatal(err)
	}
	han := []rune("中文：（）。，")
	for h := range typeset.HalfMarks() {
		if cjk.HasRune(h) {
			han = append(han, h)
		}
	}
	if len(han) < 10 {
		t.Fatalf("Noto Serif CJK has %d half-width copies", len(han)-7)
	}
	data, err = ttf.Merge(ttf.Part{Font: cjk, Runes: han}, ttf.Part{Font: latin, Runes: []rune("AiW ")})
	if err != nil {
		t.Fatal(err)
	}
	return data, append(han, []rune("AiW ")...)
}

// table is the bytes of a font's table, to change in place.
func table(t *testing.T, font []byte, name string) []byte {
	t.Helper()
	ft, err := readFontTables(font)
	if err != nil {
		t.Fatal(err)
	}
	tb, ok := ft.tables[name]
	if !ok {
		t.Fatalf("no %s table", name)
	}
	return tb
}

// The values a precut font is read for are those utf8FontFile's parse
// gives (AddUTF8FontFromBytes), code by code, for the fonts kesu ships,
// a merged one and fonts made odd in the ways the parse has quirks for.
func TestPrecutReadsLikeParse(t *testing.T) {
	merged, _ := mergedFont(t)
	fonts := map[string][]byte{
		"Go":     readFont(t, "Go-Regular.ttf"),
		"DejaVu": readFont(t, "DejaVuSans.ttf"),
		"Noto":   readFont(t, "NotoSansCJKsc-Bold.ttf"),
		"merged": merged,
	}
	// Glyphs past the last horizontal metric take its advance.
	few := slices.Clone(fonts["Go"])
	binary.BigEndian.PutUint16(table(t, few, "hhea")[34:], 40)
	fonts["few metrics"] = few
	// An advance of 32768 or more counts as 0 where the parse looks at
	// it (a mapped glyph) and as read where it does not (the last metric,
	// unmapped, which the glyphs after it take).
	// DejaVu has glyphs no code maps before glyphs codes map.
	dv := newUTF8Font(&fileReader{array: fonts["DejaVu"]})
	if err := dv.parseFile(); err != nil {
		t.Fatal(err)
	}
	gids := slices.Sorted(maps.Values(dv.charSymbolDictionary))
	last := 1
	for _, found := slices.BinarySearch(gids, last); found; _, found = slices.BinarySearch(gids, last) {
		last++
	}
	if last >= gids[len(gids)-1] {
		t.Fatalf("DejaVu's first unmapped glyph, %d, is its last", last)
	}
	huge := slices.Clone(fonts["DejaVu"])
	binary.BigEndian.PutUint16(table(t, huge, "hhea")[34:], uint16(last+1))
	hmtx := table(t, huge, "hmtx")
	for g := range last + 1 {
		binary.BigEndian.PutUint16(hmtx[4*g:], uint16(0x8000+g))
	}
	fonts["huge advances"] = huge
	// A font licensed against embedding keeps its metrics unread.
	restricted := slices.Clone(fonts["Go"])
	binary.BigEndian.PutUint16(table(t, restricted, "OS/2")[8:], 0x0200)
	fonts["restricted"] = restricted
	// An italic, fixed-pitch, bold font.
	flags := slices.Clone(fonts["Go"])
	post := table(t, flags, "post")
	binary.BigEndian.PutUint32(post[4:], uint32(0xFFF38000)) // -12.5°
	binary.BigEndian.PutUint32(post[12:], 1)
	binary.BigEndian.PutUint16(table(t, flags, "OS/2")[4:], 700)
	fonts["flags"] = flags

	for name, data := range fonts {
		t.Run(name, func(t *testing.T) {
			old := newUTF8Font(&fileReader{array: data})
			if err := old.parseFile(); err != nil {
				t.Fatal(err)
			}
			m, err := readPrecut(data)
			if err != nil {
				t.Fatal(err)
			}
			want := FontDescType{
				Ascent: old.Ascent, Descent: old.Descent, CapHeight: old.CapHeight, Flags: old.Flags,
				FontBBox: old.Bbox, ItalicAngle: old.ItalicAngle, StemV: old.StemV,
				MissingWidth: round(old.DefaultWidth),
			}
			if m.desc != want {
				t.Errorf("descriptor %+v, parse gives %+v", m.desc, want)
			}
			if up, ut := int(round(old.UnderlinePosition)), round(old.UnderlineThickness); m.up != up || m.ut != ut {
				t.Errorf("underline %d %d, parse gives %d %d", m.up, m.ut, up, ut)
			}
			pf := &precutFont{glyphs: m.glyphs}
			mapped, wide := 0, 0
			for r := 1; r <= 0xFFFF; r++ {
				if w := pf.width(r); w != old.CharWidths[r] {
					t.Fatalf("U+%04X is %d wide, parse gives %d", r, w, old.CharWidths[r])
				}
				if g := pf.gid(r); g != old.charSymbolDictionary[r] {
					t.Fatalf("U+%04X is glyph %d, parse gives %d", r, g, old.charSymbolDictionary[r])
				}
				if pf.gid(r) != 0 {
					mapped++
				}
				if pf.width(r) != 0 {
					wide++
				}
			}
			if mapped < 30 || wide < 30 {
				t.Errorf("%d codes mapped, %d with a width: the font was not read", mapped, wide)
			}
		})
	}
}

// pdfObject is the stream of the object a key of a one-font PDF refers
// to, inflated if it is deflated.
func pdfObject(t *testing.T, pdf []byte, key string) []byte {
	t.Helper()
	m := regexp.MustCompile(key + ` (\d+) 0 R`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no %s", key)
	}
	obj := regexp.MustCompile(`(?s)\n` + string(m[1]) + ` 0 obj\n<<([^>]*)>>\nstream\n(.*?)\nendstream`).FindSubmatch(pdf)
	if obj == nil {
		t.Fatalf("%s: object %s not found", key, m[1])
	}
	if !bytes.Contains(obj[1], []byte("FlateDecode")) {
		return obj[2]
	}
	zr, err := zlib.NewReader(bytes.NewReader(obj[2]))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// widthsOf reads a CIDFont's /W array: the width of each CID it lists.
func widthsOf(t *testing.T, pdf []byte) map[int]int {
	t.Helper()
	m := regexp.MustCompile(`(?s)/W \[(.*?)\]\s*/CIDToGIDMap`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no /W")
	}
	toks := regexp.MustCompile(`\[|\]|\d+`).FindAllString(string(m[1]), -1)
	num := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("/W [%s]: %q", m[1], s)
		}
		return n
	}
	w := map[int]int{}
	for i := 0; i < len(toks); {
		c := num(toks[i])
		if i+1 < len(toks) && toks[i+1] == "[" {
			j := i + 2
			for ; toks[j] != "]"; j++ {
				w[c+j-i-2] = num(toks[j])
			}
			i = j + 1
			continue
		}
		for cid := c; cid <= num(toks[i+1]); cid++ {
			w[cid] = num(toks[i+2])
		}
		i += 3
	}
	return w
}

// A precut font's dictionaries, read back, give each code drawn the
// glyph and width the font has for it, though glyph order is not code
// order; ToUnicode gives the half-width copies back as their marks; a
// code beyond the BMP (which kesu never draws: Merge refuses one) is drawn
// as glyph 0, and the font's tables have no entry for it.
func TestPrecutFontDictionaries(t *testing.T) {
	data, runes := mergedFont(t)
	font, err := ttf.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	p := NewCustom(&InitType{UnitStr: "pt", Size: SizeType{Wd: 400, Ht: 200}})
	p.SetCompression(true)
	p.SetUnicodeAliases(typeset.HalfMarks())
	p.AddUTF8FontFromBytesPrecut("merged", "", data)
	p.AddPage()
	p.SetFont("merged", "", 12)
	p.Text(10, 20, string(runes)+"\U00020000")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()

	widths := widthsOf(t, pdf)
	cidMap := pdfObject(t, pdf, "/CIDToGIDMap")
	maxCID := slices.Max(runes)
	if len(cidMap) != 2*int(maxCID+1) {
		t.Errorf("CIDToGIDMap of %d bytes, want two a CID up to U+%04X", len(cidMap), maxCID)
	}
	for _, r := range runes {
		g := font.GlyphIndex(r)
		if g == 0 {
			t.Fatalf("the merged font has no U+%04X", r)
		}
		if got := int(binary.BigEndian.Uint16(cidMap[2*r:])); got != int(g) {
			t.Errorf("CID U+%04X maps to glyph %d, the font draws it with %d", r, got, g)
		}
		if want := font.Advance(r); widths[int(r)] != want {
			t.Errorf("CID U+%04X is %d/1000 em wide, the font's advance is %d", r, widths[int(r)], want)
		}
	}
	for cid := range widths {
		if cid > 255 && !slices.Contains(runes, rune(cid)) {
			t.Errorf("/W lists CID %04X, not drawn", cid)
		}
	}
	if font.GlyphIndex('A') < font.GlyphIndex('中') {
		t.Error("the font's glyphs are in code order: nothing was tested")
	}

	cmap := pdfObject(t, pdf, "/ToUnicode")
	n := 0
	for h, mark := range typeset.HalfMarks() {
		if slices.Contains(runes, h) {
			entry := strconv.FormatInt(int64(h), 16) + "> <" + strconv.FormatInt(int64(mark), 16)
			if !bytes.Contains(bytes.ToLower(cmap), []byte("<"+entry+">")) {
				t.Errorf("ToUnicode does not map U+%04X back to %c", h, mark)
			}
			n++
		}
	}
	if n < 3 {
		t.Errorf("%d half-width copies drawn", n)
	}
}

// The CIDToGIDMap deflated a piece at a time is the map deflated whole,
// byte for byte, with CIDs on both sides of the pieces' bounds.
func TestCIDMapDeflatedInPieces(t *testing.T) {
	cids := []cidGlyph{{r: 32, gid: 3}, {r: 2047, gid: 0x1234}, {r: 2048, gid: 7}, {r: 4095, gid: 0xFFFE}, {r: 0x4E2D, gid: 300}, {r: 0xFF1A, gid: 9}}
	whole := make([]byte, 2*(0xFF1A+1))
	for _, c := range cids {
		binary.BigEndian.PutUint16(whole[2*c.r:], uint16(c.gid))
	}
	for _, n := range []int{0, 1, 3, len(cids)} {
		m := whole[:2*(int(cids[max(n, 1)-1].r)+1)]
		if n == 0 {
			m = whole[:2]
		}
		want := xmem.compress(m).copy()
		if got := xmem.compressCIDMap(cids[:n]).copy(); !bytes.Equal(got, want) {
			t.Errorf("%d CIDs: %d bytes deflated in pieces, %d whole", n, len(got), len(want))
		}
	}
}

// A precut font that is not one is an error of the document, where the
// parse printed a line and left the font out.
func TestPrecutNotAFont(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"OpenType":  append([]byte("OTTO"), make([]byte, 40)...),
		"truncated": readFont(t, "Go-Regular.ttf")[:4000],
	} {
		p := NewCustom(&InitType{UnitStr: "pt", Size: SizeType{Wd: 200, Ht: 200}})
		p.AddUTF8FontFromBytesPrecut("f", "", data)
		if p.Error() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Reading a precut font never panics, whatever its bytes.
func FuzzReadPrecut(f *testing.F) {
	f.Add(readFont(f, "Go-Regular.ttf"))
	merged, _ := mergedFont(f)
	f.Add(merged)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := readPrecut(data)
		if err != nil {
			return
		}
		if !slices.IsSortedFunc(m.glyphs, func(a, b cidGlyph) int { return int(a.r - b.r) }) {
			t.Error("glyphs not by code")
		}
	})
}

// Text writes each run as printf wrote it, the UTF-16 escaped, whatever
// the run before it left in the buffers it keeps.
func TestTextOperators(t *testing.T) {
	p := NewCustom(&InitType{UnitStr: "pt", Size: SizeType{Wd: 200, Ht: 200}})
	p.SetCompression(false)
	p.AddUTF8FontFromBytesPrecut("go", "", readFont(t, "Go-Regular.ttf"))
	p.AddPage()
	p.SetFont("go", "", 12)
	runs := []string{"a long run (with) \\ and \r in it, é and 中", "xy", ""}
	for i, s := range runs {
		p.Text(10, float64(20+i), s)
	}
	p.SetTextColor(255, 0, 0)
	p.Text(10, 30, "red)")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	esc := func(s string) string {
		u := utf8toutf16(s, false)
		for _, c := range []string{"\\", "(", ")"} {
			u = strings.ReplaceAll(u, c, "\\"+c)
		}
		return strings.ReplaceAll(u, "\r", "\\r")
	}
	var want []string
	for i, s := range runs {
		want = append(want, fmt.Sprintf("BT %.2f %.2f Td (%s) Tj ET\n", 10.0, 200.0-float64(20+i), esc(s)))
	}
	want = append(want, fmt.Sprintf("q 1.000 0.000 0.000 rg BT %.2f %.2f Td (%s) Tj ET Q\n", 10.0, 170.0, esc("red)")))
	pdf := buf.String()
	at := 0
	for _, w := range want {
		i := strings.Index(pdf[at:], w)
		if i < 0 {
			t.Fatalf("no %q after byte %d", w, at)
		}
		at += i + len(w)
	}
}
