package xlsx

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/kesuhq/kesu/templates"
)

func notoChain(t *testing.T) *typeset.Chain {
	t.Helper()
	f, err := typeset.LoadFonts(templates.Default(), []string{"fonts/NotoSerifCJKsc-Regular.ttf", "fonts/DroidSansFallbackFull.ttf", "fonts/DejaVuSans.ttf"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f.Regular
}

const closing = "，。、；：？！）》」』】〕〉”’"

func TestExplicitBreaks(t *testing.T) {
	c := notoChain(t)
	tests := []struct {
		name, text string
		width      float64
		breaks     bool // kesu's breaks are written into the text
	}{
		// Set 12 ems wide, the 13th character is a comma: a sheet
		// wrapping anywhere would open the second line with it.
		{"chinese", "顾客反映沙发扶手开裂商户已，安排师傅上门查看并拍照留存。双方约定按三包规定处理（退货）。", 12 * 10, true},
		{"token", "泄漏超标要求不大于5.0 cc/min，泄漏点位于右上方安装凸台根部。", 12 * 10, true},
		{"english", "The customer reported that the armrest of the sofa cracked after six weeks of use.", 120, false},
		{"one line", "已退款。", 120, false},
		// Nothing a sheet's wrapping could get wrong: left as typed.
		{"no marks", "顾客反映沙发扶手开裂商户已安排师傅上门查看", 8 * 10, false},
		{"hard breaks", "第一段文字很长很长很长很长很长很长。\n\n第二段文字也很长很长很长很长很长。", 8 * 10, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ls := c.Break(tc.text, 10, tc.width)
			got := explicit(tc.text, ls)
			if !tc.breaks {
				if got != tc.text {
					t.Fatalf("text changed to %q", got)
				}
				return
			}
			if strings.Count(got, "\n") <= strings.Count(tc.text, "\n") {
				t.Fatalf("no breaks written: %q", got)
			}
			if strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(strings.ReplaceAll(tc.text, "\n", ""), " ", "") &&
				strings.ReplaceAll(got, "\n", "") != strings.ReplaceAll(tc.text, "\n", "") {
				t.Errorf("characters lost or added: %q", got)
			}
			var lines []string
			for _, l := range ls {
				lines = append(lines, l.Text())
			}
			if got != strings.Join(lines, "\n") {
				t.Errorf("written\n%q\nwant the PDF's lines\n%q", got, strings.Join(lines, "\n"))
			}
			for _, ln := range strings.Split(got, "\n") {
				if ln != "" && strings.ContainsRune(closing, []rune(ln)[0]) {
					t.Errorf("line %q starts with a closing mark", ln)
				}
			}
		})
	}
}

// TestCellHasBreaks reads the workbook's cell back: the paragraph is
// written on the lines kesu broke it into, and its row is tall enough for
// them at the sheet's line pitch.
func TestCellHasBreaks(t *testing.T) {
	text := strings.Repeat("顾客反映沙发扶手开裂，商户已安排师傅上门查看并拍照留存，双方约定按三包规定处理。", 3)
	d := &doc.Document{ID: "t", Name: "t", Locale: "zh-CN", Words: doc.DefaultWords("zh-CN"),
		Page:   doc.Page{Size: "A4", Margins: [4]float64{20, 20, 20, 20}, FontSize: 10.5},
		Blocks: []doc.Block{{Kind: pack.Text, Text: text}}}
	var buf bytes.Buffer
	if err := Render(&buf, d, notoChain(t), nil, time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for _, v := range row {
			if strings.ReplaceAll(v, "\n", "") != text {
				continue
			}
			lines := strings.Split(v, "\n")
			if len(lines) < 2 {
				t.Fatalf("the paragraph is written without its breaks: %q", v)
			}
			for _, ln := range lines[1:] {
				if strings.ContainsRune(closing, []rune(ln)[0]) {
					t.Errorf("line %q starts with a closing mark", ln)
				}
			}
			h, err := f.GetRowHeight(sheet, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if want := float64(len(lines)) * 10.5 * sheetLeading; h < want {
				t.Errorf("row %d is %.1f pt tall, %d lines need %.1f", r+1, h, len(lines), want)
			}
			return
		}
	}
	t.Fatalf("no cell holds the paragraph: %q", rows)
}
