package pdf

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/kesuhq/kesu/templates"
)

var update = flag.Bool("update", false, "rewrite the golden layouts under testdata/rules")

// tree is a layout as a reader checks it: per page, each text line with
// where it sits. Boxes without text (borders, rules) are left out; the
// golden file says where lines and pages break, nothing else.
func tree(l *Layout) [][]string {
	var out [][]string
	for _, p := range l.Pages {
		var page []string
		for _, b := range p.Boxes {
			for _, ln := range b.Lines {
				page = append(page, fmt.Sprintf("%6.1f %6.1f %s", ln.Y, ln.X, marked(ln)))
			}
		}
		out = append(out, page)
	}
	return out
}

// marked is a line's text with ½ after each mark set at half width
// (标点挤压).
func marked(ln Line) string {
	var b strings.Builder
	for _, s := range ln.Spans {
		for _, r := range s.Text {
			m, half := typeset.HalfMark(r)
			b.WriteRune(m)
			if half {
				b.WriteRune('½')
			}
		}
	}
	return b.String()
}

// filler is prose that fills the page up to where a rule is to be tested.
func filler(n int) string {
	return strings.Repeat("顾客反映沙发扶手开裂，商户已安排师傅上门查看并拍照留存，双方约定按三包规定处理。", n)
}

func rows(n int, f func(i int) []string) [][]string {
	var out [][]string
	for i := range n {
		out = append(out, f(i))
	}
	return out
}

// TestLayoutRules lays out one small document per rule and compares the
// resolved layout with its golden file (go test -run TestLayoutRules
// -update rewrites them); each case also asserts its rule directly, so a
// golden file rewritten over a regression still fails.
func TestLayoutRules(t *testing.T) {
	sig := doc.Block{Kind: pack.Signatures, Boxes: []doc.Signature{{Label: "甲方（签字）", Name: "张晓堃", Date: "2026年11月3日"}, {Label: "乙方（签字盖章）", Name: "陈国华", Date: "2026年11月3日", Seal: true}}}
	cols := []doc.Column{{Label: "序号", Width: 1}, {Label: "物料", Width: 3}, {Label: "型号", Width: 2, Identifier: true}, {Label: "数量", Width: 1}, {Label: "日期", Width: 1}, {Label: "说明", Width: 4}}
	tests := []struct {
		name   string
		blocks []doc.Block
		check  func(t *testing.T, l *Layout)
	}{
		{"tokens-in-cells", []doc.Block{{Kind: pack.Table, Title: "一、物料", Columns: cols, Rows: [][]string{
			{"1", "壳体", "HJ-BC-2041L-A03", "12000", "2026年11月18日", "增压压力85 MPa，含氢量0.21 mL/100g，扭矩45 N·m，单价¥12,800.00"},
			{"2", "密封圈", "RC-WP12-H03", "3850", "2026年3月9日", "厚度0.9mm"},
		}}}, func(t *testing.T, l *Layout) {
			for _, tok := range []string{"HJ-BC-2041L-A03", "12000", "2026年11月18日", "85 MPa", "0.21 mL/100g", "45 N·m", "¥12,800.00", "0.9mm"} {
				if !lineHas(l, tok) {
					t.Errorf("%q is split across lines", tok)
				}
			}
		}},
		{"identifier-field", []doc.Block{{Kind: pack.Fields, Fields: []doc.Field{
			{Label: "订单号", Value: "ORD-2026-0912-ABCDEFGHIJ-0031", Identifier: true}, {Label: "电话", Value: "021-58880000"},
			{Label: "地址", Value: "上海市浦东新区杨高南路799弄12号1502室"}, {Label: "日期", Value: "2026年11月3日"},
		}}}, func(t *testing.T, l *Layout) {
			for _, tok := range []string{"ORD-2026-0912-ABCDEFGHIJ-0031", "021-58880000"} {
				if !lineHas(l, tok) {
					t.Errorf("%q is split across lines", tok)
				}
			}
			if len(l.Warnings) != 0 {
				t.Errorf("warnings %v: the order number should take a row of its own", l.Warnings)
			}
		}},
		{"forced-break-warns", []doc.Block{{Kind: pack.Fields, PerRow: 1, Fields: []doc.Field{
			{Label: "序列号", Value: "X7Q2M9K4T1V8B3N6C5Z0L1H2J7P4R9W8Y3F6D5G0S2A1E4U7I9O3K8M2Q5TX7Q2M9K4T1V8B3N6C5Z0L1H2J7P4R9W8Y3", Identifier: true},
		}}}, func(t *testing.T, l *Layout) {
			if len(l.Warnings) != 1 || !strings.Contains(l.Warnings[0], "序列号") {
				t.Errorf("warnings = %q, want one naming 序列号", l.Warnings)
			}
		}},
		{"keep-with-next-heading", []doc.Block{{Kind: pack.Text, Indent: 2, Text: filler(24)}, {Kind: pack.Heading, Text: "二、处理意见", Size: 14}, {Kind: pack.Text, Indent: 2, Text: filler(3)}},
			func(t *testing.T, l *Layout) {
				p, i := find(l, "二、处理意见")
				if i == len(tree(l)[p])-1 {
					t.Errorf("the heading ends page %d", p+1)
				}
			}},
		{"table-continued", []doc.Block{{Kind: pack.Text, Text: filler(12)}, {Kind: pack.Table, Title: "D3 临时围堵措施", Columns: cols,
			Rows: rows(40, func(i int) []string {
				return []string{fmt.Sprint(i + 1), "壳体", "HJ-BC-2041L-A03", "12000", "2026年11月18日", "冻结厂内同批次及前后批次库存"}
			})}},
			func(t *testing.T, l *Layout) {
				if len(l.Pages) < 2 {
					t.Fatal("the table should run over a page")
				}
				top := tree(l)[1]
				if !strings.HasSuffix(top[0], "D3 临时围堵措施（续）") || !strings.HasSuffix(top[1], "序号") {
					t.Errorf("page 2 starts %q, want the title with （续） and the header", top[:2])
				}
			}},
		{"widow", []doc.Block{{Kind: pack.Text, Indent: 2, Text: widowText}},
			func(t *testing.T, l *Layout) {
				// Set on the full width, the paragraph would end in 意。 alone.
				ls := fonts(t).Regular.Break("\u3000\u3000"+widowText, 10.5, pageW-40*mm)
				if n := len([]rune(ls[len(ls)-1].Text())); n > 2 {
					t.Fatalf("the case has no widow to fix (last line %q); it proves nothing", ls[len(ls)-1].Text())
				}
				tr := tree(l)
				last := tr[0][len(tr[0])-1]
				if n := len([]rune(strings.TrimSpace(last[14:]))); n <= 2 {
					t.Errorf("last line %q holds %d characters", last, n)
				}
			}},
		{"punctuation-compression", []doc.Block{
			{Kind: pack.Text, Text: compressText},
			{Kind: pack.Table, Columns: []doc.Column{{Label: "项目", Width: 1}, {Label: "说明", Width: 3}}, Rows: [][]string{{"依据", "《产品质量法》（2018年修正）。"}}},
		}, func(t *testing.T, l *Layout) {
			all := strings.Join(tree(l)[0], "\n")
			for _, want := range []string{"，½“", "。½”", "）½。", "》½（", "（《½", "：½“", "》½）"} {
				if !strings.Contains(all, want) {
					t.Errorf("%q is not compressed", strings.ReplaceAll(want, "½", ""))
				}
			}
			// The first line holds its closing comma only at half width.
			if first := tree(l)[0][0]; !strings.HasSuffix(first, "，½") {
				t.Errorf("first line %q: the comma ending it should be set at half width", first)
			}
			// Justified lines fill the measure exactly with the compressed
			// widths: spans plus the spacing between characters.
			for _, b := range l.Pages[0].Boxes {
				for _, ln := range b.Lines {
					if ln.Spacing == 0 {
						continue
					}
					w := 0.0
					for _, s := range ln.Spans {
						w += s.Width
					}
					w += ln.Spacing * float64(spreadGaps(ln.Text()))
					if math.Abs(w-(pageW-40*mm)) > 0.05 {
						t.Errorf("justified line %q is %.2f pt wide, want %.2f", ln.Text(), w, pageW-40*mm)
					}
				}
			}
		}},
		{"signature-not-alone", []doc.Block{{Kind: pack.Text, Indent: 2, Numbering: "article", Text: strings.TrimSuffix(strings.Repeat("第一条　"+filler(3)+"\n", 13), "\n")}, {Kind: pack.Text, Text: "签订日期：2026年11月3日"}, sig},
			func(t *testing.T, l *Layout) {
				tr := tree(l)
				p, i := find(l, "甲方（签字）")
				if p == 0 {
					t.Fatal("the filler should push the signatures over a page; the case proves nothing")
				}
				if i < 3 {
					t.Errorf("the signature page has %d lines above the signatures, want the last lines of the text", i)
				}
				if !strings.HasSuffix(tr[p][i-2], "（以下无正文）") {
					t.Errorf("（以下无正文） should close the articles: %q", tr[p][:i])
				}
				if pp, _ := find(l, "本页无正文"); pp >= 0 {
					t.Errorf("（本页无正文） on page %d, which carries the text's last lines", pp+1)
				}
			}},
		// The agreement's last block is a titled form whose rows cannot
		// come along without their title and header: the signatures open
		// a page without text, which says so.
		{"signature-page-no-text", []doc.Block{{Kind: pack.Text, Indent: 2, Numbering: "article", Text: strings.TrimSuffix(strings.Repeat("第一条　"+filler(3)+"\n", 12), "\n")},
			{Kind: pack.Fields, Title: "附件", Fields: []doc.Field{{Label: "附件一", Value: "检测报告"}, {Label: "附件二", Value: "维修记录"}}}, sig},
			func(t *testing.T, l *Layout) {
				tr := tree(l)
				p, i := find(l, "甲方（签字）")
				if p == 0 {
					t.Fatal("the filler should push the signatures over a page; the case proves nothing")
				}
				if pe, _ := find(l, "（以下无正文）"); pe != p-1 {
					t.Errorf("（以下无正文） on page %d, want %d, where the text ends", pe+1, p)
				}
				if i != 1 || !strings.HasSuffix(tr[p][0], "（本页无正文）") {
					t.Errorf("the signature page starts %q, want （本页无正文） above the signatures", tr[p][:i+1])
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &doc.Document{ID: tt.name, Locale: "zh-CN", Words: doc.DefaultWords("zh-CN"),
				Page: doc.Page{Size: "A4", Margins: [4]float64{24, 20, 20, 20}, FontSize: 10.5}, Blocks: tt.blocks}
			f := fonts(t)
			if setInNoto[tt.name] {
				f = notoFonts(t)
			}
			l, err := Lay(d, f, nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, l)
			got, err := json.MarshalIndent(struct {
				Pages    [][]string `json:"pages"`
				Warnings []string   `json:"warnings,omitempty"`
			}{tree(l), l.Warnings}, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "rules", tt.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test ./internal/render/pdf -run TestLayoutRules -update)", err)
			}
			if string(want) != string(got)+"\n" {
				t.Errorf("layout differs from %s; run with -update and review the diff", golden)
			}
		})
	}
}

// setInNoto are the cases set in the default pack's faces, whose marks
// have half-width copies, rather than the test chains.
var setInNoto = map[string]bool{"punctuation-compression": true}

// notoFonts are the default pack's chains.
func notoFonts(t *testing.T) typeset.Fonts {
	t.Helper()
	f, err := notoChains()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

var notoChains = sync.OnceValues(func() (typeset.Fonts, error) {
	regular := []string{"fonts/NotoSerifCJKsc-Regular.ttf", "fonts/DroidSansFallbackFull.ttf", "fonts/DejaVuSans.ttf"}
	return typeset.LoadFonts(templates.Default(), regular, []string{"fonts/NotoSansCJKsc-Bold.ttf", regular[1], regular[2]})
})

// compressText starts with a line of 45 characters and a comma, which
// holds in the 45.9 ems of the measure only with the comma at half width,
// then sets each pair of marks clreq compresses.
var compressText = strings.Repeat("顾客反映沙发扶手开裂商户已安排师傅上门查看并拍照留存", 2)[:45*3] +
	"，顾客说：“扶手开裂。”商户答复，“依据《产品质量法》（2018年修正）处理。”并附《检验报告》（编号RC-QC-0007）。另见（《三包规定》）。"

// widowText fills a line and a half of 43 characters: set at full width
// its last line would be 意。 alone.
var widowText = string([]rune(strings.Repeat("顾客反映沙发扶手开裂商户已安排师傅上门查看并拍照留存双方约定按三包规定处理", 2))[:43]) + "意。"

func lineHas(l *Layout, s string) bool {
	for _, p := range l.Pages {
		for _, b := range p.Boxes {
			for _, ln := range b.Lines {
				if strings.Contains(ln.Text(), s) {
					return true
				}
			}
		}
	}
	return false
}

// find is the page and the index among that page's lines of the first
// line holding s.
func find(l *Layout, s string) (int, int) {
	for p, lines := range tree(l) {
		for i, ln := range lines {
			if strings.Contains(ln, s) {
				return p, i
			}
		}
	}
	return -1, -1
}
