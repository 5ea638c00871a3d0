package ttf

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
)

// Composite glyph component flags.
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
)

// glyphHeaderLen is the size of numberOfContours and the bounding box that
// start every non-empty glyph.
const glyphHeaderLen = 10

// checksumMagic is what a whole font file must sum to, by the spec; head's
// checkSumAdjustment makes up the difference.
const checksumMagic = 0xb1b0afba

// copiedTables are passed through unchanged when present. The hinting
// tables must travel with the glyphs, whose instructions call fpgm
// functions and read cvt values.
var copiedTables = []string{"OS/2", "name", "cvt ", "fpgm", "prep", "gasp"}

// Subset returns a minimal TrueType font holding .notdef, the glyphs of
// runes and the components of composite ones, renumbered densely in their
// original order, with a cmap mapping each rune to its new glyph. The result
// is meant for fpdf's AddUTF8FontFromBytes.
//
// Runes the font lacks are left out. The order of runes and duplicates do
// not matter: the same set of runes always yields the same bytes. Runes
// beyond the BMP are an error, since fpdf cannot draw them; callers should
// filter them out beforehand.
func (f *Font) Subset(runes []rune) ([]byte, error) {
	mapped, err := f.mappedRunes(runes)
	if err != nil {
		return nil, err
	}
	glyphs, err := f.glyphClosure(mapped)
	if err != nil {
		return nil, err
	}
	newID := func(old uint16) uint16 {
		i, _ := slices.BinarySearch(glyphs, old)
		return uint16(i)
	}
	glyf, loca, locaFormat, err := f.buildGlyf(glyphs, newID)
	if err != nil {
		return nil, err
	}
	gids := make([]uint16, len(mapped))
	for i, r := range mapped {
		gids[i] = newID(f.GlyphIndex(r))
	}
	cmap, err := appendCmap(nil, mapped, gids)
	if err != nil {
		return nil, err
	}
	hmtx, numHMetrics := f.buildHmtx(glyphs)

	head := withU16(f.tables["head"], 50, locaFormat)
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set by assemble
	tables := []table{
		{"cmap", cmap},
		{"glyf", glyf},
		{"head", head},
		{"hhea", withU16(f.tables["hhea"], 34, uint16(numHMetrics))},
		{"hmtx", hmtx},
		{"loca", loca},
		{"maxp", withU16(f.tables["maxp"], 4, uint16(len(glyphs)))},
		{"post", f.subsetPost()},
	}
	for _, tag := range copiedTables {
		if data, ok := f.tables[tag]; ok {
			tables = append(tables, table{tag, data})
		}
	}
	return assemble(tables), nil
}

// mappedRunes returns the runes the font has, sorted and without
// duplicates, which is what makes Subset deterministic.
func (f *Font) mappedRunes(runes []rune) ([]rune, error) {
	out := make([]rune, 0, len(runes))
	for _, r := range runes {
		if uint32(r) > 0xffff {
			return nil, fmt.Errorf("ttf: cannot subset rune %U %q: fpdf can only draw runes of the Basic Multilingual Plane (up to U+FFFF)", r, r)
		}
		// U+FFFF belongs to the final segment that format 4 requires.
		if r != 0xffff && f.GlyphIndex(r) != 0 {
			out = append(out, r)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// glyphClosure returns, sorted, glyph 0 (which every font must have), the
// glyphs of runes, and every glyph those are composed of.
func (f *Font) glyphClosure(runes []rune) ([]uint16, error) {
	seeds := make([]uint16, 1, len(runes)+1) // glyph 0
	for _, r := range runes {
		seeds = append(seeds, f.GlyphIndex(r))
	}
	return f.closureOf(seeds)
}

// closureOf returns, sorted and without duplicates, the glyphs seeds and
// every glyph those are composed of.
func (f *Font) closureOf(seeds []uint16) ([]uint16, error) {
	c := closure{f: f, n: f.numGlyphs, state: make([]uint64, (f.numGlyphs+31)/32), glyphs: make([]uint16, 0, len(seeds))}
	for _, g := range seeds {
		if err := c.add(g); err != nil {
			return nil, err
		}
	}
	slices.Sort(c.glyphs)
	return c.glyphs, nil
}

// visit is a glyph's state during glyphClosure. A glyph met again while
// its components are being collected contains itself, on which fpdf would
// recurse forever.
type visit uint8

const (
	unvisited visit = iota
	visiting
	visited
)

// closure collects glyphs with their components. States indexed by glyph
// beat a map here: clearing even 65536 of them is cheaper than hashing a
// few thousand glyphs. They take two bits each, 16 KB for the largest
// font rather than 64 KB.
type closure struct {
	f      *Font
	n      int      // glyphs in the font
	state  []uint64 // glyph g's visit at bits 2*(g%32) of state[g/32]
	glyphs []uint16
}

func (c *closure) get(g uint16) visit { return visit(c.state[g/32] >> (2 * (g % 32)) & 3) }

func (c *closure) set(g uint16, v visit) {
	shift := 2 * (g % 32)
	c.state[g/32] = c.state[g/32]&^(3<<shift) | uint64(v)<<shift
}

func (c *closure) add(g uint16) error {
	if int(g) >= c.n {
		return formatErr("glyf", "reference to glyph %d; the font has %d", g, c.n)
	}
	if st := c.get(g); st != unvisited {
		if st == visiting {
			return formatErr("glyf", "composite glyph %d contains itself", g)
		}
		return nil
	}
	c.set(g, visiting)
	data, err := c.f.glyph(g)
	if err != nil {
		return err
	}
	if err := eachComponent(data, func(off int) error { return c.add(u16(data, off)) }); err != nil {
		return err
	}
	c.set(g, visited)
	c.glyphs = append(c.glyphs, g)
	return nil
}

// glyph returns the outline data of glyph g < numGlyphs, empty for a glyph
// without contours.
func (f *Font) glyph(g uint16) ([]byte, error) {
	start, end := f.locaOffset(int(g)), f.locaOffset(int(g)+1)
	if start > end || uint64(end) > uint64(len(f.glyf)) {
		return nil, formatErr("loca", "glyph %d has bad offsets %d..%d", g, start, end)
	}
	data := f.glyf[start:end]
	if len(data) > 0 && len(data) < glyphHeaderLen {
		return nil, formatErr("glyf", "glyph %d truncated", g)
	}
	return data, nil
}

func (f *Font) locaOffset(i int) uint32 {
	if f.longLoca {
		return u32(f.loca, 4*i)
	}
	return 2 * uint32(u16(f.loca, 2*i))
}

// eachComponent calls fn with the offset of each component's glyph index
// within a composite glyph; a simple glyph has none.
func eachComponent(glyph []byte, fn func(off int) error) error {
	if len(glyph) == 0 || i16(glyph, 0) >= 0 {
		return nil
	}
	for off := glyphHeaderLen; ; {
		if off+4 > len(glyph) {
			return formatErr("glyf", "truncated composite glyph")
		}
		flags := u16(glyph, off)
		if err := fn(off + 2); err != nil {
			return err
		}
		off += 4 + componentArgsLen(flags)
		if off > len(glyph) {
			return formatErr("glyf", "truncated composite glyph")
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// componentArgsLen returns the size of a component's offsets and transform,
// which follow its flags and glyph index.
func componentArgsLen(flags uint16) int {
	n := 2
	if flags&argsAreWords != 0 {
		n = 4
	}
	switch {
	case flags&haveScale != 0:
		n += 2
	case flags&haveXYScale != 0:
		n += 4
	case flags&haveTwoByTwo != 0:
		n += 8
	}
	return n
}

// buildGlyf copies the glyphs, rewriting component references to the new
// glyph IDs, and returns them with their loca table and its format (head's
// indexToLocFormat).
func (f *Font) buildGlyf(glyphs []uint16, newID func(uint16) uint16) (glyf, loca []byte, locaFormat uint16, err error) {
	// Lay the glyphs out first so that glyf is allocated once.
	data := make([][]byte, len(glyphs))
	offsets := make([]int, len(glyphs)+1)
	for i, g := range glyphs {
		if data[i], err = f.glyph(g); err != nil {
			return nil, nil, 0, err
		}
		offsets[i+1] = offsets[i] + (len(data[i])+3)&^3
	}
	glyf = make([]byte, offsets[len(glyphs)])
	for i, d := range data {
		out := glyf[offsets[i]:]
		copy(out, d)
		err := eachComponent(d, func(off int) error {
			binary.BigEndian.PutUint16(out[off:], newID(u16(d, off)))
			return nil
		})
		if err != nil {
			return nil, nil, 0, err
		}
	}

	// The short format stores offset/2 in a uint16.
	if len(glyf) > 2*0xffff {
		locaFormat = 1
		loca = make([]byte, 0, 4*len(offsets))
	} else {
		loca = make([]byte, 0, 2*len(offsets))
	}
	for _, off := range offsets {
		if locaFormat == 1 {
			loca = binary.BigEndian.AppendUint32(loca, uint32(off))
		} else {
			loca = appendU16(loca, uint16(off/2))
		}
	}
	return glyf, loca, locaFormat, nil
}

// buildHmtx returns the metrics of glyphs and their numberOfHMetrics: like
// the original, trailing glyphs of equal advance store only their side
// bearing, which for a CJK font is nearly all of them.
func (f *Font) buildHmtx(glyphs []uint16) ([]byte, int) {
	n := len(glyphs)
	for n > 1 && f.rawAdvance(glyphs[n-1]) == f.rawAdvance(glyphs[n-2]) {
		n--
	}
	out := make([]byte, 0, 2*n+2*len(glyphs))
	for i, g := range glyphs {
		advance, lsb := f.hMetric(g)
		if i < n {
			out = appendU16(out, advance)
		}
		out = appendU16(out, lsb)
	}
	return out, n
}

func (f *Font) rawAdvance(g uint16) uint16 {
	advance, _ := f.hMetric(g)
	return advance
}

// subsetPost returns a version 3 'post' table: the original's metrics
// without glyph names, which would have to be renumbered and which PDF
// viewers do not need.
func (f *Font) subsetPost() []byte {
	post := make([]byte, postLen)
	binary.BigEndian.PutUint32(post, 0x00030000)
	copy(post[4:16], f.tables["post"][4:16]) // italicAngle to isFixedPitch
	return post
}

// table is one table of a font file being assembled.
type table struct {
	tag  string
	data []byte
}

// assemble writes a font file of tables, sorted by tag as the spec
// requires, each 4-byte aligned, with checksums.
func assemble(tables []table) []byte {
	slices.SortFunc(tables, func(a, b table) int { return strings.Compare(a.tag, b.tag) })
	size := 12 + 16*len(tables)
	for _, t := range tables {
		size += (len(t.data) + 3) &^ 3
	}
	w := newFontFile(len(tables), size)
	for _, t := range tables {
		w.add(t.tag, t.data)
	}
	return w.finish()
}

// fontFile is a font file being written in one buffer: the table
// directory reserved at the front, then the tables in the order they are
// added, which must be that of their tags, each 4-byte aligned. A table
// is copied in (add), written in place (begin, append to out, end), or
// reserved and filled later (reserve, table); finish fills in the
// directory and the checksums.
type fontFile struct {
	out  []byte
	recs []tableRec
}

type tableRec struct {
	tag         string
	off, length int
}

// newFontFile starts a font file of numTables tables in a buffer of size
// bytes, which it outgrows if need be.
func newFontFile(numTables, size int) *fontFile {
	dir := 12 + 16*numTables
	return &fontFile{out: make([]byte, dir, max(size, dir)), recs: make([]tableRec, 0, numTables)}
}

func (w *fontFile) begin(tag string) {
	w.recs = append(w.recs, tableRec{tag: tag, off: len(w.out)})
}

func (w *fontFile) end() {
	r := &w.recs[len(w.recs)-1]
	r.length = len(w.out) - r.off
	w.out = pad4(w.out)
}

func (w *fontFile) add(tag string, data []byte) {
	w.begin(tag)
	w.out = append(w.out, data...)
	w.end()
}

// reserve adds a table of n zero bytes, to be written through table.
func (w *fontFile) reserve(tag string, n int) {
	w.begin(tag)
	w.out = append(w.out, make([]byte, n)...)
	w.end()
}

// table returns the bytes of the i-th table added.
func (w *fontFile) table(i int) []byte {
	r := w.recs[i]
	return w.out[r.off : r.off+r.length]
}

// finish writes the header, the directory and the checksums, head's
// checkSumAdjustment last, and returns the file.
func (w *fontFile) finish() []byte {
	n := len(w.recs)
	out := w.out
	if 12+16*n != w.recs[0].off || !slices.IsSortedFunc(w.recs, func(a, b tableRec) int { return strings.Compare(a.tag, b.tag) }) {
		panic(fmt.Sprintf("ttf: font file of %d tables written out of tag order or beside its directory", n))
	}
	binary.BigEndian.PutUint32(out, sigTrueType)
	searchRange, entrySelector, rangeShift := searchParams(n, 16)
	appendU16(out[4:4], uint16(n), searchRange, entrySelector, rangeShift)
	head := -1
	var sum uint32 // of the tables; they are padded, so it adds up to the file's
	for i, r := range w.recs {
		rec := out[12+16*i:]
		copy(rec, r.tag)
		tableSum := checksum(out[r.off : r.off+r.length])
		sum += tableSum
		binary.BigEndian.PutUint32(rec[4:], tableSum)
		binary.BigEndian.PutUint32(rec[8:], uint32(r.off))
		binary.BigEndian.PutUint32(rec[12:], uint32(r.length))
		if r.tag == "head" {
			head = r.off
		}
	}
	sum += checksum(out[:12+16*n])
	if head >= 0 {
		binary.BigEndian.PutUint32(out[head+8:], checksumMagic-sum)
	}
	return out
}

// checksum sums b as big-endian uint32s, zero-padding the last one.
func checksum(b []byte) uint32 {
	var sum uint32
	for ; len(b) >= 4; b = b[4:] {
		sum += u32(b, 0)
	}
	var last [4]byte
	copy(last[:], b)
	return sum + u32(last[:], 0)
}

func pad4(b []byte) []byte {
	var zeros [3]byte
	return append(b, zeros[:-len(b)&3]...)
}

// withU16 returns a copy of b with the uint16 at off replaced by v.
func withU16(b []byte, off int, v uint16) []byte {
	b = slices.Clone(b)
	binary.BigEndian.PutUint16(b[off:], v)
	return b
}
