package ttf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Part is the runes one source font contributes to a merged font.
type Part struct {
	Font  *Font
	Runes []rune
}

// Merge builds one TrueType font holding the glyphs of every part — each
// rune drawn by the glyph of the part that lists it (the first part wins
// when several list the same rune) — so a document embeds one font instead
// of one per fallback face. Outlines of fonts whose unitsPerEm differs from
// the result's are scaled exactly; hinting instructions are dropped (PDF
// viewers do not need them, and instructions of different fonts cannot be
// combined).
//
// A rune goes to the first part that lists it and whose font has it; runes
// no listing part's font has are left out, as Subset leaves them out. As
// with Subset, the order and repetition of each part's runes do not matter,
// runes beyond the BMP are an error, and the result is meant for fpdf's
// AddUTF8FontFromBytes. Glyph 0 is the first part's .notdef. A font that
// draws no rune plays no part, except the first part's.
//
// The result's unitsPerEm is the largest of the fonts', so the outlines of
// fonts whose unitsPerEm divides it (Droid Sans Fallback's 256 into Go's
// and DejaVu's 2048) are multiplied exactly. Other fonts are scaled with
// rounding to the nearest unit, which moves points by at most half a unit;
// when the fonts' unitsPerEm differ and the largest is below 1000, it is
// first raised to a multiple of itself of at least 1000, so that rounding
// stays finer than fpdf's 1/1000 em widths. Whatever the scaling, every
// advance width is chosen so that the width fpdf derives from it, in
// 1/1000 em, equals the source font's Advance: text is drawn exactly where
// it was measured. Coordinates that scaling takes beyond 16 bits are an
// error naming the glyph.
//
// The font-wide metrics come from the first part's font, scaled: hhea's
// ascender, descender and line gap, OS/2's typographic and Windows metrics,
// x-height, cap height, sub- and superscript and strikeout, post's italic
// angle and underline. Computed from the merged glyphs are head's bounding
// box, hhea's advanceWidthMax, side bearing minima and xMaxExtent, OS/2's
// average width and first and last character, and maxp's limits; OS/2's
// Unicode and code page ranges are those of all the fonts, and its
// embedding permission the most restrictive of theirs. The name table
// calls the family "KesuMerged" and keeps the copyright notices of all the
// fonts.
//
// Only the tables fpdf and PDF viewers read are written: cmap, glyf, head,
// hhea, hmtx, loca, maxp, name, post (format 3, without glyph names) and,
// when the first font has one, OS/2. Hinting (fpgm, prep, cvt, gasp and
// the glyphs' instructions), kerning, OpenType layout and vertical metrics
// are dropped.
func Merge(parts ...Part) ([]byte, error) {
	if len(parts) == 0 {
		return nil, errors.New("ttf: Merge needs at least one part")
	}
	m := &merger{}
	if err := m.collect(parts); err != nil {
		return nil, err
	}
	if err := m.layout(); err != nil {
		return nil, err
	}
	if err := m.buildGlyphs(); err != nil {
		return nil, err
	}
	return m.assemble()
}

// mergeSource is one distinct font among the parts.
type mergeSource struct {
	f      *Font
	scale  scaler
	seeds  []uint16 // glyphs of the runes this font draws
	glyphs []uint16 // seeds with their components, sorted
	base   int      // merged ID of glyphs[0]
}

// newID maps glyph g of the source, which must be in glyphs, to its ID in
// the merged font.
func (s *mergeSource) newID(g uint16) uint16 {
	i, _ := slices.BinarySearch(s.glyphs, g)
	return uint16(s.base + i)
}

// mergedGlyph is what the tables beside glyf need to know of a glyph.
type mergedGlyph struct {
	advance, lsb           int
	xMin, yMin, xMax, yMax int
	contours               bool // has an outline, so counts for extents
	points, numContours    int  // of a simple glyph
	composite              bool
	compStart, compEnd     int // a composite's components in merger.comps
}

type merger struct {
	srcs    []*mergeSource
	upem    int
	runes   []rune   // sorted, unique
	runeSrc []int    // index of the source drawing each of runes
	gids    []uint16 // merged glyph of each of runes

	glyf, loca []byte
	longLoca   bool
	glyphs     []mergedGlyph
	comps      []uint16 // components of composites, merged IDs
}

// collect groups the parts by font and gives each rune to its first part.
func (m *merger) collect(parts []Part) error {
	partSrc := make([]int, len(parts))
	for i, p := range parts {
		if p.Font == nil {
			return fmt.Errorf("ttf: Merge: part %d has no font", i)
		}
		j := slices.IndexFunc(m.srcs, func(s *mergeSource) bool { return s.f == p.Font })
		if j < 0 {
			j = len(m.srcs)
			m.srcs = append(m.srcs, &mergeSource{f: p.Font})
		}
		partSrc[i] = j
	}
	// Each rune a part's font has, as the rune in the high half and the
	// part in the low, so that sorting puts a rune's first part first.
	var owners []uint64
	for i, p := range parts {
		for _, r := range p.Runes {
			if uint32(r) > 0xffff {
				return fmt.Errorf("ttf: cannot merge rune %U %q: fpdf can only draw runes of the Basic Multilingual Plane (up to U+FFFF)", r, r)
			}
			// U+FFFF belongs to the final segment that format 4 requires.
			if r != 0xffff && p.Font.GlyphIndex(r) != 0 {
				owners = append(owners, uint64(r)<<32|uint64(i))
			}
		}
	}
	slices.Sort(owners)
	m.srcs[0].seeds = append(m.srcs[0].seeds, 0) // .notdef
	for i, o := range owners {
		r := rune(o >> 32)
		if i > 0 && rune(owners[i-1]>>32) == r {
			continue // a later part lists it too
		}
		src := partSrc[uint32(o)]
		m.runes = append(m.runes, r)
		m.runeSrc = append(m.runeSrc, src)
		s := m.srcs[src]
		s.seeds = append(s.seeds, s.f.GlyphIndex(r))
	}
	// Fonts that draw nothing play no part: they would only sway the
	// choice of unitsPerEm and add their names and ranges to OS/2.
	index := make([]int, len(m.srcs))
	kept := m.srcs[:0]
	for i, s := range m.srcs {
		index[i] = len(kept)
		if len(s.seeds) > 0 {
			kept = append(kept, s)
		}
	}
	m.srcs = kept
	for i, si := range m.runeSrc {
		m.runeSrc[i] = index[si]
	}
	return nil
}

// layout chooses the unitsPerEm, collects each font's glyphs and numbers
// them: the first font's from 0, so that its .notdef is glyph 0, then the
// others' in the order the parts name the fonts.
func (m *merger) layout() error {
	sameUPEM := true
	for _, s := range m.srcs {
		m.upem = max(m.upem, s.f.unitsPerEm)
		sameUPEM = sameUPEM && s.f.unitsPerEm == m.srcs[0].f.unitsPerEm
	}
	if !sameUPEM && m.upem < 1000 {
		m.upem *= (1000 + m.upem - 1) / m.upem
	}
	total := 0
	for _, s := range m.srcs {
		s.scale = newScaler(s.f.unitsPerEm, m.upem)
		glyphs, err := s.f.closureOf(s.seeds)
		if err != nil {
			return err
		}
		s.glyphs = glyphs
		s.base = total
		total += len(glyphs)
	}
	if total > 0xffff {
		return fmt.Errorf("ttf: cannot merge: the parts need %d glyphs, more than the 65535 a font holds", total)
	}
	m.gids = make([]uint16, len(m.runes))
	for i, r := range m.runes {
		s := m.srcs[m.runeSrc[i]]
		m.gids[i] = s.newID(s.f.GlyphIndex(r))
	}
	return nil
}

// buildGlyphs writes glyf and loca, rescaling and renumbering every glyph,
// and records the metrics of each.
func (m *merger) buildGlyphs() error {
	// Scaled coordinates take up to twice the bytes; a quarter more than
	// the sources' glyphs is usually enough.
	var total, size int
	for _, s := range m.srcs {
		total += len(s.glyphs)
		for _, g := range s.glyphs {
			size += int(s.f.locaOffset(int(g)+1)) - int(s.f.locaOffset(int(g))) + 3
		}
	}
	m.glyf = make([]byte, 0, max(0, size+size/4))
	m.glyphs = make([]mergedGlyph, 0, total)
	offsets := make([]int, 0, total+1)
	var enc glyphEncoder
	for _, s := range m.srcs {
		for _, g := range s.glyphs {
			offsets = append(offsets, len(m.glyf))
			var mg mergedGlyph
			var err error
			m.glyf, err = enc.appendGlyph(m.glyf, s, g, &mg)
			if err != nil {
				return err
			}
			if err := m.hMetric(s, g, &mg); err != nil {
				return err
			}
			m.glyf = pad4(m.glyf)
			m.glyphs = append(m.glyphs, mg)
		}
	}
	offsets = append(offsets, len(m.glyf))
	m.comps = enc.comps
	if m.longLoca = len(m.glyf) > 2*0xffff; m.longLoca {
		m.loca = make([]byte, 0, 4*len(offsets))
		for _, off := range offsets {
			m.loca = binary.BigEndian.AppendUint32(m.loca, uint32(off))
		}
	} else {
		m.loca = make([]byte, 0, 2*len(offsets))
		for _, off := range offsets {
			m.loca = appendU16(m.loca, uint16(off/2))
		}
	}
	return nil
}

// hMetric scales glyph g's advance and left side bearing. The advance is
// the scaled one if that rounds to the source's width in 1/1000 em the way
// fpdf rounds, else the nearest that does.
func (m *merger) hMetric(s *mergeSource, g uint16, mg *mergedGlyph) error {
	adv, lsb := s.f.hMetric(g)
	var err error
	if mg.lsb, err = s.scale16(int(int16(lsb)), g, "left side bearing"); err != nil {
		return err
	}
	if adv >= 1<<15 { // fpdf, and so Advance, read this as 0
		return nil
	}
	want := fpdfWidth(int(adv), s.f.unitsPerEm)
	a := s.scale.apply(int(adv))
	for _, d := range []int{0, -1, 1, -2, 2} {
		if c := a + d; c >= 0 && fpdfWidth(c, m.upem) == want {
			a = c
			break
		}
	}
	if a >= 1<<15 {
		return fmt.Errorf("ttf: cannot merge glyph %d of %q: its advance width scales to %d units, beyond the 32767 fpdf reads",
			g, s.f.family, a)
	}
	mg.advance = a
	return nil
}

// scale16 scales a coordinate and checks that it still fits an int16.
func (s *mergeSource) scale16(v int, g uint16, what string) (int, error) {
	out := s.scale.apply(v)
	if out < math.MinInt16 || out > math.MaxInt16 {
		return 0, s.overflowErr(g, what, out)
	}
	return out, nil
}

func (s *mergeSource) overflowErr(g uint16, what string, v int) error {
	return fmt.Errorf("ttf: cannot merge glyph %d of %q: %s scales to %d, beyond the range of a 16-bit font coordinate",
		g, s.f.family, what, v)
}

// fpdfWidth is an advance in 1/1000 em as fpdf computes it from a font's
// hmtx, int(math.Round(1000.0/unitsPerEm*advance)); Font.Advance reports
// the same numbers. Advances are never negative, so rounding half away
// from zero is truncating and looking at the fraction, which is exact
// (x-n loses nothing for n ≤ x < 2n) and several times cheaper than
// math.Round on a path taken for every rune measured.
func fpdfWidth(advance, unitsPerEm int) int {
	scale := 1000.0 / float64(unitsPerEm)
	x := scale * float64(advance)
	n := int(x)
	if x-float64(n) >= 0.5 {
		n++
	}
	return n
}

// scaler multiplies font units by num/den, rounding half away from zero.
type scaler struct{ num, den int64 }

func newScaler(from, to int) scaler {
	a, b := from, to
	for b != 0 {
		a, b = b, a%b
	}
	return scaler{int64(to / a), int64(from / a)}
}

func (s scaler) apply(v int) int {
	n := int64(v) * s.num
	if s.den == 1 {
		return int(n)
	}
	if n >= 0 {
		return int((2*n + s.den) / (2 * s.den))
	}
	return -int((-2*n + s.den) / (2 * s.den))
}
