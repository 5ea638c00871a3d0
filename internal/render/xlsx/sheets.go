package xlsx

import (
	"fmt"
	"math"
	"strings"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// dataSheets adds the document's data sheets after the form: a plain
// table each, header frozen and filtered, so the team, the actions or the
// causes can be sorted and counted without retyping the form. They repeat
// what the form prints, so they are hidden (right-click a sheet tab,
// Unhide): printing the workbook prints the form alone, on as many pages
// as the PDF. Unhidden and printed, each has its own page setup: A4
// landscape fitted to the width, the header row on every page, the
// document's header and footer.
func dataSheets(f *excelize.File, d *doc.Document, used map[string]bool) error {
	if len(d.Sheets) == 0 {
		return nil
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: fontName, Size: 10.5, Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E0E0E0"}},
		Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	if err != nil {
		return err
	}
	body, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: fontName, Size: 10.5}, Alignment: &excelize.Alignment{Horizontal: "left", Indent: 1, Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	for _, sh := range d.Sheets {
		name := uniqueName(sheetTitle(sh.Name), used)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if len(sh.Columns) == 0 {
			continue
		}
		for i, c := range sh.Columns {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			if err := f.SetCellStr(name, cell, c.Label); err != nil {
				return err
			}
			w := c.Width
			if w <= 0 {
				w = 12
			}
			if err := f.SetColWidth(name, col(i+1), col(i+1), math.Min(math.Max(w, 6), 80)); err != nil {
				return err
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(sh.Columns), 1)
		if err := f.SetCellStyle(name, "A1", last, head); err != nil {
			return err
		}
		for r, row := range sh.Rows {
			for i, v := range row {
				cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
				if err := f.SetCellStr(name, cell, v); err != nil {
					return err
				}
			}
		}
		end, _ := excelize.CoordinatesToCellName(len(sh.Columns), max(len(sh.Rows)+1, 1))
		if len(sh.Rows) > 0 {
			if err := f.SetCellStyle(name, "A2", end, body); err != nil {
				return err
			}
		}
		if err := f.AutoFilter(name, "A1:"+end, nil); err != nil {
			return err
		}
		if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		landscape, fit, tall := "landscape", 1, 0
		size := 9
		if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &landscape, FitToWidth: &fit, FitToHeight: &tall}); err != nil {
			return err
		}
		yes := true
		if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
			return err
		}
		margin, edge := 0.6, 0.3
		if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Top: &margin, Bottom: &margin, Left: &margin, Right: &margin, Header: &edge, Footer: &edge}); err != nil {
			return err
		}
		if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{
			OddHeader: band(doc.Band{Left: d.Header.Left, Right: sh.Name}), OddFooter: band(d.Footer),
		}); err != nil {
			return err
		}
		if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name, RefersTo: fmt.Sprintf("'%s'!$1:$1", name)}); err != nil {
			return err
		}
		if err := f.SetSheetVisible(name, false); err != nil {
			return err
		}
	}
	return nil
}

func sheetTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "Data"
	}
	return s
}

// uniqueName keeps sheet names distinct, as Excel requires.
func uniqueName(name string, used map[string]bool) string {
	out := name
	for i := 2; used[strings.ToLower(out)]; i++ {
		suffix := fmt.Sprintf(" (%d)", i)
		r := []rune(name)
		if len(r)+len([]rune(suffix)) > 31 {
			r = r[:31-len([]rune(suffix))]
		}
		out = string(r) + suffix
	}
	used[strings.ToLower(out)] = true
	return out
}
