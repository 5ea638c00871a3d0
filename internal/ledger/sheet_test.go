package ledger

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// withPart is the workbook book with its part name's content replaced.
func withPart(t testing.TB, book []byte, name, content string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range zr.File {
		if p.Name == name {
			continue
		}
		if err := zw.Copy(p); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(content))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// sheetOf is a worksheet part with the rows given, in the main namespace
// (prefixed x: when prefix is set, as the Open XML SDK writes it).
func sheetOf(rows string, prefix bool) string {
	if prefix {
		return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" +
			`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
			rows + `</x:sheetData></x:worksheet>`
	}
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="r"><dimension ref="A1:C9"/>` +
		`<sheetData>` + rows + `</sheetData><extLst><ext uri="{x}"><x14:a xmlns:x14="y"><x14:b><c r="A1"><v>9</v></c></x14:b></x14:a></ext></extLst></worksheet>`
}

// TestSheetLikeExcelize: every cell is read as excelize's GetRows with
// RawCellValue and its GetCellType read it, which Read used before: in
// sheets excelize writes, and in sheets written as other programs write
// them (inline and rich strings, references, CDATA, comments, cells and
// rows without a reference, booleans, errors, formulas, prefixes).
func TestSheetLikeExcelize(t *testing.T) {
	book := write(t, sampleRows(40, 7), ZhCN)
	f := open(t, book)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellStr("台账", "C3", "46350.5"))
	must(f.SetCellBool("台账", "D3", true))
	must(f.SetCellFormula("台账", "E3", `"2026-11-0"&"3"`))
	must(f.SetCellRichText("台账", "B4", []excelize.RichTextRun{{Text: "红色"}, {Text: " & <粗体>", Font: &excelize.Font{Bold: true}}}))
	must(f.SetCellStr("台账", "B5", "两行\r\n文字_x000D_ 与 _x005F_x0041_ \"引号\" '单'"))
	must(f.SetCellValue("台账", "AZ6", "表外备注"))
	must(f.SetCellValue("台账", "A50", "末行"))
	var edited bytes.Buffer
	_, err := f.WriteTo(&edited)
	must(err)

	written := write(t, nil, ZhCN)
	tests := []struct {
		name, sheet string
		book        []byte
	}{
		{"written by Write", "台账", book},
		{"edited by excelize", "台账", edited.Bytes()},
		{"written by hand", "台账", withPart(t, written, "xl/worksheets/sheet1.xml", sheetOf(
			`<row r="1" spans="1:3"><c r="A1" t="inlineStr"><is><t>编号</t></is></c><c r="C1" t='inlineStr'><is><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve"> 文本 </t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></is></c></row>`+
				`<row><c><v>1</v></c><c t="s"><v> 3 </v></c><!-- a comment <c><v>7</v></c> --><c r="E2" t="str"><f>A2&amp;"x"</f><v>1x</v></c></row>`+
				`<row r="4"><c r="A4" s="3"><v><![CDATA[46350.75]]></v></c><c r = "B4" t = "b"><v>0</v></c><c r="C4" t="e"><v>#N/A</v></c><c r="D4" t="d"><v>2026-11-03T10:20:00</v></c><c r="E4" t="n"><v>1.5E3</v></c></row>`+
				`<row r="5"><c r="A5" t="inlineStr"><is><t>行一&#13;&#10;行二&#x4E2D;&lt;&gt;&amp;&quot;&apos;</t></is></c><c r="B5" t="inlineStr"><is><t>CR`+"\r\n"+`LF`+"\r"+`CR</t></is></c><c r="C5" s="2"/><c r="D5" t="s"/></row>`+
				`<row r="7" ht="20" customHeight="1"/>`+
				`<row r="8"><c r="C8" t="inlineStr"><is><t>_x0041_B_x00</t></is></c><c r="AY8"><v>-0</v></c><c r="ZZ8"><v>12</v></c></row>`, false))},
		{"prefixed", "台账", withPart(t, written, "xl/worksheets/sheet1.xml", sheetOf(
			`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>甲</x:t></x:is></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row>`+
				`<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c></x:row>`, true))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := excelize.OpenReader(bytes.NewReader(tt.book))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			want, err := x.GetRows(tt.sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			got := map[int][Columns]sheetCell{}
			err = sheetRows(x, tt.sheet, func(int) {}, func(n int, cells *[Columns]sheetCell, any bool) error {
				if _, dup := got[n]; dup {
					t.Errorf("row %d twice", n)
				}
				got[n] = *cells
				line := want[min(n, len(want))-1]
				if wantAny := strings.Join(line, "") != ""; any != wantAny {
					t.Errorf("row %d has a value: %v, want %v", n, any, wantAny)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			cells := 0
			for i, line := range want {
				n := i + 1
				g := got[n]
				for c := range Columns {
					w := ""
					if c < len(line) {
						w = line[c]
					}
					if g[c].value != w {
						t.Errorf("%s%d = %q, want %q", colName(c), n, g[c].value, w)
					}
					if w == "" {
						continue
					}
					cells++
					typ, err := x.GetCellType(tt.sheet, cell(c, n))
					if err != nil {
						t.Fatal(err)
					}
					wantText := typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber && typ != excelize.CellTypeDate
					if g[c].text != wantText {
						t.Errorf("%s%d %q is text: %v, want %v (type %v)", colName(c), n, w, g[c].text, wantText, typ)
					}
				}
			}
			if cells < 3 {
				t.Errorf("only %d cells compared", cells)
			}
		})
	}
}

// A sheet that is not the XML of a workbook, or refers to what is not
// there, is refused with the cell or the fault named.
func TestSheetRefused(t *testing.T) {
	written := write(t, sampleRows(8, 1), ZhCN)
	header := `<row r="1">`
	for c := range Columns {
		header += fmt.Sprintf(`<c r="%s1" t="inlineStr"><is><t>h%d</t></is></c>`, colName(c), c)
	}
	header += `</row>`
	deep := strings.Repeat("<a>", maxDepth+1) + strings.Repeat("</a>", maxDepth+1)
	tests := []struct{ name, sheet, want string }{
		{"shared string out of range", sheetOf(header+`<row r="2"><c r="A2" t="s"><v>99999</v></c></row>`, false), "cell A2"},
		{"bad reference", sheetOf(header+`<row r="2"><c r="2A"><v>1</v></c></row>`, false), `"2A"`},
		{"reference without a row", sheetOf(header+`<row r="2"><c r="AT"><v>1</v></c></row>`, false), `"AT"`},
		{"style not a number", sheetOf(header+`<row r="2"><c r="A2" s="x"><v>1</v></c></row>`, false), `style "x"`},
		{"row number too large", sheetOf(header+`<row r="1048577"><c><v>1</v></c></row>`, false), "row number"},
		{"column too far", sheetOf(header+`<row r="2"><c r="XFE2"><v>1</v></c></row>`, false), "out of range"},
		{"doctype", `<!DOCTYPE x [<!ENTITY a "b">]>` + sheetOf(header, false), "DOCTYPE"},
		{"unknown entity", sheetOf(header+`<row r="2"><c r="A2" t="inlineStr"><is><t>&a;</t></is></c></row>`, false), "&a;"},
		{"control character", sheetOf(header+`<row r="2"><c r="A2" t="inlineStr"><is><t>a&#1;</t></is></c></row>`, false), "&#1;"},
		{"raw control character", sheetOf(header+"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a\x01</t></is></c></row>", false), "control character"},
		{"not UTF-8", sheetOf(header+"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>a\xff</t></is></c></row>", false), "UTF-8"},
		{"mismatched end", sheetOf(header+`<row r="2"><c r="A2"><v>1</c></v></row>`, false), "does not close"},
		{"cut short", sheetOf(header, false)[:200], "ends inside"},
		{"nested too deep", sheetOf(header+`<row r="2">`+deep+`</row>`, false), "nested deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			book := withPart(t, written, "xl/worksheets/sheet1.xml", tt.sheet)
			_, err := Read(bytes.NewReader(book), int64(len(book)))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v; want one saying %s", err, tt.want)
			}
		})
	}
	// The header alone is a ledger without cases.
	book := withPart(t, written, "xl/worksheets/sheet1.xml", sheetOf(header, false))
	if rows, err := Read(bytes.NewReader(book), int64(len(book))); err != nil || len(rows) != 0 {
		t.Errorf("a ledger with headers only: %d rows, %v", len(rows), err)
	}
}

// FuzzSheetXML: no worksheet part makes the reader panic or hang, and in
// a part that is XML, every value it reads is the value excelize reads in
// that cell. (excelize stops reading, silently, where the XML goes wrong;
// and the reader wants a worksheet's structure, worksheet > sheetData >
// row > c, where excelize takes a row or a cell wherever it is: so
// excelize may find values the reader does not.)
func FuzzSheetXML(f *testing.F) {
	f.Add(sheetOf(`<row r="1"><c r="A1" t="inlineStr"><is><t>a&amp;b</t></is></c><c r="B1"><v>1.5</v></c></row>`, false))
	f.Add(sheetOf(`<x:row><x:c t="s"><x:v>0</x:v></x:c><!-- c --><x:c><x:v><![CDATA[2]]></x:v></x:c></x:row>`, true))
	f.Add(sheetOf(`<row r="3"><c r="C3" t="b"><v>1</v></c><c t="str"><f>1</f><v>x</v></c></row>`, false))
	// The smallest workbook, so that an execution is mostly the reading.
	blank := excelize.NewFile()
	if err := blank.SetSheetName("Sheet1", "台账"); err != nil {
		f.Fatal(err)
	}
	var book bytes.Buffer
	if _, err := blank.WriteTo(&book); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, sheet string) {
		data := withPart(t, book.Bytes(), "xl/worksheets/sheet1.xml", sheet)
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		defer x.Close()
		got := map[int][Columns]sheetCell{}
		if err := sheetRows(x, "台账", func(int) {}, func(n int, cells *[Columns]sheetCell, _ bool) error {
			got[n] = *cells
			return nil
		}); err != nil {
			return
		}
		want, err := x.GetRows("台账", excelize.Options{RawCellValue: true})
		if err != nil || !wellFormed(sheet) {
			return
		}
		for n, cells := range got {
			for c, g := range cells {
				if g.value == "" {
					continue
				}
				w := ""
				if n <= len(want) && c < len(want[n-1]) {
					w = want[n-1][c]
				}
				if g.value != w {
					t.Errorf("%s: %q, excelize %q", cell(c, n), g.value, w)
				}
			}
		}
	})
}

// wellFormed reports whether encoding/xml reads s to its end.
func wellFormed(s string) bool {
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return true
		}
		if err != nil {
			return false
		}
	}
}
