package ttf

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// packFonts are the fonts the default pack ships, beside Go's.
func packFonts(t *testing.T) map[string][]byte {
	t.Helper()
	fonts := map[string][]byte{"goregular": goregular.TTF, "gobold": gobold.TTF}
	files, err := filepath.Glob("../../../templates/default/fonts/*.ttf")
	if err != nil || len(files) == 0 {
		t.Fatalf("no pack fonts: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		fonts[filepath.Base(file)] = data
	}
	return fonts
}

// decodedCmap is the whole of a font's Unicode mapping decoded into
// tables, segment by segment, as Font did before it read its cmap in
// place: the oracle the lookups must agree with.
type decodedCmap struct {
	bmp  [1 << 16]uint16
	supp map[rune]uint16
}

func decodeCmap(t *testing.T, f *Font) *decodedCmap {
	t.Helper()
	d := &decodedCmap{supp: map[rune]uint16{}}
	c := &f.cmap
	sub, numGlyphs := c.sub, f.numGlyphs
	switch c.format {
	case 4:
		segs := int(u16(sub, 6) / 2)
		ends, starts := 14, 16+2*segs
		deltas, rangeOffsets := starts+2*segs, starts+4*segs
		next := 0
		for i := range segs {
			start, end := int(u16(sub, starts+2*i)), int(u16(sub, ends+2*i))
			delta, rangeOffset := u16(sub, deltas+2*i), int(u16(sub, rangeOffsets+2*i))
			for r := max(start, next); r <= end; r++ {
				var g uint16
				if rangeOffset == 0 {
					g = uint16(r) + delta
				} else if addr := rangeOffsets + 2*i + rangeOffset + 2*(r-start); addr+2 <= len(sub) {
					if g = u16(sub, addr); g != 0 {
						g += delta
					}
				}
				if int(g) < numGlyphs {
					d.bmp[r] = g
				}
			}
			next = max(next, end+1)
		}
	case 12:
		for i := range int(u32(sub, 12)) {
			rec := sub[16+12*i:]
			start, end, first := u32(rec, 0), u32(rec, 4), u32(rec, 8)
			for r := start; r <= end; r++ {
				var g uint16
				if gid := uint64(first) + uint64(r-start); gid < uint64(numGlyphs) {
					g = uint16(gid)
				}
				if r <= 0xffff {
					d.bmp[r] = g
				} else if g != 0 {
					d.supp[rune(r)] = g
				}
			}
		}
	default:
		t.Fatalf("cmap format %d", c.format)
	}
	return d
}

func (d *decodedCmap) glyph(r rune) uint16 {
	if r >= 0 && r <= 0xffff {
		return d.bmp[r]
	}
	return d.supp[r]
}

// TestGlyphIndexMatchesDecodedCmap checks every code point of every font
// the pack ships (format 4 and format 12 cmaps) against the decoded
// mapping, and Advance against the glyph's hmtx width.
func TestGlyphIndexMatchesDecodedCmap(t *testing.T) {
	for name, data := range packFonts(t) {
		t.Run(name, func(t *testing.T) {
			f := mustParse(t, data)
			checkAgainstDecoded(t, f, decodeCmap(t, f))
		})
	}
}

func checkAgainstDecoded(t *testing.T, f *Font, d *decodedCmap) {
	t.Helper()
	mapped, bad := 0, 0
	for r := rune(-2); r <= unicode.MaxRune+2 && bad < 10; r++ {
		want, got := d.glyph(r), f.GlyphIndex(r)
		if got != want {
			t.Errorf("GlyphIndex(%U) = %d, the decoded cmap says %d", r, got, want)
			bad++
		}
		if want == 0 {
			if a := f.Advance(r); a != 0 {
				t.Errorf("Advance(%U) = %d for an unmapped rune", r, a)
				bad++
			}
			continue
		}
		mapped++
		adv, _ := f.hMetric(want)
		wantAdv := 0
		if adv < 1<<15 {
			wantAdv = fpdfWidth(int(adv), f.unitsPerEm)
		}
		if a := f.Advance(r); a != wantAdv {
			t.Errorf("Advance(%U) = %d, want %d", r, a, wantAdv)
			bad++
		}
	}
	if mapped < 90 {
		t.Errorf("only %d runes mapped: the comparison proves little", mapped)
	}
}

// unicodeSubtable returns the offset within the cmap table of the
// subtable of the given format that Parse picks.
func unicodeSubtable(t *testing.T, font []byte, format uint16) int {
	t.Helper()
	f := mustParse(t, font)
	if f.cmap.format != int(format) {
		t.Fatalf("the font's cmap is format %d, not %d", f.cmap.format, format)
	}
	cmap := f.tables["cmap"]
	return len(cmap) - len(f.cmap.sub)
}

// TestMalformedCmapHmtx: the cmap and hmtx are read at lookup, not decoded
// at Parse, so Parse must refuse whatever a lookup could not read, and a
// lookup of what Parse accepts must not panic or return a glyph the font
// does not have.
func TestMalformedCmapHmtx(t *testing.T) {
	reg := goregular.TTF
	sub4 := unicodeSubtable(t, reg, 4)
	segs := int(u16(mustParse(t, reg).cmap.sub, 6) / 2)
	hmtxLen := len(mustParse(t, reg).hmtx)
	// The pack's copy: its cmap is format 12.
	droidRaw := packFonts(t)["DroidSansFallbackFull.ttf"]
	sub12 := unicodeSubtable(t, droidRaw, 12)
	groups := int(u32(mustParse(t, droidRaw).cmap.sub, 12))

	refused := []struct {
		name, table string
		data        []byte
	}{
		{"hmtx one byte short", "hmtx", withTableLength(reg, "hmtx", uint32(hmtxLen-1))},
		{"hmtx empty", "hmtx", withTableLength(reg, "hmtx", 0)},
		{"cmap cut in the format 4 header", "cmap", withTableLength(reg, "cmap", uint32(sub4+10))},
		{"cmap cut in the format 4 segments", "cmap", withTableLength(reg, "cmap", uint32(sub4+16+8*segs-1))},
		{"format 4 segments out of order", "cmap", corrupt(reg, "cmap", sub4+14, 0xff, 0xfe)},
		{"cmap cut in the format 12 groups", "cmap", withTableLength(droidRaw, "cmap", uint32(sub12+16+12*groups-1))},
		{"format 12 group count past the table", "cmap", corrupt(droidRaw, "cmap", sub12+12, 0x10, 0, 0, 0)},
		{"format 12 group beyond Unicode", "cmap", corrupt(droidRaw, "cmap", sub12+16+4, 0x10, 0, 0, 0)},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Table != tt.table {
				t.Fatalf("Parse = %v, want a *FormatError in %q", err, tt.table)
			}
		})
	}

	// Accepted, and read at lookup: every answer must be one the font can
	// give, and agree with the decoded mapping.
	f := mustParse(t, reg)
	seg := 0 // A's segment
	for u16(f.cmap.sub, 14+2*seg) < 'A' {
		seg++
	}
	dr := mustParse(t, droidRaw)
	group := 0 // the space's group
	for u32(dr.cmap.group(group), 4) < ' ' {
		group++
	}
	droidMaxGlyph := make([]byte, 4)
	binary.BigEndian.PutUint32(droidMaxGlyph, 0xfffffff0)
	accepted := []struct {
		name  string
		data  []byte
		lacks rune
	}{
		// The glyph ID array offset of A's segment points far past the
		// end of the table.
		{"glyph ID array past the table", corrupt(reg, "cmap", sub4+16+6*segs+2*seg, 0xff, 0xfe), 'A'},
		// A's segment maps it past the font's glyphs.
		{"format 4 delta past numGlyphs", corrupt(reg, "cmap", sub4+16+4*segs+2*seg, 0x7f, 0xff), 'A'},
		// The space's group starts at glyph 2^32-16.
		{"format 12 glyph past numGlyphs", corrupt(droidRaw, "cmap", sub12+16+12*group+8, droidMaxGlyph...), ' '},
		// The cmap table is cut right after Go's last segment: no glyph
		// ID array at all.
		{"format 4 without glyph ID array", withTableLength(reg, "cmap", uint32(sub4+16+8*segs)), 0},
	}
	for _, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			f := mustParse(t, tt.data)
			if tt.lacks != 0 && (f.GlyphIndex(tt.lacks) != 0 || f.Advance(tt.lacks) != 0) {
				t.Errorf("GlyphIndex(%U) = %d, Advance %d; want 0, 0", tt.lacks, f.GlyphIndex(tt.lacks), f.Advance(tt.lacks))
			}
			d := decodeCmap(t, f)
			for r := rune(0); r <= 0xffff; r++ {
				if g := f.GlyphIndex(r); int(g) >= f.numGlyphs || g != d.glyph(r) {
					t.Fatalf("GlyphIndex(%U) = %d; decoded %d, numGlyphs %d", r, g, d.glyph(r), f.numGlyphs)
				}
				f.Advance(r)
			}
			if _, err := f.Subset([]rune("AB中文 ，")); err != nil {
				t.Errorf("Subset: %v", err)
			}
		})
	}
}

// TestFpdfWidthRounds: fpdfWidth rounds as fpdf does, with math.Round,
// for every advance at the usual em sizes and a spread of odd ones.
func TestFpdfWidthRounds(t *testing.T) {
	upems := []int{16, 17, 256, 1000, 1024, 2048, 4096, 16384}
	for u := 19; u <= 16384; u += 97 {
		upems = append(upems, u)
	}
	for _, u := range upems {
		for adv := range 1 << 15 {
			if got, want := fpdfWidth(adv, u), int(math.Round(1000.0/float64(u)*float64(adv))); got != want {
				t.Fatalf("fpdfWidth(%d, %d) = %d, math.Round gives %d", adv, u, got, want)
			}
		}
	}
}
