// Package report works out the 投诉分析报告 of a period from ledger rows:
// the figures of the period and of the period it is compared with, and
// the values a pack's report document shows (report.… in its templates).
// Both the PDF and the workbook are drawn from the one resolved document.
package report

import (
	"cmp"
	"errors"
	"fmt"
	"github.com/kesuhq/kesu/internal/locale"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/ledger"
)

// Options say which period, compared with what.
type Options struct {
	From, To string // YYYY-MM-DD, both included
	// Compare is "previous" (the as long period just before; whole months
	// compare with as many months before), "year" (the same days a year
	// before) or "none".
	Compare    string
	RepeatDays int
	Base       []ledger.Base
}

// UsageError is a period that cannot be reported on.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Period checks o's dates and works out the comparison period.
func (o Options) Period() (cur, prev ledger.Period, err error) {
	from, err1 := time.Parse(time.DateOnly, o.From)
	to, err2 := time.Parse(time.DateOnly, o.To)
	switch {
	case err1 != nil || from.Format(time.DateOnly) != o.From:
		return cur, prev, &UsageError{fmt.Sprintf("--from %q is not a date written YYYY-MM-DD", o.From)}
	case err2 != nil || to.Format(time.DateOnly) != o.To:
		return cur, prev, &UsageError{fmt.Sprintf("--to %q is not a date written YYYY-MM-DD", o.To)}
	case from.After(to):
		return cur, prev, &UsageError{fmt.Sprintf("--from %s is after --to %s", o.From, o.To)}
	}
	cur = ledger.Period{From: o.From, To: o.To}
	switch o.Compare {
	case "", "previous":
		if from.Day() == 1 && to.AddDate(0, 0, 1).Day() == 1 {
			months := (to.Year()-from.Year())*12 + int(to.Month()-from.Month()) + 1
			pf := from.AddDate(0, -months, 0)
			prev = ledger.Period{From: pf.Format(time.DateOnly), To: from.AddDate(0, 0, -1).Format(time.DateOnly)}
		} else {
			days := int(to.Sub(from).Hours()/24) + 1
			pt := from.AddDate(0, 0, -1)
			prev = ledger.Period{From: pt.AddDate(0, 0, 1-days).Format(time.DateOnly), To: pt.Format(time.DateOnly)}
		}
	case "year":
		prev = ledger.Period{From: from.AddDate(-1, 0, 0).Format(time.DateOnly), To: to.AddDate(-1, 0, 0).Format(time.DateOnly)}
	case "none":
	default:
		return cur, prev, &UsageError{fmt.Sprintf("--compare %q: expected previous, year or none", o.Compare)}
	}
	return cur, prev, nil
}

// Figures are the report's numbers: the period's, and the comparison
// period's when there is one.
type Figures struct {
	Current  ledger.KPIs  `json:"current"`
	Previous *ledger.KPIs `json:"previous,omitempty"`
}

// Compute works out the figures of the period and its comparison.
func Compute(rows []ledger.Row, o Options, l ledger.Labels) (*Figures, error) {
	cur, prev, err := o.Period()
	if err != nil {
		return nil, err
	}
	f := &Figures{Current: ledger.Compute(rows, ledger.Options{Period: cur, RepeatDays: o.RepeatDays, Base: o.Base}, l)}
	if prev.From != "" {
		p := ledger.Compute(rows, ledger.Options{Period: prev, RepeatDays: o.RepeatDays, Base: o.Base}, l)
		f.Previous = &p
	}
	return f, nil
}

// ListMax is how many rows the report's lists of open cases, 8D/CAR
// actions and repeat complaints show. A manager reads the oldest open
// cases and the latest actions, not a thousand rows over a hundred pages
// (which took seconds to lay out); the figures count them all, and the
// tracking table (kesu track), the ledger and --json list every one.
const ListMax = 50

// repeatMax is how many chains of repeat complaints are listed; each
// names all its cases.
const repeatMax = 30

// Words are the report's words, the labels under report: of the locale.
type Words map[string]any

func (w Words) get(key string) string {
	s, _ := w[key].(string)
	return s
}

// errNoWords is a pack whose labels have no report: section.
var errNoWords = errors.New("the labels have no report: section")

// Context is what the report document's templates see as `report`.
// blank is how the ledger labels an empty value (（未填）): the lists of
// top merchants and products leave it out.
func Context(f *Figures, w Words, loc locale.Locale, blank string) (map[string]any, error) {
	if len(w) == 0 {
		return nil, errNoWords
	}
	k := f.Current
	en := loc.English()
	date := func(iso string) string {
		var s string
		var err error
		if en {
			s, err = cnfmt.DateEN(iso)
		} else {
			s, err = cnfmt.Date(iso)
		}
		if err != nil {
			return iso
		}
		return s
	}
	span := func(p ledger.Period) string {
		return strings.NewReplacer("{from}", date(p.From), "{to}", date(p.To)).Replace(w.get("span"))
	}
	pct := func(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/10, 'f', 1, 64) + "%" }
	dec := func(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64) }
	money := func(a cnfmt.Amount) string { return a.Figures() }

	type metric struct {
		key    string
		value  func(*ledger.KPIs) float64
		format func(float64) string
		// known says whether the figure means anything (a rate of nothing
		// does not)
		known func(*ledger.KPIs) bool
	}
	always := func(*ledger.KPIs) bool { return true }
	count := func(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }
	metrics := []metric{
		{"cases", func(k *ledger.KPIs) float64 { return float64(k.Cases) }, count, always},
		{"closed", func(k *ledger.KPIs) float64 { return float64(k.Closed) }, count, always},
		{"closure_rate", func(k *ledger.KPIs) float64 { return k.ClosureRate }, pct, func(k *ledger.KPIs) bool { return k.Cases > 0 }},
		{"open", func(k *ledger.KPIs) float64 { return float64(k.Open) }, count, always},
		{"overdue", func(k *ledger.KPIs) float64 { return float64(k.Overdue) }, count, always},
		{"first_reply", func(k *ledger.KPIs) float64 { return k.FirstReply.Rate }, pct, func(k *ledger.KPIs) bool { return k.FirstReply.Known > 0 }},
		{"solution", func(k *ledger.KPIs) float64 { return k.Solution.Rate }, pct, func(k *ledger.KPIs) bool { return k.Solution.Known > 0 }},
		{"avg_days", func(k *ledger.KPIs) float64 { return k.AvgDaysToClose }, dec, func(k *ledger.KPIs) bool { return k.Closed > 0 }},
		{"satisfaction", func(k *ledger.KPIs) float64 { return k.Satisfaction.Average }, dec, func(k *ledger.KPIs) bool { return k.Satisfaction.Responses > 0 }},
		{"satisfied", func(k *ledger.KPIs) float64 { return k.Satisfaction.Share }, pct, func(k *ledger.KPIs) bool { return k.Satisfaction.Responses > 0 }},
		{"repeats", func(k *ledger.KPIs) float64 { return float64(k.RepeatCases) }, count, always},
		{"settlement", func(k *ledger.KPIs) float64 { return float64(k.Settlement) / 100 }, func(x float64) string { return money(cnfmt.Amount(math.Round(x * 100))) }, always},
		{"costs", func(k *ledger.KPIs) float64 { return float64(k.Costs) / 100 }, func(x float64) string { return money(cnfmt.Amount(math.Round(x * 100))) }, always},
	}
	if k.RateTotal != nil {
		metrics = append(metrics, metric{"rate", func(k *ledger.KPIs) float64 {
			if k.RateTotal == nil {
				return 0
			}
			return k.RateTotal.Per10k
		}, func(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', 2, 64) },
			func(k *ledger.KPIs) bool { return k.RateTotal != nil }})
	}
	var summary, movements []any
	for _, m := range metrics {
		now := m.value(&k)
		line := map[string]any{"label": w.get("m_" + m.key), "value": "—", "previous": "—", "change": "—"}
		if m.known(&k) {
			line["value"] = m.format(now)
		}
		if p := f.Previous; p != nil && m.known(p) {
			before := m.value(p)
			line["previous"] = m.format(before)
			if m.known(&k) {
				d := now - before
				sign := "+"
				if d < 0 {
					sign = "−"
				}
				ch := sign + m.format(math.Abs(d))
				if m.format(math.Abs(d)) == m.format(0) {
					ch = "0"
				}
				if before != 0 && (m.key == "cases" || m.key == "open" || m.key == "overdue" || m.key == "repeats" || m.key == "closed") {
					ch += "（" + sign + pct(math.Abs(d)/before) + "）"
				}
				line["change"] = ch
				if s := movement(w, m.key, now, before, m.format, pct); s != "" && k.Cases > 0 {
					movements = append(movements, s)
				}
			}
		}
		summary = append(summary, line)
	}
	if k.Cases > 0 && len(k.ByCategory) > 0 {
		top := k.ByCategory[0]
		movements = append(movements, strings.NewReplacer("{label}", top.Label, "{n}", strconv.Itoa(top.N), "{share}", pct(top.Share)).Replace(w.get("top_category")))
	}
	if k.Cases > 0 && len(k.ByChannel) > 0 {
		top := k.ByChannel[0]
		movements = append(movements, strings.NewReplacer("{label}", top.Label, "{n}", strconv.Itoa(top.N), "{share}", pct(top.Share)).Replace(w.get("top_channel")))
	}

	counts := func(cs []ledger.Count, limit int, prev []ledger.Count) []any {
		before := map[string]int{}
		for _, c := range prev {
			before[c.Label] = c.N
		}
		var out []any
		for _, c := range cs {
			if limit > 0 && len(out) == limit {
				break
			}
			if limit > 0 && c.Label == blank {
				continue
			}
			out = append(out, map[string]any{"label": c.Label, "n": c.N, "share": pct(c.Share), "cumulative": pct(c.Cumulative),
				"previous": before[c.Label]})
		}
		return out
	}
	var prevK ledger.KPIs
	if f.Previous != nil {
		prevK = *f.Previous
	}
	rates := []any{}
	for _, r := range append([]ledger.Rate{k.FirstReply, k.Solution}, k.Steps...) {
		if r.Known == 0 {
			continue
		}
		rates = append(rates, map[string]any{"label": r.Label, "rate": r.Rate, "text": pct(r.Rate), "on_time": r.OnTime, "known": r.Known})
	}
	scores := []any{}
	for i, n := range k.Satisfaction.Scores {
		scores = append(scores, map[string]any{"label": strings.ReplaceAll(w.get("score"), "{n}", strconv.Itoa(i+1)), "n": n})
	}
	// more says how many rows a list leaves out, or "" when it shows all.
	more := func(n, shown int, key string) string {
		if n <= shown {
			return ""
		}
		return strings.NewReplacer("{n}", strconv.Itoa(n-shown), "{shown}", strconv.Itoa(shown), "{total}", strconv.Itoa(n)).Replace(w.get(key))
	}
	var open []any
	for _, c := range k.OpenCases[:min(len(k.OpenCases), ListMax)] {
		over := w.get("no")
		if c.Overdue {
			over = w.get("yes")
		}
		open = append(open, map[string]any{"id": c.ID, "title": c.Title, "received": c.Received, "level": c.Level,
			"handler": c.Handler, "age": c.Age, "overdue": over})
	}
	// The latest actions are listed, when there are more than a page's.
	actions := func(as []ledger.Action, on func(ledger.Action) string) []any {
		as = slices.Clone(as)
		slices.SortStableFunc(as, func(a, b ledger.Action) int { return cmp.Compare(on(b), on(a)) })
		var out []any
		for _, a := range as[:min(len(as), ListMax)] {
			out = append(out, map[string]any{"no": a.No, "kind": a.Kind, "case": a.Case, "opened": a.Opened, "closed": a.Closed})
		}
		return out
	}
	var repeats, complainants []any
	perKey := map[string]int{}
	for _, r := range k.Repeats {
		key := r.Key
		switch r.By {
		case "phone":
			key = cnfmt.MaskPhone(key)
		case "id_number":
			key = cnfmt.MaskID(key)
		}
		repeats = append(repeats, map[string]any{"by": w.get("by_" + r.By), "key": key, "cases": strings.Join(r.Cases, "、"), "n": len(r.Cases)})
		if r.By == "phone" || r.By == "id_number" {
			if _, seen := perKey[key]; !seen {
				complainants = append(complainants, map[string]any{"label": key, "n": len(r.Cases)})
			}
			perKey[key] = len(r.Cases)
		}
		if len(repeats) == repeatMax {
			break
		}
	}
	if len(complainants) > 6 {
		complainants = complainants[:6] // a masked number is wide: six fit a page's width
	}
	money2 := func(ms []ledger.Money) []any {
		var out []any
		for _, m := range ms {
			out = append(out, map[string]any{"label": m.Label, "cases": m.Cases, "amount": money(m.Amount), "value": float64(m.Amount) / 100})
		}
		return out
	}
	trend := k.Months
	trendLabel := w.get("months")
	if len(trend) <= 2 {
		trend, trendLabel = k.Weeks, w.get("weeks")
	}
	ctx := map[string]any{
		"title":           w.get("title"),
		"period":          span(k.Period),
		"from":            k.Period.From,
		"to":              k.Period.To,
		"compare":         "",
		"empty":           k.Cases == 0,
		"cases":           k.Cases,
		"summary":         summary,
		"movements":       movements,
		"by_category":     counts(k.ByCategory, 0, prevK.ByCategory),
		"by_channel":      counts(k.ByChannel, 0, prevK.ByChannel),
		"by_merchant":     counts(k.ByMerchant, 10, prevK.ByMerchant),
		"by_product":      counts(k.ByProduct, 10, prevK.ByProduct),
		"by_outcome":      counts(k.Outcomes, 0, nil),
		"trend":           counts(trend, 0, nil),
		"trend_label":     trendLabel,
		"rates":           rates,
		"scores":          scores,
		"open":            open,
		"eightd_opened":   actions(k.EightDOpened, func(a ledger.Action) string { return a.Opened }),
		"eightd_closed":   actions(k.EightDClosed, func(a ledger.Action) string { return a.Closed }),
		"repeats":         repeats,
		"open_more":       more(len(k.OpenCases), ListMax, "open_more"),
		"opened_more":     more(len(k.EightDOpened), ListMax, "actions_more"),
		"closed_more":     more(len(k.EightDClosed), ListMax, "actions_more"),
		"repeats_more":    more(len(k.Repeats), repeatMax, "repeats_more"),
		"complainants":    complainants,
		"terms":           money2(k.Terms),
		"payers":          money2(k.Payers),
		"repeat_days":     k.RepeatDays,
		"repeat_note":     strings.ReplaceAll(w.get("repeat_note"), "{n}", strconv.Itoa(k.RepeatDays)),
		"satisfaction_n":  k.Satisfaction.Responses,
		"overdue":         k.Overdue,
		"open_n":          k.Open,
		"as_of":           date(k.AsOf),
		"has_previous":    f.Previous != nil,
		"has_rates":       len(rates) > 0,
		"has_complainant": len(complainants) > 0,
	}
	if f.Previous != nil {
		ctx["compare"] = span(f.Previous.Period)
	}
	return ctx, nil
}

// movement words the change of one figure, or "" for figures the text
// leaves to the table.
func movement(w Words, key string, now, before float64, format func(float64) string, pct func(float64) string) string {
	switch key {
	case "cases", "closure_rate", "first_reply", "satisfaction", "repeats", "overdue":
	default:
		return ""
	}
	tpl := w.get("same")
	switch {
	case format(now) == format(before):
	case now > before:
		tpl = w.get("rise")
	default:
		tpl = w.get("fall")
	}
	delta := format(math.Abs(now - before))
	if before != 0 && (key == "cases" || key == "repeats" || key == "overdue") {
		delta += "（" + pct(math.Abs(now-before)/before) + "）"
	}
	return strings.NewReplacer("{label}", w.get("m_"+key), "{now}", format(now), "{before}", format(before), "{delta}", delta).Replace(tpl)
}
