package generator_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/casegen"
	"github.com/kesuhq/kesu/internal/ledger"
)

var keepReport = flag.String("report.out", "", "also write the test reports into this folder, to look at them")

var (
	reportOnce sync.Once
	reportRows []generator.LedgerRow
	reportErr  error
)

// yearRows are the ledger rows of a generated year of cases, some open,
// some repeat complaints.
func yearRows(t *testing.T, g *generator.Generator) []generator.LedgerRow {
	t.Helper()
	reportOnce.Do(func() {
		dir := t.TempDir()
		files := casegen.Mixed(500, 5, casegen.Mix{Open: 0.1, Repeat: 0.1})
		for _, f := range append(casegen.Assets(), files...) {
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if reportErr = os.WriteFile(p, f.Data, 0o644); reportErr != nil {
				return
			}
		}
		for _, f := range files {
			c, err := g.LoadFile(filepath.Join(dir, f.Name))
			if err != nil {
				reportErr = err
				return
			}
			reportRows = append(reportRows, g.LedgerRow(c))
		}
	})
	if reportErr != nil {
		t.Fatal(reportErr)
	}
	return reportRows
}

func keep(t *testing.T, name string, data []byte) {
	if *keepReport != "" {
		if err := os.WriteFile(filepath.Join(*keepReport, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The report of a month says its title, period and totals and names the
// categories, in the PDF read back; its workbook has native charts.
func TestReport(t *testing.T) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := yearRows(t, g)
	var p, x bytes.Buffer
	res, err := g.Report(context.Background(), rows, generator.ReportOptions{From: "2026-11-01", To: "2026-11-30"}, &p, &x)
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "report-2026-11.pdf", p.Bytes())
	keep(t, "report-2026-11.xlsx", x.Bytes())
	k := res.Figures.Current
	if k.Cases < 30 || res.Figures.Previous == nil || res.Figures.Previous.From != "2026-10-01" {
		t.Fatalf("figures: %d cases, previous %+v", k.Cases, res.Figures.Previous)
	}
	flat := squash(pdfText(t, p.Bytes()))
	for _, want := range []string{"投诉分析报告", "2026年11月1日至2026年11月30日", "2026年10月1日至2026年10月31日",
		"受理投诉" + strconv.Itoa(k.Cases) + strconv.Itoa(res.Figures.Previous.Cases), "累计占比"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
	// The breakdowns are in the figures' JSON, as `kesu report --json`
	// prints them.
	var all struct {
		Cases      int `json:"cases"`
		ByCategory []struct {
			Label string `json:"label"`
			N     int    `json:"n"`
		} `json:"by_category"`
	}
	if data, err := json.Marshal(k); err != nil || json.Unmarshal(data, &all) != nil || all.Cases != k.Cases || len(all.ByCategory) == 0 {
		t.Fatalf("the figures' JSON (%v) has %d cases, want %d, and %d categories", err, all.Cases, k.Cases, len(all.ByCategory))
	}
	for _, c := range all.ByCategory {
		if !strings.Contains(flat, c.Label+strconv.Itoa(c.N)) {
			t.Errorf("the PDF does not list category %s with %d cases", c.Label, c.N)
		}
	}
	if !strings.Contains(flat, "投诉最多的类别是"+all.ByCategory[0].Label) {
		t.Errorf("the movements do not name the top category %s", all.ByCategory[0].Label)
	}

	z, err := zip.NewReader(bytes.NewReader(x.Bytes()), int64(x.Len()))
	if err != nil {
		t.Fatal(err)
	}
	charts := 0
	var kinds []string
	for _, f := range z.File {
		if ok, _ := filepath.Match("xl/charts/chart*.xml", f.Name); ok {
			charts++
			r, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(r)
			r.Close()
			for _, k := range []string{"barChart", "lineChart", "pieChart"} {
				if strings.Contains(b.String(), "<"+k+">") {
					kinds = append(kinds, k)
				}
			}
		}
	}
	if charts < 6 {
		t.Errorf("%d chart parts in the workbook, want one a chart block (at least 6)", charts)
	}
	for _, k := range []string{"barChart", "lineChart", "pieChart"} {
		if !strings.Contains(strings.Join(kinds, " "), k) {
			t.Errorf("no %s in the workbook's charts", k)
		}
	}

	// The same rows give the same bytes.
	var p2, x2 bytes.Buffer
	if _, err := g.Report(context.Background(), rows, generator.ReportOptions{From: "2026-11-01", To: "2026-11-30"}, &p2, &x2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(p.Bytes(), p2.Bytes()) || !bytes.Equal(x.Bytes(), x2.Bytes()) {
		t.Error("the same rows gave different bytes")
	}
}

// A year of thousands of cases lists the 50 open longest and the 50
// latest 8D/CAR actions, and says how many more there are, in the PDF and
// the workbook: the report stays a few pages that lay out at once.
func TestReportLongLists(t *testing.T) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var rows []generator.LedgerRow
	for _, copy := range []string{"A", "B", "C", "D"} {
		for _, r := range yearRows(t, g) {
			row := r.Row()
			row.ID = copy + row.ID
			if row.EightD != "" {
				row.EightD = copy + row.EightD
			}
			rows = append(rows, generator.LedgerRowOf(row))
		}
	}
	var p, x bytes.Buffer
	res, err := g.Report(context.Background(), rows, generator.ReportOptions{From: "2026-01-01", To: "2026-12-31", Compare: "none"}, &p, &x)
	if err != nil {
		t.Fatal(err)
	}
	keep(t, "report-long.pdf", p.Bytes())
	var k ledger.KPIs // every figure, the lists too
	if data, err := json.Marshal(res.Figures.Current); err != nil || json.Unmarshal(data, &k) != nil {
		t.Fatalf("the figures' JSON: %v", err)
	}
	if k.Open <= 60 || len(k.EightDOpened) <= 60 {
		t.Fatalf("too few to cut: %d open, %d 8D opened", k.Open, len(k.EightDOpened))
	}
	if res.Pages > 20 {
		t.Errorf("%d pages", res.Pages)
	}
	text := squash(pdfText(t, p.Bytes()))
	openNote := "另有" + strconv.Itoa(k.Open-50) + "件未列出（共" + strconv.Itoa(k.Open) + "件）"
	start, end := strings.Index(text, "未结及超期案件"), strings.Index(text, openNote)
	if start < 0 || end < start {
		t.Fatalf("no open cases' table followed by %q", openNote)
	}
	listed := 0
	for i, c := range k.OpenCases {
		title := []rune(squash(c.Title)) // its first line follows the number
		in := strings.Contains(text[start:end], c.ID+string(title[:min(len(title), 3)]))
		if in {
			listed++
		}
		if in != (i < 50) {
			t.Errorf("open case %d, %s, listed: %v", i, c.ID, in)
		}
	}
	if listed != 50 {
		t.Errorf("%d open cases listed, want 50", listed)
	}
	latest := k.EightDOpened[0]
	for _, a := range k.EightDOpened {
		if a.Opened > latest.Opened {
			latest = a
		}
	}
	actionsNote := "另有" + strconv.Itoa(len(k.EightDOpened)-50) + "项未列出（共" + strconv.Itoa(len(k.EightDOpened)) + "项）"
	if !strings.Contains(text, actionsNote) || !strings.Contains(text, latest.No) {
		t.Errorf("the PDF does not say %q or list the latest 8D %s", actionsNote, latest.No)
	}
	z, err := zip.NewReader(bytes.NewReader(x.Bytes()), int64(x.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var cells strings.Builder
	for _, f := range z.File {
		if f.Name == "xl/sharedStrings.xml" || strings.HasPrefix(f.Name, "xl/worksheets/") {
			r, _ := f.Open()
			b := new(bytes.Buffer)
			b.ReadFrom(r)
			r.Close()
			cells.WriteString(b.String())
		}
	}
	if !strings.Contains(cells.String(), openNote) {
		t.Errorf("the workbook does not say %q", openNote)
	}
}

// A period with no case is a report that says so.
func TestReportEmpty(t *testing.T) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := yearRows(t, g)
	var p, x bytes.Buffer
	res, err := g.Report(context.Background(), rows, generator.ReportOptions{From: "2030-01-01", To: "2030-01-31", Compare: "none"}, &p, &x)
	if err != nil {
		t.Fatal(err)
	}
	if res.Figures.Current.Cases != 0 {
		t.Fatalf("%d cases in 2030", res.Figures.Current.Cases)
	}
	keep(t, "report-empty.pdf", p.Bytes())
	if flat := squash(pdfText(t, p.Bytes())); !strings.Contains(flat, "本期间没有受理投诉案件") {
		t.Errorf("the empty report does not say so:\n%s", flat)
	}
}

func TestReportBadPeriod(t *testing.T) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []generator.ReportOptions{
		{From: "2026-11-30", To: "2026-11-01"},
		{From: "2026-11-31", To: "2026-12-01"},
		{From: "2026/11/01", To: "2026-11-30"},
		{From: "2026-11-01", To: "2026-11-30", Compare: "quarter"},
	} {
		_, err := g.Report(context.Background(), nil, o, &bytes.Buffer{}, &bytes.Buffer{})
		var ue *generator.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%+v: %v, want a usage error", o, err)
		}
	}
}
