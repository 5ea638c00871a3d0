// Package ttf reads TrueType fonts once per process and cuts, for each
// document, a tiny TrueType font holding only the glyphs that document uses.
//
// fpdf's AddUTF8FontFromBytes parses, subsets and compresses the font it is
// given on every document; with a multi-megabyte CJK font that dominates the
// cost of a PDF. Handing it the output of Font.Subset instead keeps fpdf's
// work proportional to the document. The parsed Font also answers the glyph
// and width queries of line breaking, with widths rounded exactly as fpdf
// rounds them so that measured and rendered lines agree.
//
// Merge goes one step further for documents set in a chain of fallback
// fonts: it combines the glyphs each font draws into one font, so that
// fpdf's fixed cost per embedded font is paid once per document.
package ttf

import (
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
)

// Signatures at the start of a font file or collection face.
const (
	sigTrueType   = 0x00010000
	sigAppleTrue  = 0x74727565 // "true"
	sigCFF        = 0x4f54544f // "OTTO"
	sigCollection = 0x74746366 // "ttcf"
)

// Sizes of the fixed parts of the tables this package reads; checking them
// once at Parse lets every later read go unchecked.
const (
	headLen   = 54
	hheaLen   = 36
	maxpLen   = 6
	maxpV1Len = 32 // the version 1.0 table Merge writes
	postLen   = 32
	os2MinLen = 78 // version 0
	os2CapLen = 96 // version 2, the first with sCapHeight
)

const (
	headMagic   = 0x5f0f3cf5
	typoMetrics = 1 << 7 // OS/2 fsSelection bit USE_TYPO_METRICS
)

// requiredTables are those that fpdf reads unconditionally or that Subset
// rebuilds; fpdf dereferences a missing one and panics, so reject it here.
var requiredTables = []string{"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}

// Font is a parsed TrueType font. It is immutable after Parse and safe for
// concurrent use.
type Font struct {
	tables      map[string][]byte // by tag; slices of the caller's data
	hmtx        []byte
	loca        []byte
	glyf        []byte
	longLoca    bool
	numGlyphs   int
	numHMetrics int

	unitsPerEm int
	widthScale float64 // 1000.0/unitsPerEm, as fpdfWidth has it
	ascent     int
	descent    int
	capHeight  int
	family     string
	postScript string

	cmap cmapIndex

	// scaled caches simple glyphs as Merge rewrites them for another
	// unitsPerEm, by scaledKey: a document's fallback glyphs are scaled
	// once per Font, not once per document. Bounded by the glyph count.
	// Only merges after the Font's first fill it: a process that renders
	// one document would only pay for a copy of every glyph it scaled.
	scaled sync.Map
	merges atomic.Int32
}

// Parse parses a TrueType font with glyf outlines. data is retained, not
// copied, and must not be modified afterwards. A collection (.ttc) yields
// ErrCollection, a CFF-flavoured OpenType font ErrCFF, and malformed data a
// *FormatError.
func Parse(data []byte) (*Font, error) {
	if len(data) >= 4 && u32(data, 0) == sigCollection {
		return nil, ErrCollection
	}
	return parseFace(data, 0)
}

// ParseCollection parses face number face (counting from 0) of a TrueType
// collection (.ttc). data is retained, not copied.
func ParseCollection(data []byte, face int) (*Font, error) {
	offsets, err := collectionOffsets(data)
	if err != nil {
		return nil, err
	}
	if face < 0 || face >= len(offsets) {
		return nil, fmt.Errorf("ttf: no face %d in collection; it has faces 0 to %d", face, len(offsets)-1)
	}
	return parseFace(data, offsets[face])
}

// CollectionFaces returns the full name (or, lacking one, the family name)
// of each face of a TrueType collection, in face order. It reads only the
// names, so it also lists faces that ParseCollection would reject as CFF.
func CollectionFaces(data []byte) ([]string, error) {
	offsets, err := collectionOffsets(data)
	if err != nil {
		return nil, err
	}
	faces := make([]string, len(offsets))
	for i, off := range offsets {
		tables, err := readDirectory(data, off)
		if err != nil {
			return nil, err
		}
		recs, err := readNames(tables["name"])
		if err != nil {
			return nil, err
		}
		faces[i] = nameString(recs, nameFull)
		if faces[i] == "" {
			faces[i] = familyName(recs)
		}
	}
	return faces, nil
}

// FamilyName returns the font's typographic family name (name ID 16), or its
// legacy family name (name ID 1) when it has none.
func (f *Font) FamilyName() string { return f.family }

// PostScriptName returns the font's PostScript name (name ID 6).
func (f *Font) PostScriptName() string { return f.postScript }

// UnitsPerEm returns the size of the em square in font units.
func (f *Font) UnitsPerEm() int { return f.unitsPerEm }

// Ascent returns the ascender in font units: hhea's, or OS/2's typographic
// one when the font sets USE_TYPO_METRICS.
func (f *Font) Ascent() int { return f.ascent }

// Descent returns the descender in font units, from the same source as
// Ascent. It is negative (or zero): below the baseline.
func (f *Font) Descent() int { return f.descent }

// CapHeight returns the height of capital letters in font units, from OS/2.
// Fonts that do not record it (OS/2 before version 2, or zero) report
// Ascent.
func (f *Font) CapHeight() int { return f.capHeight }

// HasRune reports whether the font maps r to a glyph other than .notdef.
func (f *Font) HasRune(r rune) bool { return f.GlyphIndex(r) != 0 }

// GlyphIndex returns the glyph the font maps r to, or 0 (.notdef) if none.
func (f *Font) GlyphIndex(r rune) uint16 { return f.cmap.glyph(r, f.numGlyphs) }

// Advance returns r's advance width in 1/1000 em, rounded exactly as fpdf
// rounds the widths it writes into a PDF, or 0 if the font lacks r.
func (f *Font) Advance(r rune) int { return f.GlyphAdvance(f.GlyphIndex(r)) }

// GlyphAdvance is Advance for a glyph GlyphIndex returned: 0 for glyph 0,
// which means "no glyph", and for a glyph past the font's.
func (f *Font) GlyphAdvance(g uint16) int {
	if g == 0 || int(g) >= f.numGlyphs {
		return 0
	}
	adv, _ := f.hMetric(g)
	if adv >= 1<<15 { // fpdf takes larger values for garbage and uses 0
		return 0
	}
	return scaledWidth(f.widthScale, int(adv))
}

// collectionOffsets returns the offsets of the faces of a .ttc.
func collectionOffsets(data []byte) ([]int, error) {
	if len(data) < 12 || u32(data, 0) != sigCollection {
		return nil, formatErr("", "not a TrueType collection (no 'ttcf' header)")
	}
	n := u32(data, 8)
	if n == 0 {
		return nil, formatErr("", "collection has no faces")
	}
	if uint64(len(data)-12)/4 < uint64(n) {
		return nil, formatErr("", "truncated collection header")
	}
	offsets := make([]int, n)
	for i := range offsets {
		offsets[i] = int(u32(data, 12+4*i))
	}
	return offsets, nil
}

// parseFace parses the font whose table directory starts at off.
func parseFace(data []byte, off int) (*Font, error) {
	if off < 0 || off > len(data)-4 {
		return nil, formatErr("", "file too short for a font header")
	}
	switch sig := u32(data, off); sig {
	case sigTrueType, sigAppleTrue:
	case sigCFF:
		return nil, ErrCFF
	default:
		// The file's bytes are not quoted: a font path may name any file,
		// and its first bytes are nobody's business.
		return nil, formatErr("", "not a TrueType font (it does not start with a TrueType signature)")
	}
	tables, err := readDirectory(data, off)
	if err != nil {
		return nil, err
	}
	if err := checkTables(tables); err != nil {
		return nil, err
	}
	f := &Font{
		tables: tables,
		hmtx:   tables["hmtx"],
		loca:   tables["loca"],
		glyf:   tables["glyf"],
	}
	for _, step := range []func() error{f.parseHead, f.parseMaxpHhea, f.checkHmtxLoca, f.parseNames, f.parseCmap} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	f.parseMetrics()
	return f, nil
}

// readDirectory maps each table tag of the directory at off to its data.
func readDirectory(data []byte, off int) (map[string][]byte, error) {
	if off < 0 || off > len(data)-12 {
		return nil, formatErr("", "truncated table directory")
	}
	n := int(u16(data, off+4))
	if (len(data)-off-12)/16 < n {
		return nil, formatErr("", "truncated table directory")
	}
	tables := make(map[string][]byte, n)
	for i := range n {
		rec := data[off+12+16*i:]
		tag := string(rec[:4])
		start, length := uint64(u32(rec, 8)), uint64(u32(rec, 12))
		if start+length > uint64(len(data)) {
			return nil, formatErr(tag, "extends past the end of the file")
		}
		tables[tag] = data[start : start+length]
	}
	return tables, nil
}

// checkTables rejects fonts lacking a table we need, and checks the fixed
// sizes of those read at known offsets.
func checkTables(tables map[string][]byte) error {
	_, hasGlyf := tables["glyf"]
	_, hasCFF := tables["CFF "]
	_, hasCFF2 := tables["CFF2"]
	if !hasGlyf && (hasCFF || hasCFF2) {
		return ErrCFF
	}
	for _, tag := range requiredTables {
		if _, ok := tables[tag]; !ok {
			return formatErr(tag, "missing")
		}
	}
	for _, t := range []struct {
		tag  string
		size int
	}{{"head", headLen}, {"hhea", hheaLen}, {"maxp", maxpLen}, {"post", postLen}} {
		if len(tables[t.tag]) < t.size {
			return formatErr(t.tag, "%d bytes long, need %d", len(tables[t.tag]), t.size)
		}
	}
	if os2, ok := tables["OS/2"]; ok {
		// fpdf reads sCapHeight from version 2 on, so that must be there too.
		if len(os2) < os2MinLen {
			return formatErr("OS/2", "too short (%d bytes)", len(os2))
		}
		if u16(os2, 0) >= 2 && len(os2) < os2CapLen {
			return formatErr("OS/2", "too short (%d bytes) for version %d", len(os2), u16(os2, 0))
		}
	}
	return nil
}

func (f *Font) parseHead() error {
	head := f.tables["head"]
	if u32(head, 12) != headMagic {
		return formatErr("head", "bad magic number")
	}
	// The spec allows 16..16384; anything else would make widths nonsense.
	f.unitsPerEm = int(u16(head, 18))
	if f.unitsPerEm < 16 || f.unitsPerEm > 16384 {
		return formatErr("head", "unitsPerEm %d out of range", f.unitsPerEm)
	}
	f.widthScale = 1000.0 / float64(f.unitsPerEm)
	switch u16(head, 50) {
	case 0:
	case 1:
		f.longLoca = true
	default:
		return formatErr("head", "unknown indexToLocFormat %d", u16(head, 50))
	}
	return nil
}

func (f *Font) parseMaxpHhea() error {
	f.numGlyphs = int(u16(f.tables["maxp"], 4))
	if f.numGlyphs == 0 {
		return formatErr("maxp", "font has no glyphs")
	}
	f.numHMetrics = int(u16(f.tables["hhea"], 34))
	if f.numHMetrics == 0 || f.numHMetrics > f.numGlyphs {
		return formatErr("hhea", "numberOfHMetrics %d not in 1..%d", f.numHMetrics, f.numGlyphs)
	}
	return nil
}

func (f *Font) checkHmtxLoca() error {
	if need := 4*f.numHMetrics + 2*(f.numGlyphs-f.numHMetrics); len(f.hmtx) < need {
		return formatErr("hmtx", "%d bytes long, need %d", len(f.hmtx), need)
	}
	entry := 2
	if f.longLoca {
		entry = 4
	}
	if need := entry * (f.numGlyphs + 1); len(f.loca) < need {
		return formatErr("loca", "%d bytes long, need %d", len(f.loca), need)
	}
	return nil
}

func (f *Font) parseMetrics() {
	hhea, os2 := f.tables["hhea"], f.tables["OS/2"]
	f.ascent, f.descent = int(i16(hhea, 4)), int(i16(hhea, 6))
	if os2 != nil && u16(os2, 62)&typoMetrics != 0 {
		f.ascent, f.descent = int(i16(os2, 68)), int(i16(os2, 70))
	}
	// Some old fonts store the descender as a positive distance.
	if f.descent > 0 {
		f.descent = -f.descent
	}
	f.capHeight = f.ascent
	if os2 != nil && u16(os2, 0) >= 2 && i16(os2, 88) > 0 {
		f.capHeight = int(i16(os2, 88))
	}
}

func (f *Font) parseNames() error {
	recs, err := readNames(f.tables["name"])
	if err != nil {
		return err
	}
	f.family = familyName(recs)
	f.postScript = nameString(recs, namePostScript)
	return nil
}

// hMetric returns glyph g's advance and left side bearing in font units.
// Glyphs past numberOfHMetrics share the last advance.
func (f *Font) hMetric(g uint16) (advance, lsb uint16) {
	n := f.numHMetrics
	if int(g) < n {
		return u16(f.hmtx, 4*int(g)), u16(f.hmtx, 4*int(g)+2)
	}
	return u16(f.hmtx, 4*(n-1)), u16(f.hmtx, 4*n+2*(int(g)-n))
}

func u16(b []byte, off int) uint16 { return binary.BigEndian.Uint16(b[off:]) }
func i16(b []byte, off int) int16  { return int16(binary.BigEndian.Uint16(b[off:])) }
func u32(b []byte, off int) uint32 { return binary.BigEndian.Uint32(b[off:]) }
