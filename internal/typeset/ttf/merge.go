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
	return m.write()
}

// mergeSource is one distinct font among the parts.
type mergeSource struct {
	f      *Font
	scale  scaler
	seeds  []uint16 // glyphs of the runes this font draws
	glyphs []uint16 // seeds with their components, sorted
	base   int      // merged ID of glyphs[0]
	cache  bool     // store rewritten glyphs in f.scaled
}

// newID maps glyph g of the source, which must be in glyphs, to its ID in
// the merged font.
func (s *mergeSource) newID(g uint16) uint16 {
	i, _ := slices.BinarySearch(s.glyphs, g)
	return uint16(s.base + i)
}

// mergedGlyph is what the tables beside glyf need to know of a glyph, in
// types no wider than the values (36 bytes, not 96, a glyph).
type mergedGlyph struct {
	advance, lsb           int32
	xMin, yMin, xMax, yMax int16
	contours               bool // has an outline, so counts for extents
	composite              bool
	points, numContours    int32 // of a simple glyph
	compStart, compEnd     int32 // a composite's components in merger.comps
}

type merger struct {
	srcs    []*mergeSource
	upem    int
	runes   []rune   // sorted, unique
	runeSrc []int    // index of the source drawing each of runes
	gids    []uint16 // merged glyph of each of runes

	offsets  []uint32 // of each glyph in glyf, and its end
	longLoca bool
	glyphs   []mergedGlyph
	comps    []uint16 // components of composites, merged IDs
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
	// Each rune to the first part that lists it and whose font has it, as
	// the rune in the high half and the part in the low, for sorting. A
	// part lists a rune as often as a document draws it: taken keeps
	// owners to one entry a rune.
	var taken [1 << 16 / 64]uint64
	var owners []uint64
	for i, p := range parts {
		for _, r := range p.Runes {
			if uint32(r) > 0xffff {
				return fmt.Errorf("ttf: cannot merge rune %U %q: fpdf can only draw runes of the Basic Multilingual Plane (up to U+FFFF)", r, r)
			}
			// U+FFFF belongs to the final segment that format 4 requires.
			if bit := uint64(1) << (r % 64); taken[r/64]&bit == 0 && r != 0xffff && p.Font.GlyphIndex(r) != 0 {
				taken[r/64] |= bit
				owners = append(owners, uint64(r)<<32|uint64(i))
			}
		}
	}
	slices.Sort(owners)
	m.runes = make([]rune, len(owners))
	m.runeSrc = make([]int, len(owners))
	seeds := make([]int, len(m.srcs))
	for i, o := range owners {
		m.runes[i], m.runeSrc[i] = rune(o>>32), partSrc[uint32(o)]
		seeds[m.runeSrc[i]]++
	}
	for i, s := range m.srcs {
		s.seeds = make([]uint16, 0, seeds[i]+1)
	}
	m.srcs[0].seeds = append(m.srcs[0].seeds, 0) // .notdef
	for i, r := range m.runes {
		s := m.srcs[m.runeSrc[i]]
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
	for _, s := range m.srcs {
		s.cache = s.f.merges.Add(1) > 1
	}
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

// glyfSize is a capacity for the merged glyf: the sources' glyphs, each
// padded, and a quarter more for those scaled, whose coordinates can take
// up to twice the bytes. A glyph written at the same scale is never
// larger, one already scaled has its size.
func (m *merger) glyfSize() int {
	size := 0
	for _, s := range m.srcs {
		var n int
		for _, g := range s.glyphs {
			if v, ok := s.f.scaled.Load(scaledKey{g, s.scale}); ok {
				size += len(v.(*scaledGlyph).data) + 3
				continue
			}
			n += int(s.f.locaOffset(int(g)+1)) - int(s.f.locaOffset(int(g))) + 3
		}
		if s.scale.num != s.scale.den {
			n += n / 4
		}
		size += max(0, n)
	}
	return size
}

// buildGlyphs appends the glyf table to dst, rescaling and renumbering
// every glyph, and records the offsets and metrics of each.
func (m *merger) buildGlyphs(dst []byte) ([]byte, error) {
	var total int
	for _, s := range m.srcs {
		total += len(s.glyphs)
	}
	m.glyphs = make([]mergedGlyph, 0, total)
	m.offsets = make([]uint32, 0, total+1)
	start := len(dst)
	var enc glyphEncoder
	for _, s := range m.srcs {
		for _, g := range s.glyphs {
			m.offsets = append(m.offsets, uint32(len(dst)-start))
			var mg mergedGlyph
			var err error
			dst, err = enc.appendGlyph(dst, s, g, &mg)
			if err != nil {
				return dst, err
			}
			if err := m.hMetric(s, g, &mg); err != nil {
				return dst, err
			}
			dst = pad4(dst)
			m.glyphs = append(m.glyphs, mg)
		}
	}
	m.offsets = append(m.offsets, uint32(len(dst)-start))
	m.comps = enc.comps
	m.longLoca = len(dst)-start > 2*0xffff
	return dst, nil
}

// appendLoca appends the loca table of the glyph offsets.
func (m *merger) appendLoca(dst []byte) []byte {
	for _, off := range m.offsets {
		if m.longLoca {
			dst = binary.BigEndian.AppendUint32(dst, off)
		} else {
			dst = appendU16(dst, uint16(off/2))
		}
	}
	return dst
}

// hMetric scales glyph g's advance and left side bearing. The advance is
// the scaled one if that rounds to the source's width in 1/1000 em the way
// fpdf rounds, else the nearest that does.
func (m *merger) hMetric(s *mergeSource, g uint16, mg *mergedGlyph) error {
	adv, lsb := s.f.hMetric(g)
	scaledLSB, err := s.scale16(int(int16(lsb)), g, "left side bearing")
	if err != nil {
		return err
	}
	mg.lsb = int32(scaledLSB)
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
	mg.advance = int32(a)
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
	return scaledWidth(1000.0/float64(unitsPerEm), advance)
}

// scaledWidth is fpdfWidth with the scale, 1000.0/unitsPerEm, worked out.
func scaledWidth(scale float64, advance int) int {
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
