package ttf

import "math"

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
	flags  []byte
	xs, ys []int
	out    []byte
	comps  []uint16
}

// appendGlyph appends glyph g of s to dst, its coordinates scaled, its
// instructions dropped and its components renumbered, and records its
// outline's statistics in mg.
func (e *glyphEncoder) appendGlyph(dst []byte, s *mergeSource, g uint16, mg *mergedGlyph) ([]byte, error) {
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
	mg.xMin, mg.yMin, mg.xMax, mg.yMax = box[0], box[1], box[2], box[3]
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
	p := glyphHeaderLen + 2*n
	if p+2 > len(data) {
		return dst, formatErr("glyf", "glyph %d truncated", g)
	}
	endPts := data[glyphHeaderLen:p]
	numPoints := int(u16(data, p-2)) + 1
	p += 2 + int(u16(data, p)) // past the instructions

	flags := e.flags[:0]
	for len(flags) < numPoints {
		if p >= len(data) {
			return dst, formatErr("glyf", "glyph %d truncated", g)
		}
		fl := data[p]
		p++
		flags = append(flags, fl)
		if fl&flagRepeat != 0 {
			if p >= len(data) {
				return dst, formatErr("glyf", "glyph %d truncated", g)
			}
			for k := int(data[p]); k > 0 && len(flags) < numPoints; k-- {
				flags = append(flags, fl)
			}
			p++
		}
	}
	e.flags = flags
	var ok bool
	if e.xs, p, ok = readCoords(data, p, flags, flagXShort, flagXSame, e.xs[:0]); !ok {
		return dst, formatErr("glyf", "glyph %d truncated", g)
	}
	if e.ys, _, ok = readCoords(data, p, flags, flagYShort, flagYSame, e.ys[:0]); !ok {
		return dst, formatErr("glyf", "glyph %d truncated", g)
	}

	// New flags, from the scaled deltas.
	out := e.out[:0]
	var px, py int
	for i, fl := range flags {
		x, y := s.scale.apply(e.xs[i]), s.scale.apply(e.ys[i])
		if x < math.MinInt16 || x > math.MaxInt16 || y < math.MinInt16 || y > math.MaxInt16 {
			return dst, s.overflowErr(g, "a point", max(abs(x), abs(y)))
		}
		dx, dy := x-px, y-py
		if abs(dx) > math.MaxInt16 || abs(dy) > math.MaxInt16 {
			return dst, s.overflowErr(g, "the distance between two points", max(abs(dx), abs(dy)))
		}
		e.xs[i], e.ys[i] = dx, dy
		px, py = x, y
		out = append(out, fl&(flagOnCurve|flagOverlap)|deltaFlags(dx, flagXShort, flagXSame)|deltaFlags(dy, flagYShort, flagYSame))
	}
	e.out = out

	dst = append(dst, endPts...)
	dst = appendU16(dst, 0) // instructionLength
	for i := 0; i < len(out); {
		fl, run := out[i], 1
		for i+run < len(out) && out[i+run] == fl && run < 256 {
			run++
		}
		if run > 2 {
			dst = append(dst, fl|flagRepeat, byte(run-1))
		} else {
			for range run {
				dst = append(dst, fl)
			}
		}
		i += run
	}
	dst = appendDeltas(dst, out, e.xs, flagXShort, flagXSame)
	dst = appendDeltas(dst, out, e.ys, flagYShort, flagYSame)
	mg.points, mg.numContours = numPoints, n
	return dst, nil
}

// readCoords decodes one axis of a simple glyph's points into absolute
// coordinates, returning them and the offset past them.
func readCoords(data []byte, p int, flags []byte, short, same byte, out []int) ([]int, int, bool) {
	v := 0
	for _, fl := range flags {
		switch {
		case fl&short != 0:
			if p >= len(data) {
				return out, p, false
			}
			if fl&same != 0 {
				v += int(data[p])
			} else {
				v -= int(data[p])
			}
			p++
		case fl&same == 0:
			if p+2 > len(data) {
				return out, p, false
			}
			v += int(i16(data, p))
			p += 2
		}
		out = append(out, v)
	}
	return out, p, true
}

// deltaFlags returns the flag bits that encode delta d in its shortest
// form: none at all for 0, one byte and a sign for up to 255, else two.
func deltaFlags(d int, short, same byte) byte {
	switch {
	case d == 0:
		return same
	case d > 0 && d <= 255:
		return short | same
	case d < 0 && d >= -255:
		return short
	}
	return 0
}

func appendDeltas(dst, flags []byte, deltas []int, short, same byte) []byte {
	for i, fl := range flags {
		switch d := deltas[i]; {
		case fl&short != 0:
			dst = append(dst, byte(abs(d)))
		case fl&same == 0:
			dst = appendU16(dst, uint16(d))
		}
	}
	return dst
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
	mg.compStart, mg.compEnd = start, len(e.comps)
	return dst, nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
