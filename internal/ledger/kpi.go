package ledger

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kesuhq/kesu/internal/cnfmt"
)

// Period is the days a report covers, both ends included, as YYYY-MM-DD.
// A case belongs to the period of the day it was received, in its own time
// zone: Row.Received is the wall time the case wrote, so its first ten
// characters are that day, and a case counts in exactly one period.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Has reports whether r was received within p. An empty Period has every
// row; a row whose received time is not a date is in no period.
func (p Period) Has(r *Row) bool {
	if p.From == "" && p.To == "" {
		return true
	}
	d, ok := receivedDay(r)
	return ok && d >= p.From && d <= p.To
}

// Options are what the figures depend on beyond the rows.
type Options struct {
	Period Period
	// AsOf is the day open cases are aged at and deadlines checked against
	// (YYYY-MM-DD); "" is the period's last day, or with no period the
	// latest day any row names.
	AsOf string
	// RepeatDays is the window in which a second complaint with the same
	// phone, ID number, order or lot counts as a repeat; 0 means 90.
	RepeatDays int
	// Base gives the complaint rate's denominator (orders, sales) per
	// month; nil: no rate.
	Base []Base
}

// DefaultRepeatDays is the repeat window when the pack sets none.
const DefaultRepeatDays = 90

// Base is the denominator of the complaint rate for one month.
type Base struct {
	Month string `json:"month"` // 2026-11
	N     int64  `json:"n"`
}

// Count is one line of a count table.
type Count struct {
	Label      string  `json:"label"`
	N          int     `json:"n"`
	Share      float64 `json:"share"`
	Cumulative float64 `json:"cumulative,omitempty"`
}

// Rate is an on-time rate: how many of those known were on time.
type Rate struct {
	Label  string  `json:"label"`
	OnTime int     `json:"on_time"`
	Known  int     `json:"known"`
	Rate   float64 `json:"rate"`
}

// Money is an amount with its label; Cases counts the cases it comes from.
type Money struct {
	Label  string       `json:"label"`
	Cases  int          `json:"cases"`
	Amount cnfmt.Amount `json:"amount"`
}

// Satisfaction sums up the scores of the closing calls.
type Satisfaction struct {
	Responses int     `json:"responses"`
	Average   float64 `json:"average"`
	Satisfied int     `json:"satisfied"` // score 4 or 5
	Share     float64 `json:"share"`     // Satisfied / Responses
	Scores    [5]int  `json:"scores"`    // how many gave 1 … 5
}

// OpenCase is a case still open on the AsOf day.
type OpenCase struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Received string `json:"received"`
	Level    string `json:"level"`
	Handler  string `json:"handler"`
	Age      int    `json:"age_days"`
	Overdue  bool   `json:"overdue"`
}

// Repeat is a chain of complaints sharing a phone, ID number, order or
// lot, each within the window of the one before.
type Repeat struct {
	By    string   `json:"by"` // phone, id_number, order, lot
	Key   string   `json:"key"`
	Cases []string `json:"cases"` // IDs in the order received
}

// Action is an 8D or CAR.
type Action struct {
	No     string `json:"no"`
	Kind   string `json:"kind"`
	Case   string `json:"case"`
	Opened string `json:"opened"`
	Closed string `json:"closed,omitempty"`
}

// ComplaintRate is the cases of a month per 10,000 of its base.
type ComplaintRate struct {
	Month  string  `json:"month"`
	Cases  int     `json:"cases"`
	Base   int64   `json:"base"`
	Per10k float64 `json:"per_10k"`
}

// KPIs are the figures of a set of cases over a period.
type KPIs struct {
	Period Period `json:"period"`
	AsOf   string `json:"as_of"`
	Cases  int    `json:"cases"`

	Closed         int        `json:"closed"`
	ClosureRate    float64    `json:"closure_rate"`
	AvgDaysToClose float64    `json:"avg_days_to_close"`
	Open           int        `json:"open"`
	Overdue        int        `json:"overdue"`
	OpenAvgAge     float64    `json:"open_avg_age_days"`
	OpenMaxAge     int        `json:"open_max_age_days"`
	OpenCases      []OpenCase `json:"open_cases"`

	Satisfaction Satisfaction `json:"satisfaction"`
	FirstReply   Rate         `json:"first_reply"`
	Solution     Rate         `json:"solution"`
	Steps        []Rate       `json:"steps"` // D3, D5, D8

	Outcomes   []Count      `json:"outcomes"`
	Terms      []Money      `json:"terms"`  // refund, replacement, repair, compensation
	Payers     []Money      `json:"payers"` // merchant, mall, manufacturer, other
	Settlement cnfmt.Amount `json:"settlement"`
	Costs      cnfmt.Amount `json:"costs"`

	ByCategory       []Count `json:"by_category"`
	ByChannel        []Count `json:"by_channel"`
	ByLevel          []Count `json:"by_level"`
	ByResponsibility []Count `json:"by_responsibility"`
	ByMerchant       []Count `json:"by_merchant"`
	ByStore          []Count `json:"by_store"`
	ByBrand          []Count `json:"by_brand"`
	ByProduct        []Count `json:"by_product"`
	ByModel          []Count `json:"by_model"`
	ByHandler        []Count `json:"by_handler"`
	ByCustomerKind   []Count `json:"by_customer_kind"`
	Months           []Count `json:"months"`
	Weeks            []Count `json:"weeks"`

	RepeatDays  int      `json:"repeat_days"`
	RepeatCases int      `json:"repeat_cases"` // cases of the period that repeat an earlier one
	Repeats     []Repeat `json:"repeats"`

	Rates     []ComplaintRate `json:"rates,omitempty"`
	RateTotal *ComplaintRate  `json:"rate_total,omitempty"`

	EightDOpened []Action `json:"eightd_opened"`
	EightDClosed []Action `json:"eightd_closed"`
}

// Compute works out the figures of the rows received in o.Period. Rows
// outside it still count as earlier complaints a repeat refers to. The
// result depends on the rows, not their order.
func Compute(all []Row, o Options, l Labels) KPIs {
	all = slices.Clone(all)
	slices.SortFunc(all, compareRows)
	var rows []Row
	for i := range all {
		if o.Period.Has(&all[i]) {
			rows = append(rows, all[i])
		}
	}
	k := KPIs{Period: o.Period, Cases: len(rows), RepeatDays: o.RepeatDays}
	if k.RepeatDays <= 0 {
		k.RepeatDays = DefaultRepeatDays
	}
	k.AsOf = o.AsOf
	if k.AsOf == "" {
		k.AsOf = o.Period.To
	}
	if k.AsOf == "" {
		k.AsOf = latestDay(rows)
	}
	asOfEnd := k.AsOf + " 23:59"

	var days, ages int
	k.FirstReply.Label, k.Solution.Label = l.Headers[colOnTime], l.Headers[colSolvedOnTime]
	k.Steps = make([]Rate, Steps)
	for i := range k.Steps {
		k.Steps[i].Label = l.Headers[colSteps+i]
	}
	k.Terms = make([]Money, TermKinds)
	for i := range k.Terms {
		k.Terms[i].Label = l.Headers[colTerms+i]
	}
	k.Payers = make([]Money, Payers)
	for i := range k.Payers {
		k.Payers[i].Label = l.Headers[colPaid+i]
	}
	var scores int
	for i := range rows {
		r := &rows[i]
		closed := r.Closed != "" && r.Closed <= k.AsOf && isDay(r.Closed)
		if closed {
			k.Closed++
			if r.DaysToClose >= 0 {
				days += r.DaysToClose
			}
		} else {
			age := 0
			if d, ok := receivedDay(r); ok {
				age = max(daysBetween(d, k.AsOf), 0)
			}
			overdue := (r.ReplyDue != "" && r.ReplyDue < asOfEnd && (r.FirstReply == "" || r.FirstReply > r.ReplyDue)) ||
				(r.SolutionDue != "" && r.SolutionDue < asOfEnd)
			k.OpenCases = append(k.OpenCases, OpenCase{ID: r.ID, Title: r.Title, Received: r.Received, Level: r.Level,
				Handler: r.Handler, Age: age, Overdue: overdue})
			ages += age
			k.OpenMaxAge = max(k.OpenMaxAge, age)
			if overdue {
				k.Overdue++
			}
		}
		if s := r.Satisfaction; s >= 1 && s <= 5 {
			k.Satisfaction.Responses++
			k.Satisfaction.Scores[s-1]++
			scores += s
			if s >= 4 {
				k.Satisfaction.Satisfied++
			}
		}
		k.FirstReply.add(r.ReplyOnTime)
		k.Solution.add(r.SolvedOnTime)
		for j, s := range r.StepsOnTime {
			k.Steps[j].add(s)
		}
		for j, a := range r.Terms {
			if a >= 0 {
				k.Terms[j].Cases++
				k.Terms[j].Amount += a
			}
		}
		for j, a := range r.Paid {
			if a > 0 {
				k.Payers[j].Cases++
				k.Payers[j].Amount += a
			}
		}
		k.Settlement += r.Settlement
		k.Costs += r.Costs
	}
	// 8D/CAR opened and closed in the period, whenever the case came in.
	for i := range all {
		r := &all[i]
		if r.EightD == "" {
			continue
		}
		a := Action{No: r.EightD, Kind: r.EightDKind, Case: r.ID, Opened: r.EightDOpen, Closed: r.EightDClose}
		if a.Closed > k.AsOf {
			a.Closed = "" // not closed yet on the day the figures are as of
		}
		if isDay(a.Opened) && inDays(a.Opened, o.Period) && a.Opened <= k.AsOf {
			k.EightDOpened = append(k.EightDOpened, a)
		}
		if isDay(a.Closed) && inDays(a.Closed, o.Period) {
			k.EightDClosed = append(k.EightDClosed, a)
		}
	}
	slices.SortFunc(k.OpenCases, func(a, b OpenCase) int {
		return cmp.Or(cmp.Compare(b.Age, a.Age), cmp.Compare(a.ID, b.ID))
	})
	k.Open = len(k.OpenCases)
	k.ClosureRate = ratio(k.Closed, k.Cases)
	k.AvgDaysToClose = ratio(days, k.Closed)
	k.OpenAvgAge = ratio(ages, k.Open)
	k.Satisfaction.Average = ratio(scores, k.Satisfaction.Responses)
	k.Satisfaction.Share = ratio(k.Satisfaction.Satisfied, k.Satisfaction.Responses)
	k.FirstReply.finish()
	k.Solution.finish()
	for i := range k.Steps {
		k.Steps[i].finish()
	}

	by := func(key func(*Row) string) []Count { return counts(tally(rows, l, key), len(rows)) }
	k.Outcomes = by(func(r *Row) string {
		if r.Closed == "" || r.Closed > k.AsOf {
			return "" // an outcome is known when the case is closed
		}
		return r.Outcome
	})
	k.ByCategory = by(func(r *Row) string { return r.Category })
	k.ByChannel = by(func(r *Row) string { return r.Channel })
	k.ByLevel = by(func(r *Row) string { return r.Level })
	k.ByResponsibility = by(func(r *Row) string { return r.Responsibility })
	k.ByMerchant = by(func(r *Row) string { return r.Merchant })
	k.ByStore = by(func(r *Row) string { return r.Store })
	k.ByBrand = by(func(r *Row) string { return r.Brand })
	k.ByProduct = by(func(r *Row) string { return r.Product })
	k.ByModel = by(func(r *Row) string { return r.Model })
	k.ByHandler = by(func(r *Row) string { return r.Handler })
	k.ByCustomerKind = by(func(r *Row) string { return r.CustomerKind })
	cum := 0
	for i := range k.ByCategory {
		cum += k.ByCategory[i].N
		k.ByCategory[i].Cumulative = ratio(cum, k.Cases)
	}
	k.Months = counts(months(rows, l), len(rows))
	if o.Period.From != "" && o.Period.To != "" {
		k.Months = counts(spanMonths(rows, o.Period), len(rows))
		k.Weeks = counts(spanWeeks(rows, o.Period), len(rows))
	} else {
		k.Weeks = counts(weeks(rows), len(rows))
	}

	k.Repeats, k.RepeatCases = repeats(all, o.Period, k.RepeatDays)
	k.rates(o.Base)
	return k
}

func (r *Rate) add(b *bool) {
	if b == nil {
		return
	}
	r.Known++
	if *b {
		r.OnTime++
	}
}

func (r *Rate) finish() { r.Rate = ratio(r.OnTime, r.Known) }

func counts(b []bucket, total int) []Count {
	out := make([]Count, len(b))
	for i, x := range b {
		out[i] = Count{Label: x.label, N: x.n, Share: ratio(x.n, total)}
	}
	return out
}

// receivedDay is the day r was received, YYYY-MM-DD.
func receivedDay(r *Row) (string, bool) {
	if len(r.Received) < len(dayLayout) {
		return "", false
	}
	d := r.Received[:len(dayLayout)]
	return d, isDay(d)
}

func isDay(s string) bool {
	t, err := time.Parse(dayLayout, s)
	return err == nil && t.Format(dayLayout) == s
}

func inDays(day string, p Period) bool {
	return (p.From == "" || day >= p.From) && (p.To == "" || day <= p.To)
}

func dayTime(s string) time.Time {
	t, _ := time.Parse(dayLayout, s)
	return t
}

// daysBetween is the number of days from a to b (YYYY-MM-DD).
func daysBetween(a, b string) int {
	return int(dayTime(b).Sub(dayTime(a)).Hours() / 24)
}

// latestDay is the latest day a row was received or closed on.
func latestDay(rows []Row) string {
	last := ""
	for i := range rows {
		if d, ok := receivedDay(&rows[i]); ok && d > last {
			last = d
		}
		if c := rows[i].Closed; isDay(c) && c > last {
			last = c
		}
	}
	return last
}

// spanMonths counts rows by month over every month of the period.
func spanMonths(rows []Row, p Period) []bucket {
	var out []bucket
	from, to := dayTime(p.From), dayTime(p.To)
	if to.Sub(from) > maxGap*31*24*time.Hour {
		return months(rows, Labels{})
	}
	for t := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !t.After(to); t = t.AddDate(0, 1, 0) {
		out = append(out, bucket{label: t.Format(monthLayout)})
	}
	for i := range rows {
		if d, ok := receivedDay(&rows[i]); ok {
			if j := slices.IndexFunc(out, func(b bucket) bool { return b.label == d[:7] }); j >= 0 {
				out[j].n++
			}
		}
	}
	return out
}

// week is the ISO week of a day: 2026-W45.
func week(day string) string {
	y, w := dayTime(day).ISOWeek()
	return isoWeek(y, w)
}

func isoWeek(y, w int) string { return fmt.Sprintf("%04d-W%02d", y, w) }

// spanWeeks counts rows by ISO week over every week the period touches.
func spanWeeks(rows []Row, p Period) []bucket {
	var out []bucket
	from, to := dayTime(p.From), dayTime(p.To)
	if to.Sub(from) > 5*366*24*time.Hour {
		return weeks(rows)
	}
	for t := from; !t.After(to); t = t.AddDate(0, 0, 1) {
		w := week(t.Format(dayLayout))
		if len(out) == 0 || out[len(out)-1].label != w {
			out = append(out, bucket{label: w})
		}
	}
	for i := range rows {
		if d, ok := receivedDay(&rows[i]); ok {
			w := week(d)
			if j := slices.IndexFunc(out, func(b bucket) bool { return b.label == w }); j >= 0 {
				out[j].n++
			}
		}
	}
	return out
}

// weeks counts rows by ISO week, in calendar order, weeks without a case
// left out.
func weeks(rows []Row) []bucket {
	var out []bucket
	for i := range rows {
		d, ok := receivedDay(&rows[i])
		if !ok {
			continue
		}
		w := week(d)
		j, found := slices.BinarySearchFunc(out, w, func(b bucket, w string) int { return cmp.Compare(b.label, w) })
		if !found {
			out = slices.Insert(out, j, bucket{label: w})
		}
		out[j].n++
	}
	return out
}

// repeatKeys are what makes two complaints the same complainant's or the
// same product's: the key kinds, and how a row gives its keys.
var repeatKeys = []struct {
	by   string
	keys func(*Row) []string
}{
	{"phone", func(r *Row) []string { return one(digits(r.Phone)) }},
	{"id_number", func(r *Row) []string { return one(strings.ToUpper(strings.TrimSpace(r.IDNumber))) }},
	{"order", func(r *Row) []string { return one(strings.TrimSpace(r.OrderNo)) }},
	{"lot", func(r *Row) []string {
		var out []string
		for l := range strings.SplitSeq(r.Lots, ";") {
			if l = strings.TrimSpace(l); l != "" && !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
		return out
	}},
}

func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// digits keeps the digits of a phone number, so 021-5888 0000 and
// 02158880000 are the same.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// repeats finds the chains of complaints sharing a key, each case within
// window days of the one before, that have a repeat received in p; and
// counts the distinct cases of p that repeat an earlier one.
func repeats(rows []Row, p Period, window int) ([]Repeat, int) {
	type hit struct{ day, id string }
	var out []Repeat
	repeated := map[string]bool{}
	for _, rk := range repeatKeys {
		groups := map[string][]hit{}
		var keys []string
		for i := range rows {
			d, ok := receivedDay(&rows[i])
			if !ok {
				continue
			}
			for _, k := range rk.keys(&rows[i]) {
				if _, seen := groups[k]; !seen {
					keys = append(keys, k)
				}
				groups[k] = append(groups[k], hit{d, rows[i].ID})
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			g := groups[k]
			if len(g) < 2 {
				continue
			}
			slices.SortFunc(g, func(a, b hit) int { return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.id, b.id)) })
			chain := []hit{g[0]}
			flush := func() {
				inPeriod := false
				for _, h := range chain[1:] {
					if inDays(h.day, p) {
						inPeriod = true
						repeated[h.id] = true
					}
				}
				if len(chain) > 1 && inPeriod {
					r := Repeat{By: rk.by, Key: k}
					for _, h := range chain {
						r.Cases = append(r.Cases, h.id)
					}
					out = append(out, r)
				}
			}
			for _, h := range g[1:] {
				if h.id == chain[len(chain)-1].id {
					continue
				}
				if daysBetween(chain[len(chain)-1].day, h.day) > window {
					flush()
					chain = chain[:0]
				}
				chain = append(chain, h)
			}
			flush()
		}
	}
	return out, len(repeated)
}

// rates works out the complaint rate of each month of the period that has
// a base, and over them all.
func (k *KPIs) rates(base []Base) {
	if len(base) == 0 {
		return
	}
	base = slices.Clone(base)
	slices.SortFunc(base, func(a, b Base) int { return cmp.Compare(a.Month, b.Month) })
	n := map[string]int{}
	for _, m := range k.Months {
		n[m.Label] = m.N
	}
	var total ComplaintRate
	for _, b := range base {
		cases, ok := n[b.Month]
		if !ok || b.N <= 0 {
			continue
		}
		r := ComplaintRate{Month: b.Month, Cases: cases, Base: b.N, Per10k: float64(cases) * 10000 / float64(b.N)}
		k.Rates = append(k.Rates, r)
		total.Cases += cases
		total.Base += b.N
	}
	if total.Base > 0 {
		total.Per10k = float64(total.Cases) * 10000 / float64(total.Base)
		k.RateTotal = &total
	}
}
