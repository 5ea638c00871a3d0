package ttf

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"unicode"
)

const (
	encodingUnicodeBMP  = 1  // Windows platform: format 4, BMP only
	encodingUnicodeFull = 10 // Windows platform: format 12, all planes
)

// cmapGroup maps the runes start..end to consecutive glyphs from startGlyph,
// as a format 12 group does.
type cmapGroup struct {
	start, end rune
	startGlyph uint32
}

// glyph returns r's glyph, or 0 if the group points past the font's glyphs.
func (g cmapGroup) glyph(r rune, numGlyphs int) uint16 {
	gid := uint64(g.startGlyph) + uint64(r-g.start)
	if gid >= uint64(numGlyphs) {
		return 0
	}
	return uint16(gid)
}

// parseCmap fills f.bmp and f.supp from the best Unicode subtable: format 12
// where present, as only it reaches beyond the BMP, else format 4.
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
			return f.readCmap12(sub)
		case 4:
			if format4 == nil {
				format4 = sub
			}
		}
	}
	if format4 == nil {
		return formatErr("cmap", "no Unicode subtable in format 4 or 12")
	}
	return f.readCmap4(format4)
}

// readCmap4 reads a format 4 subtable into f.bmp.
func (f *Font) readCmap4(sub []byte) error {
	if len(sub) < 14 {
		return formatErr("cmap", "truncated format 4 subtable")
	}
	segs := int(u16(sub, 6) / 2)
	ends, starts := 14, 16+2*segs
	deltas, rangeOffsets := starts+2*segs, starts+4*segs
	if len(sub) < rangeOffsets+2*segs {
		return formatErr("cmap", "truncated format 4 segments")
	}
	// A rune belongs to the first segment whose end is >= it, so each
	// segment only covers runes after the previous one's end. This also
	// bounds the work at one step per BMP rune, whatever the input.
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
			if int(g) < f.numGlyphs {
				f.bmp[r] = g
			}
		}
		next = max(next, end+1)
	}
	return nil
}

// readCmap12 reads a format 12 subtable: BMP runes into f.bmp, the rest
// into f.supp.
func (f *Font) readCmap12(sub []byte) error {
	if len(sub) < 16 {
		return formatErr("cmap", "truncated format 12 subtable")
	}
	n := u32(sub, 12)
	if uint64(len(sub)-16)/12 < uint64(n) {
		return formatErr("cmap", "truncated format 12 groups")
	}
	next := rune(0)
	for i := range int(n) {
		rec := sub[16+12*i:]
		start, end := u32(rec, 0), u32(rec, 4)
		// Sorted, disjoint groups bound the BMP work and let suppGlyph
		// binary-search.
		if start > end || end > unicode.MaxRune || rune(start) < next {
			return formatErr("cmap", "format 12 group %d out of order or range", i)
		}
		g := cmapGroup{start: rune(start), end: rune(end), startGlyph: u32(rec, 8)}
		next = g.end + 1
		for r := g.start; r <= min(g.end, 0xffff); r++ {
			f.bmp[r] = g.glyph(r, f.numGlyphs)
		}
		if g.end > 0xffff {
			f.supp = append(f.supp, g)
		}
	}
	return nil
}

// cmapSegment is a format 4 segment that maps start..end to glyphs by
// adding delta (mod 65536).
type cmapSegment struct{ start, end, delta uint16 }

// maxCmap4Len is the largest format 4 subtable: its length is a uint16.
const maxCmap4Len = 0xffff

// buildCmap returns a 'cmap' table with a single Windows Unicode BMP format
// 4 subtable, the one fpdf reads, mapping each of runes (sorted, unique,
// none 0xFFFF) to the glyph at the same index of glyphs. Runs of
// consecutive runes and glyphs share a segment, so no glyph ID array is
// needed.
func buildCmap(runes []rune, glyphs []uint16) ([]byte, error) {
	var segs []cmapSegment
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
	out := make([]byte, 0, 12+subLen)
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
