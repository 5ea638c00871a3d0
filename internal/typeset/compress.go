package typeset

import (
	"strings"
	"unicode/utf8"
)

// Punctuation compression (标点挤压, W3C clreq): a full-width mark is drawn
// in half its em where its blank half would otherwise stand next to
// another mark's (`）。`, `》（`, `。”`, `，“`), and a closing mark at the
// end of a line takes half an em when that is what lets the line hold it.
//
// The faces carry half-width copies of the marks (templates/fontsrc/noto-cjk.py
// cuts them from the font's own `halt` positioning) at Private Use code
// points halfBase+i, where i is the mark's index in halfMarks. A line's
// spans draw the copies; Line.Text gives the marks back, and the PDF maps
// the copies to the marks in its ToUnicode table (HalfMarks), so a reader
// copying the text or pdftotext gets the real punctuation. A copy is real
// glyph with its own advance, not a full-width glyph moved over its
// neighbour: text extraction orders glyphs by their boxes, which then do
// not overlap. A face without the copies (a pack's own font) sets every
// mark full width.
const (
	// halfMarks: closing brackets and pause/stop marks (ink in the left
	// half, in Simplified Chinese faces) first, then opening brackets (ink
	// in the right half). The font script holds the same table.
	halfMarks   = "，。、；：？！）》」』】〕〉”’（《「『【〔〈“‘"
	halfClosing = 16
	halfBase    = 0xF780
	halfCount   = 25
)

// maybeMark is a quick test, inlined in loops over every rune, that r is
// in the blocks of halfMarks.
func maybeMark(r rune) bool {
	return r >= 0x2018 && (r <= 0x201d || r >= 0x3001 && r <= 0x3015 || r >= 0xff01 && r <= 0xff1f)
}

// markIndex is r's index in halfMarks, or -1 (a switch: a loop over
// halfMarks was a tenth of breaking punctuated text).
func markIndex(r rune) int {
	if !maybeMark(r) {
		return -1
	}
	switch r {
	case '，':
		return 0
	case '。':
		return 1
	case '、':
		return 2
	case '；':
		return 3
	case '：':
		return 4
	case '？':
		return 5
	case '！':
		return 6
	case '）':
		return 7
	case '》':
		return 8
	case '」':
		return 9
	case '』':
		return 10
	case '】':
		return 11
	case '〕':
		return 12
	case '〉':
		return 13
	case '”':
		return 14
	case '’':
		return 15
	case '（':
		return 16
	case '《':
		return 17
	case '「':
		return 18
	case '『':
		return 19
	case '【':
		return 20
	case '〔':
		return 21
	case '〈':
		return 22
	case '“':
		return 23
	case '‘':
		return 24
	}
	return -1
}

// reserved runes are the half-width copies' code points. In input they
// are not the copies (a Private Use character means whatever its writer's
// system meant), so they count as undrawable.
func reserved(r rune) bool { return r >= halfBase && r < halfBase+halfCount }

// HalfMarks maps each half-width copy's code point to its mark, for the
// PDF's ToUnicode table.
func HalfMarks() map[rune]rune {
	m := make(map[rune]rune, halfCount)
	i := 0
	for _, r := range halfMarks {
		m[rune(halfBase+i)] = r
		i++
	}
	return m
}

// HalfMark is the mark r is the half-width copy of, if it is one.
func HalfMark(r rune) (rune, bool) {
	if !reserved(r) {
		return r, false
	}
	m, _ := utf8.DecodeRuneInString(halfMarks[3*(r-halfBase):])
	return m, true
}

// FullText is s with each half-width copy given back as its mark.
func FullText(s string) string {
	// The copies are U+F780…U+F798: EF 9E 80…98 in UTF-8, the same length
	// as the marks.
	if !strings.Contains(s, "\xef\x9e") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r, _ = HalfMark(r)
		b.WriteRune(r)
	}
	return b.String()
}

// Kinds of compressible marks.
const (
	notMark = iota
	closingMark
	openingMark
)

// halfMark is how one mark compresses in a chain.
type halfMark struct {
	kind int
	copy rune
	save int
}

// halfMarksOf works out, once per chain, how each mark compresses: the
// face that draws it must have its half-width copy.
func (c *Chain) halfMarksOf() (out [halfCount]halfMark) {
	i := 0
	for _, r := range halfMarks {
		if e := c.entry(r); e != 0 {
			f := c.Faces[e&0xff-1].Font
			if h := rune(halfBase + i); f.HasRune(h) {
				kind := closingMark
				if i >= halfClosing {
					kind = openingMark
				}
				out[i] = halfMark{kind, h, int(e>>8) - f.Advance(h)}
			}
		}
		i++
	}
	return out
}

// half is how r compresses in this chain: the kind of mark, its half-width
// copy in the face that draws r and the width (1/1000 em) the copy saves.
// A mark whose face has no copy does not compress.
func (c *Chain) half(r rune) (kind int, h rune, save int) {
	i := markIndex(r)
	if i < 0 {
		return notMark, 0, 0
	}
	m := c.halves[i]
	return m.kind, m.copy, m.save
}

// pair is what two marks set side by side save: a closing or stop mark
// gives up its blank right half before any other mark (`）。`, `。”`,
// `》（`, `，“`); an opening mark gives up its blank left half after
// another opening mark (`（《`). An opening mark before a closing one has
// no blank between them to take.
func (c *Chain) pair(a, b rune) (saveA, saveB int) {
	ka, _, sa := c.half(a)
	if ka == notMark {
		return 0, 0
	}
	kb, _, sb := c.half(b)
	switch {
	case kb == notMark:
		return 0, 0
	case ka == closingMark:
		return sa, 0
	case kb == openingMark:
		return 0, sb
	}
	return 0, 0
}

// endSave is what a closing mark ending a line saves set at half width.
func (c *Chain) endSave(r rune) int {
	if k, _, s := c.half(r); k == closingMark {
		return s
	}
	return 0
}

// halfLine marks the runes of a line drawn as half-width copies: each mark
// its neighbours compress, and the last one when end says the line holds
// it only at half width. Runes not drawn (ignorable) do not separate
// neighbours. Only marks are looked at: most runes are not, and this runs
// for every line set.
func (c *Chain) halfLine(line []rune, end bool) []bool {
	var out []bool
	set := func(i int) {
		if out == nil {
			out = make([]bool, len(line))
		}
		out[i] = true
	}
	for i, r := range line {
		if !maybeMark(r) || markIndex(r) < 0 {
			continue
		}
		j := i + 1
		for j < len(line) && ignorable(line[j]) {
			j++
		}
		if j < len(line) && markIndex(line[j]) >= 0 {
			if sa, sb := c.pair(r, line[j]); sa > 0 {
				set(i)
			} else if sb > 0 {
				set(j)
			}
		}
	}
	if end {
		k := len(line) - 1
		for k >= 0 && ignorable(line[k]) {
			k--
		}
		if k >= 0 && c.endSave(line[k]) > 0 {
			set(k)
		}
	}
	return out
}
