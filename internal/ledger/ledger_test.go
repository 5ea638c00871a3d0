package ledger

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
	"go.yaml.in/yaml/v4"
)

var keep = flag.String("ledger.out", "", "also write the test workbooks into this folder, to look at them")

// sampleRows makes n varied rows from a fixed seed.
func sampleRows(n int, seed uint64) []Row {
	rnd := rand.New(rand.NewPCG(seed, 1))
	pick := func(s ...string) string { return s[rnd.IntN(len(s))] }
	names := []string{"张晓堃", "李喆", "王芳", "赵一", "欧阳娜娜", "Anne O'Neil", "陈 堃", ""}
	var rows []Row
	for i := range n {
		month := 8 + rnd.IntN(6) // 2026-08 … 2027-01
		y, m := 2026, month
		if m > 12 {
			y, m = 2027, m-12
		}
		day, hour, minute := 1+rnd.IntN(28), rnd.IntN(24), rnd.IntN(60)
		r := Row{
			ID:             fmt.Sprintf("KS-%d-%06d", y, rnd.IntN(900)*1000+i), // unique below 1000 rows
			Title:          pick("真皮沙发送货后皮面开裂", "服务员态度差 & 拒绝退款", "价格 \"保价\" 未兑现", "  前后有空格  ", "送货延误三天，安装师傅未按约定时间上门，顾客要求赔偿误工费用并书面道歉", ""),
			Received:       fmt.Sprintf("%d-%02d-%02d %02d:%02d", y, m, day, hour, minute),
			Month:          fmt.Sprintf("%d-%02d", y, m),
			Channel:        pick("服务台", "热线", "12315转办", "电子邮件", ""),
			Category:       pick("商品质量", "商品质量", "商品质量", "服务态度", "送货安装", "价格", "其他"),
			Level:          pick("一般", "一般", "重大", "紧急"),
			Customer:       pick(names...),
			Store:          pick("星河家居广场（上海浦东店）", "星河家居广场（杭州店）"),
			Merchant:       pick("雅居名品家具（B2-018）", "", "喆美灯饰"),
			Amount:         cnfmt.Amount(rnd.Int64N(5_000_000)),
			Responsibility: pick("商户", "商场", "厂家", "物流", "待定", ""),
			Outcome:        pick("已解决", "部分解决", "撤诉", "未解决", ""),
			HoursToReply:   -1,
			DaysToClose:    -1,
			ArchiveNo:      pick(fmt.Sprintf("KF·2026·D30·%04d", i), ""),
		}
		switch rnd.IntN(3) {
		case 0:
			r.ReplyDue = fmt.Sprintf("%d-%02d-%02d %02d:%02d", y, m, min28(day+1), hour, minute)
			r.FirstReply = fmt.Sprintf("%d-%02d-%02d %02d:%02d", y, m, day, min(hour+2, 23), minute)
			r.HoursToReply = rnd.IntN(72)
			r.ReplyOnTime = ptr(r.HoursToReply <= 24)
		case 1:
			r.ReplyDue = fmt.Sprintf("%d-%02d-%02d %02d:%02d", y, m, min28(day+2), hour, minute)
		}
		r.Brand, r.Product, r.Model = pick("雅居", "喆美", ""), pick("意式真皮三人位沙发", "吸顶灯", ""), pick("YJ-S320", "ZM-88", "")
		r.Lots, r.OrderNo = pick("L2026-08-17-03", "L1; L2", ""), pick("YJ20260912-0031", "", "0012")
		r.Phone, r.IDNumber = pick("13812345678", "021-58880000", ""), pick("310115199001011234", "11010519491231002X", "")
		r.CustomerKind, r.Handler = pick("个人", "单位"), pick("李敏", "王立军", "")
		r.Satisfaction = rnd.IntN(6)
		for k := range r.Terms {
			r.Terms[k] = cnfmt.Amount(rnd.Int64N(3)*rnd.Int64N(100_000) - 1)
		}
		for k := range r.Paid {
			r.Paid[k] = cnfmt.Amount(rnd.Int64N(2) * rnd.Int64N(100_000))
		}
		for k := range r.StepsOnTime {
			if b := rnd.IntN(3); b > 0 {
				r.StepsOnTime[k] = ptr(b == 1)
			}
		}
		if rnd.IntN(3) == 0 {
			r.EightD, r.EightDKind, r.EightDOpen = fmt.Sprintf("8D-2026-%04d", i), pick("8D", "CAR"), fmt.Sprintf("%d-%02d-%02d", y, m, day)
			r.EightDClose = pick("", fmt.Sprintf("%d-%02d-%02d", y, m, min28(day+3)))
		}
		if rnd.IntN(4) > 0 {
			r.DaysToClose = rnd.IntN(40)
			r.Closed = fmt.Sprintf("%d-%02d-%02d", y, m, min28(day+r.DaysToClose%5))
			r.Settlement = cnfmt.Amount(rnd.Int64N(2_000_000))
			r.Costs = r.Settlement + cnfmt.Amount(rnd.Int64N(20_000))
			r.SolutionDue = fmt.Sprintf("%d-%02d-%02d %02d:%02d", y, m, min28(day+7), hour, minute)
			r.SolvedOnTime = ptr(r.DaysToClose <= 7)
		}
		rows = append(rows, r)
	}
	// Amounts and values at the edges.
	rows[0].Amount, rows[0].Settlement, rows[0].Costs = 168032, 1, 99
	rows[1].Amount = cnfmt.MaxAmount
	rows[2].Amount, rows[2].HoursToReply, rows[2].DaysToClose = 1280000, 0, 0
	rows[2].ReplyOnTime = ptr(false)
	rows[3].Received, rows[3].Closed, rows[3].Month = "2026-11-03", "次日", "" // not in their layouts: kept as text
	rows[4].Received = "46329"                                               // a number, as text
	rows[5].ID = "KS-2026-000123"
	return rows
}

func min28(d int) int { return min(d, 28) }

func sorted(rows []Row) []Row {
	rows = slices.Clone(rows)
	slices.SortFunc(rows, compareRows)
	return rows
}

func write(t testing.TB, rows []Row, l Labels) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, rows, l, Options{}); err != nil {
		t.Fatal(err)
	}
	if *keep != "" {
		name := fmt.Sprintf("ledger-%s-%d.xlsx", l.Language, len(rows))
		if err := os.WriteFile(filepath.Join(*keep, name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

func read(t *testing.T, data []byte) []Row {
	t.Helper()
	rows, err := Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestRoundTrip(t *testing.T) {
	rows := sampleRows(50, 7)
	for _, l := range []Labels{ZhCN, EN} {
		got := read(t, write(t, rows, l))
		want := sorted(rows)
		if len(got) != len(want) {
			t.Fatalf("%s: read %d rows, want %d", l.Language, len(got), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("%s: row %d:\n got %+v\nwant %+v", l.Language, i, got[i], want[i])
			}
		}
	}
}

func TestReproducible(t *testing.T) {
	rows := sampleRows(50, 11)
	a := write(t, rows, ZhCN)
	shuffled := slices.Clone(rows)
	rand.New(rand.NewPCG(3, 4)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for range 5 {
		if b := write(t, shuffled, ZhCN); !bytes.Equal(a, b) {
			t.Fatal("two writes of the same rows differ")
		}
	}
	e := write(t, nil, ZhCN)
	if !bytes.Equal(e, write(t, []Row{}, ZhCN)) {
		t.Fatal("two writes of an empty ledger differ")
	}
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func value(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func raw(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// findRow returns the row of the statistics sheet whose column A is label.
func findRow(t *testing.T, f *excelize.File, sheet, label string, from int) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i := from - 1; i < len(rows); i++ {
		if len(rows[i]) > 0 && rows[i][0] == label {
			return i + 1
		}
	}
	t.Fatalf("no row %q in %s", label, sheet)
	return 0
}

func TestWorkbook(t *testing.T) {
	rows := sampleRows(50, 7)
	data := write(t, rows, ZhCN)
	f := open(t, data)
	l := ZhCN
	if got := f.GetSheetList(); !slices.Equal(got, []string{"台账", "统计"}) {
		t.Fatalf("sheets %v", got)
	}
	want := []string{"投诉编号", "投诉事由", "受理时间", "回复时限", "首次回复", "结案日期", "受理渠道", "投诉类别", "投诉级别", "顾客", "门店", "商户",
		"购买金额", "协议金额", "处理费用", "责任认定", "处理结果", "回复用时(小时)", "结案天数", "按时回复", "档号"}
	head, err := f.GetRows("台账")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(head[0][:len(want)], want) {
		t.Errorf("headers %q", head[0])
	}
	if len(head) != len(rows)+1 {
		t.Errorf("%d rows in the sheet, want %d", len(head), len(rows)+1)
	}

	s := sorted(rows)
	i := slices.IndexFunc(s, func(r Row) bool { return r.Amount == 168032 })
	r := strconv.Itoa(i + 2)
	if v := value(t, f, "台账", "M"+r); v != "¥1,680.32" {
		t.Errorf("M%s shows %q, want ¥1,680.32", r, v)
	}
	if v := raw(t, f, "台账", "M"+r); v != "1680.32" {
		t.Errorf("M%s holds %q, want 1680.32", r, v)
	}
	if v := value(t, f, "台账", "N"+r); v != "¥0.01" {
		t.Errorf("N%s shows %q", r, v)
	}
	for ref, want := range map[string]string{"M": "¥#,##0.00", "C": "yyyy-mm-dd hh:mm", "F": "yyyy-mm-dd", "T": `"是";"是";"否"`} {
		style, _ := f.GetCellStyle("台账", ref+r)
		st, err := f.GetStyle(style)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want {
			t.Errorf("number format of %s%s: %v, %v", ref, r, st.CustomNumFmt, err)
		}
	}
	if v := value(t, f, "台账", "A"+r); v != s[i].ID {
		t.Errorf("A%s %q, want %q", r, v, s[i].ID)
	}
	if v := value(t, f, "台账", "C"+r); v != s[i].Received {
		t.Errorf("C%s shows %q, want %q", r, v, s[i].Received)
	}
	k := slices.IndexFunc(s, func(r Row) bool { return r.Amount == 1280000 })
	rk := strconv.Itoa(k + 2)
	for ref, want := range map[string]string{"R": "0", "S": "0", "T": "0"} {
		if v := raw(t, f, "台账", ref+rk); v != want {
			t.Errorf("%s%s shows %q, want %q", ref, rk, v, want)
		}
	}
	j := slices.IndexFunc(s, func(r Row) bool { return r.ReplyOnTime == nil && r.HoursToReply == -1 })
	rj := strconv.Itoa(j + 2)
	if v := value(t, f, "台账", "T"+rj) + value(t, f, "台账", "R"+rj); v != "" {
		t.Errorf("unknown reply shows %q", v)
	}

	panes, err := f.GetPanes("台账")
	if err != nil || !panes.Freeze || panes.XSplit != 1 || panes.YSplit != 1 || panes.TopLeftCell != "B2" {
		t.Errorf("panes %+v, %v", panes, err)
	}
	sheetXML := zipFile(t, data, "xl/worksheets/sheet1.xml")
	if want := fmt.Sprintf(`<autoFilter ref="$A$1:$%s$%d"`, colName(Columns-1), len(rows)+1); !strings.Contains(sheetXML, want) {
		t.Errorf("no %s in the ledger sheet", want)
	}
	for _, want := range []string{`orientation="landscape"`, `paperSize="9"`, `fitToWidth="1"`, `fitToHeight="0"`, `fitToPage="true"`, "第 &amp;P 页 共 &amp;N 页"} {
		if !strings.Contains(sheetXML, want) {
			t.Errorf("no %s in the ledger sheet", want)
		}
	}
	var titles, filter bool
	for _, d := range f.GetDefinedName() {
		switch d.Name {
		case "_xlnm.Print_Titles":
			titles = d.Scope == "台账" && d.RefersTo == "'台账'!$1:$1"
		case "_xlnm._FilterDatabase":
			filter = d.RefersTo == fmt.Sprintf("'台账'!$A$1:$%s$%d", colName(Columns-1), len(rows)+1)
		}
	}
	if !titles || !filter {
		t.Errorf("print titles %v, filter database %v: %+v", titles, filter, f.GetDefinedName())
	}
	props, err := f.GetDocProps()
	if err != nil || props.Creator != "kesu" || props.Title != "顾客投诉台账" || !strings.HasPrefix(props.Created, "2027-01-") {
		t.Errorf("properties %+v, %v", props, err)
	}

	// Statistics, computed here independently.
	var onTime, known, closed, days int
	var total cnfmt.Amount
	categories := map[string]int{}
	for _, r := range rows {
		if r.ReplyOnTime != nil {
			known++
			if *r.ReplyOnTime {
				onTime++
			}
		}
		if r.DaysToClose >= 0 {
			closed++
			days += r.DaysToClose
		}
		total += r.Costs
		categories[r.Category]++
	}
	const S = "统计"
	for label, want := range map[string]string{
		l.Cases:       strconv.Itoa(len(rows)),
		l.OnTime:      strconv.Itoa(onTime),
		l.Replied:     strconv.Itoa(known),
		l.ClosedCases: strconv.Itoa(closed),
		l.TotalCost:   strconv.FormatFloat(float64(total)/100, 'f', -1, 64),
	} {
		if v := raw(t, f, S, "B"+strconv.Itoa(findRow(t, f, S, label, 3))); v != want {
			t.Errorf("%s = %s, want %s", label, v, want)
		}
	}
	rate, _ := strconv.ParseFloat(raw(t, f, S, "B"+strconv.Itoa(findRow(t, f, S, l.OnTimeRate, 3))), 64)
	if want := float64(onTime) / float64(known); math.Abs(rate-want) > 1e-12 {
		t.Errorf("on-time rate %v, want %v", rate, want)
	}
	avg, _ := strconv.ParseFloat(raw(t, f, S, "B"+strconv.Itoa(findRow(t, f, S, l.AvgDays, 3))), 64)
	if want := float64(days) / float64(closed); math.Abs(avg-want) > 1e-12 {
		t.Errorf("average days %v, want %v", avg, want)
	}
	if v := value(t, f, S, "B"+strconv.Itoa(findRow(t, f, S, l.TotalCostWords, 3))); v != cnfmt.Upper(total, cnfmt.StyleFull) {
		t.Errorf("total in words %q", v)
	}
	if v := value(t, f, S, "B"+strconv.Itoa(findRow(t, f, S, l.TotalCost, 3))); v != total.Figures() {
		t.Errorf("total shows %q, want %q", v, total.Figures())
	}
	// The category table: sorted by count, descending, with the right counts.
	at := findRow(t, f, S, l.ByCategory, 3) + 2
	prev := math.MaxInt
	cum := 0
	for n := range len(categories) {
		ref := strconv.Itoa(at + n)
		label := value(t, f, S, "A"+ref)
		c, _ := strconv.Atoi(raw(t, f, S, "B"+ref))
		if c != categories[label] || c > prev {
			t.Errorf("category %q: %d (want %d, after %d)", label, c, categories[label], prev)
		}
		prev, cum = c, cum+c
		p, _ := strconv.ParseFloat(raw(t, f, S, "D"+ref), 64)
		if math.Abs(p-float64(cum)/float64(len(rows))) > 1e-12 {
			t.Errorf("cumulative share of %q: %v", label, p)
		}
	}

	charts := chartXML(t, data)
	if len(charts) != 2 {
		t.Fatalf("%d charts, want 2", len(charts))
	}
	var pareto, trend bool
	for _, c := range charts {
		c = strings.ReplaceAll(c, "&#39;", "'")
		if strings.Contains(c, "<barChart>") && strings.Contains(c, "<lineChart>") {
			pareto = strings.Count(c, "<valAx>") == 2 && strings.Contains(c, `<crosses val="max"`) &&
				strings.Contains(c, `<max val="1"`) && strings.Contains(c, "'统计'!$D$")
		} else if strings.Contains(c, "<lineChart>") {
			trend = strings.Contains(c, "'统计'!$B$")
		}
	}
	if !pareto || !trend {
		t.Errorf("pareto chart %v, trend chart %v", pareto, trend)
	}
}

func zipFile(t *testing.T, data []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func chartXML(t *testing.T, data []byte) []string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range z.File {
		if ok, _ := filepath.Match("xl/charts/chart*.xml", f.Name); ok {
			out = append(out, zipFile(t, data, f.Name))
		}
	}
	return out
}

func TestEmpty(t *testing.T) {
	for _, l := range []Labels{ZhCN, EN} {
		data := write(t, nil, l)
		if got := read(t, data); len(got) != 0 {
			t.Errorf("%s: read %d rows from an empty ledger", l.Language, len(got))
		}
		f := open(t, data)
		if v := value(t, f, l.Ledger, "A1"); v != l.Headers[0] {
			t.Errorf("%s: A1 %q", l.Language, v)
		}
		if v := raw(t, f, l.Stats, "B"+strconv.Itoa(findRow(t, f, l.Stats, l.Cases, 3))); v != "0" {
			t.Errorf("%s: cases %q", l.Language, v)
		}
		if n := len(chartXML(t, data)); n != 2 {
			t.Errorf("%s: %d charts", l.Language, n)
		}
		for _, c := range chartXML(t, data) {
			if regexp.MustCompile(`\$[A-Z]\$(\d+):\$[A-Z]\$(\d+)`).FindString(c) == "" {
				t.Errorf("%s: chart without a range", l.Language)
			}
		}
	}
}

func TestReadRejects(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"a", "b"})
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(bytes.NewReader(b.Bytes()), int64(b.Len())); err == nil {
		t.Error("read a workbook that is no ledger")
	}
	if _, err := Read(bytes.NewReader([]byte("not a zip")), 9); err == nil {
		t.Error("read garbage")
	}
	bad := ZhCN
	bad.Stats = bad.Ledger
	if err := Write(io.Discard, nil, bad, Options{}); err == nil {
		t.Error("wrote two sheets of the same name")
	}
}

// A ledger that Excel saved again keeps its values: floats with 17 digits
// still round to the same 分, and text typed into number columns is read.
func TestReadEdited(t *testing.T) {
	rows := sampleRows(10, 5)
	data := write(t, rows, ZhCN)
	f := open(t, data)
	s := sorted(rows)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellFloat("台账", "M2", float64(s[0].Amount)/100+1e-9, 17, 64))
	must(f.SetCellStr("台账", "N2", s[0].Settlement.String()))
	must(f.SetCellStr("台账", "T2", "否"))
	// Excel reads a typed 2026-11 as the date 2026-11-01.
	month, err := time.Parse("2006-01", s[0].Month)
	must(err)
	must(f.SetCellInt("台账", "V2", int64(month.Sub(excelEpoch).Hours()/24)))
	must(f.MoveSheet("统计", "台账"))
	var b bytes.Buffer
	_, err = f.WriteTo(&b)
	must(err)
	got := read(t, b.Bytes())
	s[0].ReplyOnTime = ptr(false)
	if !reflect.DeepEqual(got, s) {
		t.Errorf("edited ledger:\n got %+v\nwant %+v", got[0], s[0])
	}
}

func TestMerge(t *testing.T) {
	a := []Row{{ID: "KS-3", Title: "a3"}, {ID: "KS-1", Title: "a1"}}
	b := []Row{{ID: "KS-2", Title: "b2"}, {ID: "KS-3", Title: "b3"}}
	c := []Row{{ID: "KS-1", Title: "c1"}}
	got := Merge(a, b, c)
	want := []Row{{ID: "KS-1", Title: "c1"}, {ID: "KS-2", Title: "b2"}, {ID: "KS-3", Title: "b3"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge = %+v", got)
	}
	if got := Merge(); len(got) != 0 {
		t.Errorf("Merge() = %v", got)
	}

	// Shards written, read back and merged equal the ledger of all rows.
	rows := sampleRows(50, 9)
	var shards [][]Row
	for i := range 3 {
		var part []Row
		for j, r := range rows {
			if j%3 == i || j == 7 { // row 7 is in every shard
				part = append(part, r)
			}
		}
		shards = append(shards, read(t, write(t, part, ZhCN)))
	}
	if got, want := Merge(shards...), sorted(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("merged shards differ from the whole: %d rows, want %d", len(got), len(want))
	}
}

func BenchmarkWrite1000(b *testing.B) {
	rows := sampleRows(1000, 1)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, rows, ZhCN, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRead1000(b *testing.B) {
	rows := sampleRows(1000, 1)
	var buf bytes.Buffer
	if err := Write(&buf, rows, ZhCN, Options{}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data), int64(len(data))); err != nil {
			b.Fatal(err)
		}
	}
}

// A pack's labels written for format 1 give 22 headers: they reword the
// first columns and the later keep kesu's words.
func TestHeadersOfFormatOne(t *testing.T) {
	var l Labels = ZhCN
	src := "headers: [" + strings.Repeat("列, ", legacyColumns-1) + "档案月份]\n"
	if err := yaml.Unmarshal([]byte(src), &l); err != nil {
		t.Fatal(err)
	}
	if l.Headers[0] != "列" || l.Headers[legacyColumns-1] != "档案月份" || l.Headers[colBrand] != ZhCN.Headers[colBrand] {
		t.Errorf("headers %q", l.Headers)
	}
	if err := yaml.Unmarshal([]byte("headers: [a, b]\n"), &l); err == nil || !strings.Contains(err.Error(), "2 headers") {
		t.Errorf("two headers: %v", err)
	}
}

// A ledger of format 1 (22 columns) is read, its later columns unknown.
func TestReadFormatOne(t *testing.T) {
	rows := sampleRows(8, 3)
	f := open(t, write(t, rows, ZhCN))
	if err := f.RemoveCol(ZhCN.Ledger, colName(legacyColumns)); err != nil {
		t.Fatal(err)
	}
	for range Columns - legacyColumns - 1 {
		if err := f.RemoveCol(ZhCN.Ledger, colName(legacyColumns)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetCustomProps(excelize.CustomProperty{Name: propFormat, Value: formatOne}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	got := read(t, b.Bytes())
	for i, r := range sorted(rows) {
		want := Row{ID: r.ID, Title: r.Title, Received: r.Received, ReplyDue: r.ReplyDue, FirstReply: r.FirstReply,
			Closed: r.Closed, Month: r.Month, Channel: r.Channel, Category: r.Category, Level: r.Level,
			Customer: r.Customer, Store: r.Store, Merchant: r.Merchant, Amount: r.Amount, Settlement: r.Settlement,
			Costs: r.Costs, Responsibility: r.Responsibility, Outcome: r.Outcome, HoursToReply: r.HoursToReply,
			DaysToClose: r.DaysToClose, ReplyOnTime: r.ReplyOnTime, ArchiveNo: r.ArchiveNo,
			Terms: [TermKinds]cnfmt.Amount{-1, -1, -1, -1}, AgeWorkdays: -1}
		if !reflect.DeepEqual(got[i], want) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want)
		}
	}
}
