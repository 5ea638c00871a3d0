package ttf

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"unicode"
)

const (
	encodingUnicodeBMP  = 1  // Windows platform: format 4, BMP only
	encodingUnicodeFull = 10 // Windows platform: format 12, all planes
)

// cmapIndex is where Font finds its runes' glyphs: the chosen Unicode
// subtable, read in place at each lookup rather than decoded into tables
// (a decoded BMP map and its widths cost 0.4 MB a face, a fresh page of
// memory for every 4 KB of it in a new process). Parse checks everything
// the lookups rely on, so they need no error path.
type cmapIndex struct {
	sub    []byte // the subtable, to the end of the cmap table
	format int    // 4 or 12
	n      int    // format 4 segments or format 12 groups
	// block[b] is the first segment or group whose end is at least b<<8:
	// a rune of block b lies in block[b]..block[b+1], which narrows the
	// binary search to the few segments of one 256-rune block. Runes
	// beyond the BMP (format 12 only) lie in block[256]..n.
	block [257]uint32
}

// Offsets within a format 4 subtable of its segment arrays after the
// ends, which start at 14.
func (c *cmapIndex) starts() int       { return 16 + 2*c.n }
func (c *cmapIndex) deltas() int       { return 16 + 4*c.n }
func (c *cmapIndex) rangeOffsets() int { return 16 + 6*c.n }

// group is format 12 group i.
func (c *cmapIndex) group(i int) []byte { return c.sub[16+12*i:] }

// end is the last rune of segment or group i.
func (c *cmapIndex) end(i int) uint32 {
	if c.format == 4 {
		return uint32(u16(c.sub, 14+2*i))
	}
	return u32(c.sub, 16+12*i+4)
}

// parseCmap picks the best Unicode subtable, format 12 where present, as
// only it reaches beyond the BMP, else format 4, checks it and indexes it.
func (f *Font) parseCmap() error {
	cmap := f.tables["cmap"]
	if len(cmap) < 4 {
		return formatErr("cmap", "truncated header")
	}
	n := int(u16(cmap, 2))
	if (len(cmap)-4)/8 < n {
		return formatErr("cmap", "truncated encoding records")
	}
	var format4 []byte
	for i := range n {
		rec := cmap[4+8*i:]
		platform, encoding, off := u16(rec, 0), u16(rec, 2), u32(rec, 4)
		if platform != platformUnicode && (platform != platformWindows ||
			encoding != encodingUnicodeBMP && encoding != encodingUnicodeFull) {
			continue
		}
		if uint64(off)+2 > uint64(len(cmap)) {
			return formatErr("cmap", "subtable %d starts past the end of the table", i)
		}
		// Subtables are read to the end of the table rather than to their
		// length field, which large format 4 tables are known to overflow.
		sub := cmap[off:]
		switch u16(sub, 0) {
		case 12:
			return f.cmap.init12(sub)
		case 4:
			if format4 == nil {
				format4 = sub
			}
		}
	}
	if format4 == nil {
		return formatErr("cmap", "no Unicode subtable in format 4 or 12")
	}
	return f.cmap.init4(format4)
}

// init4 checks a format 4 subtable: its segment arrays are all there, and
// the segments are in order of their ends, which the binary search needs
// (a rune belongs to the first segment whose end is at least it). Glyph
// ID array reads are checked at lookup.
func (c *cmapIndex) init4(sub []byte) error {
	if len(sub) < 14 {
		return formatErr("cmap", "truncated format 4 subtable")
	}
	*c = cmapIndex{sub: sub, format: 4, n: int(u16(sub, 6) / 2)}
	if len(sub) < c.rangeOffsets()+2*c.n {
		return formatErr("cmap", "truncated format 4 segments")
	}
	for i := 1; i < c.n; i++ {
		if c.end(i) < c.end(i-1) {
			return formatErr("cmap", "format 4 segment %d out of order", i)
		}
	}
	c.index()
	return nil
}

// init12 checks a format 12 subtable: its groups are all there, sorted,
// disjoint and within Unicode.
func (c *cmapIndex) init12(sub []byte) error {
	if len(sub) < 16 {
		return formatErr("cmap", "truncated format 12 subtable")
	}
	n := u32(sub, 12)
	if uint64(len(sub)-16)/12 < uint64(n) {
		return formatErr("cmap", "truncated format 12 groups")
	}
	*c = cmapIndex{sub: sub, format: 12, n: int(n)}
	next := uint32(0)
	for i := range c.n {
		g := c.group(i)
		start, end := u32(g, 0), u32(g, 4)
		if start > end || end > unicode.MaxRune || start < next {
			return formatErr("cmap", "format 12 group %d out of order or range", i)
		}
		next = end + 1
	}
	c.index()
	return nil
}

// index fills c.block from the sorted ends.
func (c *cmapIndex) index() {
	b := 0
	for i := range c.n {
		for end := c.end(i); b < len(c.block) && uint32(b)<<8 <= end; b++ {
			c.block[b] = uint32(i)
		}
	}
	for ; b < len(c.block); b++ {
		c.block[b] = uint32(c.n)
	}
}

// glyph returns the glyph r maps to, or 0 for none or for a glyph past
// the font's numGlyphs.
func (c *cmapIndex) glyph(r rune, numGlyphs int) uint16 {
	var lo, hi int
	switch {
	case r < 0 || r > unicode.MaxRune:
		return 0
	case r <= 0xffff:
		lo, hi = int(c.block[r>>8]), int(c.block[r>>8+1])
	case c.format == 4:
		return 0
	default:
		lo, hi = int(c.block[256]), c.n
	}
	// The first entry from lo whose end is at least r; hi if none before.
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.end(m) < uint32(r) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == c.n {
		return 0
	}
	var g uint32
	if c.format == 12 {
		grp := c.group(lo)
		start := u32(grp, 0)
		if uint32(r) < start {
			return 0
		}
		gid := uint64(u32(grp, 8)) + uint64(uint32(r)-start)
		if gid >= uint64(numGlyphs) {
			return 0
		}
		return uint16(gid)
	}
	start := uint32(u16(c.sub, c.starts()+2*lo))
	if uint32(r) < start {
		return 0
	}
	delta, rangeOffset := u16(c.sub, c.deltas()+2*lo), int(u16(c.sub, c.rangeOffsets()+2*lo))
	if rangeOffset == 0 {
		g = uint32(uint16(r) + delta)
	} else if addr := c.rangeOffsets() + 2*lo + rangeOffset + 2*int(uint32(r)-start); addr+2 <= len(c.sub) {
		if g16 := u16(c.sub, addr); g16 != 0 {
			g = uint32(g16 + delta)
		}
	}
	if g >= uint32(numGlyphs) {
		return 0
	}
	return uint16(g)
}

// cmapSegment is a format 4 segment that maps start..end to glyphs by
// adding delta (mod 65536).
type cmapSegment struct{ start, end, delta uint16 }

// maxCmap4Len is the largest format 4 subtable: its length is a uint16.
const maxCmap4Len = 0xffff

// appendCmap appends a 'cmap' table with a single Windows Unicode BMP
// format 4 subtable, the one fpdf reads, mapping each of runes (sorted,
// unique, none 0xFFFF) to the glyph at the same index of glyphs. Runs of
// consecutive runes and glyphs share a segment, so no glyph ID array is
// needed.
func appendCmap(out []byte, runes []rune, glyphs []uint16) ([]byte, error) {
	segs := make([]cmapSegment, 0, len(runes)+1)
	for i, r := range runes {
		delta := glyphs[i] - uint16(r)
		if n := len(segs); n > 0 && segs[n-1].end == uint16(r-1) && segs[n-1].delta == delta {
			segs[n-1].end = uint16(r)
			continue
		}
		segs = append(segs, cmapSegment{uint16(r), uint16(r), delta})
	}
	// Format 4 must end with a segment for 0xFFFF; delta 1 maps it to 0.
	segs = append(segs, cmapSegment{0xffff, 0xffff, 1})

	n := len(segs)
	subLen := 16 + 8*n
	if subLen > maxCmap4Len {
		return nil, fmt.Errorf("ttf: cannot map %d runes in one font: they need %d cmap segments, more than the %d a format 4 subtable holds",
			len(runes), n, (maxCmap4Len-16)/8)
	}
	out = slices.Grow(out, 12+subLen)
	out = appendU16(out, 0, 1, platformWindows, encodingUnicodeBMP)
	out = binary.BigEndian.AppendUint32(out, 12)
	searchRange, entrySelector, rangeShift := searchParams(n, 2)
	out = appendU16(out, 4, uint16(subLen), 0, uint16(2*n), searchRange, entrySelector, rangeShift)
	for _, s := range segs {
		out = appendU16(out, s.end)
	}
	out = appendU16(out, 0) // reservedPad
	for _, s := range segs {
		out = appendU16(out, s.start)
	}
	for _, s := range segs {
		out = appendU16(out, s.delta)
	}
	return append(out, make([]byte, 2*n)...), nil // idRangeOffsets: all 0
}

// cmapLen is the most bytes appendCmap writes for n runes: a segment
// each, and the final one.
func cmapLen(n int) int { return 12 + 16 + 8*(n+1) }

// searchParams computes the binary search hints that both the table
// directory and format 4 cmaps carry, for n entries of size bytes each.
func searchParams(n, size int) (searchRange, entrySelector, rangeShift uint16) {
	log := bits.Len(uint(n)) - 1
	searchRange = uint16(size << log)
	return searchRange, uint16(log), uint16(size*n) - searchRange
}

func appendU16(b []byte, vs ...uint16) []byte {
	for _, v := range vs {
		b = binary.BigEndian.AppendUint16(b, v)
	}
	return b
}
