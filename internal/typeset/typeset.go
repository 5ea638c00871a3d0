// Package typeset measures and breaks text the way a Chinese document needs:
// each character goes to the first font of a fallback chain that has it,
// lines break at Unicode (UAX #14) opportunities, no line starts with closing
// punctuation or ends with opening punctuation (避头尾), and a run too long
// for its box (a serial number, a URL) is broken by force instead of
// overflowing. The PDF backend draws the lines; the XLSX backend sizes rows
// from the same measurements.
package typeset

import (
	"math"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/typeset/ttf"
	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// Face is one font of a fallback chain.
type Face struct {
	// Name is the family name the PDF backend registers this face under.
	Name string
	Font *ttf.Font
	// FauxBold asks the backend to embolden the outlines: CJK fonts rarely
	// ship a bold weight, and a bold title in regular weight looks wrong.
	FauxBold bool
}

// Placeholder stands for a character no font can draw. 〓 (geta mark) is
// what Chinese typesetting has always printed for a missing glyph: the reader
// sees that something is there, and the warning says what.
const Placeholder = '〓'

// Chain is an ordered list of faces. It is immutable and safe for
// concurrent use; build it once per Generator.
type Chain struct {
	Faces       []Face
	placeholder uint32
	halves      [halfCount]halfMark
	// seen caches entry: slot r%seenSlots holds r+1 in the high half and
	// r's entry in the low. The faces read their cmaps in place, a binary
	// search each time, and a document asks for its few hundred runes
	// tens of thousands of times.
	seen [seenSlots]atomic.Uint64
}

// seenSlots is a power of two: 16 KB, where the runes of a long document
// mostly find their own slot.
const seenSlots = 2048

// NewChain makes a fallback chain of faces, first choice first.
func NewChain(faces ...Face) *Chain {
	c := &Chain{Faces: faces}
	c.placeholder = c.entry(Placeholder)
	if c.placeholder == 0 {
		c.placeholder = c.entry('?')
	}
	c.halves = c.halfMarksOf()
	return c
}

// entry packs 1+the index of the face that draws r (0: none, or r is
// ignorable) in the low byte and r's advance in 1/1000 em above that,
// from seen or, failing that, the faces. (A table of every rune's entry
// cost 256 KB and 0.45 ms per chain to build.)
func (c *Chain) entry(r rune) uint32 {
	if r < 0 || r >= 0x10000 {
		return 0
	}
	slot := &c.seen[r%seenSlots]
	if v := slot.Load(); uint32(v>>32) == uint32(r)+1 {
		return uint32(v)
	}
	e := c.lookup(r)
	slot.Store(uint64(r+1)<<32 | uint64(e))
	return e
}

// lookup is entry without the cache.
func (c *Chain) lookup(r rune) uint32 {
	for i := range c.Faces {
		f := c.Faces[i].Font
		if g := f.GlyphIndex(r); g != 0 {
			if ignorable(r) {
				return 0
			}
			return uint32(i+1) | uint32(f.GlyphAdvance(g))<<8
		}
	}
	return 0
}

// ignorable runes take no space and are never drawn: control characters
// and Unicode's default-ignorable code points (zero-width space, joiners,
// variation selectors, BOM). They are invisible in any document, so leaving
// them out loses nothing a reader could see.
func ignorable(r rune) bool {
	switch {
	case r < 0x20 || (r >= 0x7f && r < 0xa0):
		return true
	case r == 0xad, r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e,
		r >= 0x2060 && r <= 0x206f, r == 0xfeff, r >= 0xfe00 && r <= 0xfe0f,
		r >= 0xe0000 && r <= 0xe0fff:
		return true
	}
	return unicode.Is(unicode.Variation_Selector, r)
}

// space is a character that only separates: it takes room but is not
// drawn at the end of a line.
func space(r rune) bool { return r == '\t' || unicode.Is(unicode.Zs, r) }

// Has reports whether some face of the chain can draw r. Runes beyond the
// Basic Multilingual Plane are never drawable: fpdf writes 2-byte CIDs only
// (and panics on others), so they must be caught here.
func (c *Chain) Has(r rune) bool {
	return c.entry(r) != 0
}

// Missing lists, once each and in order of appearance, the runes of s that
// no face can draw, even as their compatibility equivalent (ignorable
// runes excepted).
func (c *Chain) Missing(s string) []rune {
	var out []rune
	for _, r := range s {
		if (!c.Has(r) || reserved(r)) && !ignorable(r) && !space(r) && r != '\n' && !containsRune(out, r) {
			if _, ok := c.equivalent(r); !ok || reserved(r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// equivalent is the compatibility form (NFKC) of a rune no face has, when
// every character of it can be drawn: ℃ prints as °C, ㎡ as m2, ＄ as $.
// A reader sees the same thing, so this is no loss and needs no warning.
func (c *Chain) equivalent(r rune) (string, bool) {
	s := norm.NFKC.String(string(r))
	if s == string(r) {
		return "", false
	}
	for _, x := range s {
		if !c.Has(x) {
			return "", false
		}
	}
	return s, true
}

// substitute replaces the runes no face has by their compatibility
// equivalents, where they have one, and the half-width copies' code points
// by the placeholder. Text whose every rune is drawable (the usual case)
// is returned as is, without allocating.
func (c *Chain) substitute(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return (!c.Has(r) || reserved(r)) && !ignorable(r) && r != '\n' })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if reserved(r) {
			b.WriteRune(Placeholder)
		} else if eq, ok := c.equivalent(r); ok && !c.Has(r) {
			b.WriteString(eq)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// glyph returns the face index and advance (1/1000 em) used to draw r,
// the placeholder's when no face has r, and ok=false for ignorable runes.
func (c *Chain) glyph(r rune) (face int, adv int, drawn rune, ok bool) {
	e := c.entry(r)
	if e == 0 && r < 0x10000 && r >= 0 && space(r) {
		// Spaces the fonts lack (en quad, thin space, tab) print as a space.
		r = ' '
		e = c.entry(r)
	}
	if e == 0 {
		// A combining mark or format character no font has is left out of the drawing rather
		// than printed as a placeholder beside its base; Missing still
		// reports it, so it is never dropped silently.
		if ignorable(r) || unicode.In(r, unicode.M, unicode.Cf) {
			return 0, 0, r, false
		}
		e, r = c.placeholder, Placeholder
		if c.entry(Placeholder) == 0 {
			r = '?'
		}
		if e == 0 {
			return 0, 0, r, false
		}
	}
	return int(e&0xff) - 1, int(e >> 8), r, true
}

// Measure is the width of s in points at the given size, set on one
// line: adjacent marks compressed as Break sets them.
func (c *Chain) Measure(s string, size float64) float64 {
	total := 0
	prev := rune(-1)
	for _, r := range s {
		if _, adv, _, ok := c.glyph(r); ok {
			total += adv
			if maybeMark(r) && maybeMark(prev) {
				sa, sb := c.pair(prev, r)
				total -= sa + sb
			}
			prev = r
		}
	}
	return float64(total) * size / 1000
}

// Span is a run of text drawn with one face.
type Span struct {
	Face  int     `json:"face"`
	Text  string  `json:"text"`
	Width float64 `json:"width"`
}

// Line is one laid-out line: its spans in order and its width in points.
type Line struct {
	Spans []Span  `json:"spans"`
	Width float64 `json:"width"`
}

// Text is the line's text as a reader reads it: the characters drawn, with
// the marks set at half width (drawn as their copies) given back.
func (l Line) Text() string {
	if len(l.Spans) == 1 {
		return FullText(l.Spans[0].Text)
	}
	var b strings.Builder
	for _, s := range l.Spans {
		b.WriteString(s.Text)
	}
	return FullText(b.String())
}

// Break lays text out in lines no wider than width points at size points.
// Hard line breaks are kept (an empty line stays an empty line); spaces at
// the end of a line are not drawn. A grapheme wider than the whole width is
// placed alone on its line rather than lost.
//
// Numbers with their units, identifiers and dates are kept whole (see
// tokens); only one longer than the whole line is broken, by force.
func (c *Chain) Break(text string, size, width float64) []Line {
	ls, _ := c.BreakWhole(text, size, width, false)
	return ls
}

// BreakWhole is Break that also reports whether a token had to be broken
// by force because no line is wide enough for it; whole treats each line
// of text as one token (an identifier the pack says never breaks).
func (c *Chain) BreakWhole(text string, size, width float64, whole bool) (lines []Line, forced bool) {
	b := c.breakText(text, size, width, whole)
	return b.lines, b.forced
}

// BreakRange is Break that also reports the narrowest width giving the
// same lines: breaking is greedy, so every width from narrowest to width
// breaks text alike, and a caller searching for a width (the fishbone's
// ribs) breaks it once for the whole range. Where a run had to be broken
// by force, the lines depend on the exact width: narrowest is width.
func (c *Chain) BreakRange(text string, size, width float64) (lines []Line, narrowest float64) {
	b := c.breakText(text, size, width, false)
	if b.forced {
		return b.lines, width
	}
	// A max rounded up may hold a fill a hair wider than width.
	return b.lines, math.Min(float64(b.fill)*size/1000, width)
}

func (c *Chain) breakText(text string, size, width float64, whole bool) breaker {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	text = c.substitute(text)
	// A value, not a pointer: a breaker per text broken (a layout breaks
	// hundreds) stays off the heap.
	b := breaker{c: c, size: size, max: int(width*1000/size + 0.5)}
	toks := tokens(text)
	state, pos, from := -1, 0, 0
	for rest := text; rest != ""; {
		var seg string
		var must bool
		seg, rest, must, state = uniseg.FirstLineSegmentInString(rest, state)
		pos += len(seg)
		for len(toks) > 0 && toks[0].end <= pos {
			toks = toks[1:]
		}
		if !must && rest != "" {
			// A break opportunity inside a token is not taken: the
			// segment is held and measured with the next one. A whole
			// field still breaks at its spaces, between words.
			inside := len(toks) > 0 && toks[0].start < pos
			if inside || (whole && !space(lastRune(seg))) {
				continue
			}
		}
		body, hard := trimBreak(text[from:pos])
		from = pos
		b.add(body)
		if must && (hard || rest == "") {
			b.flush()
		}
	}
	if len(b.lines) == 0 {
		b.lines = append(b.lines, Line{})
	}
	return b
}

// trimBreak splits a segment's trailing hard line break off.
func trimBreak(seg string) (string, bool) {
	// TrimRightFunc: TrimRight with a non-ASCII cutset rebuilt its set on
	// every call, 16 % of breaking a paragraph.
	t := strings.TrimRightFunc(seg, func(r rune) bool {
		switch r {
		case '\r', '\n', '\v', '\f', '\u0085', '\u2028', '\u2029':
			return true
		}
		return false
	})
	return t, len(t) != len(seg)
}

// breaker accumulates segments into lines. Widths are integers in 1/1000
// em so that the decision to break never depends on float rounding.
type breaker struct {
	c     *Chain
	size  float64
	max   int
	lines []Line
	cur   []rune // text of the line being filled
	curW  int    // its width without trailing spaces
	tailW int    // width of its trailing spaces
	// forced: a segment wider than the line was broken between clusters.
	forced bool
	// widest is the width of the widest segment met (min-content).
	widest int
	// endHalf: the line holds its last mark only at half width (标点挤压
	// at the line end).
	endHalf bool
	// fill is the most any line was filled to when a segment was let on
	// it: the least max breaking the text alike (BreakRange).
	fill int
}

// width is a segment's width with its adjacent marks compressed, and the
// width of its trailing spaces.
func (b *breaker) width(s string) (w, trail int) {
	prev := rune(-1)
	for _, r := range s {
		_, adv, _, ok := b.c.glyph(r)
		if !ok {
			continue
		}
		if space(r) {
			trail += adv
			prev = -1
			continue
		}
		w += trail + adv
		trail = 0
		if maybeMark(r) && maybeMark(prev) {
			sa, sb := b.c.pair(prev, r)
			w -= sa + sb
		}
		prev = r
	}
	return w, trail
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func (b *breaker) add(seg string) {
	if seg == "" {
		return
	}
	w, trail := b.width(seg)
	b.widest = max(b.widest, w)
	// A segment ending in a closing mark fits where the mark at half
	// width does; the line ends there.
	end := 0
	if trail == 0 {
		end = b.c.endSave(lastRune(seg))
	}
	if len(b.cur) > 0 {
		join := 0
		if b.tailW == 0 && w > 0 {
			// Marks on either side of the joint compress each other.
			sa, sb := b.c.pair(b.cur[len(b.cur)-1], firstRune(seg))
			join = sa + sb
		}
		total := b.curW + b.tailW + w - join
		switch {
		case b.endHalf && w > 0:
			// The line holds its last mark only at half width: it is full.
			b.flush()
		case total <= b.max:
			w -= join
		case w > 0 && total-end <= b.max:
			w -= join + end
			b.endHalf = true
		default:
			b.flush()
		}
	}
	if len(b.cur) == 0 && w > b.max {
		if w-end > b.max {
			b.forced = true
			b.force(seg)
			return
		}
		w -= end
		b.endHalf = true
	}
	b.fill = max(b.fill, b.curW+b.tailW+w)
	if w > 0 {
		b.curW += b.tailW + w
		b.tailW = trail
	} else {
		b.tailW += trail
	}
	b.cur = append(b.cur, []rune(seg)...)
}

// force breaks a segment with no break opportunity that fits, between
// grapheme clusters, still keeping closing punctuation off the start of a
// line and opening punctuation off its end.
func (b *breaker) force(seg string) {
	var clusters []string
	state := -1
	for seg != "" {
		var cl string
		cl, seg, _, state = uniseg.FirstGraphemeClusterInString(seg, state)
		clusters = append(clusters, cl)
	}
	for len(clusters) > 0 {
		n, w := 0, 0
		for n < len(clusters) {
			cw, trail := b.width(clusters[n])
			cw += trail
			if n > 0 && w+cw > b.max {
				break
			}
			w += cw
			n++
		}
		for n > 1 && n < len(clusters) && (b.closing(clusters[n]) || b.opening(clusters[n-1])) {
			n--
		}
		if n == 1 {
			// Nothing to move down: let the closing punctuation hang past
			// the edge (悬挂标点) rather than start the next line.
			for n < len(clusters) && utf8.RuneCountInString(clusters[n]) == 1 && b.closing(clusters[n]) {
				n++
			}
		}
		if n == len(clusters) {
			// The tail stays open so the next segment may join it.
			for _, cl := range clusters {
				b.cur = append(b.cur, []rune(cl)...)
			}
			b.curW, b.tailW = b.width(string(b.cur))
			return
		}
		for _, cl := range clusters[:n] {
			b.cur = append(b.cur, []rune(cl)...)
		}
		b.flush()
		clusters = clusters[n:]
	}
}

// closing and opening judge punctuation as drawn: a mark no font has
// prints as the placeholder, which may start or end a line.
func (b *breaker) closing(cluster string) bool {
	r, _ := utf8.DecodeRuneInString(cluster)
	return strings.ContainsRune(Closing, r) && b.c.Has(r)
}

func (b *breaker) opening(cluster string) bool {
	r, _ := utf8.DecodeLastRuneInString(cluster)
	return strings.ContainsRune(Opening, r) && b.c.Has(r)
}

// Closing punctuation never starts a line and Opening never ends one (避头尾).
const (
	Closing = "，。、；：？！）》」』】〕〉…‥·”’%,.;:?!)]}"
	Opening = "（《「『【〔〈“‘([{"
)

// flush ends the current line, dropping its trailing spaces and splitting
// it into spans by face.
func (b *breaker) flush() {
	cur := b.cur
	for len(cur) > 0 && space(cur[len(cur)-1]) {
		cur = cur[:len(cur)-1]
	}
	var line Line
	var sb strings.Builder
	face, w, total := -1, 0, 0
	halves := b.c.halfLine(cur, b.endHalf)
	for i, r := range cur {
		f, adv, drawn, ok := b.c.glyph(r)
		if !ok {
			continue
		}
		if halves != nil && halves[i] {
			_, drawn, _ = b.c.half(r)
			adv = b.c.Faces[f].Font.Advance(drawn)
		}
		if f != face && sb.Len() > 0 {
			line.Spans = append(line.Spans, Span{Face: face, Text: sb.String(), Width: float64(w) * b.size / 1000})
			sb.Reset()
			w = 0
		}
		face = f
		sb.WriteRune(drawn)
		w += adv
		total += adv
	}
	if sb.Len() > 0 {
		line.Spans = append(line.Spans, Span{Face: face, Text: sb.String(), Width: float64(w) * b.size / 1000})
	}
	line.Width = float64(total) * b.size / 1000
	b.lines = append(b.lines, line)
	b.cur, b.curW, b.tailW, b.endHalf = b.cur[:0], 0, 0, false
}

// Widths are the narrowest box text fits without a forced break (its
// widest token or unbreakable run: min-content) and the width it takes
// set on as few lines as its hard breaks allow (max-content), in points,
// as a table sizes its columns from them.
func (c *Chain) Widths(text string, size float64, whole bool) (minW, maxW float64) {
	b := c.breakText(text, size, 1e6, whole)
	for _, l := range b.lines {
		maxW = math.Max(maxW, l.Width)
	}
	return float64(b.widest) * size / 1000, maxW
}
