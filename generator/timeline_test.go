package generator_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kesuhq/kesu/internal/third_party/excelize"

	"github.com/kesuhq/kesu/generator"
)

// A v1 case is valid under v1.1 and renders to the same bytes whichever
// version it names: v1.1 only adds fields.
func TestV1SampleUnchangedUnderV11(t *testing.T) {
	g := newGen(t)
	path := "../samples/manufacturer-8d.yaml"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v1 := loadFile(t, g, path)
	c11, err := g.Load(path, bytes.Replace(src, []byte("schema: kesu/case/v1\n"), []byte("schema: kesu/case/v1.1\n"), 1),
		generator.WithAssets(os.DirFS("../samples")))
	if err != nil {
		t.Fatalf("the v1 sample as v1.1: %v", err)
	}
	for _, id := range g.Documents(v1) {
		for _, f := range generator.Formats() {
			a, _ := render(t, g, v1, id, f)
			b, _ := render(t, g, c11, id, f)
			if !bytes.Equal(a, b) {
				t.Errorf("%s.%s differs between v1 and v1.1", id, f)
			}
		}
	}
}

// The registration form shows both deadlines with their dates; the 8D
// steps of a closed report are never 进行中.
func TestDeadlinesOnTheForms(t *testing.T) {
	g := newGen(t)
	c := load(t, g, "../samples/furniture-sofa.yaml")
	pdf, _ := render(t, g, c, "registration", generator.PDF)
	containsAll(t, "registration", pdfText(t, pdf), "回复时限24小时（2026年11月4日 10:20前）", "处理时限2个工作日（2026年11月5日前）")
	x, _ := render(t, g, c, "registration", generator.XLSX)
	containsAll(t, "registration.xlsx", xlsxText(t, x), "处理时限", "2个工作日（2026年11月5日前）")
	m := load(t, g, "../samples/manufacturer-8d.yaml")
	for _, s := range g.Steps(m, time.Time{}) {
		if s.Status == "open" || s.Status == "overdue" {
			t.Errorf("closed 8D: %s is %s", s.Step, s.Status)
		}
	}
	steps := map[string]generator.Step{}
	for _, s := range g.Steps(m, time.Time{}) {
		steps[s.Step] = s
	}
	// D4: 7 days from 2026-03-10; one cause never verified.
	if s := steps["D4"]; s.Due.Format(time.DateOnly) != "2026-03-17" || s.Status != "not_done" {
		t.Errorf("D4 %+v", s)
	}
	// D5 is judged on the actions' actual dates, not their planned ones:
	// due 03-20, the last done 03-21, though planned for 03-22.
	if s := steps["D5"]; s.Status != "late" || s.Planned.Format(time.DateOnly) != "2026-03-22" || s.Done.Format(time.DateOnly) != "2026-03-21" {
		t.Errorf("D5 %+v", s)
	}
	if s := steps["D2"]; s.Status != "done" || !s.Due.IsZero() {
		t.Errorf("D2 %+v", s)
	}
	// The customer's date replaces the policy's, and an open 8D judged
	// later is overdue.
	src, _ := os.ReadFile("../samples/manufacturer-8d.yaml")
	src = bytes.Replace(src, []byte("  closed_on: 2026-04-17\n  d0:"), []byte("  requested_on: {d4: 2026-03-13}\n  d0:"), 1)
	src = src[:bytes.Index(src, []byte("\n  d8:"))+1] // open: no D8, no closure
	open, err := g.Load("open.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range g.Steps(open, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) {
		switch s.Step {
		case "D4":
			if !s.Requested || s.Due.Format(time.DateOnly) != "2026-03-13" || s.Status != "overdue" {
				t.Errorf("D4 with the customer's date: %+v", s)
			}
		case "D8":
			// 60 days from 03-10 end on 05-09, a Saturday worked for 劳动节
			if s.Due.Format(time.DateOnly) != "2026-05-09" || s.Status != "overdue" {
				t.Errorf("D8: %+v", s)
			}
		}
	}
}

// kesu track's table read back: the overdue case first, the rows' status,
// owner, age, next deadline and escalations in the workbook's cells and
// in the PDF's text.
func TestTrackReadBack(t *testing.T) {
	g := newGen(t)
	var cases []*generator.Case
	for _, f := range []string{"KS-T-001", "KS-T-002", "KS-T-003"} {
		cases = append(cases, load(t, g, filepath.Join("testdata/timeline", f+".yaml")))
	}
	cases = append(cases, load(t, g, "../samples/furniture-sofa.yaml"))
	tr := g.Track(cases, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), 30)
	if tr.Open != 3 || len(tr.Rows) != 3 {
		t.Fatalf("open %d rows %d: the sofa closes on 11-28, after the as-of day", tr.Open, len(tr.Rows))
	}
	var ids []string
	for _, r := range tr.Rows {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, " ") != "KS-T-001 KS-T-002 KS-T-003" {
		t.Errorf("order %v: most overdue first", ids)
	}
	var x bytes.Buffer
	if err := g.RenderTrack(tr, "", generator.XLSX, &x); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	// The table's cells span columns by width: read them by header.
	col := map[string]int{}
	for _, r := range rows {
		if len(r) > 0 && r[0] == "序号" {
			for i, h := range r {
				if h != "" {
					col[h] = i
				}
			}
		}
	}
	find := func(id string) map[string]string {
		for _, r := range rows {
			if at(r, col["投诉编号"]) == id {
				m := map[string]string{}
				for h, i := range col {
					m[h] = at(r, i)
				}
				return m
			}
		}
		t.Fatalf("no row for %s in %q", id, rows)
		return nil
	}
	r := find("KS-T-001")
	for h, w := range map[string]string{"序号": "1", "顾客": "王小明", "级别": "重大", "状态": "处理中", "负责人": "周婷",
		"受理日期": "2026-11-16", "工作日龄": "7", "下一时限": "", "超期事项": "处理方案 2026-11-18\n进展告知 2026-11-19 16:00\n回访 2026-11-20",
		"升级/转办": "11-16 美家电器（A1-006）→李敏\n11-19 李敏→周婷"} {
		if r[h] != w {
			t.Errorf("KS-T-001 %s = %q, want %q", h, r[h], w)
		}
	}
	if r := find("KS-T-003"); r["状态"] != "待顾客答复" || r["工作日龄"] != "3" || r["序号"] != "3" {
		t.Errorf("KS-T-003 %q", r)
	}
	if r := find("KS-T-002"); r["下一时限"] != "处理方案 2026-11-27" || r["超期事项"] != "进展告知 2026-11-25 17:00" {
		t.Errorf("KS-T-002 %q", r)
	}
	var p bytes.Buffer
	if err := g.RenderTrack(tr, "", generator.PDF, &p); err != nil {
		t.Fatal(err)
	}
	containsAll(t, "track.pdf", pdfText(t, p.Bytes()), "投诉跟踪表", "统计日期2026-11-25", "未结案件3",
		"KS-T-001王小明重大处理中周婷", "处理方案2026-11-18", "李敏→周婷", "KS-T-003钱多多紧急待顾客答复")
}

func at(r []string, i int) string {
	if i < len(r) {
		return r[i]
	}
	return ""
}
