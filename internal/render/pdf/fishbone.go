package pdf

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/typeset"
)

// The fishbone (Ishikawa) diagram, drawn from the block's data:
//
//	 [人]          [机]          [料]
//	   \  cause──    \             \
//	    \ cause──     \ cause──     \          ┌──────────┐
//	━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━▶│ problem  │
//	    / cause──     / cause──     /          └──────────┘
//	   /             /             /
//	 [法]          [环]          [测]
//
// The spine runs left to right into the head, a box holding the problem.
// The first half of the bones slant up from the spine, the rest down, each
// with its label in a shaded box at its outer end. Every cause sits on a
// short horizontal rib off its bone, its text wrapped to the rib and set
// flush against the bone; the ribs of a bone are spread along it, and the
// diagram is as tall as its busiest bone needs. An escape cause's rib is
// dashed. The text of a cause is one box, its lines in order: marker,
// cause, tick. A legend line under the diagram explains the marks.

// Geometry of the fishbone, in points.
const (
	fbFrame    = 6.0  // inner margin of the frame around the diagram
	fbGap      = 3.0  // between a cause's text and its bone
	fbRibSp    = 6.0  // under a cause: its rib, then the gap to the next
	fbColGap   = 8.0  // least room between a bone and the next column's text
	fbArrow    = 10.0 // length of the spine's arrowhead
	fbSpineW   = 1.8
	fbBoneW    = 1.1
	fbRibW     = 0.5
	fbMinSize  = 7.0 // the smallest size causes are set at before splitting
	fbMinWidth = 40.0
)

// wrap breaks text like f.lines, but not after a hyphen that joins two
// letters or digits: text extraction (pdftotext) takes a line ending in a
// hyphen for a word hyphenated at the line's end and drops the hyphen, so
// RC-WP12-H03 would read back as RC-WP12H03. A word joiner (U+2060, never
// drawn) after such a hyphen keeps the parts together; where a run is too
// long for the width anyway, a slightly narrower width is tried.
//
// The lines are cached with the range of widths they hold for, so a search
// for a width (the fishbone's ribs) breaks each text once per line count,
// not once per width tried. The caller must not change them.
func (f *flow) wrap(text string, size, width float64, bold bool) []typeset.Line {
	key := wrapKey{text, size, bold}
	for _, w := range f.wraps[key] {
		if w.lo <= width && width <= w.hi {
			return w.lines
		}
	}
	ls, lo := f.wrapRange(text, size, width, bold)
	if f.wraps == nil {
		f.wraps = map[wrapKey][]wrapped{}
	}
	f.wraps[key] = append(f.wraps[key], wrapped{lo: lo, hi: width, lines: ls})
	return ls
}

// wrapKey and wrapped are a text broken by wrap and the widths from lo to
// hi that break it alike.
type (
	wrapKey struct {
		text string
		size float64
		bold bool
	}
	wrapped struct {
		lo, hi float64
		lines  []typeset.Line
	}
)

// wrapRange is wrap's lines, uncached, and the narrowest width giving them.
func (f *flow) wrapRange(text string, size, width float64, bold bool) ([]typeset.Line, float64) {
	if strings.ContainsAny(text, "-\u2010") {
		rs := []rune(text)
		var b strings.Builder
		for i, r := range rs {
			b.WriteRune(r)
			if (r == '-' || r == '\u2010') && i > 0 && i+1 < len(rs) && alnum(rs[i-1]) && alnum(rs[i+1]) {
				b.WriteRune('\u2060')
			}
		}
		text = b.String()
	}
	c := f.fonts.Regular
	if bold {
		c = f.fonts.Bold
	}
	first, lo := c.BreakRange(text, size, width)
	if !hyphenEnds(first) {
		return first, lo
	}
	// The narrower widths tried are width's own.
	for w := width - size/2; w > width*0.8; w -= size / 2 {
		if ls := f.lines(text, size, w, bold); !hyphenEnds(ls) {
			return ls, width
		}
	}
	return first, width
}

func alnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func hyphenEnds(ls []typeset.Line) bool {
	for i := 0; i+1 < len(ls); i++ {
		t, next := ls[i].Text(), []rune(ls[i+1].Text())
		if (strings.HasSuffix(t, "-") || strings.HasSuffix(t, "‐")) && len(next) > 0 &&
			alnum(next[0]) {
			return true
		}
	}
	return false
}

// fishBone is a bone and the causes on it.
type fishBone = doc.FishBone

// fishData sorts the causes onto the bones (doc.SortFishbone) and splits
// the bones in two: the pack's first half above the spine (人 机 料 over
// 法 环 测); an extra bone goes below, or above when the lower row is the
// longer. The legend says what the dashed ribs of escape causes are.
func fishData(b *doc.Block, w doc.Words) (upper, lower []fishBone, legend string) {
	fb := doc.SortFishbone(b, w)
	half := (fb.Named + 1) / 2
	for i, bn := range fb.Bones {
		switch {
		case i >= fb.Named:
			if len(upper) < len(lower) {
				upper = append(upper, bn)
			} else {
				lower = append(lower, bn)
			}
		case i < half:
			upper = append(upper, bn)
		default:
			lower = append(lower, bn)
		}
	}
	legend = fb.Legend
	if len(fb.Escapes) > 0 {
		dashed := strings.ReplaceAll(w.Dashed, "{list}", strings.Join(fb.Escapes, "/"))
		// After the marks, before the tick.
		if i := strings.LastIndex(legend, doc.MarkVerified); i > 0 {
			legend = legend[:i] + dashed + w.Gap + legend[i:]
		} else {
			legend += w.Gap + dashed
		}
	}
	return upper, lower, legend
}

// fishbone draws the block as an Ishikawa diagram under its title, the
// whole diagram on one page. A diagram taller than a page is set smaller,
// down to fbMinSize; past that it is split into parts, each a whole
// diagram with its share of every bone's causes, so no cause is lost. More
// than fbMaxCols bones a side do not fit across the page: they are drawn
// in parts too, a group of bones each.
func (f *flow) fishbone(b *doc.Block) {
	upper, lower, legend := fishData(b, f.d.Words)
	base := math.Min(math.Max(f.size*0.9, 8), 9)
	titleH := 0.0
	if b.Title != "" {
		titleH = f.rowHeight([]*cell{f.mkCell(f.left, f.width, b.Title, true, fillTitle, "")})
	}
	avail := f.bottom - f.top - titleH
	var parts [][]*Box
	var heights []float64
	ncol := max(len(upper), len(lower))
	groups := (ncol + fbMaxCols - 1) / fbMaxCols
	for g := range max(groups, 1) {
		up, lo := upper, lower
		if groups > 1 {
			up, lo = group(upper, g, groups), group(lower, g, groups)
		}
		ps, hs := f.fishParts(b.Text, up, lo, legend, base, avail)
		parts, heights = append(parts, ps...), append(heights, hs...)
	}
	for k, boxes := range parts {
		if k > 0 && b.Title != "" {
			f.sectionTitle(b.Title + f.d.Words.Continued)
		} else if k == 0 {
			f.sectionTitle(b.Title)
		}
		if f.pendingHeight()+heights[k] > f.room() && f.y > f.top {
			f.newPage()
		}
		f.flushPending()
		for _, bx := range boxes {
			shift(bx, f.y)
		}
		f.page.Boxes = append(f.page.Boxes, boxes...)
		f.y += heights[k] + f.size*0.6
	}
}

// fbMaxCols is the most bones a side one diagram holds.
const fbMaxCols = 4

// group is group g of n of the bones, in order.
func group(bones []fishBone, g, n int) []fishBone {
	per := (len(bones) + n - 1) / n
	return bones[min(g*per, len(bones)):min((g+1)*per, len(bones))]
}

// fishParts lays out the diagram of these bones in as few parts as fit a
// page of height avail: smaller first, down to fbMinSize; then in more
// parts, all set alike. Splitting stops at one cause a bone a part.
func (f *flow) fishParts(problem string, upper, lower []fishBone, legend string, base, avail float64) ([][]*Box, []float64) {
	var parts [][]*Box
	var heights []float64
	lay := func(n int, size float64) bool {
		parts, heights = nil, nil
		fits := true
		for k := range n {
			boxes, h := f.fishLayout(problem, share(upper, k, n), share(lower, k, n), legend, size)
			parts, heights = append(parts, boxes), append(heights, h)
			fits = fits && h <= avail
		}
		return fits
	}
	most := maxCauses(upper, lower)
	for n := 1; n <= most; n++ {
		for size := base; size >= fbMinSize; size -= 0.5 {
			if lay(n, size) {
				return parts, heights
			}
		}
	}
	lay(most, fbMinSize)
	return parts, heights
}

// share is part k of n of every bone's causes.
func share(bones []fishBone, k, n int) []fishBone {
	out := make([]fishBone, len(bones))
	for i, bn := range bones {
		per := (len(bn.Causes) + n - 1) / n
		from, to := min(k*per, len(bn.Causes)), min((k+1)*per, len(bn.Causes))
		out[i] = fishBone{Label: bn.Label, Causes: bn.Causes[from:to]}
	}
	return out
}

func maxCauses(halves ...[]fishBone) int {
	n := 1
	for _, h := range halves {
		for _, bn := range h {
			n = max(n, len(bn.Causes))
		}
	}
	return n
}

// shift moves a box, laid out from y = 0, down by dy.
func shift(b *Box, dy float64) {
	b.Y = round(b.Y + dy)
	for i := range b.Lines {
		b.Lines[i].Y = round(b.Lines[i].Y + dy)
	}
	for i := range b.Points {
		b.Points[i][1] = round(b.Points[i][1] + dy)
	}
}

// ribText is a cause broken for its rib.
type ribText struct {
	c     doc.FishCause
	lines []typeset.Line
	w, h  float64
}

// fishLayout lays the diagram out from y = 0 with causes set at size, and
// returns its boxes and its height, legend included.
func (f *flow) fishLayout(problem string, upper, lower []fishBone, legend string, size float64) ([]*Box, float64) {
	lh := size * leading
	ncol := max(len(upper), len(lower), 1)
	x0, x1 := f.left+fbFrame, f.left+f.width-fbFrame

	// The head: as wide as its text needs, within a fifth of the width.
	// It names the problem; the full statement stays in D2.
	problem = headline(problem)
	hs := size + 0.5
	headW := math.Min(math.Max(f.fonts.Bold.Measure(problem, hs)+2*pad+2, 72), f.width*0.21)
	headLines := f.wrap(problem, hs, headW-2*pad, true)
	headH := float64(len(headLines))*hs*leading + 2*vpad
	headX := x1 - headW
	spineEnd := headX - fbArrow // the base of the arrowhead
	room := spineEnd - 6 - x0   // for the columns, up to the last bone's foot

	// The labels, bold, a little larger than the causes.
	ls := size + 1
	labelMax := math.Max((room-48)/float64(ncol)-8, 30)
	labelH := ls*leading + 4
	for _, half := range [][]fishBone{upper, lower} {
		for _, bn := range half {
			labelH = math.Max(labelH, float64(len(f.lines(bn.Label, ls, labelMax-2*pad, true)))*ls*leading+4)
		}
	}

	// The rib width: the widest at which the columns fit beside each other,
	// of widths 2 pt apart from the widest the room allows down to
	// fbMinWidth. A narrower rib makes taller ribs, longer bones and a
	// wider slant, and the width is found by bisection: the room the
	// columns take shrinks with the rib, save where one more line on the
	// tallest rib widens the slant by more than the narrowing gained, so a
	// width that fits may have a narrower one below it that does not (the
	// search then settles on one of the widths that fit, not always the
	// widest). Each try breaks only the texts whose lines change (wrap's
	// cache); a CJK cause changes its lines almost every 2 pt, so going
	// down width by width broke it some twenty times.
	var (
		wr, dx, colW   float64
		hu, hl         float64 // height of the upper and lower halves
		slopeU, slopeL float64
		texts          [2][][]ribText
	)
	widest := (room - 20 - float64(ncol-1)*(fbGap+fbColGap) - fbGap) / float64(ncol)
	try := func(k int) bool {
		wr = math.Max(widest-2*float64(k), fbMinWidth)
		stack := [2]float64{}
		tallest := [2]float64{}
		for h, half := range [][]fishBone{upper, lower} {
			texts[h] = make([][]ribText, len(half))
			for i, bn := range half {
				s := 0.0
				for _, c := range bn.Causes {
					ls := f.wrap(c.Text, size, wr, false)
					w := 0.0
					for _, l := range ls {
						w = math.Max(w, l.Width)
					}
					rt := ribText{c: c, lines: ls, w: w, h: float64(len(ls)) * lh}
					texts[h][i] = append(texts[h][i], rt)
					s += rt.h + fbRibSp
					tallest[h] = math.Max(tallest[h], rt.h)
				}
				stack[h] = math.Max(stack[h], s)
			}
		}
		// A half: the labels, a gap, the ribs, a gap at the spine; never
		// shorter than a bone worth drawing or than half the head.
		hu = math.Max(labelH+8+math.Max(stack[0], 3*lh)+6, headH/2+6)
		hl = math.Max(labelH+8+math.Max(stack[1], 3*lh)+4, headH/2+6)
		boneU, boneL := hu-labelH, hl-labelH
		dx = math.Min(math.Max(0.3*math.Max(boneU, boneL), 22), 56)
		slopeU, slopeL = dx/boneU, dx/boneL
		gap := math.Max(slopeU*tallest[0], slopeL*tallest[1]) + fbColGap
		colW = wr + fbGap + gap
		return float64(ncol-1)*colW+wr+fbGap+dx <= room || wr <= fbMinWidth
	}
	if !try(0) {
		// The last width tried is the first at or below fbMinWidth, which
		// is taken whether it fits or not. try(lo) does not fit, try(hi)
		// does.
		lo, hi := 0, max(1, int(math.Ceil((widest-fbMinWidth)/2)))
		for hi-lo > 1 {
			if mid := (lo + hi) / 2; try(mid) {
				hi = mid
			} else {
				lo = mid
			}
		}
		try(hi)
	}
	// Spread what is left over between the columns.
	if ncol > 1 {
		colW += math.Max(0, room-(float64(ncol-1)*colW+wr+fbGap+dx)) / float64(ncol-1)
	}

	var boxes []*Box
	add := func(b *Box) { boxes = append(boxes, b) }
	rule := func(xa, ya, xb, yb, w float64, dashed bool) {
		add(&Box{Kind: "rule", X: round(xa), Y: round(ya), W: round(xb - xa), H: round(yb - ya), Stroke: w, Dashed: dashed})
	}
	spineY := hu
	label := func(text string, cx, y float64) {
		lw := math.Min(math.Max(f.fonts.Bold.Measure(text, ls)+2*pad+6, 30), labelMax)
		x := math.Min(math.Max(cx-lw/2, f.left+fbFrame), headX-4-lw)
		add(&Box{X: round(x), Y: round(y), W: round(lw), H: round(labelH), Fill: fillTitle, Border: true,
			Lines: place(f.lines(text, ls, lw-2*pad, true), x+pad, y+2, lw-2*pad, ls, true, "center")})
	}
	// rib writes a cause above its rib: the text flush against the bone
	// (right at x), the rib from the text's left to the bone (at bx).
	rib := func(rt ribText, x, top, bx float64) {
		tx := x - rt.w
		add(&Box{X: round(tx), Y: round(top), W: round(rt.w), H: round(rt.h),
			Lines: place(rt.lines, tx, top, rt.w, size, false, "")})
		ry := top + rt.h + 1.5
		rule(tx-2, ry, bx, ry, fbRibW, rt.c.Escape)
	}
	// spread is the gap between the ribs of a bone, so they are spaced
	// evenly along it.
	spread := func(rs []ribText, length float64) float64 {
		s := 0.0
		for _, r := range rs {
			s += r.h + fbRibSp
		}
		return (length - s) / float64(len(rs)+1)
	}

	// The spine and its arrowhead, the head.
	rule(x0, spineY, spineEnd+1, spineY, fbSpineW, false)
	add(&Box{Kind: "polygon", Points: [][2]float64{{round(spineEnd), round(spineY - 4.5)}, {round(headX), round(spineY)}, {round(spineEnd), round(spineY + 4.5)}}})
	add(&Box{X: round(headX), Y: round(spineY - headH/2), W: round(headW), H: round(headH), Border: true, Stroke: 1.2, Fill: 0.97,
		Lines: place(headLines, headX+pad, spineY-headH/2+vpad, headW-2*pad, hs, true, "")})

	for i, bn := range upper {
		colLeft := x0 + float64(i)*colW
		outer := colLeft + wr + fbGap // the bone's x at its label
		bx := func(y float64) float64 { return outer + (y-labelH)*slopeU }
		label(bn.Label, outer, 0)
		rule(outer, labelH, bx(spineY), spineY, fbBoneW, false)
		rs := texts[0][i]
		top, bottom := labelH+8, spineY-6
		e := spread(rs, bottom-top)
		y := top + e
		for _, rt := range rs {
			rib(rt, bx(y)-fbGap, y, bx(y+rt.h+1.5))
			y += rt.h + fbRibSp + e
		}
	}
	for i, bn := range lower {
		colLeft := x0 + float64(i)*colW
		outer := colLeft + wr + fbGap
		end := spineY + hl - labelH // the bone's end at its label
		bx := func(y float64) float64 { return outer + (end-y)*slopeL }
		label(bn.Label, outer, end)
		rule(bx(spineY), spineY, outer, end, fbBoneW, false)
		rs := texts[1][i]
		top, bottom := spineY+8, end-4
		e := spread(rs, bottom-top)
		y := top + e
		for _, rt := range rs {
			ry := y + rt.h + 1.5
			rib(rt, bx(ry)-fbGap, y, bx(ry))
			y += rt.h + fbRibSp + e
		}
	}

	// The legend under the diagram, then a frame around it all.
	h := hu + hl + 4
	if legend != "" {
		lsz := math.Max(size-0.5, 6.5)
		ll := f.lines(legend, lsz, f.width-2*fbFrame, false)
		lhh := float64(len(ll)) * lsz * leading
		add(&Box{X: round(x0), Y: round(h), W: round(x1 - x0), H: round(lhh), Lines: place(ll, x0, h, x1-x0, lsz, false, "")})
		h += lhh + 2
	}
	// All of it a little under the frame's top.
	for _, b := range boxes {
		shift(b, fbFrame)
	}
	h += fbFrame
	frame := &Box{X: round(f.left), Y: 0, W: round(f.width), H: round(h), Border: true}
	return append([]*Box{frame}, boxes...), round(h)
}

// chain draws each item's 5-Why chain: the item's heading in bold, its
// category in a shaded tag before it, then the whys as boxes left to
// right, joined by arrows, up to five a row; a longer chain wraps onto
// rows of equal length, an elbow arrow leading from the end of one row to
// the start of the next. Each box has its label (为什么1…, Why 1… in
// English) in a shaded strip over the text; the last, the root cause, has
// a heavier border. One item's chain is never split across pages.
func (f *flow) chain(b *doc.Block) {
	f.sectionTitle(b.Title)
	for i := range b.Items {
		boxes, h := f.whyLayout(&b.Items[i])
		if f.pendingHeight()+h > f.room() && f.y > f.top {
			f.newPage()
		}
		f.flushPending()
		if h > f.room() {
			// Taller than a page: the rows go onto the pages one by one.
			f.placeSplit(boxes)
			continue
		}
		for _, bx := range boxes {
			shift(bx, f.y)
		}
		f.page.Boxes = append(f.page.Boxes, boxes...)
		f.y += h
	}
	f.flushPending()
}

// placeSplit places boxes laid out from y = 0 that do not fit a page,
// breaking the page before any box that would cross its foot.
func (f *flow) placeSplit(boxes []*Box) {
	off := f.y
	for _, bx := range boxes {
		if bx.Y+off+bx.H > f.bottom && bx.Y+off > f.top+1 {
			f.newPage()
			off = f.top - bx.Y
		}
		shift(bx, off)
		f.page.Boxes = append(f.page.Boxes, bx)
		f.y = math.Max(f.y, bx.Y+bx.H)
	}
	f.y += f.size
}

func whyLabel(w doc.Words, n int) string {
	return strings.ReplaceAll(w.Why, "{n}", strconv.Itoa(n))
}

// Geometry of the 5-Why chain.
const (
	whyPerRow = 5
	whyArrow  = 16.0 // the gap between two boxes of a row, the arrow in it
	whyRowGap = 18.0 // between rows, the elbow arrow in it
)

// whyLayout lays out one item's chain from y = 0.
func (f *flow) whyLayout(it *doc.Item) ([]*Box, float64) {
	var boxes []*Box
	add := func(b *Box) { boxes = append(boxes, b) }
	size := f.size
	lh := size * leading
	y := 2.0

	// The heading, after its tag.
	tag := strings.TrimSpace(it.Category)
	if n := strings.TrimSpace(it.Note); n != "" && !strings.Contains(it.Text, n) {
		if tag != "" {
			tag += " · "
		}
		tag += n
	}
	x := f.left
	ts := size - 0.5
	tagH := ts*leading + 3
	if tag != "" {
		tw := math.Min(f.fonts.Bold.Measure(tag, ts)+2*pad+2, f.width*0.3)
		tl := f.lines(tag, ts, tw-2*pad, true)
		tagH = float64(len(tl))*ts*leading + 3
		add(&Box{X: round(x), Y: round(y), W: round(tw), H: round(tagH), Fill: fillTitle, Border: true,
			Lines: place(tl, x+pad, y+1.5, tw-2*pad, ts, true, "center")})
		x += tw + 6
	}
	hl := f.wrap(it.Text, size, f.left+f.width-x, true)
	off := math.Max(0, (tagH-lh)/2)
	headH := float64(len(hl))*lh + off
	add(&Box{X: round(x), Y: round(y), W: round(f.left + f.width - x), H: round(headH),
		Lines: place(hl, x, y+off, f.left+f.width-x, size, true, "")})
	y += math.Max(headH, tagH) + 5

	n := len(it.Chain)
	if n == 0 {
		return boxes, round(y + 4)
	}
	rows := (n + whyPerRow - 1) / whyPerRow
	per := (n + rows - 1) / rows
	bw := (f.width - float64(per-1)*whyArrow) / float64(per)
	ss := math.Min(size, 9.5)
	sl := ss * leading
	labelSize := ss - 1
	labelH := labelSize*leading + 2
	arrowHead := func(tipX, tipY float64, dirX, dirY float64) {
		// A filled triangle pointing along (dirX, dirY), a unit vector.
		const l, w = 6.0, 3.0
		bx, by := tipX-dirX*l, tipY-dirY*l
		add(&Box{Kind: "polygon", Points: [][2]float64{
			{round(bx - dirY*w), round(by + dirX*w)}, {round(tipX), round(tipY)}, {round(bx + dirY*w), round(by - dirX*w)}}})
	}
	line := func(xa, ya, xb, yb float64) {
		add(&Box{Kind: "rule", X: round(xa), Y: round(ya), W: round(xb - xa), H: round(yb - ya), Stroke: 0.8})
	}
	for r := 0; r < rows; r++ {
		from, to := r*per, min((r+1)*per, n)
		broken := make([][]typeset.Line, to-from)
		lines := 1
		for j := from; j < to; j++ {
			broken[j-from] = f.wrap(it.Chain[j], ss, bw-2*pad, false)
			lines = max(lines, len(broken[j-from]))
		}
		bodyH := float64(lines)*sl + 2*vpad
		for j := from; j < to; j++ {
			bx := f.left + float64(j-from)*(bw+whyArrow)
			stroke := 0.0
			if j == n-1 {
				stroke = 1.3
			}
			add(&Box{X: round(bx), Y: round(y), W: round(bw), H: round(labelH), Fill: fillLabel, Border: true, Stroke: stroke,
				Lines: place(f.lines(whyLabel(f.d.Words, j+1), labelSize, bw-2*pad, true), bx+pad, y+1, bw-2*pad, labelSize, true, "center")})
			add(&Box{X: round(bx), Y: round(y + labelH), W: round(bw), H: round(bodyH), Border: true, Stroke: stroke,
				Lines: place(broken[j-from], bx+pad, y+labelH+vpad, bw-2*pad, ss, false, "")})
			if j < to-1 {
				ay := y + labelH + bodyH/2
				line(bx+bw+2, ay, bx+bw+whyArrow-2, ay)
				arrowHead(bx+bw+whyArrow-1.5, ay, 1, 0)
			}
		}
		y += labelH + bodyH
		if r < rows-1 {
			// From under the row's last box, back to over the next row's first.
			xa := f.left + float64(to-from-1)*(bw+whyArrow) + bw/2
			xb := f.left + bw/2
			mid := y + whyRowGap/2
			line(xa, y, xa, mid)
			line(xa, mid, xb, mid)
			line(xb, mid, xb, y+whyRowGap-2)
			arrowHead(xb, y+whyRowGap-0.5, 0, 1)
			y += whyRowGap
		}
	}
	return boxes, round(y + size)
}

// headRunes bounds the fishbone's head: a problem statement of a page
// (D2 may be 3,000 characters) would run the head box through the footer.
const headRunes = 120

// headline is what the head of a fishbone says: the statement's first
// sentence, cut at headRunes with …… when longer.
func headline(s string) string {
	rs := []rune(strings.TrimSpace(s))
	for i, r := range rs {
		if r == '\n' {
			rs = rs[:i]
			break
		}
		if strings.ContainsRune("。！？!?", r) {
			rs = rs[:i+1]
			break
		}
	}
	if len(rs) > headRunes {
		return string(rs[:headRunes-2]) + "……"
	}
	return string(rs)
}
