package ttf

import (
	"math"
	"slices"
)

// Simple glyph point flags.
const (
	flagOnCurve = 0x01
	flagXShort  = 0x02
	flagYShort  = 0x04
	flagRepeat  = 0x08
	flagXSame   = 0x10 // with flagXShort: the byte is positive
	flagYSame   = 0x20 // with flagYShort: the byte is positive
	flagOverlap = 0x40
)

// More composite glyph component flags; see subset.go for the others.
const (
	argsAreXY        = 0x0002
	haveInstructions = 0x0100
)

// glyphEncoder rewrites glyphs for a merged font. Its buffers are reused
// from glyph to glyph; comps collects the components of all composites.
type glyphEncoder struct {
	flags  []byte // the source's flags, one per point
	out    []byte // the new flags
	xs, ys []byte // the new coordinate deltas, encoded
	comps  []uint16
}

// scaledKey names a glyph of a Font rewritten at a scale.
type scaledKey struct {
	g     uint16
	scale scaler
}

// scaledGlyph is a rewritten simple glyph: its bytes and statistics.
type scaledGlyph struct {
	data []byte
	mg   mergedGlyph
}

// appendGlyph appends glyph g of s to dst, its coordinates scaled, its
// instructions dropped and its components renumbered, and records its
// outline's statistics in mg. Simple glyphs do not depend on the rest of
// the merged font, so they come from the Font's cache once rewritten (in
// a merge after the Font's first).
func (e *glyphEncoder) appendGlyph(dst []byte, s *mergeSource, g uint16, mg *mergedGlyph) ([]byte, error) {
	key := scaledKey{g, s.scale}
	if v, ok := s.f.scaled.Load(key); ok {
		sg := v.(*scaledGlyph)
		*mg = sg.mg
		return append(dst, sg.data...), nil
	}
	start := len(dst)
	dst, err := e.rewrite(dst, s, g, mg)
	if err == nil && !mg.composite && s.cache {
		s.f.scaled.Store(key, &scaledGlyph{data: slices.Clone(dst[start:]), mg: *mg})
	}
	return dst, err
}

// rewrite is appendGlyph without the cache.
func (e *glyphEncoder) rewrite(dst []byte, s *mergeSource, g uint16, mg *mergedGlyph) ([]byte, error) {
	data, err := s.f.glyph(g)
	if err != nil || len(data) == 0 {
		return dst, err
	}
	n := int(i16(data, 0))
	if n == 0 {
		return dst, nil // no contours: written as an empty glyph
	}
	var box [4]int
	for i := range box {
		if box[i], err = s.scale16(int(i16(data, 2+2*i)), g, "its bounding box"); err != nil {
			return dst, err
		}
	}
	mg.contours = true
	mg.xMin, mg.yMin, mg.xMax, mg.yMax = int16(box[0]), int16(box[1]), int16(box[2]), int16(box[3])
	dst = appendU16(dst, uint16(n), uint16(box[0]), uint16(box[1]), uint16(box[2]), uint16(box[3]))
	if n > 0 {
		return e.appendSimple(dst, data, n, s, g, mg)
	}
	return e.appendComposite(dst, data, s, g, mg)
}

// appendSimple re-encodes the contours of a simple glyph: the same points,
// scaled, with each coordinate delta in its shortest form and runs of
// equal flags repeated.
func (e *glyphEncoder) appendSimple(dst, data []byte, n int, s *mergeSource, g uint16, mg *mergedGlyph) ([]byte, error) {
	truncated := func() error { return formatErr("glyf", "glyph %d truncated", g) }
	p := glyphHeaderLen + 2*n
	if p+2 > len(data) {
		return dst, truncated()
	}
	endPts := data[glyphHeaderLen:p]
	numPoints := int(u16(data, p-2)) + 1
	p += 2 + int(u16(data, p)) // past the instructions

	// Expand the flags, one per point, and add up the coordinates' sizes.
	flags := e.flags[:0]
	flagsStart := p
	overrun := false // a repeat count going past the last point
	xLen, yLen := 0, 0
	for len(flags) < numPoints {
		if p >= len(data) {
			return dst, truncated()
		}
		fl := data[p]
		p++
		k := 1
		if fl&flagRepeat != 0 {
			if p >= len(data) {
				return dst, truncated()
			}
			k += int(data[p])
			p++
			if k > numPoints-len(flags) {
				k, overrun = numPoints-len(flags), true
			}
		}
		xLen += k * int(coordSize[fl&(flagXShort|flagXSame)])
		yLen += k * int(coordSize[fl&(flagYShort|flagYSame)>>1])
		for ; k > 0; k-- {
			flags = append(flags, fl)
		}
	}
	e.flags = flags
	if p+xLen+yLen > len(data) {
		return dst, truncated()
	}
	mg.points, mg.numContours = int32(numPoints), int32(n)
	dst = append(dst, endPts...)
	dst = appendU16(dst, 0) // instructionLength
	if s.scale.num == 1 && s.scale.den == 1 && !overrun {
		// Unscaled: the flags and coordinates can stay as they are.
		return append(dst, data[flagsStart:p+xLen+yLen]...), nil
	}

	out := slices.Grow(e.out[:0], numPoints)[:numPoints]
	for i, fl := range flags {
		out[i] = fl & (flagOnCurve | flagOverlap)
	}
	var err error
	if e.xs, err = e.scaleAxis(data[p:p+xLen], s, g, flagXShort, flagXSame, e.xs[:0], out); err != nil {
		return dst, err
	}
	if e.ys, err = e.scaleAxis(data[p+xLen:p+xLen+yLen], s, g, flagYShort, flagYSame, e.ys[:0], out); err != nil {
		return dst, err
	}
	e.out = out

	for i := 0; i < len(out); {
		fl, run := out[i], 1
		for i+run < len(out) && out[i+run] == fl && run < 256 {
			run++
		}
		if run > 2 {
			dst = append(dst, fl|flagRepeat, byte(run-1))
		} else {
			dst = append(dst, fl)
			if run == 2 {
				dst = append(dst, fl)
			}
		}
		i += run
	}
	dst = append(dst, e.xs...)
	return append(dst, e.ys...), nil
}

// coordSize is the size of an x coordinate delta by the flag bits
// flagXShort|flagXSame, and of a y one by flagYShort|flagYSame shifted
// right once.
var coordSize = [...]uint8{
	0:                      2,
	flagXShort:             1,
	flagXSame:              0,
	flagXShort | flagXSame: 1,
}

// scaleAxis decodes one axis of the points of a simple glyph, coords,
// whose size the flags in e.flags have been checked to match, scales the
// coordinates and appends their new deltas to buf in the shortest form,
// setting in out, the new flags, the bits that say which.
func (e *glyphEncoder) scaleAxis(coords []byte, s *mergeSource, g uint16, short, same byte, buf, out []byte) ([]byte, error) {
	p := 0
	v, prev := 0, 0 // the source's coordinate and the previous scaled one
	for i, fl := range e.flags {
		switch fl & (short | same) {
		case short | same:
			v += int(coords[p])
			p++
		case short:
			v -= int(coords[p])
			p++
		case 0:
			v += int(int16(uint16(coords[p])<<8 | uint16(coords[p+1])))
			p += 2
		}
		c := s.scale.apply(v)
		if c < math.MinInt16 || c > math.MaxInt16 {
			return buf, s.overflowErr(g, "a point", c)
		}
		d := c - prev
		prev = c
		switch {
		case d == 0:
			out[i] |= same
		case d > 0 && d <= 255:
			out[i] |= short | same
			buf = append(buf, byte(d))
		case d < 0 && d >= -255:
			out[i] |= short
			buf = append(buf, byte(-d))
		case d < math.MinInt16 || d > math.MaxInt16:
			return buf, s.overflowErr(g, "the distance between two points", d)
		default:
			buf = append(buf, byte(d>>8), byte(d))
		}
	}
	return buf, nil
}

// appendComposite copies a composite glyph with its components renumbered
// and their offsets scaled, each in the shortest form that holds it, and
// without instructions. Scale matrices are ratios and stay as they are;
// point-matching arguments are point numbers, unchanged by scaling.
func (e *glyphEncoder) appendComposite(dst, data []byte, s *mergeSource, g uint16, mg *mergedGlyph) ([]byte, error) {
	mg.composite = true
	start := len(e.comps)
	for p := glyphHeaderLen; ; {
		if p+4 > len(data) {
			return dst, formatErr("glyf", "truncated composite glyph %d", g)
		}
		fl := u16(data, p)
		argLen := 2
		if fl&argsAreWords != 0 {
			argLen = 4
		}
		args := p + 4
		end := args + componentArgsLen(fl)
		if end > len(data) {
			return dst, formatErr("glyf", "truncated composite glyph %d", g)
		}
		id := s.newID(u16(data, p+2))
		e.comps = append(e.comps, id)
		newFl := fl &^ (haveInstructions | argsAreWords)
		if fl&argsAreXY == 0 {
			// Point numbers: kept as they were.
			dst = appendU16(dst, newFl|fl&argsAreWords, id)
			dst = append(dst, data[args:args+argLen]...)
		} else {
			var a1, a2 int
			if argLen == 4 {
				a1, a2 = int(i16(data, args)), int(i16(data, args+2))
			} else {
				a1, a2 = int(int8(data[args])), int(int8(data[args+1]))
			}
			var err error
			if a1, err = s.scale16(a1, g, "a component offset"); err != nil {
				return dst, err
			}
			if a2, err = s.scale16(a2, g, "a component offset"); err != nil {
				return dst, err
			}
			if a1 >= math.MinInt8 && a1 <= math.MaxInt8 && a2 >= math.MinInt8 && a2 <= math.MaxInt8 {
				dst = appendU16(dst, newFl, id)
				dst = append(dst, byte(int8(a1)), byte(int8(a2)))
			} else {
				dst = appendU16(dst, newFl|argsAreWords, id, uint16(a1), uint16(a2))
			}
		}
		dst = append(dst, data[args+argLen:end]...) // the transform
		p = end
		if fl&moreComponents == 0 {
			break
		}
	}
	mg.compStart, mg.compEnd = int32(start), int32(len(e.comps))
	return dst, nil
}
