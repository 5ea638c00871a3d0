// Package peer draws the peers' reference 8D report (shared/bench/
// reference-8d.yaml) with upstream go-pdf/fpdf the way a Go developer would:
// CellFormat for tables, MultiCell for prose, one CJK font added from bytes
// per document. It is the yardstick of kesu's speed goals, not a renderer:
// fpdf's MultiCell loses characters at some Chinese line breaks.
package peer

import (
	"fmt"
	"io"
	"strings"

	"github.com/go-pdf/fpdf"
	"go.yaml.in/yaml/v4"
)

type ref struct {
	Title    string
	Customer struct{ Name, Contact, Phone string }
	Eightd   struct {
		Number  string
		Product struct {
			Name string
			Lots []string
		}
		OpenedOn string `yaml:"opened_on"`
		ClosedOn string `yaml:"closed_on"`
		D1       []struct{ Name, Role, Department string }
		D2       struct{ Statement string }
		D3       []struct {
			Action, Owner, Effectiveness string
			DoneOn                       string `yaml:"done_on"`
			DueOn                        string `yaml:"due_on"`
		}
		D4 []struct {
			Cause string
			Whys  []string
		}
		D5 []struct {
			Action, Owner, Verification string
			DueOn                       string `yaml:"due_on"`
		}
		D6 []struct{ Action, Result string }
		D7 []struct {
			Action, Document, Owner string
			DoneOn                  string `yaml:"done_on"`
		}
		D8 struct{ Recognition string }
	}
}

// Render draws the reference case's 8D report to w with cjk as its font.
func Render(w io.Writer, caseYAML, cjk []byte) error {
	var r ref
	if err := yaml.Unmarshal(caseYAML, &r); err != nil {
		return err
	}
	e := r.Eightd
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("cjk", "", cjk)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("cjk", "", 8)
		pdf.CellFormat(0, 5, fmt.Sprintf("第 %d 页", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("cjk", "", 16)
	pdf.CellFormat(0, 10, r.Title, "", 1, "C", false, 0, "")
	pdf.SetFont("cjk", "", 9)
	head := [][2]string{{"报告编号", e.Number}, {"客户", r.Customer.Name}, {"产品", e.Product.Name},
		{"批次", strings.Join(e.Product.Lots, "、")}, {"开始日期", e.OpenedOn}, {"关闭日期", e.ClosedOn}}
	for i, h := range head {
		pdf.CellFormat(25, 7, h[0], "1", 0, "L", false, 0, "")
		ln := 0
		if i%2 == 1 {
			ln = 1
		}
		pdf.CellFormat(65, 7, h[1], "1", ln, "L", false, 0, "")
	}
	section := func(title string) {
		pdf.Ln(2)
		pdf.SetFont("cjk", "", 11)
		pdf.SetFillColor(220, 230, 241)
		pdf.CellFormat(0, 8, title, "1", 1, "L", true, 0, "")
		pdf.SetFont("cjk", "", 9)
	}
	table := func(widths []float64, header []string, rows [][]string) {
		for i, h := range header {
			pdf.CellFormat(widths[i], 7, h, "1", 0, "C", false, 0, "")
		}
		pdf.Ln(-1)
		for _, row := range rows {
			for i, c := range row {
				pdf.CellFormat(widths[i], 7, c, "1", 0, "L", false, 0, "")
			}
			pdf.Ln(-1)
		}
	}
	section("D1 成立小组")
	var rows [][]string
	for _, m := range e.D1 {
		rows = append(rows, []string{m.Name, m.Role, m.Department})
	}
	table([]float64{30, 25, 125}, []string{"姓名", "角色", "部门/职责"}, rows)
	section("D2 问题描述")
	pdf.MultiCell(0, 5.5, e.D2.Statement, "1", "L", false)
	section("D3 临时围堵措施")
	rows = nil
	for _, a := range e.D3 {
		rows = append(rows, []string{a.Action, a.Owner, a.DoneOn + a.DueOn, a.Effectiveness})
	}
	table([]float64{100, 20, 30, 30}, []string{"措施", "负责人", "日期", "状态"}, rows)
	section("D4 根本原因分析")
	for _, c := range e.D4 {
		pdf.MultiCell(0, 5.5, c.Cause, "1", "L", false)
		for i, why := range c.Whys {
			pdf.MultiCell(0, 5.5, fmt.Sprintf("Why %d：%s", i+1, why), "LR", "L", false)
		}
	}
	section("D5 永久纠正措施")
	rows = nil
	for _, a := range e.D5 {
		rows = append(rows, []string{a.Action, a.Owner, a.DueOn, a.Verification})
	}
	table([]float64{85, 20, 30, 45}, []string{"措施", "负责人", "计划日期", "验证方法"}, rows)
	section("D6 措施实施与验证")
	rows = nil
	for _, a := range e.D6 {
		rows = append(rows, []string{a.Action, a.Result})
	}
	table([]float64{40, 140}, []string{"措施", "实施结果"}, rows)
	section("D7 预防再发生")
	rows = nil
	for _, a := range e.D7 {
		rows = append(rows, []string{a.Action, a.Document, a.Owner, a.DoneOn})
	}
	table([]float64{80, 40, 30, 30}, []string{"措施", "适用范围", "负责部门", "完成日期"}, rows)
	section("D8 结案与表彰")
	pdf.MultiCell(0, 5.5, e.D8.Recognition, "1", "L", false)
	return pdf.Output(w)
}
