package pdf

import (
	"math"
	"strconv"
	"strings"

	"github.com/kesuhq/kesu/internal/doc"
)

// palette colours a chart's series (a pie's slices); the document's accent,
// when it has one, comes first.
var palette = []string{"#4472C4", "#ED7D31", "#A5A5A5", "#FFC000", "#5B9BD5", "#70AD47", "#264478", "#9E480E", "#636363", "#997300"}

func (f *flow) colour(i int) string {
	if f.d.Accent != "" {
		if i == 0 {
			return f.d.Accent
		}
		i--
	}
	return palette[i%len(palette)]
}

// chart lays out a chart block as vector graphics: axes, grid lines,
// bars, lines and slices as boxes, every word typeset like the rest of
// the document. The chart never splits across pages.
func (f *flow) chart(b *doc.Block) {
	c := b.Chart
	if c == nil {
		return
	}
	h := b.Height * mm
	if h == 0 {
		h = 75 * mm
	}
	f.sectionTitle(b.Title)
	if f.pendingHeight()+h > f.room() && f.y > f.top {
		f.newPage()
	}
	f.flushPending()
	if len(c.Labels) == 0 || len(c.Series) == 0 {
		f.y += f.size
		return
	}
	small := math.Max(f.size-2, 7)
	ch := chartArea{f: f, c: c, x: f.left, y: f.y + small*0.5, w: f.width, h: h - small, small: small}
	switch c.Kind {
	case "pie":
		ch.pie()
	default:
		ch.axes()
	}
	f.y += h + f.size*0.5
}

// chartArea is the box a chart is drawn in, in points.
type chartArea struct {
	f          *flow
	c          *doc.Chart
	x, y, w, h float64
	small      float64 // size of the chart's words
}

func (a *chartArea) text(s string, x, y, w float64, align string) float64 {
	ls := a.f.lines(s, a.small, w, false)
	a.f.page.Boxes = append(a.f.page.Boxes, &Box{X: round(x), Y: round(y), W: round(w), H: round(float64(len(ls)) * a.small * leading),
		Lines: place(ls, x, y, w, a.small, false, align)})
	return float64(len(ls)) * a.small * leading
}

func (a *chartArea) rule(x0, y0, x1, y1 float64, colour string, stroke float64) {
	a.f.page.Boxes = append(a.f.page.Boxes, &Box{Kind: "rule", X: round(x0), Y: round(y0), W: round(x1 - x0), H: round(y1 - y0), Color: colour, Stroke: stroke})
}

// format writes a value as the chart's axis and labels show it.
func (a *chartArea) format(v float64) string {
	if a.c.Percent {
		return strconv.FormatFloat(v*100, 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (a *chartArea) label(v float64) string {
	if a.c.Percent {
		return strconv.FormatFloat(math.Round(v*1000)/10, 'f', 1, 64) + "%"
	}
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// niceMax is the top of the value axis: the maximum rounded up to 1, 2 or
// 5 times a power of ten, so the five gridlines fall on round values.
func niceMax(v float64, percent bool) float64 {
	if percent {
		return 1
	}
	if v <= 0 {
		return 5
	}
	step := v / 5
	p := math.Pow(10, math.Floor(math.Log10(step)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= step {
			step = m * p
			break
		}
	}
	if step < 1 {
		step = 1 // counts: whole gridlines
	}
	return step * 5
}

// axes draws a bar, line or Pareto chart.
func (a *chartArea) axes() {
	c := a.c
	lh := a.small * leading
	pareto := c.Kind == "pareto"
	top := 0.0
	for _, s := range c.Series {
		for _, v := range s.Values {
			top = math.Max(top, v)
		}
	}
	series := c.Series
	if pareto {
		series = series[:1]
		top = 0
		for _, v := range series[0].Values {
			top = math.Max(top, v)
		}
	}
	// Headroom above the tallest bar for its value label.
	top = niceMax(top*1.12, c.Percent)
	tickW := 0.0
	for i := 0; i <= 5; i++ {
		tickW = math.Max(tickW, a.f.fonts.Regular.Measure(a.format(top*float64(i)/5), a.small))
	}
	right := 4.0
	if pareto {
		right = a.f.fonts.Regular.Measure("100%", a.small) + 6
	}
	x0, x1 := a.x+tickW+6, a.x+a.w-right
	y0 := a.y
	if c.YLabel != "" {
		a.text(c.YLabel, a.x, a.y, a.w/2, "left")
		y0 += lh
	}
	if pareto {
		a.text(a.f.d.Words.Cumulative, a.x+a.w/2, a.y, a.w/2, "right")
		if c.YLabel == "" {
			y0 += lh
		}
	}
	y0 += a.small * 0.5

	n := len(c.Labels)
	gw := (x1 - x0) / float64(n)
	// Category labels take the lines the longest needs, up to three.
	labelLines := 1
	for _, l := range c.Labels {
		labelLines = max(labelLines, min(len(a.f.lines(l, a.small, gw-2, false)), 3))
	}
	bottom := a.y + a.h - float64(labelLines)*lh - 2
	if c.XLabel != "" {
		bottom -= lh
	}
	legend := len(series) > 1 || pareto
	if legend {
		bottom -= lh + 2
	}
	ph := bottom - y0
	if ph < 20 {
		return
	}
	yOf := func(v float64) float64 { return bottom - math.Max(math.Min(v/top, 1), 0)*ph }
	for i := 0; i <= 5; i++ {
		v := top * float64(i) / 5
		y := yOf(v)
		if i > 0 {
			a.rule(x0, y, x1, y, "#D9D9D9", 0.4)
		}
		a.text(a.format(v), a.x, y-lh/2, tickW+2, "right")
		if pareto {
			a.text(strconv.Itoa(i*20)+"%", x1+3, y-lh/2, right-3, "left")
		}
	}
	a.rule(x0, bottom, x1, bottom, "#404040", 0.6)
	a.rule(x0, y0, x0, bottom, "#404040", 0.6)
	for i, l := range c.Labels {
		ls := a.f.lines(l, a.small, gw-2, false)
		if len(ls) > 3 {
			ls = ls[:3]
			ls[2] = a.f.lines(ellipsize(ls[2].Text()), a.small, 1e4, false)[0]
		}
		gx := x0 + gw*float64(i)
		a.f.page.Boxes = append(a.f.page.Boxes, &Box{X: round(gx + 1), Y: round(bottom + 2), W: round(gw - 2), H: round(float64(len(ls)) * lh),
			Lines: place(ls, gx+1, bottom+2, gw-2, a.small, false, "center")})
	}
	if c.XLabel != "" {
		a.text(c.XLabel, x0, bottom+2+float64(labelLines)*lh, x1-x0, "center")
	}

	if c.Kind == "line" {
		for j, s := range series {
			col := a.f.colour(j)
			var px, py float64
			for i, v := range s.Values {
				x, y := x0+gw*(float64(i)+0.5), yOf(v)
				if i > 0 {
					a.rule(px, py, x, y, col, 1.4)
				}
				px, py = x, y
			}
			for i, v := range s.Values {
				x, y := x0+gw*(float64(i)+0.5), yOf(v)
				a.f.page.Boxes = append(a.f.page.Boxes, &Box{Kind: "ellipse", X: round(x - 2), Y: round(y - 2), W: 4, H: 4, Color: col})
				if len(series) == 1 && n <= 16 {
					a.text(a.label(v), x-gw/2, y-lh-1, gw, "center")
				}
			}
		}
	} else {
		bw := gw * 0.7 / float64(len(series))
		for j, s := range series {
			col := a.f.colour(j)
			for i, v := range s.Values {
				x := x0 + gw*float64(i) + gw*0.15 + bw*float64(j)
				y := yOf(v)
				if bottom-y > 0.01 {
					a.f.page.Boxes = append(a.f.page.Boxes, &Box{X: round(x), Y: round(y), W: round(bw), H: round(bottom - y), Color: col})
				}
				if bw >= a.f.fonts.Regular.Measure(a.label(v), a.small)*0.8 || len(series) == 1 {
					a.text(a.label(v), x-gw*0.15, y-lh, bw+gw*0.3, "center")
				}
			}
		}
	}
	if pareto {
		total := 0.0
		for _, v := range series[0].Values {
			total += v
		}
		col := a.f.colour(1)
		cum := 0.0
		var px, py float64
		for i, v := range series[0].Values {
			cum += v
			share := 0.0
			if total > 0 {
				share = cum / total
			}
			x, y := x0+gw*(float64(i)+0.5), bottom-share*ph
			if i > 0 {
				a.rule(px, py, x, y, col, 1.4)
			}
			a.f.page.Boxes = append(a.f.page.Boxes, &Box{Kind: "ellipse", X: round(x - 2), Y: round(y - 2), W: 4, H: 4, Color: col})
			px, py = x, y
		}
	}
	if legend {
		names := make([]string, 0, len(series)+1)
		for _, s := range series {
			names = append(names, s.Name)
		}
		if pareto {
			names = append(names, a.f.d.Words.Cumulative)
		}
		a.legend(names, a.y+a.h-lh)
	}
}

// ellipsize ends a cut label with an ellipsis.
func ellipsize(s string) string {
	r := []rune(s)
	if len(r) > 1 {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// legend writes a coloured square and a name for each series, centred.
func (a *chartArea) legend(names []string, y float64) {
	sq := a.small * 0.8
	ws := make([]float64, len(names))
	total := 0.0
	for i, n := range names {
		ws[i] = sq + 3 + a.f.fonts.Regular.Measure(n, a.small) + 12
		total += ws[i]
	}
	x := a.x + math.Max((a.w-total)/2, 0)
	for i, n := range names {
		a.f.page.Boxes = append(a.f.page.Boxes, &Box{X: round(x), Y: round(y + (a.small*leading-sq)/2), W: round(sq), H: round(sq), Color: a.f.colour(i)})
		a.text(n, x+sq+3, y, ws[i]-sq-3, "left")
		x += ws[i]
	}
}

// pie draws the first series as slices, largest as the rows come, with a
// legend of labels, values and shares beside it.
func (a *chartArea) pie() {
	c := a.c
	vals := c.Series[0].Values
	total := 0.0
	for _, v := range vals {
		total += math.Max(v, 0)
	}
	lh := a.small * leading
	r := math.Min(a.h, a.w*0.45) / 2 * 0.9
	cx, cy := a.x+r+4, a.y+a.h/2
	if total > 0 {
		start := -math.Pi / 2
		for i, v := range vals {
			if v <= 0 {
				continue
			}
			sweep := v / total * 2 * math.Pi
			pts := [][2]float64{{round(cx), round(cy)}}
			steps := max(int(sweep/(math.Pi/90)), 2)
			for k := 0; k <= steps; k++ {
				t := start + sweep*float64(k)/float64(steps)
				pts = append(pts, [2]float64{round(cx + r*math.Cos(t)), round(cy + r*math.Sin(t))})
			}
			a.f.page.Boxes = append(a.f.page.Boxes, &Box{Kind: "polygon", X: round(cx - r), Y: round(cy - r), W: round(2 * r), H: round(2 * r), Points: pts, Color: a.f.colour(i)})
			start += sweep
		}
	}
	lx := cx + r + 16
	lw := a.x + a.w - lx
	rows := len(vals)
	y := cy - float64(rows)*lh/2
	y = math.Max(y, a.y)
	sq := a.small * 0.8
	for i, l := range c.Labels {
		if y+lh > a.y+a.h {
			break
		}
		share := 0.0
		if total > 0 {
			share = math.Max(vals[i], 0) / total
		}
		a.f.page.Boxes = append(a.f.page.Boxes, &Box{X: round(lx), Y: round(y + (lh-sq)/2), W: round(sq), H: round(sq), Color: a.f.colour(i)})
		text := l + "  " + a.label(vals[i]) + "（" + strings.TrimSuffix(strconv.FormatFloat(math.Round(share*1000)/10, 'f', 1, 64), ".0") + "%）"
		if a.c.Percent {
			text = l + "  " + a.label(vals[i])
		}
		y += a.text(text, lx+sq+4, y, lw-sq-4, "left")
	}
}
