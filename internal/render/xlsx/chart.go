package xlsx

import (
	"fmt"
	"strings"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// palette colours the series as the PDF does; the accent comes first.
var palette = []string{"4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47", "264478", "9E480E", "636363", "997300"}

func (s *sheet) colour(i int) string {
	if a := strings.TrimPrefix(s.d.Accent, "#"); len(a) == 6 {
		if i == 0 {
			return a
		}
		i--
	}
	return palette[i%len(palette)]
}

// chart writes a chart's data as a table — the categories and a column a
// series, numbers as numbers — and a native Excel chart of that table
// below it: Excel redraws it, and a reader may restyle or re-plot it.
func (s *sheet) chart(b *doc.Block) error {
	c := b.Chart
	if c == nil || len(c.Labels) == 0 || len(c.Series) == 0 {
		return nil
	}
	if b.Title != "" {
		if err := s.full(b.Title, s.st.section, 0); err != nil {
			return err
		}
	}
	pareto := c.Kind == "pareto"
	heads := []string{c.XLabel}
	for _, sr := range c.Series {
		heads = append(heads, sr.Name)
	}
	if pareto {
		heads = append(heads, s.d.Words.Cumulative)
	}
	ws := make([]float64, len(heads))
	ws[0] = 2
	for i := 1; i < len(ws); i++ {
		ws[i] = 1
	}
	if len(heads) > gridCols {
		return fmt.Errorf("xlsx: a chart of %d series does not fit the sheet", len(c.Series))
	}
	sh := shares(ws, gridCols)
	from := make([]int, len(heads))
	spans := func(cells []string, style func(int) int) []span {
		out := make([]span, len(cells))
		at := 1
		for i, t := range cells {
			from[i] = at
			out[i] = span{at, at + sh[i] - 1, t, style(i), 0}
			at += sh[i]
		}
		return out
	}
	if err := s.put(spans(heads, func(int) int { return s.st.head }), 1); err != nil {
		return err
	}
	pct, err := s.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: fontName, Size: s.size}, Border: thinBorder,
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}, CustomNumFmt: ptr("0.0%")})
	if err != nil {
		return err
	}
	num, err := s.f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: fontName, Size: s.size}, Border: thinBorder,
		Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "center"}, CustomNumFmt: ptr("#,##0.##")})
	if err != nil {
		return err
	}
	valStyle := num
	if c.Percent {
		valStyle = pct
	}
	first := s.row + 1
	total := 0.0
	if pareto {
		for _, v := range c.Series[0].Values {
			total += v
		}
	}
	cum := 0.0
	for i, l := range c.Labels {
		cells := make([]string, len(heads))
		cells[0] = l
		if err := s.put(spans(cells, func(j int) int {
			if j == 0 {
				return s.st.value
			}
			return s.st.right
		}), 1); err != nil {
			return err
		}
		// put merged each value's span and gave it its style; the cell
		// gets its number and the number's style.
		for j, sr := range c.Series {
			ref := fmt.Sprintf("%s%d", col(from[j+1]), s.row)
			if err := s.f.SetCellValue(s.name, ref, sr.Values[i]); err != nil {
				return err
			}
			if err := s.f.SetCellStyle(s.name, ref, fmt.Sprintf("%s%d", col(from[j+1]+sh[j+1]-1), s.row), valStyle); err != nil {
				return err
			}
		}
		if pareto {
			cum += c.Series[0].Values[i]
			share := 0.0
			if total > 0 {
				share = cum / total
			}
			k := len(heads) - 1
			ref := fmt.Sprintf("%s%d", col(from[k]), s.row)
			if err := s.f.SetCellValue(s.name, ref, share); err != nil {
				return err
			}
			if err := s.f.SetCellStyle(s.name, ref, fmt.Sprintf("%s%d", col(from[k]+sh[k]-1), s.row), pct); err != nil {
				return err
			}
		}
	}
	last := s.row
	ref := func(c, r0, r1 int) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", strings.ReplaceAll(s.name, "'", "''"), col(c), r0, col(c), r1)
	}
	name := func(c int) string {
		return fmt.Sprintf("'%s'!$%s$%d", strings.ReplaceAll(s.name, "'", "''"), col(c), first-1)
	}
	cats := ref(from[0], first, last)

	h := b.Height * mm
	if h == 0 {
		h = 75 * mm
	}
	wPx := uint(float64(gridCols) * s.colW / 0.75)
	hPx := uint(h / 0.75)
	no := false
	axisFont := excelize.Font{Color: "404040", Size: 9}
	numFmt := excelize.ChartNumFmt{CustomNumFmt: "0"}
	if c.Percent {
		numFmt = excelize.ChartNumFmt{CustomNumFmt: "0%"}
	}
	var series []excelize.ChartSeries
	for j := range c.Series {
		if pareto && j > 0 {
			break
		}
		sr := excelize.ChartSeries{Name: name(from[j+1]), Categories: cats, Values: ref(from[j+1], first, last)}
		switch c.Kind {
		case "line":
			sr.Line = excelize.LineOptions{Width: 2}
			sr.Marker = excelize.ChartMarker{Symbol: "circle", Size: 6}
		case "pie":
		default:
			sr.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{s.colour(j)}}
		}
		series = append(series, sr)
		if c.Kind == "pie" {
			break
		}
	}
	typ := map[string]excelize.ChartType{"bar": excelize.Col, "pareto": excelize.Col, "line": excelize.Line, "pie": excelize.Pie}[c.Kind]
	title := c.YLabel
	if b.Title != "" {
		title = b.Title
	}
	legend := "bottom"
	if len(c.Series) == 1 && !pareto && c.Kind != "pie" {
		legend = "none"
	}
	gap := uint(60)
	main := &excelize.Chart{
		Type:       typ,
		Series:     series,
		Format:     excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
		Dimension:  excelize.ChartDimension{Width: wPx, Height: hPx},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 11}}}},
		Legend:     excelize.ChartLegend{Position: legend},
		VaryColors: &no,
		PlotArea:   excelize.ChartPlotArea{ShowVal: c.Kind != "pie", ShowPercent: c.Kind == "pie", ShowCatName: false},
	}
	if c.Kind == "pie" {
		yes := true
		main.VaryColors = &yes
		main.Legend.Position = "right"
	} else {
		main.GapWidth = &gap
		main.XAxis = excelize.ChartAxis{Font: axisFont, Title: axisTitle(c.XLabel)}
		main.YAxis = excelize.ChartAxis{MajorGridLines: true, Minimum: ptr(0.0), Font: axisFont, NumFmt: numFmt, Title: axisTitle(c.YLabel)}
		if c.Percent {
			main.YAxis.Maximum = ptr(1.0)
		}
	}
	var combo []*excelize.Chart
	if pareto {
		k := len(heads) - 1
		combo = append(combo, &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{{Name: name(from[k]), Categories: cats, Values: ref(from[k], first, last),
				Line: excelize.LineOptions{Width: 2}, Marker: excelize.ChartMarker{Symbol: "circle", Size: 6}}},
			Format:     excelize.GraphicOptions{OffsetX: 4, OffsetY: 4},
			Dimension:  excelize.ChartDimension{Width: wPx, Height: hPx},
			Legend:     excelize.ChartLegend{Position: "bottom"},
			VaryColors: &no,
			XAxis:      excelize.ChartAxis{Font: axisFont},
			YAxis: excelize.ChartAxis{Secondary: true, Minimum: ptr(0.0), Maximum: ptr(1.0), MajorUnit: 0.2, Font: axisFont,
				NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
		})
	}
	// Rows the chart covers: empty, as tall as the chart.
	s.row++
	anchor := fmt.Sprintf("A%d", s.row)
	if err := s.f.SetRowHeight(s.name, s.row, h+6); err != nil {
		return err
	}
	return s.f.AddChart(s.name, anchor, main, combo...)
}

func axisTitle(t string) excelize.ChartTitle {
	if t == "" {
		return excelize.ChartTitle{}
	}
	return excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t, Font: &excelize.Font{Size: 9, Color: "404040"}}}}
}

var thinBorder = []excelize.Border{
	{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
	{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
}

func ptr[T any](v T) *T { return &v }
