// Package ledger writes the 台账, the register of complaints that `kesu
// batch` leaves beside the closure bundles, as an Excel workbook, and reads
// it back so that the ledgers of several shards can be merged.
//
// The workbook has two sheets. The ledger sheet holds one row per case in
// ID order: text as text, times as real Excel dates, money as numbers in
// 元 with a ¥ format, the 按时回复 flag as 1/0 shown as 是/否 by a number
// format, and unknown hours or days as blank cells. That makes the sheet
// sortable and filterable in Excel, and it is also what [Read] parses: an
// amount written as 分/100 is stored in its shortest decimal form
// ("1680.32"; at most 15 significant digits, as many as cnfmt.MaxAmount
// has), which gives the 分 back exactly. No hidden copy of the data is
// kept, so corrections made by hand in the ledger survive a merge. The statistics
// sheet counts the cases by category, channel, level, responsibility and
// month, and charts the categories (a Pareto chart) and the months.
//
// [Write] is reproducible: the same rows, in any order, give the same
// bytes.
package ledger

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/render/xlsx"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
	"go.yaml.in/yaml/v4"
)

// Row is one case of the ledger. Display fields are already in the ledger's
// language (the caller maps enum keys to labels). A row carries everything
// the statistics are computed from, so that the merged ledgers of shards
// give the same figures as one batch over all the cases.
type Row struct {
	ID, Title                 string
	Received                  string // "2026-11-03 10:20" (the wall time written in the case)
	ReplyDue                  string // "2026-11-04 10:20" or ""
	FirstReply                string // first real reply (not the intake entry), same form, or ""
	Closed                    string // "2026-11-28" or ""
	Month                     string // "2026-11": month received, for the trend
	Channel, Category, Level  string // display labels, e.g. 服务台, 商品质量, 重大
	Customer, Store, Merchant string
	Amount, Settlement, Costs cnfmt.Amount // purchase amount, settlement total, total complaint costs (0 when none)
	Responsibility, Outcome   string       // display labels
	HoursToReply              int          // -1 when unknown
	DaysToClose               int          // -1 when not closed
	ReplyOnTime               *bool        // nil when unknown
	ArchiveNo                 string

	Brand, Product, Model string // of the first item bought (the 8D's product when none)
	Lots                  string // production lots of the items and the 8D, "; " between them
	OrderNo               string
	Phone, IDNumber       string // the customer's, for finding repeat complaints
	CustomerKind          string // display label: 个人, 单位
	Handler               string // who received the case
	Satisfaction          int    // score 1–5 at the closing call; 0 when not asked

	// Terms are the settlement's amounts by kind of term (refund,
	// replacement, repair, compensation); -1 when the settlement has no term
	// of the kind, 0 for a term without an amount (a replacement, often).
	Terms [TermKinds]cnfmt.Amount
	// Paid are the settlement's amounts by who pays them (merchant, mall,
	// manufacturer, other); 0 when that party pays nothing.
	Paid [Payers]cnfmt.Amount

	SolutionDue  string // "2026-11-18 10:20", when the case should be solved by, or ""
	SolvedOnTime *bool  // closed by SolutionDue; nil when unknown
	// StepsOnTime says whether the 8D's D3, D5 and D8 were done by their
	// deadlines; nil while a step is open (or there is no 8D).
	StepsOnTime [Steps]*bool
	EightD      string // the 8D or CAR's number
	EightDKind  string // display label: 8D, CAR
	EightDOpen  string // "2026-11-04", the day it was opened
	EightDClose string // the day it was closed, or ""

	Status      string // display label: 处理中, 已结案…
	AgeWorkdays int    // working days from the day received to closure (or the case's latest date); -1 when unknown
}

// Kinds of settlement term the ledger keeps amounts of, in Row.Terms order.
const (
	Refund = iota
	Replacement
	Repair
	Compensation
	TermKinds
)

// Payers of settlement amounts, in Row.Paid order.
const (
	PaidMerchant = iota
	PaidMall
	PaidManufacturer
	PaidOther
	Payers
)

// The 8D steps with deadlines, in Row.StepsOnTime order.
const (
	StepD3 = iota
	StepD5
	StepD8
	Steps
)

// Columns is the number of columns of the ledger sheet.
const Columns = colEnd

// legacyColumns is how many columns a ledger of format 1 has; Read takes
// those too, with the later columns blank.
const legacyColumns = 22

// The ledger's columns, in order; Labels.Headers is indexed by them.
const (
	colID = iota
	colTitle
	colReceived
	colReplyDue
	colFirstReply
	colClosed
	colChannel
	colCategory
	colLevel
	colCustomer
	colStore
	colMerchant
	colAmount
	colSettlement
	colCosts
	colResponsibility
	colOutcome
	colHours
	colDays
	colOnTime
	colArchiveNo
	colMonth
	colBrand
	colProduct
	colModel
	colLots
	colOrderNo
	colPhone
	colIDNumber
	colCustomerKind
	colHandler
	colSatisfaction
	colTerms        // TermKinds columns
	colPaid         = colTerms + TermKinds
	colSolutionDue  = colPaid + Payers
	colSolvedOnTime = colSolutionDue + 1
	colSteps        = colSolvedOnTime + 1 // Steps columns
	colEightD       = colSteps + Steps
	colEightDKind   = colEightD + 1
	colEightDOpen   = colEightDKind + 1
	colEightDClose  = colEightDOpen + 1
	colStatus       = colEightDClose + 1
	colAge          = colStatus + 1
	colEnd          = colAge + 1
)

// HeaderList is the column headers of the ledger. A pack's labels give
// all of them, or the first 22: a pack written for the columns of format 1
// still works, and the later columns keep kesu's words.
type HeaderList [Columns]string

// UnmarshalYAML reads the headers over the defaults.
func (h *HeaderList) UnmarshalYAML(n *yaml.Node) error {
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	if len(list) != Columns && len(list) != legacyColumns {
		return &yaml.LoadErrors{Errors: []*yaml.LoadError{{Mark: yaml.Mark{Line: n.Line, Column: n.Column},
			Message: fmt.Sprintf("%d headers: the ledger has %d columns (or give the first %d)", len(list), Columns, legacyColumns)}}}
	}
	copy(h[:], list)
	return nil
}

// Labels words the workbook. [ZhCN] and [EN] are provided; a caller may
// copy one and change any word. Sheet names must be valid Excel sheet names
// (at most 31 characters, none of []:*?/\) and differ from each other.
type Labels struct {
	Language string `yaml:"language"` // document language property: "zh-CN", "en"
	Title    string `yaml:"title"`    // document title, printed at the top of every page: 顾客投诉台账
	Ledger   string `yaml:"ledger"`   // name of the ledger sheet: 台账
	Stats    string `yaml:"stats"`    // name of the statistics sheet: 统计

	// Headers are the column headers of the ledger, in column order:
	// 投诉编号, 投诉事由, 受理时间, 回复时限, 首次回复, 结案日期, 受理渠道,
	// 投诉类别, 投诉级别, 顾客, 门店, 商户, 购买金额, 协议金额, 处理费用,
	// 责任认定, 处理结果, 回复用时(小时), 结案天数, 按时回复, 档号, 受理月份,
	// then those of format 2 (品牌, 商品, 型号, 批号…); see [ZhCN].
	// The statistics tables reuse them as their titles.
	Headers HeaderList `yaml:"headers"`

	Yes string `yaml:"yes"` // how 按时回复 shows 1 and 0: 是, 否
	No  string `yaml:"no"`

	// PageFooter is the footer of every printed page, in Excel's codes
	// (&P page, &N pages, && a literal &): 第 &P 页 共 &N 页.
	PageFooter string `yaml:"page_footer"`

	StatsTitle     string `yaml:"stats_title"`      // heading of the statistics sheet: 投诉统计
	Cases          string `yaml:"cases"`            // 案件总数
	OnTime         string `yaml:"on_time"`          // 按时回复件数
	Replied        string `yaml:"replied"`          // 回复情况已知件数 (the denominator of the rate)
	OnTimeRate     string `yaml:"on_time_rate"`     // 按时回复率
	ClosedCases    string `yaml:"closed_cases"`     // 已结案件数
	AvgDays        string `yaml:"avg_days"`         // 平均结案天数
	TotalCost      string `yaml:"total_cost"`       // 处理费用合计
	TotalCostWords string `yaml:"total_cost_words"` // 处理费用合计（大写）

	// Titles of the count tables.
	ByCategory       string `yaml:"by_category"`
	ByChannel        string `yaml:"by_channel"`
	ByLevel          string `yaml:"by_level"`
	ByResponsibility string `yaml:"by_responsibility"`
	ByMonth          string `yaml:"by_month"`
	// Column headers of the count tables: 件数, 占比, 累计占比.
	Count      string `yaml:"count"`
	Share      string `yaml:"share"`
	Cumulative string `yaml:"cumulative"`

	Blank string `yaml:"blank"` // stands for an empty label in a count table: （未填）
	None  string `yaml:"none"`  // the one row of a count table with nothing to count: （无）

	Pareto string `yaml:"pareto"` // title of the Pareto chart of categories
	Trend  string `yaml:"trend"`  // title of the monthly trend chart

	// Figures of format 2.
	ClosureRate    string `yaml:"closure_rate"`    // 结案率
	OpenCases      string `yaml:"open_cases"`      // 未结案件数
	OverdueCases   string `yaml:"overdue_cases"`   // 超期未结件数
	OpenAge        string `yaml:"open_age"`        // 未结平均天数
	Responses      string `yaml:"responses"`       // 满意度回访件数
	AvgScore       string `yaml:"avg_score"`       // 平均满意度评分
	SatisfiedShare string `yaml:"satisfied_share"` // 满意率（4–5分）
	RepeatCases    string `yaml:"repeat_cases"`    // 重复投诉件数
	SettlementSum  string `yaml:"settlement_sum"`  // 协议金额合计

	OnTimeRates string `yaml:"on_time_rates"` // title of the table of on-time rates
	Item        string `yaml:"item"`          // 项目
	OnTimeN     string `yaml:"on_time_n"`     // 按时件数
	KnownN      string `yaml:"known_n"`       // 已知件数
	RateHead    string `yaml:"rate"`          // 按时率
	TermsTitle  string `yaml:"terms_title"`   // 协议处理方式
	PayersTitle string `yaml:"payers_title"`  // 费用承担方
	AmountHead  string `yaml:"amount"`        // 金额

	ByOutcome      string `yaml:"by_outcome"`
	ByMerchant     string `yaml:"by_merchant"`
	ByStore        string `yaml:"by_store"`
	ByBrand        string `yaml:"by_brand"`
	ByProduct      string `yaml:"by_product"`
	ByModel        string `yaml:"by_model"`
	ByHandler      string `yaml:"by_handler"`
	ByCustomerKind string `yaml:"by_customer_kind"`

	// Repeats titles the table of repeat complaints; {n} is the window in days.
	Repeats     string `yaml:"repeats"`
	RepeatBy    string `yaml:"repeat_by"`    // 关联依据
	RepeatKey   string `yaml:"repeat_key"`   // 关联值
	RepeatLinks string `yaml:"repeat_links"` // 关联案件

	// Words writes the total cost in words; nil means 人民币大写,
	// cnfmt.Upper with cnfmt.StyleFull.
	Words func(cnfmt.Amount) string `yaml:"-"`
}

// ZhCN words the workbook in Chinese.
var ZhCN = Labels{
	Language: "zh-CN",
	Title:    "顾客投诉台账",
	Ledger:   "台账",
	Stats:    "统计",
	Headers: [Columns]string{"投诉编号", "投诉事由", "受理时间", "回复时限", "首次回复", "结案日期", "受理渠道",
		"投诉类别", "投诉级别", "顾客", "门店", "商户", "购买金额", "协议金额", "处理费用",
		"责任认定", "处理结果", "回复用时(小时)", "结案天数", "按时回复", "档号", "受理月份",
		"品牌", "商品", "型号", "批号", "订单号", "联系电话", "证件号码", "顾客类型", "受理人", "满意度评分",
		"退货退款金额", "换货金额", "维修金额", "赔偿金额", "商户承担", "商场承担", "厂家承担", "其他方承担",
		"解决时限", "按时解决", "D3按时", "D5按时", "D8按时", "8D编号", "8D类型", "8D立案日期", "8D关闭日期", "状态", "工作日龄"},
	Yes: "是", No: "否",
	PageFooter:       "第 &P 页 共 &N 页",
	StatsTitle:       "投诉统计",
	Cases:            "案件总数",
	OnTime:           "按时回复件数",
	Replied:          "回复情况已知件数",
	OnTimeRate:       "按时回复率",
	ClosedCases:      "已结案件数",
	AvgDays:          "平均结案天数",
	TotalCost:        "处理费用合计",
	TotalCostWords:   "处理费用合计（大写）",
	ByCategory:       "按投诉类别",
	ByChannel:        "按受理渠道",
	ByLevel:          "按投诉级别",
	ByResponsibility: "按责任认定",
	ByMonth:          "按受理月份",
	Count:            "件数",
	Share:            "占比",
	Cumulative:       "累计占比",
	Blank:            "（未填）",
	None:             "（无）",
	Pareto:           "投诉类别帕累托图",
	Trend:            "月度投诉趋势",
	ClosureRate:      "结案率",
	OpenCases:        "未结案件数",
	OverdueCases:     "超期未结件数",
	OpenAge:          "未结平均天数",
	Responses:        "满意度回访件数",
	AvgScore:         "平均满意度评分",
	SatisfiedShare:   "满意率（4–5分）",
	RepeatCases:      "重复投诉件数",
	SettlementSum:    "协议金额合计",
	OnTimeRates:      "时限达成情况",
	Item:             "项目",
	OnTimeN:          "按时件数",
	KnownN:           "已知件数",
	RateHead:         "按时率",
	TermsTitle:       "协议处理方式",
	PayersTitle:      "费用承担方",
	AmountHead:       "金额",
	ByOutcome:        "按处理结果",
	ByMerchant:       "按商户",
	ByStore:          "按门店",
	ByBrand:          "按品牌",
	ByProduct:        "按商品",
	ByModel:          "按型号",
	ByHandler:        "按受理人",
	ByCustomerKind:   "按顾客类型",
	Repeats:          "重复投诉（{n}天内）",
	RepeatBy:         "关联依据",
	RepeatKey:        "关联值",
	RepeatLinks:      "关联案件",
}

// EN words the workbook in English.
var EN = Labels{
	Language: "en",
	Title:    "Register of Complaints",
	Ledger:   "Register",
	Stats:    "Statistics",
	Headers: [Columns]string{"Case No.", "Subject", "Received", "Reply Due", "First Reply", "Closed", "Channel",
		"Category", "Level", "Customer", "Store", "Merchant", "Purchase Amount", "Settlement", "Costs",
		"Responsibility", "Outcome", "Hours to Reply", "Days to Close", "Replied on Time", "Archive No.", "Month Received",
		"Brand", "Product", "Model", "Lots", "Order No.", "Phone", "ID Number", "Customer Kind", "Handler", "Satisfaction",
		"Refund", "Replacement", "Repair", "Compensation", "Paid by Merchant", "Paid by Mall", "Paid by Manufacturer", "Paid by Others",
		"Solution Due", "Solved on Time", "D3 on Time", "D5 on Time", "D8 on Time", "8D No.", "8D Kind", "8D Opened", "8D Closed", "Status", "Age (Working Days)"},
	Yes: "Yes", No: "No",
	PageFooter:       "Page &P of &N",
	StatsTitle:       "Complaint Statistics",
	Cases:            "Cases",
	OnTime:           "Replied on time",
	Replied:          "Cases with a known reply",
	OnTimeRate:       "On-time reply rate",
	ClosedCases:      "Closed cases",
	AvgDays:          "Average days to close",
	TotalCost:        "Total costs",
	TotalCostWords:   "Total costs in words",
	ByCategory:       "By category",
	ByChannel:        "By channel",
	ByLevel:          "By level",
	ByResponsibility: "By responsibility",
	ByMonth:          "By month received",
	Count:            "Cases",
	Share:            "Share",
	Cumulative:       "Cumulative",
	Blank:            "(blank)",
	None:             "(none)",
	Pareto:           "Pareto of Complaint Categories",
	Trend:            "Complaints per Month",
	ClosureRate:      "Closure rate",
	OpenCases:        "Open cases",
	OverdueCases:     "Open and overdue",
	OpenAge:          "Average age of open cases (days)",
	Responses:        "Satisfaction responses",
	AvgScore:         "Average satisfaction score",
	SatisfiedShare:   "Satisfied (score 4-5)",
	RepeatCases:      "Repeat complaints",
	SettlementSum:    "Total settlements",
	OnTimeRates:      "Deadlines Met",
	Item:             "Item",
	OnTimeN:          "On time",
	KnownN:           "Known",
	RateHead:         "Rate",
	TermsTitle:       "Settlement Terms",
	PayersTitle:      "Who Pays",
	AmountHead:       "Amount",
	ByOutcome:        "By outcome",
	ByMerchant:       "By merchant",
	ByStore:          "By store",
	ByBrand:          "By brand",
	ByProduct:        "By product",
	ByModel:          "By model",
	ByHandler:        "By handler",
	ByCustomerKind:   "By customer kind",
	Repeats:          "Repeat Complaints (within {n} days)",
	RepeatBy:         "Linked by",
	RepeatKey:        "Value",
	RepeatLinks:      "Cases",
	Words:            cnfmt.AmountWordsEN,
}

// Layouts of the time columns. A value that does not parse with its
// column's layout is written as text and read back unchanged.
const (
	minuteLayout = "2006-01-02 15:04"
	dayLayout    = "2006-01-02"
	monthLayout  = "2006-01"
)

// excelEpoch is day 0 of Excel's 1900 date system as it is used since
// 1900-03-01 (Excel counts a 29 February 1900 that never was).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// Number formats. The yes/no format shows 1 and 0 in words, so a filter
// offers 是/否 while the cell keeps a value any language reads back.
const (
	fmtMoney   = "¥#,##0.00"
	fmtMinute  = "yyyy-mm-dd hh:mm"
	fmtDay     = "yyyy-mm-dd"
	fmtInt     = "0"
	fmtPercent = "0.0%"
	fmtDecimal = "0.0"
)

// Custom document properties that mark a kesu ledger and name its sheet.
const (
	propFormat  = "KesuLedger"
	propSheet   = "KesuLedgerSheet"
	formatValue = "2" // 2: the columns after 受理月份
	formatOne   = "1"
)

const fontName = "宋体"

// Write writes the ledger workbook: the ledger sheet with rows in ID order
// and the statistics sheet, its figures worked out with o (a ledger has
// no period: o.Period is ignored). The same rows, in any order, give the
// same bytes.
func Write(w io.Writer, rows []Row, l Labels, o Options) error {
	if err := l.check(); err != nil {
		return err
	}
	rows = slices.Clone(rows)
	slices.SortFunc(rows, compareRows)

	f := excelize.NewFile()
	f.SetZipWriter(xlsx.NewZipWriter)
	defer f.Close()
	xlsx.DeclareImageTypes(f)
	if err := f.SetSheetName(f.GetSheetName(0), l.Ledger); err != nil {
		return err
	}
	if _, err := f.NewSheet(l.Stats); err != nil {
		return err
	}
	st, err := newStyles(f, l)
	if err != nil {
		return err
	}
	if err := writeLedger(f, rows, l, st); err != nil {
		return err
	}
	o.Period, o.AsOf = Period{}, ""
	if err := writeStats(f, rows, l, st, Compute(rows, o, l)); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := setProps(f, rows, l); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// check reports Labels that cannot make a workbook.
func (l *Labels) check() error {
	for _, name := range []string{l.Ledger, l.Stats} {
		if name == "" || utf8.RuneCountInString(name) > 31 || strings.ContainsAny(name, `[]:*?/\`) ||
			strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") {
			return fmt.Errorf("ledger: %q is not a valid sheet name", name)
		}
	}
	for c, h := range l.Headers {
		if strings.TrimSpace(h) == "" {
			return fmt.Errorf("ledger: the header of column %s is empty", colName(c))
		}
	}
	if strings.EqualFold(l.Ledger, l.Stats) {
		return fmt.Errorf("ledger: the ledger and statistics sheets are both named %q", l.Ledger)
	}
	return nil
}

// compareRows orders rows by ID, and rows with the same ID by every other
// field, so that the order of the input never shows in the output.
func compareRows(a, b Row) int {
	if c := cmp.Compare(a.ID, b.ID); c != 0 {
		return c
	}
	ta, tb := texts(&a), texts(&b)
	if c := slices.Compare(ta[:], tb[:]); c != 0 {
		return c
	}
	na, nb := numbers(&a), numbers(&b)
	return slices.Compare(na, nb)
}

// numbers are the fields of a row that are not text, as integers.
func numbers(r *Row) []int64 {
	n := []int64{int64(r.Amount), int64(r.Settlement), int64(r.Costs), int64(r.HoursToReply),
		int64(r.DaysToClose), tristate(r.ReplyOnTime), int64(r.Satisfaction), tristate(r.SolvedOnTime)}
	for _, t := range r.Terms {
		n = append(n, int64(t))
	}
	for _, p := range r.Paid {
		n = append(n, int64(p))
	}
	for _, s := range r.StepsOnTime {
		n = append(n, tristate(s))
	}
	return n
}

// styles are the cell styles of both sheets.
type styles struct {
	head, text, minute, day, money, integer, yesNo                               int // ledger
	title, section, label, tableHead, count, percent, decimal, totalMoney, words int
}

func newStyles(f *excelize.File, l Labels) (*styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	font := &excelize.Font{Family: fontName, Size: 10}
	bold := &excelize.Font{Family: fontName, Size: 10, Bold: true}
	headFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Vertical: "center"}
	wrap := &excelize.Alignment{Vertical: "center", WrapText: true}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	mid := &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	yesNo := fmt.Sprintf(`"%s";"%s";"%s"`, quoteFmt(l.Yes), quoteFmt(l.Yes), quoteFmt(l.No))
	var s styles
	for _, d := range []struct {
		to    *int
		style excelize.Style
	}{
		{&s.head, excelize.Style{Font: bold, Fill: headFill, Border: border, Alignment: center}},
		{&s.text, excelize.Style{Font: font, Border: border, Alignment: wrap}},
		{&s.minute, excelize.Style{Font: font, Border: border, Alignment: mid, CustomNumFmt: ptr(fmtMinute)}},
		{&s.day, excelize.Style{Font: font, Border: border, Alignment: mid, CustomNumFmt: ptr(fmtDay)}},
		{&s.money, excelize.Style{Font: font, Border: border, Alignment: right, CustomNumFmt: ptr(fmtMoney)}},
		{&s.integer, excelize.Style{Font: font, Border: border, Alignment: right, CustomNumFmt: ptr(fmtInt)}},
		{&s.yesNo, excelize.Style{Font: font, Border: border, Alignment: mid, CustomNumFmt: ptr(yesNo)}},
		{&s.title, excelize.Style{Font: &excelize.Font{Family: fontName, Size: 14, Bold: true}, Alignment: left}},
		{&s.section, excelize.Style{Font: &excelize.Font{Family: fontName, Size: 11, Bold: true}, Alignment: left}},
		{&s.label, excelize.Style{Font: font, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}, Border: border, Alignment: left}},
		{&s.tableHead, excelize.Style{Font: bold, Fill: headFill, Border: border, Alignment: mid}},
		{&s.count, excelize.Style{Font: font, Border: border, Alignment: right, CustomNumFmt: ptr(fmtInt)}},
		{&s.percent, excelize.Style{Font: font, Border: border, Alignment: right, CustomNumFmt: ptr(fmtPercent)}},
		{&s.decimal, excelize.Style{Font: font, Border: border, Alignment: right, CustomNumFmt: ptr(fmtDecimal)}},
		{&s.totalMoney, excelize.Style{Font: font, Border: border, Alignment: right, CustomNumFmt: ptr(fmtMoney)}},
		{&s.words, excelize.Style{Font: font, Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}}},
	} {
		id, err := f.NewStyle(&d.style)
		if err != nil {
			return nil, err
		}
		*d.to = id
	}
	return &s, nil
}

func ptr[T any](v T) *T { return &v }

// quoteFmt escapes text for a quoted section of a number format.
func quoteFmt(s string) string { return strings.ReplaceAll(s, `"`, `\"`) }

// kind is how a ledger column is written and read.
type kind uint8

const (
	kText kind = iota
	kMinute
	kDay
	kMoney
	kInt
	kYesNo
	kScore     // 1–5, 0 blank
	kMoneyOpt  // -1 blank: no term of the kind
	kMoneyZero // 0 blank: nothing paid
)

func columnKind(c int) kind {
	switch c {
	case colReceived, colReplyDue, colFirstReply, colSolutionDue:
		return kMinute
	case colClosed, colEightDOpen, colEightDClose:
		return kDay
	case colAmount, colSettlement, colCosts:
		return kMoney
	case colHours, colDays, colAge:
		return kInt
	case colOnTime, colSolvedOnTime:
		return kYesNo
	case colSatisfaction:
		return kScore
	}
	switch {
	case c >= colTerms && c < colTerms+TermKinds:
		return kMoneyOpt
	case c >= colPaid && c < colPaid+Payers:
		return kMoneyZero
	case c >= colSteps && c < colSteps+Steps:
		return kYesNo
	}
	return kText
}

// texts returns the text fields of a row by column; time columns included.
func texts(r *Row) [Columns]string {
	var t [Columns]string
	t[colID], t[colTitle] = r.ID, r.Title
	t[colReceived], t[colReplyDue], t[colFirstReply], t[colClosed] = r.Received, r.ReplyDue, r.FirstReply, r.Closed
	t[colChannel], t[colCategory], t[colLevel] = r.Channel, r.Category, r.Level
	t[colCustomer], t[colStore], t[colMerchant] = r.Customer, r.Store, r.Merchant
	t[colResponsibility], t[colOutcome] = r.Responsibility, r.Outcome
	t[colArchiveNo], t[colMonth] = r.ArchiveNo, r.Month
	t[colBrand], t[colProduct], t[colModel], t[colLots], t[colOrderNo] = r.Brand, r.Product, r.Model, r.Lots, r.OrderNo
	t[colPhone], t[colIDNumber], t[colCustomerKind], t[colHandler] = r.Phone, r.IDNumber, r.CustomerKind, r.Handler
	t[colSolutionDue] = r.SolutionDue
	t[colEightD], t[colEightDKind], t[colEightDOpen], t[colEightDClose] = r.EightD, r.EightDKind, r.EightDOpen, r.EightDClose
	t[colStatus] = r.Status
	return t
}

// cellValues turns a row into the values of its cells.
func cellValues(r *Row, out []any) {
	t := texts(r)
	for c := range Columns {
		switch columnKind(c) {
		case kText:
			out[c] = t[c]
		case kMinute:
			out[c] = timeValue(t[c], minuteLayout)
		case kDay:
			out[c] = timeValue(t[c], dayLayout)
		}
	}
	out[colAmount] = money(r.Amount)
	out[colSettlement] = money(r.Settlement)
	out[colCosts] = money(r.Costs)
	out[colHours] = count(r.HoursToReply)
	out[colDays] = count(r.DaysToClose)
	out[colAge] = count(r.AgeWorkdays)
	out[colOnTime] = yesNo(r.ReplyOnTime)
	out[colSolvedOnTime] = yesNo(r.SolvedOnTime)
	for i, s := range r.StepsOnTime {
		out[colSteps+i] = yesNo(s)
	}
	out[colSatisfaction] = nil
	if r.Satisfaction != 0 {
		out[colSatisfaction] = r.Satisfaction
	}
	for i, a := range r.Terms {
		out[colTerms+i] = nil
		if a >= 0 {
			out[colTerms+i] = money(a)
		}
	}
	for i, a := range r.Paid {
		out[colPaid+i] = nil
		if a != 0 {
			out[colPaid+i] = money(a)
		}
	}
}

// yesNo is a yes/no cell: 1, 0 or blank for unknown.
func yesNo(b *bool) any {
	switch {
	case b == nil:
		return nil
	case *b:
		return 1
	}
	return 0
}

// money is an amount in 元. FormatFloat writes the shortest decimal that
// reads back as the same float, and 分/100 is the float nearest to the
// amount's decimal, so the cell holds exactly "1680.32".
func money(a cnfmt.Amount) float64 { return float64(a) / 100 }

// count is an hour or day count; -1, unknown, is a blank cell.
func count(n int) any {
	if n == -1 {
		return nil
	}
	return n
}

// timeValue is an Excel date serial for s if s is exactly in layout,
// otherwise s itself, as text.
func timeValue(s, layout string) any {
	if len(s) != len(layout) {
		return s
	}
	t, err := time.Parse(layout, s)
	if err != nil || t.Format(layout) != s || t.Year() < 1901 {
		return s
	}
	return float64(t.Sub(excelEpoch)/time.Minute) / (24 * 60)
}

// serialTime reads back an Excel date serial.
func serialTime(x float64) (time.Time, bool) {
	m := math.Round(x * 24 * 60)
	if math.IsNaN(m) || m < 0 || m > 1e10 {
		return time.Time{}, false
	}
	return excelEpoch.Add(time.Duration(m) * time.Minute), true
}

func writeLedger(f *excelize.File, rows []Row, l Labels, st *styles) error {
	sheet := l.Ledger
	head := make([]any, Columns)
	for c, h := range l.Headers {
		head[c] = h
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	last := cell(Columns-1, 1)
	if err := f.SetCellStyle(sheet, "A1", last, st.head); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 30); err != nil {
		return err
	}

	// Widths in Excel's units (the width of a '0'): each column fits its
	// longest value, up to a cap; longer text wraps, and the row is made
	// tall enough for it, since Excel does not fit row heights on opening
	// a file. Headers may take two lines.
	var width [Columns]float64
	for i := range rows {
		r := &rows[i]
		t := texts(r)
		for c := range Columns {
			var w float64
			switch columnKind(c) {
			case kText, kMinute, kDay:
				w = textWidth(t[c])
			case kMoney, kMoneyOpt, kMoneyZero:
				w = float64(utf8.RuneCountInString(r.money(c).Figures()))
			case kScore:
				w = 1
			case kInt:
				n := r.HoursToReply
				if c == colDays {
					n = r.DaysToClose
				}
				w = float64(len(strconv.Itoa(n)))
			case kYesNo:
				w = max(textWidth(l.Yes), textWidth(l.No))
			}
			width[c] = max(width[c], w)
		}
	}
	for c, h := range l.Headers {
		hw := textWidth(h) * 1.1 // bold
		if hw > max(width[c], 8) {
			hw = max(hw/2+1, longestWord(h)*1.1)
		}
		w := min(max(width[c], hw, 4)+2, capWidth(c))
		width[c] = math.Round(w*4) / 4
		name := colName(c)
		if err := f.SetColWidth(sheet, name, name, width[c]); err != nil {
			return err
		}
	}
	vals := make([]any, Columns)
	for i := range rows {
		r := &rows[i]
		cellValues(r, vals)
		if err := f.SetSheetRow(sheet, "A"+strconv.Itoa(i+2), &vals); err != nil {
			return err
		}
		height := 1.0
		for c, s := range texts(r) {
			if columnKind(c) == kText && s != "" {
				height = max(height, lines(s, width[c]))
			}
		}
		if height > 1 {
			if err := f.SetRowHeight(sheet, i+2, min(height, 12)*lineHeight+3); err != nil {
				return err
			}
		}
	}
	n := len(rows)
	if n > 0 {
		for c := range Columns {
			var s int
			switch columnKind(c) {
			case kText:
				s = st.text
			case kMinute:
				s = st.minute
			case kDay:
				s = st.day
			case kMoney, kMoneyOpt, kMoneyZero:
				s = st.money
			case kInt, kScore:
				s = st.integer
			case kYesNo:
				s = st.yesNo
			}
			if err := f.SetCellStyle(sheet, cell(c, 2), cell(c, n+1), s); err != nil {
				return err
			}
		}
	}

	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight",
		Selection: []excelize.Selection{{SQRef: "B2", ActiveCell: "B2", Pane: "bottomRight"}}}); err != nil {
		return err
	}
	if err := f.SetSheetDimension(sheet, "A1:"+cell(Columns-1, n+1)); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, "A1:"+cell(Columns-1, n+1), nil); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: quoteSheet(sheet) + "!$1:$1"}); err != nil {
		return err
	}
	return printSetup(f, sheet, "landscape", l)
}

// lineHeight is the height in points of a line of text in the ledger.
const lineHeight = 13

// capWidth is the widest a ledger column gets; text beyond wraps.
func capWidth(c int) float64 {
	switch c {
	case colTitle:
		return 26
	case colStore, colMerchant, colArchiveNo:
		return 18
	case colCustomer, colChannel, colCategory, colResponsibility, colOutcome, colBrand, colModel,
		colCustomerKind, colHandler, colEightDKind:
		return 12
	case colProduct, colLots, colOrderNo:
		return 20
	}
	return 24
}

// longestWord is the width of the longest part of s that cannot break
// across lines: a run of letters without spaces; CJK text breaks anywhere.
func longestWord(s string) float64 {
	var w, run float64
	for _, r := range s {
		switch {
		case r == ' ' || r == '\n':
			run = 0
		case wide(r):
			run = 0
			w = max(w, 2)
		default:
			run++
			w = max(w, run)
		}
	}
	return w
}

// lines estimates how many lines s takes in a column of the given width.
func lines(s string, width float64) float64 {
	n := 0.0
	for line := range strings.SplitSeq(s, "\n") {
		n += max(1, math.Ceil(textWidth(line)/(width-1.5)))
	}
	return n
}

func (r *Row) money(c int) cnfmt.Amount {
	switch {
	case c == colAmount:
		return r.Amount
	case c == colSettlement:
		return r.Settlement
	case c >= colTerms && c < colTerms+TermKinds:
		return max(r.Terms[c-colTerms], 0)
	case c >= colPaid && c < colPaid+Payers:
		return r.Paid[c-colPaid]
	}
	return r.Costs
}

// printSetup prints a sheet on A4, one page wide, with the title in the
// header and page numbers in the footer.
func printSetup(f *excelize.File, sheet, orientation string, l Labels) error {
	size, wide, tall := 9, 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)}); err != nil {
		return err
	}
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Top: ptr(0.75), Bottom: ptr(0.75),
		Left: ptr(0.5), Right: ptr(0.5), Header: ptr(0.3), Footer: ptr(0.3)}); err != nil {
		return err
	}
	header := ""
	if l.Title != "" {
		header = `&C&"-,Bold"&12` + strings.ReplaceAll(l.Title, "&", "&&")
	}
	footer := ""
	if l.PageFooter != "" {
		footer = "&C" + l.PageFooter
	}
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: header, OddFooter: footer})
}

// setProps sets the document properties. The workbook is dated by the
// latest day a case was received, not by the clock, so that it is
// reproducible.
func setProps(f *excelize.File, rows []Row, l Labels) error {
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	found := false
	for i := range rows {
		if len(rows[i].Received) < len(dayLayout) {
			continue
		}
		t, err := time.Parse(dayLayout, rows[i].Received[:len(dayLayout)])
		if err == nil && (!found || t.After(stamp)) {
			stamp, found = t, true
		}
	}
	s := stamp.Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{Title: l.Title, Subject: l.Title, Creator: "kesu", LastModifiedBy: "kesu",
		Created: s, Modified: s, Language: l.Language}); err != nil {
		return err
	}
	if err := f.SetCustomProps(excelize.CustomProperty{Name: propFormat, Value: formatValue}); err != nil {
		return err
	}
	return f.SetCustomProps(excelize.CustomProperty{Name: propSheet, Value: l.Ledger})
}

// textWidth estimates the width of s in Excel's units: a CJK character is
// about two digits wide.
func textWidth(s string) float64 {
	var w float64
	for _, r := range s {
		if wide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// wide reports whether r is a CJK or other full-width character.
func wide(r rune) bool {
	return r >= 0x1100 && (r < 0xFF61 || r > 0xFFDC) // half-width forms are narrow
}

// colName is the letter of a 0-based column.
func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c + 1)
	return name
}

// cell is the reference of a 0-based column and a 1-based row.
func cell(c, row int) string { return colName(c) + strconv.Itoa(row) }

// quoteSheet quotes a sheet name for a formula.
func quoteSheet(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// errNotLedger is wrapped by Read's error for a workbook that is not a ledger.
var errNotLedger = errors.New("not a kesu ledger")

// tristate orders unknown, no and yes.
func tristate(b *bool) int64 {
	switch {
	case b == nil:
		return 0
	case *b:
		return 2
	}
	return 1
}
