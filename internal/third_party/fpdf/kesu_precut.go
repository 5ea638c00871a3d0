package fpdf

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// kesu: a precut font (AddUTF8FontFromBytesPrecut) is read for what its
// PDF dictionaries take and no more: the header tables, and the width and
// glyph of each code its cmap maps, in a slice as long as the font is
// small. utf8FontFile's parse built tables of every code point instead
// (widths for 65,536 codes, maps from both sides of the cmap), about
// 0.7 MB a font, which a fresh process pays for in page faults. The values
// are utf8FontFile's (parseTables), quirks included, so the PDF's bytes do
// not change; TestPrecutReadsLikeParse compares the two.

// cidGlyph is one code of a precut font: its glyph, and its width in the
// PDF's units as the width table of a parsed font holds it (0 for none,
// 65535 for a glyph of no width).
type cidGlyph struct {
	r, gid, w int32
}

// precutFont is a font kesu cut itself, embedded as given.
type precutFont struct {
	data   []byte
	glyphs []cidGlyph // by code point, glyph 0 left out
	// done is closed when pc holds the streams deflated on another core.
	done chan struct{}
	pc   precompressed
}

// width is the width table's entry for code r.
func (p *precutFont) width(r int) int {
	if i, ok := p.find(r); ok {
		return int(p.glyphs[i].w)
	}
	return 0
}

// gid is the glyph code r draws, 0 for none.
func (p *precutFont) gid(r int) int {
	if i, ok := p.find(r); ok {
		return int(p.glyphs[i].gid)
	}
	return 0
}

func (p *precutFont) find(r int) (int, bool) {
	return slices.BinarySearchFunc(p.glyphs, r, func(g cidGlyph, r int) int { return cmp.Compare(int(g.r), r) })
}

// precutMetrics is what the PDF says of a precut font.
type precutMetrics struct {
	desc   FontDescType
	up, ut int
	glyphs []cidGlyph
}

var errPrecutFont = errors.New("fpdf: precut font: malformed")

// fontTables reads a TrueType font's table directory.
type fontTables struct {
	data   []byte
	tables map[string][]byte
}

func readFontTables(data []byte) (*fontTables, error) {
	if len(data) < 12 {
		return nil, errPrecutFont
	}
	switch v := binary.BigEndian.Uint32(data); v {
	case 0x00010000, 0x74727565:
	default:
		return nil, fmt.Errorf("fpdf: precut font: not a TrueType font (%08x)", v)
	}
	n := int(binary.BigEndian.Uint16(data[4:]))
	if len(data) < 12+16*n {
		return nil, errPrecutFont
	}
	ft := &fontTables{data: data, tables: make(map[string][]byte, n)}
	for i := range n {
		rec := data[12+16*i:]
		off, size := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+size > uint64(len(data)) {
			return nil, errPrecutFont
		}
		ft.tables[string(rec[:4])] = data[off : off+size]
	}
	return ft, nil
}

// table is the named table, at least min bytes of it; ok is false if the
// font has none.
func (ft *fontTables) table(name string, min int) (t []byte, ok bool, err error) {
	t, ok = ft.tables[name]
	if ok && len(t) < min {
		return nil, false, fmt.Errorf("fpdf: precut font: %s table of %d bytes", name, len(t))
	}
	return t, ok, nil
}

func u16(b []byte, off int) int { return int(binary.BigEndian.Uint16(b[off:])) }
func i16(b []byte, off int) int { return int(int16(binary.BigEndian.Uint16(b[off:]))) }

// readPrecut reads a font as utf8FontFile.parseTables does.
func readPrecut(data []byte) (*precutMetrics, error) {
	ft, err := readFontTables(data)
	if err != nil {
		return nil, err
	}
	m := &precutMetrics{}
	d := &m.desc
	head, ok, err := ft.table("head", 54)
	if err != nil || !ok {
		return nil, cmp.Or(err, errors.New("fpdf: precut font: no head table"))
	}
	upem := u16(head, 18)
	if upem == 0 {
		return nil, errPrecutFont
	}
	scale := 1000.0 / float64(upem)
	scaled := func(v int) int { return int(float64(v) * scale) }
	d.FontBBox = fontBoxType{scaled(i16(head, 36)), scaled(i16(head, 38)), scaled(i16(head, 40)), scaled(i16(head, 42))}

	hMetrics := 0
	hhea, ok, err := ft.table("hhea", 36)
	if err != nil {
		return nil, err
	}
	if ok {
		d.Ascent, d.Descent = scaled(i16(hhea, 4)), scaled(i16(hhea, 6))
		if u16(hhea, 32) == 0 {
			hMetrics = u16(hhea, 34)
		}
	}

	weight := 0
	os2, ok, err := ft.table("OS/2", 72)
	if err != nil {
		return nil, err
	}
	if ok {
		// parseOS2Table gives up on a font licensed against embedding,
		// leaving the cap height and stem width 0.
		if fsType := u16(os2, 8); fsType != 0x0002 && fsType&0x0300 == 0 {
			weight = u16(os2, 4)
			if d.Ascent == 0 {
				d.Ascent = scaled(i16(os2, 68))
			}
			if d.Descent == 0 {
				d.Descent = scaled(i16(os2, 70))
			}
			if u16(os2, 0) > 1 {
				if len(os2) < 90 {
					return nil, errPrecutFont
				}
				d.CapHeight = scaled(i16(os2, 88))
			} else {
				d.CapHeight = d.Ascent
			}
			d.StemV = 50 + int(math.Pow(float64(weight)/65.0, 2))
		}
	} else {
		weight = 500
		// Scaled twice, as parseOS2Table does.
		if d.Ascent == 0 {
			d.Ascent = scaled(d.FontBBox.Ymax)
		}
		if d.Descent == 0 {
			d.Descent = scaled(d.FontBBox.Ymin)
		}
		d.CapHeight = d.Ascent
		d.StemV = 50 + int(math.Pow(float64(weight)/65.0, 2))
	}

	post, ok, err := ft.table("post", 16)
	if err != nil || !ok {
		return nil, cmp.Or(err, errors.New("fpdf: precut font: no post table"))
	}
	// The whole degrees of the Fixed angle: parsePOSTTable divides the
	// fraction by 65536 in integers.
	d.ItalicAngle = i16(post, 4)
	m.up = round(float64(i16(post, 8)) * scale)
	m.ut = round(float64(i16(post, 10)) * scale)
	d.Flags = 4
	if d.ItalicAngle != 0 {
		d.Flags |= 64
	}
	if weight >= 600 {
		d.Flags |= 262144
	}
	if binary.BigEndian.Uint32(post[12:]) != 0 {
		d.Flags |= 1
	}

	maxp, ok, err := ft.table("maxp", 6)
	if err != nil || !ok {
		return nil, cmp.Or(err, errors.New("fpdf: precut font: no maxp table"))
	}
	numGlyphs := u16(maxp, 4)

	glyphs, err := ft.cmap4()
	if err != nil {
		return nil, err
	}
	hmtx := ft.tables["hmtx"]
	if len(hmtx) < hMetrics*4 {
		return nil, errPrecutFont
	}
	advance := func(g int) int { return u16(hmtx, g*4) }
	// parseHMTXTable: an advance of 32768 or more counts as 0, but only
	// where it looks at one, for glyph 0 and the glyphs the cmap maps;
	// the glyphs past the last metric take that metric's advance as read.
	var mapped map[int32]bool
	clamp := func(g, a int) int {
		if a < 1<<15 {
			return a
		}
		if mapped == nil {
			mapped = make(map[int32]bool, len(glyphs))
			for _, g := range glyphs {
				mapped[g.gid] = true
			}
		}
		if g == 0 || mapped[int32(g)] {
			return 0
		}
		return a
	}
	if hMetrics > 0 {
		d.MissingWidth = round(scale * float64(clamp(0, advance(0))))
	}
	last := 0
	if hMetrics > 0 {
		last = clamp(hMetrics-1, advance(hMetrics-1))
	}
	for i := range glyphs {
		g := &glyphs[i]
		a := 0
		switch gid := int(g.gid); {
		case gid < hMetrics:
			a = clamp(gid, advance(gid))
		case gid < numGlyphs:
			a = last
		default:
			continue // no width
		}
		if g.r == 0 || g.r == 0xFFFF {
			continue
		}
		g.w = int32(math.Round(scale * float64(a)))
		if g.w == 0 {
			g.w = 65535
		}
	}
	// Code 0 is never drawn (utf8FontFile leaves it out of the widths and
	// the CIDToGIDMap), but its glyph counts as mapped above.
	m.glyphs = slices.DeleteFunc(glyphs, func(g cidGlyph) bool { return g.r == 0 })
	return m, nil
}

// cmap4 is the Unicode format 4 subtable's codes, by code point, as
// generateSCCSDictionaries reads them (a code in two segments takes the
// later one's glyph), less those drawn with glyph 0.
func (ft *fontTables) cmap4() ([]cidGlyph, error) {
	cm, ok, err := ft.table("cmap", 4)
	if err != nil || !ok {
		return nil, cmp.Or(err, errors.New("fpdf: precut font: no cmap table"))
	}
	var sub []byte
	for i := range u16(cm, 2) {
		if len(cm) < 4+8*(i+1) {
			return nil, errPrecutFont
		}
		rec := cm[4+8*i:]
		platform, encoding, off := u16(rec, 0), u16(rec, 2), int(binary.BigEndian.Uint32(rec[4:]))
		if (platform == 3 && encoding == 1) || platform == 0 {
			if off+14 > len(cm) {
				return nil, errPrecutFont
			}
			if u16(cm, off) == 4 {
				sub = cm[off:]
				break
			}
		}
	}
	if sub == nil {
		return nil, errors.New("fpdf: precut font: no Unicode cmap")
	}
	size := u16(sub, 2) // glyph ids are read up to its length, not past
	segs := u16(sub, 6) / 2
	if 16+8*segs > len(sub) {
		return nil, errPrecutFont
	}
	ends, starts, deltas, offsets := 14, 16+2*segs, 16+4*segs, 16+6*segs
	n := 0
	for s := range segs {
		n += max(0, u16(sub, ends+2*s)-u16(sub, starts+2*s)+1)
	}
	if n > 0x10000 {
		// Segments that overlap: no font kesu cuts.
		return nil, errPrecutFont
	}
	glyphs := make([]cidGlyph, 0, n)
	for s := range segs {
		start, end, delta, ro := u16(sub, starts+2*s), u16(sub, ends+2*s), i16(sub, deltas+2*s), u16(sub, offsets+2*s)
		for c := start; c <= end; c++ {
			gid := 0
			if ro == 0 {
				gid = (c + delta) & 0xFFFF
			} else if pos := offsets + 2*s + ro + 2*(c-start); pos < size {
				if pos+2 > len(sub) {
					return nil, errPrecutFont
				}
				if gid = u16(sub, pos); gid != 0 {
					gid = (gid + delta) & 0xFFFF
				}
			}
			glyphs = append(glyphs, cidGlyph{r: int32(c), gid: int32(gid)})
		}
	}
	// Segments are sorted and apart in a well-made font; otherwise the
	// codes are sorted with the last of a code's entries first (stable,
	// reversed) so Compact keeps it.
	if !slices.IsSortedFunc(glyphs, func(a, b cidGlyph) int { return cmp.Compare(a.r, b.r+1) }) {
		slices.Reverse(glyphs)
		slices.SortStableFunc(glyphs, func(a, b cidGlyph) int { return cmp.Compare(a.r, b.r) })
		glyphs = slices.CompactFunc(glyphs, func(a, b cidGlyph) bool { return a.r == b.r })
	}
	return slices.DeleteFunc(glyphs, func(g cidGlyph) bool { return g.gid == 0 }), nil
}
