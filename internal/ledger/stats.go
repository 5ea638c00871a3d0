package ledger

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// bucket is one line of a count table.
type bucket struct {
	label string
	n     int
}

// summary is what the statistics sheet says about the rows.
type summary struct {
	cases, onTime, replied, closed, days int
	total                                cnfmt.Amount
	totalOK                              bool // total and every cost within 0 … cnfmt.MaxAmount
	category, channel, level, resp       []bucket
	month                                []bucket
}

func summarize(rows []Row, l Labels) summary {
	s := summary{cases: len(rows)}
	costs := make([]cnfmt.Amount, len(rows))
	for i := range rows {
		r := &rows[i]
		if r.ReplyOnTime != nil {
			s.replied++
			if *r.ReplyOnTime {
				s.onTime++
			}
		}
		if r.DaysToClose >= 0 {
			s.closed++
			s.days += r.DaysToClose
		}
		costs[i] = r.Costs
		s.total += r.Costs
	}
	if t, err := cnfmt.Sum(costs...); err == nil {
		s.total, s.totalOK = t, true
	}
	s.category = tally(rows, l, func(r *Row) string { return r.Category })
	s.channel = tally(rows, l, func(r *Row) string { return r.Channel })
	s.level = tally(rows, l, func(r *Row) string { return r.Level })
	s.resp = tally(rows, l, func(r *Row) string { return r.Responsibility })
	s.month = months(rows, l)
	return s
}

// tally counts rows by a label, most frequent first, ties by label.
func tally(rows []Row, l Labels, key func(*Row) string) []bucket {
	at := map[string]int{}
	var out []bucket
	for i := range rows {
		k := key(&rows[i])
		if k == "" {
			k = l.Blank
		}
		j, ok := at[k]
		if !ok {
			j = len(out)
			at[k] = j
			out = append(out, bucket{label: k})
		}
		out[j].n++
	}
	slices.SortFunc(out, func(a, b bucket) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.label, b.label)
	})
	return out
}

// maxGap is the longest run of months, in total, that the trend fills
// with zeros: a mistyped year must not make a table of a thousand years.
const maxGap = 240

// months counts rows by month received, in calendar order, with the
// months in between that had no case counted as 0. Months that are not
// "YYYY-MM" follow, in text order, then the blank ones.
func months(rows []Row, l Labels) []bucket {
	var valid []time.Time
	other := map[string]int{}
	for i := range rows {
		m := rows[i].Month
		t, err := time.Parse(monthLayout, m)
		if err == nil && t.Format(monthLayout) == m {
			valid = append(valid, t)
			continue
		}
		if m == "" {
			m = "\uffff" // sorts last, shown as Blank
		}
		other[m]++
	}
	var out []bucket
	if len(valid) > 0 {
		slices.SortFunc(valid, func(a, b time.Time) int { return a.Compare(b) })
		first, last := valid[0], valid[len(valid)-1]
		span := (last.Year()-first.Year())*12 + int(last.Month()-first.Month()) + 1
		if span <= maxGap {
			for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
				out = append(out, bucket{label: t.Format(monthLayout)})
			}
		}
		for _, t := range valid {
			m := t.Format(monthLayout)
			if n := len(out); n > 0 && out[n-1].label == m {
				out[n-1].n++
				continue
			}
			j, ok := slices.BinarySearchFunc(out, m, func(b bucket, m string) int { return cmp.Compare(b.label, m) })
			if !ok {
				out = slices.Insert(out, j, bucket{label: m})
			}
			out[j].n++
		}
	}
	keys := make([]string, 0, len(other))
	for k := range other {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		label := k
		if k == "\uffff" {
			label = l.Blank
		}
		out = append(out, bucket{label: label, n: other[k]})
	}
	return out
}

// ratio is a/b, or 0 when b is 0.
func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Layout of the statistics sheet: summary and count tables in columns
// A–D, charts from column F.
const (
	chartCol    = "F"
	chartWidth  = 620
	chartHeight = 320
	rowPx       = 20 // rows are 15 pt high
)

func writeStats(f *excelize.File, rows []Row, l Labels, st *styles, k KPIs) error {
	sheet := l.Stats
	s := summarize(rows, l)
	w := &sheetWriter{f: f, sheet: sheet}

	w.put("A1", l.StatsTitle, st.title)
	w.merge("A1", "D1")
	w.height(1, 24)

	words := ""
	if s.totalOK {
		if l.Words != nil {
			words = l.Words(s.total)
		} else {
			words = cnfmt.Upper(s.total, cnfmt.StyleFull)
		}
	}
	summaryRows := []struct {
		label string
		value any
		style int
	}{
		{l.Cases, s.cases, st.count},
		{l.OnTime, s.onTime, st.count},
		{l.Replied, s.replied, st.count},
		{l.OnTimeRate, ratio(s.onTime, s.replied), st.percent},
		{l.ClosedCases, s.closed, st.count},
		{l.AvgDays, ratio(s.days, s.closed), st.decimal},
		{l.ClosureRate, k.ClosureRate, st.percent},
		{l.OpenCases, k.Open, st.count},
		{l.OverdueCases, k.Overdue, st.count},
		{l.OpenAge, k.OpenAvgAge, st.decimal},
		{l.Responses, k.Satisfaction.Responses, st.count},
		{l.AvgScore, k.Satisfaction.Average, st.decimal},
		{l.SatisfiedShare, k.Satisfaction.Share, st.percent},
		{l.RepeatCases, k.RepeatCases, st.count},
		{l.SettlementSum, money(k.Settlement), st.totalMoney},
		{l.TotalCost, money(s.total), st.totalMoney},
		{l.TotalCostWords, words, st.words},
	}
	r := 3
	labelW := 10.0
	for _, x := range summaryRows {
		w.put(cell(0, r), x.label, st.label)
		w.put(cell(1, r), x.value, x.style)
		labelW = max(labelW, textWidth(x.label))
		r++
	}
	wordsRow := r - 1
	for c := 2; c <= 3; c++ {
		w.put(cell(c, wordsRow), nil, st.words)
	}
	w.merge(cell(1, wordsRow), cell(3, wordsRow))

	valueW := max(12, float64(len(s.total.Figures())), textWidth(l.Count)+2)
	shareW := max(10, textWidth(l.Share)+2, textWidth(l.Cumulative)+2)
	// The words wrap inside B:D; the row grows by a line for each wrap.
	lines := math.Ceil(textWidth(words) / (valueW + 2*shareW))
	w.height(wordsRow, 15*max(1, lines))

	r++
	type table struct {
		title, head string
		buckets     []bucket
		cumulative  bool
	}
	var paretoFrom, paretoTo, trendFrom, trendTo, paretoHead int
	for i, t := range []table{
		{l.ByCategory, l.Headers[colCategory], s.category, true},
		{l.ByChannel, l.Headers[colChannel], s.channel, false},
		{l.ByLevel, l.Headers[colLevel], s.level, false},
		{l.ByResponsibility, l.Headers[colResponsibility], s.resp, false},
		{l.ByMonth, l.Headers[colMonth], s.month, false},
		{l.ByOutcome, l.Headers[colOutcome], buckets(k.Outcomes), false},
		{l.ByMerchant, l.Headers[colMerchant], buckets(k.ByMerchant), false},
		{l.ByStore, l.Headers[colStore], buckets(k.ByStore), false},
		{l.ByBrand, l.Headers[colBrand], buckets(k.ByBrand), false},
		{l.ByProduct, l.Headers[colProduct], buckets(k.ByProduct), false},
		{l.ByModel, l.Headers[colModel], buckets(k.ByModel), false},
		{l.ByHandler, l.Headers[colHandler], buckets(k.ByHandler), false},
		{l.ByCustomerKind, l.Headers[colCustomerKind], buckets(k.ByCustomerKind), false},
	} {
		w.put(cell(0, r), t.title, st.section)
		r++
		head := []string{t.head, l.Count, l.Share}
		if t.cumulative {
			head = append(head, l.Cumulative)
		}
		for c, h := range head {
			w.put(cell(c, r), h, st.tableHead)
		}
		labelW = max(labelW, textWidth(t.head))
		headRow := r
		r++
		buckets := t.buckets
		if len(buckets) == 0 {
			buckets = []bucket{{label: l.None}}
		}
		from, sum := r, 0
		for _, b := range buckets {
			sum += b.n
			w.put(cell(0, r), b.label, st.text)
			w.put(cell(1, r), b.n, st.count)
			w.put(cell(2, r), ratio(b.n, s.cases), st.percent)
			if t.cumulative {
				w.put(cell(3, r), ratio(sum, s.cases), st.percent)
			}
			labelW = max(labelW, textWidth(b.label))
			r++
		}
		switch i {
		case 0:
			paretoHead, paretoFrom, paretoTo = headRow, from, r-1
		case 4:
			trendFrom, trendTo = from, r-1
		}
		r++
	}

	r = writeFigures(w, r, l, st, k, &labelW)

	w.width("A", min(labelW+2, 40))
	w.width("B", valueW+2)
	w.width("C", shareW)
	w.width("D", shareW)
	w.width("E", 3)
	if w.err != nil {
		return w.err
	}

	ref := func(col string, from, to int) string {
		return quoteSheet(sheet) + "!$" + col + "$" + strconv.Itoa(from) + ":$" + col + "$" + strconv.Itoa(to)
	}
	name := func(col string, row int) string { return quoteSheet(sheet) + "!$" + col + "$" + strconv.Itoa(row) }
	title := func(t string) excelize.ChartTitle {
		return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t, Font: &excelize.Font{Bold: true, Size: 12}}}}
	}
	axisFont := excelize.Font{Color: "404040", Size: 9}
	gap := uint(60)
	no := false
	cats := ref("A", paretoFrom, paretoTo)
	pareto := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name: name("B", paretoHead), Categories: cats, Values: ref("B", paretoFrom, paretoTo),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"4472C4"}},
		}},
		Format:     excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Title:      title(l.Pareto),
		Legend:     excelize.ChartLegend{Position: "bottom"},
		VaryColors: &no,
		GapWidth:   &gap,
		XAxis:      excelize.ChartAxis{Font: axisFont},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, Minimum: ptr(0.0), Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
	}
	cumulative := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name: name("D", paretoHead), Categories: cats, Values: ref("D", paretoFrom, paretoTo),
			Line:   excelize.LineOptions{Width: 2},
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 6},
		}},
		Format:     excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		VaryColors: &no,
		XAxis:      excelize.ChartAxis{Font: axisFont},
		YAxis: excelize.ChartAxis{Secondary: true, Minimum: ptr(0.0), Maximum: ptr(1.0), MajorUnit: 0.2, Font: axisFont,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	}
	if err := f.AddChart(sheet, chartCol+"3", pareto, cumulative); err != nil {
		return err
	}
	trendAt := 3 + chartHeight/rowPx + 2
	trend := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name: name("B", trendFrom-1), Categories: ref("A", trendFrom, trendTo), Values: ref("B", trendFrom, trendTo),
			Line:   excelize.LineOptions{Width: 2},
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 6},
		}},
		Format:     excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Title:      title(l.Trend),
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: &no,
		XAxis:      excelize.ChartAxis{Font: axisFont},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, Minimum: ptr(0.0), Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0"}},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
	}
	if err := f.AddChart(sheet, chartCol+strconv.Itoa(trendAt), trend); err != nil {
		return err
	}
	return printSetup(f, sheet, "portrait", l)
}

// buckets turns counts back into the lines of a count table.
func buckets(c []Count) []bucket {
	out := make([]bucket, len(c))
	for i, x := range c {
		out[i] = bucket{label: x.Label, n: x.N}
	}
	return out
}

// writeFigures writes the tables of on-time rates, settlement terms,
// payers and repeat complaints from row r, and returns the next free row.
func writeFigures(w *sheetWriter, r int, l Labels, st *styles, k KPIs, labelW *float64) int {
	head := func(title string, cols ...string) {
		w.put(cell(0, r), title, st.section)
		r++
		for c, h := range cols {
			w.put(cell(c, r), h, st.tableHead)
		}
		*labelW = max(*labelW, textWidth(cols[0]))
		r++
	}
	head(l.OnTimeRates, l.Item, l.OnTimeN, l.KnownN, l.RateHead)
	for _, x := range append([]Rate{k.FirstReply, k.Solution}, k.Steps...) {
		w.put(cell(0, r), x.Label, st.text)
		w.put(cell(1, r), x.OnTime, st.count)
		w.put(cell(2, r), x.Known, st.count)
		w.put(cell(3, r), x.Rate, st.percent)
		*labelW = max(*labelW, textWidth(x.Label))
		r++
	}
	r++
	for _, t := range []struct {
		title string
		lines []Money
	}{{l.TermsTitle, k.Terms}, {l.PayersTitle, k.Payers}} {
		head(t.title, l.Item, l.Count, l.AmountHead)
		for _, x := range t.lines {
			w.put(cell(0, r), x.Label, st.text)
			w.put(cell(1, r), x.Cases, st.count)
			w.put(cell(2, r), money(x.Amount), st.totalMoney)
			*labelW = max(*labelW, textWidth(x.Label))
			r++
		}
		r++
	}
	head(strings.ReplaceAll(l.Repeats, "{n}", strconv.Itoa(k.RepeatDays)), l.RepeatBy, l.RepeatKey, l.RepeatLinks)
	if len(k.Repeats) == 0 {
		w.put(cell(0, r), l.None, st.text)
		r++
	}
	for _, x := range k.Repeats {
		w.put(cell(0, r), RepeatLabel(l, x.By), st.text)
		w.put(cell(1, r), x.Key, st.text)
		w.put(cell(2, r), strings.Join(x.Cases, "、"), st.text)
		w.merge(cell(2, r), cell(3, r))
		r++
	}
	return r + 1
}

// RepeatLabel is how the ledger names what links repeat complaints.
func RepeatLabel(l Labels, by string) string {
	switch by {
	case "phone":
		return l.Headers[colPhone]
	case "id_number":
		return l.Headers[colIDNumber]
	case "order":
		return l.Headers[colOrderNo]
	case "lot":
		return l.Headers[colLots]
	}
	return by
}

// sheetWriter writes cells and keeps the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) put(ref string, v any, style int) {
	if w.err != nil {
		return
	}
	if w.err = w.f.SetCellValue(w.sheet, ref, v); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, style)
	}
}

func (w *sheetWriter) merge(from, to string) {
	if w.err == nil {
		w.err = w.f.MergeCell(w.sheet, from, to)
	}
}

func (w *sheetWriter) height(row int, pt float64) {
	if w.err == nil {
		w.err = w.f.SetRowHeight(w.sheet, row, pt)
	}
}

func (w *sheetWriter) width(col string, units float64) {
	if w.err == nil {
		w.err = w.f.SetColWidth(w.sheet, col, col, math.Round(units*4)/4)
	}
}
