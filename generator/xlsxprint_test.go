package generator_test

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"testing"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// TestXLSXPrintsLikeThePDF: the 8D's workbook breaks its printed pages
// before a section title that would end a page, and the header of a table
// running over a page is printed atop every page (print titles).
func TestXLSXPrintsLikeThePDF(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/manufacturer-8d.yaml")
	data, _ := render(t, g, c, "8d", generator.XLSX)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	var titles string
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == sheet {
			titles = n.RefersTo
		}
	}
	m := regexp.MustCompile(`\$(\d+):\$(\d+)$`).FindStringSubmatch(titles)
	if m == nil || m[1] != m[2] {
		t.Fatalf("print titles %q: want one header row of the form", titles)
	}
	row, _ := strconv.Atoi(m[1])
	cells, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	style, _ := f.GetCellStyle(sheet, "A"+m[1])
	if row > len(cells) || len(cells[row-1]) == 0 || style == 0 {
		t.Errorf("print title row %d is not a table header: %q", row, cells[row-1])
	}
	// The page breaks of the form sheet, read from its XML.
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var xml []byte
	for _, zf := range z.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			r, _ := zf.Open()
			xml, _ = io.ReadAll(r)
			r.Close()
		}
	}
	brk := regexp.MustCompile(`<brk id="(\d+)"`).FindAllSubmatch(xml, -1)
	if len(brk) == 0 {
		t.Fatal("no page break: the 8D's form is several pages long and a section title fell at a page's foot")
	}
	for _, b := range brk {
		after, _ := strconv.Atoi(string(b[1]))
		if after >= len(cells) || len(cells[after]) == 0 {
			t.Errorf("page break after row %d: the next row is empty", after)
			continue
		}
		if s, _ := f.GetCellStyle(sheet, "A"+strconv.Itoa(after+1)); s == 0 {
			t.Errorf("page break after row %d is not before a section title: %q", after, cells[after])
		}
	}
}
