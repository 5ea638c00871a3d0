package ttf

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf16"
)

// mergedFamily names the merged font; PDF viewers show fpdf's own name for
// an embedded font, so this only needs to be valid and honest.
const mergedFamily = "KesuMerged"

// head flags kept from the first font: baseline at y=0, left side bearing
// at x=0, integer ppem. The others concern instructions, which are gone,
// or claims about the original font's data.
const keptHeadFlags = 0x000b

// write writes the merged font: its tables straight into the file, in
// tag order, the glyphs too, with OS/2, which needs the glyphs' widths,
// reserved ahead of them and filled in last.
func (m *merger) write() ([]byte, error) {
	name := m.name()
	os2 := m.srcs[0].f.tables["OS/2"]
	numTables := 9
	if os2 != nil {
		numTables++
	}
	var glyphs int
	for _, s := range m.srcs {
		glyphs += len(s.glyphs)
	}
	// Tables in tag order; OS/2's capital O sorts first.
	size := 12 + 16*numTables + len(os2) + 12 + cmapLen(len(m.runes)) + m.glyfSize() +
		headLen + hheaLen + 4*glyphs + 4*(glyphs+1) + maxpV1Len + len(name) + postLen + 4*numTables
	w := newFontFile(numTables, size)
	if os2 != nil {
		w.reserve("OS/2", len(os2))
	}
	w.begin("cmap")
	var err error
	if w.out, err = appendCmap(w.out, m.runes, m.gids); err != nil {
		return nil, err
	}
	w.end()
	w.begin("glyf")
	if w.out, err = m.buildGlyphs(w.out); err != nil {
		return nil, err
	}
	w.end()
	w.add("head", m.head())
	hhea, err := m.hhea(len(m.glyphs))
	if err != nil {
		return nil, err
	}
	w.add("hhea", hhea)
	w.begin("hmtx")
	w.out = m.appendHmtx(w.out)
	w.end()
	w.begin("loca")
	w.out = m.appendLoca(w.out)
	w.end()
	w.add("maxp", m.maxp())
	w.add("name", name)
	post, err := m.post()
	if err != nil {
		return nil, err
	}
	w.add("post", post)
	if os2 != nil {
		if err := m.os2(w.table(0)); err != nil {
			return nil, err
		}
	}
	return w.finish(), nil
}

// metric scales one of the first font's font-wide metrics.
func (m *merger) metric(table string, off int, what string) (uint16, error) {
	s := m.srcs[0]
	v := s.scale.apply(int(i16(s.f.tables[table], off)))
	if v < math.MinInt16 || v > math.MaxInt16 {
		return 0, fmt.Errorf("ttf: cannot merge: %s of %q scales to %d, beyond the range of a 16-bit font metric",
			what, s.f.family, v)
	}
	return uint16(v), nil
}

// scaleMetrics scales in place the int16 metrics at offs of a copy of the
// first font's table.
func (m *merger) scaleMetrics(out []byte, table string, what string, offs ...int) error {
	for _, off := range offs {
		v, err := m.metric(table, off, fmt.Sprintf("%s field at offset %d", what, off))
		if err != nil {
			return err
		}
		binary.BigEndian.PutUint16(out[off:], v)
	}
	return nil
}

// appendHmtx writes the scaled metrics, a full pair for every glyph. Unlike
// Subset, it does not let trailing glyphs of equal advance share the last
// one: for such glyphs fpdf (v0.9.0, getMetrics) appends to a slice of the
// caller's font data and so overwrites a side bearing in it, which breaks
// any later document embedding the same bytes. The cost is two bytes per
// glyph.
func (m *merger) appendHmtx(dst []byte) []byte {
	for _, g := range m.glyphs {
		dst = appendU16(dst, uint16(g.advance), uint16(g.lsb))
	}
	return dst
}

func (m *merger) head() []byte {
	first := m.srcs[0].f.tables["head"]
	head := make([]byte, headLen)
	copy(head, first[:headLen])
	var xMin, yMin, xMax, yMax int16
	seen := false
	for _, g := range m.glyphs {
		if !g.contours {
			continue
		}
		if !seen {
			xMin, yMin, xMax, yMax, seen = g.xMin, g.yMin, g.xMax, g.yMax, true
			continue
		}
		xMin, yMin = min(xMin, g.xMin), min(yMin, g.yMin)
		xMax, yMax = max(xMax, g.xMax), max(yMax, g.yMax)
	}
	var locaFormat uint16
	if m.longLoca {
		locaFormat = 1
	}
	binary.BigEndian.PutUint32(head[0:], 0x00010000)
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set by assemble
	binary.BigEndian.PutUint16(head[16:], u16(first, 16)&keptHeadFlags)
	binary.BigEndian.PutUint16(head[18:], uint16(m.upem))
	appendU16(head[36:36], uint16(xMin), uint16(yMin), uint16(xMax), uint16(yMax))
	appendU16(head[50:50], locaFormat, 0) // glyphDataFormat
	return head
}

// hhea takes the first font's ascender, descender and line gap, and
// computes the extents from the merged glyphs.
func (m *merger) hhea(numHMetrics int) ([]byte, error) {
	hhea := make([]byte, hheaLen)
	copy(hhea, m.srcs[0].f.tables["hhea"][:hheaLen])
	binary.BigEndian.PutUint32(hhea, 0x00010000)
	if err := m.scaleMetrics(hhea, "hhea", "hhea", 4, 6, 8, 22); err != nil {
		return nil, err
	}
	var advMax, minLSB, minRSB, maxExtent int
	seen := false
	for _, g := range m.glyphs {
		adv, lsb := int(g.advance), int(g.lsb)
		advMax = max(advMax, adv)
		if !g.contours {
			continue
		}
		extent := lsb + int(g.xMax) - int(g.xMin)
		rsb := adv - extent
		if !seen {
			minLSB, minRSB, maxExtent, seen = lsb, rsb, extent, true
			continue
		}
		minLSB, minRSB, maxExtent = min(minLSB, lsb), min(minRSB, rsb), max(maxExtent, extent)
	}
	appendU16(hhea[10:10], uint16(advMax), clamp16(minLSB), clamp16(minRSB), clamp16(maxExtent))
	clear(hhea[24:34]) // reserved, metricDataFormat
	binary.BigEndian.PutUint16(hhea[34:], uint16(numHMetrics))
	return hhea, nil
}

func clamp16(v int) uint16 { return uint16(int16(max(math.MinInt16, min(v, math.MaxInt16)))) }

// maxp writes a version 1.0 maxp whose outline limits are computed from the
// merged glyphs, and whose instruction limits are those of a font without
// instructions.
func (m *merger) maxp() []byte {
	var maxPoints, maxContours, maxCompPoints, maxCompContours, maxElems, maxDepth int
	type total struct{ points, contours, depth int }
	var memo []total // of glyphs walked, made at the first composite
	var done []bool
	var walk func(g uint16) total
	walk = func(g uint16) total {
		if done[g] {
			return memo[g]
		}
		mg := &m.glyphs[g]
		t := total{points: int(mg.points), contours: int(mg.numContours)}
		if mg.composite {
			t = total{}
			for _, c := range m.comps[mg.compStart:mg.compEnd] {
				ct := walk(c) // the closure has ruled out cycles
				t.points += ct.points
				t.contours += ct.contours
				t.depth = max(t.depth, ct.depth+1)
			}
		}
		memo[g], done[g] = t, true
		return t
	}
	for i, mg := range m.glyphs {
		if mg.composite {
			if memo == nil {
				memo, done = make([]total, len(m.glyphs)), make([]bool, len(m.glyphs))
			}
			t := walk(uint16(i))
			maxCompPoints, maxCompContours = max(maxCompPoints, t.points), max(maxCompContours, t.contours)
			maxElems, maxDepth = max(maxElems, int(mg.compEnd-mg.compStart)), max(maxDepth, t.depth)
		} else {
			maxPoints, maxContours = max(maxPoints, int(mg.points)), max(maxContours, int(mg.numContours))
		}
	}
	sat := func(v int) uint16 { return uint16(min(v, 0xffff)) }
	maxp := binary.BigEndian.AppendUint32(make([]byte, 0, 32), 0x00010000)
	return appendU16(maxp, uint16(len(m.glyphs)),
		sat(maxPoints), sat(maxContours), sat(maxCompPoints), sat(maxCompContours),
		1,                // maxZones: no instructions use the twilight zone
		0, 0, 0, 0, 0, 0, // twilight points, storage, FDEFs, IDEFs, stack, instruction size
		sat(maxElems), sat(maxDepth))
}

// post writes a version 3 post table with the first font's italic angle
// and underline; the font is fixed-pitch only if all its sources are.
func (m *merger) post() ([]byte, error) {
	post := make([]byte, postLen)
	binary.BigEndian.PutUint32(post, 0x00030000)
	copy(post[4:16], m.srcs[0].f.tables["post"][4:16])
	if err := m.scaleMetrics(post, "post", "post", 8, 10); err != nil {
		return nil, err
	}
	for _, s := range m.srcs {
		if u32(s.f.tables["post"], 12) == 0 {
			binary.BigEndian.PutUint32(post[12:], 0)
		}
	}
	return post, nil
}

// os2 writes into os2, as long as the first font's OS/2 table, that
// table adapted: its metrics scaled, the average width and character range
// recomputed, the Unicode and code page ranges of all sources combined,
// and the most restrictive embedding permission of all sources.
func (m *merger) os2(os2 []byte) error {
	first := m.srcs[0].f.tables["OS/2"]
	copy(os2, first)
	version := u16(os2, 0)
	offs := []int{10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 68, 70, 72}
	if version >= 2 { // Parse made sure the table is long enough
		offs = append(offs, 86, 88)
	}
	if err := m.scaleMetrics(os2, "OS/2", "OS/2", offs...); err != nil {
		return err
	}
	for _, off := range []int{74, 76} { // usWinAscent, usWinDescent: unsigned
		v := m.srcs[0].scale.apply(int(u16(first, off)))
		if v > math.MaxUint16 {
			return fmt.Errorf("ttf: cannot merge: OS/2 field at offset %d of %q scales to %d, beyond the range of a 16-bit font metric",
				off, m.srcs[0].f.family, v)
		}
		binary.BigEndian.PutUint16(os2[off:], uint16(v))
	}

	sum, count := 0, 0
	for _, g := range m.glyphs {
		if g.advance != 0 {
			sum += int(g.advance)
			count++
		}
	}
	if count > 0 {
		binary.BigEndian.PutUint16(os2[2:], uint16((sum+count/2)/count))
	}
	var firstChar, lastChar uint16
	if len(m.runes) > 0 {
		firstChar, lastChar = uint16(m.runes[0]), uint16(m.runes[len(m.runes)-1])
	}
	appendU16(os2[64:64], firstChar, lastChar)

	fsType := u16(os2, 8)
	for _, s := range m.srcs[1:] {
		other := s.f.tables["OS/2"]
		if other == nil {
			continue
		}
		fsType = mergeFsType(fsType, u16(other, 8))
		for off := 42; off < 58; off++ { // ulUnicodeRange1-4
			os2[off] |= other[off]
		}
		if version >= 1 && len(os2) >= 86 && u16(other, 0) >= 1 && len(other) >= 86 {
			for off := 78; off < 86; off++ { // ulCodePageRange1-2
				os2[off] |= other[off]
			}
		}
	}
	binary.BigEndian.PutUint16(os2[8:], fsType)
	return nil
}

// mergeFsType combines two OS/2 embedding permissions into the more
// restrictive: the usage bits rank restricted (2) over preview & print (4)
// over editable (8) over installable (0); the subsetting and bitmap-only
// bits add up.
func mergeFsType(a, b uint16) uint16 {
	usage := func(v uint16) uint16 {
		for _, bit := range []uint16{2, 4, 8} {
			if v&bit != 0 {
				return bit
			}
		}
		return 0
	}
	rank := func(bit uint16) int {
		switch bit {
		case 2:
			return 3
		case 4:
			return 2
		case 8:
			return 1
		}
		return 0
	}
	ua, ub := usage(a), usage(b)
	if rank(ub) > rank(ua) {
		ua = ub
	}
	return ua | (a|b)&0x0300
}

// name writes a name table of Windows English records: the family renamed,
// the first font's subfamily, and the copyright notices of every source.
func (m *merger) name() []byte {
	var notices []string
	for _, s := range m.srcs {
		recs, _ := readNames(s.f.tables["name"]) // checked by Parse
		if c := nameString(recs, nameCopyright); c != "" && !slices.Contains(notices, c) {
			notices = append(notices, c)
		}
	}
	recs, _ := readNames(m.srcs[0].f.tables["name"])
	sub := nameString(recs, nameSubfamily)
	if sub == "" {
		sub = "Regular"
	}
	full, ps := mergedFamily, mergedFamily
	if sub != "Regular" {
		full += " " + sub
		ps += "-" + strings.ReplaceAll(sub, " ", "")
	}
	strs := []struct {
		id uint16
		s  string
	}{
		{nameCopyright, strings.Join(notices, "\n")},
		{nameFamily, mergedFamily},
		{nameSubfamily, sub},
		{nameUniqueID, ps},
		{nameFull, full},
		{nameVersion, "Version 1.0"},
		{namePostScript, ps},
	}
	var storage []byte
	type rec struct{ id, length, offset uint16 }
	var out []rec
	for _, e := range strs {
		if e.s == "" {
			continue
		}
		enc := utf16.Encode([]rune(e.s))
		if len(storage)+2*len(enc) > 0xffff {
			continue // only a vast copyright notice could do this
		}
		r := rec{e.id, uint16(2 * len(enc)), uint16(len(storage))}
		storage = appendU16(storage, enc...)
		out = append(out, r)
	}
	name := appendU16(nil, 0, uint16(len(out)), uint16(6+12*len(out)))
	for _, r := range out {
		name = appendU16(name, platformWindows, encodingUnicodeBMP, langEnglishUS, r.id, r.length, r.offset)
	}
	return append(name, storage...)
}
