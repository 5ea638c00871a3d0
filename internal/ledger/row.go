package ledger

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/timeline"
)

// LabelsFor words the 台账: kesu's wording for the language, with
// whatever the pack's labels of that locale say under ledger: instead.
func LabelsFor(p *pack.Pack, loc string) (Labels, error) {
	l := ZhCN
	if strings.HasPrefix(loc, "en") {
		l = EN
	}
	return l, p.DecodeLabels(loc, "ledger", &l)
}

// RowOf is a case as one row of the ledger: enum values as the pack's
// labels l name them, times as written, derived durations and totals, and
// the 8D's steps against the pack's policy.
func RowOf(c *casefile.Case, l map[string]any, policy pack.Policy) Row {
	r := rowOf(c, l, policy)
	timed(c, pongo2.Context{"L": l}, &policy, &r)
	return r
}

func rowOf(c *casefile.Case, l map[string]any, policy pack.Policy) Row {
	labels := pongo2.Context{"L": l}
	text := func(ptr string) string {
		if n := c.Root.Lookup(ptr); n != nil && n.Kind == casefile.String {
			return n.Text
		}
		return ""
	}
	enum := func(kind, ptr string) string {
		v := text(ptr)
		if s, ok := doc.Lookup(labels, "L.enum."+kind+"."+v).(string); ok {
			return s
		}
		return v
	}
	amount := func(s string) cnfmt.Amount {
		a, _ := cnfmt.ParseAmount(s)
		return a
	}
	d := casefile.Derive(c)
	received := text("/intake/received_at")
	r := Row{
		ID: c.ID(), Title: text("/title"),
		Received: wall(received), ReplyDue: wall(str(d["reply_deadline"])), Closed: text("/closure/closed_on"),
		Channel: enum("channel", "/intake/channel"), Category: enum("category", "/intake/category"), Level: enum("level", "/intake/level"),
		Customer: text("/customer/name"), Store: text("/purchase/store"), Merchant: text("/purchase/merchant"),
		Settlement: amount(str(d["settlement_total"])), Costs: amount(str(d["costs_total"])),
		Responsibility: enum("party", "/handling/responsibility/party"), Outcome: enum("outcome", "/closure/outcome"),
		HoursToReply: -1, DaysToClose: -1, ArchiveNo: text("/closure/archive/archive_no"), AgeWorkdays: -1,
	}
	if len(r.Received) >= 7 {
		r.Month = r.Received[:7]
	}
	if n := c.Root.Lookup("/purchase/amount"); n != nil {
		r.Amount = amount(n.Text)
	}
	if v, ok := d["days_to_close"].(int); ok {
		r.DaysToClose = v
	}
	r.Handler = text("/intake/receiver/name")
	r.Phone, r.IDNumber = text("/customer/phone"), text("/customer/id_number")
	r.CustomerKind = enum("kind", "/customer/kind")
	if r.CustomerKind == "" { // the schema's default
		r.CustomerKind, _ = doc.Lookup(labels, "L.enum.kind.individual").(string)
	}
	r.Brand, r.OrderNo = text("/purchase/brand"), text("/purchase/order_no")
	r.Product, r.Model = text("/purchase/items/0/name"), text("/purchase/items/0/model")
	if r.Product == "" && r.Model == "" {
		r.Product, r.Model = text("/eightd/product/name"), text("/eightd/product/part_number")
	}
	var lots []string
	addLot := func(n *casefile.Node) {
		if n != nil && n.Kind == casefile.String && n.Text != "" && !slices.Contains(lots, n.Text) {
			lots = append(lots, n.Text)
		}
	}
	if items := c.Root.Lookup("/purchase/items"); items != nil {
		for _, it := range items.Elems {
			addLot(it.Get("lot"))
		}
	}
	if ls := c.Root.Lookup("/eightd/product/lots"); ls != nil {
		for _, n := range ls.Elems {
			addLot(n)
		}
	}
	r.Lots = strings.Join(lots, "; ")
	if n := c.Root.Lookup("/closure/satisfaction/score"); n != nil {
		if v, err := strconv.Atoi(n.Text); err == nil && v >= 1 && v <= 5 {
			r.Satisfaction = v
		}
	}
	settlementSplit(c, &r)
	if e := c.Root.Get("eightd"); e != nil {
		r.EightD = text("/eightd/number")
		r.EightDKind = "8D"
		if text("/eightd/kind") == "car" {
			r.EightDKind = "CAR"
		}
		r.EightDOpen = text("/eightd/opened_on")
		r.EightDClose = text("/eightd/closed_on")
		for _, st := range timeline.Steps(c.Root, &policy.Policy, policy.Cal, time.Time{}) {
			i := slices.Index([]string{"D3", "D5", "D8"}, st.Step)
			if i < 0 {
				continue
			}
			switch st.Status {
			case timeline.StepOnTime:
				r.StepsOnTime[i] = ptr(true)
			case timeline.StepLate, timeline.StepOverdue, timeline.StepNotDone:
				r.StepsOnTime[i] = ptr(false)
			}
		}
	}
	start, err := cnfmt.ParseDateTime(received)
	if err != nil {
		return r
	}
	// The first reply is the earliest entry of the handling log after the
	// first, which records the intake itself.
	var first time.Time
	if log := c.Root.Lookup("/handling/log"); log != nil && len(log.Elems) > 1 {
		for _, e := range log.Elems[1:] {
			if t, err := cnfmt.ParseDateTime(text2(e.Get("at"))); err == nil && (first.IsZero() || t.Before(first)) {
				first = t
			}
		}
	}
	if first.IsZero() {
		return r
	}
	r.FirstReply = wall(first.Format(time.RFC3339))
	r.HoursToReply = max(int(first.Sub(start).Hours()), 0)
	if due, err := cnfmt.ParseDateTime(str(d["reply_deadline"])); err == nil {
		onTime := !first.After(due)
		r.ReplyOnTime = &onTime
	}
	return r
}

// settlementSplit puts the settlement's amounts by kind of term and by
// who pays: a term's payer, or by default the first party that is not the
// customer (usually 乙方), as the agreement itself reads it.
func settlementSplit(c *casefile.Case, r *Row) {
	for i := range r.Terms {
		r.Terms[i] = -1
	}
	terms := c.Root.Lookup("/settlement/terms")
	if terms == nil {
		return
	}
	byDefault := ""
	if parties := c.Root.Lookup("/settlement/parties"); parties != nil {
		for _, p := range parties.Elems {
			if role := text2(p.Get("role")); role != "customer" {
				byDefault = role
				break
			}
		}
	}
	for _, t := range terms.Elems {
		var a cnfmt.Amount
		if n := t.Get("amount"); n != nil {
			a, _ = cnfmt.ParseAmount(n.Text)
		}
		who := text2(t.Get("payer"))
		if who == "" {
			who = byDefault
		}
		payer := PaidOther
		switch who {
		case "merchant":
			payer = PaidMerchant
		case "mall":
			payer = PaidMall
		case "manufacturer":
			payer = PaidManufacturer
		}
		r.Paid[payer] += a
		k := slices.Index([]string{"refund", "replacement", "repair", "compensation"}, text2(t.Get("kind")))
		if k < 0 {
			continue
		}
		r.Terms[k] = max(r.Terms[k], 0) + a
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func text2(n *casefile.Node) string {
	if n == nil {
		return ""
	}
	return n.Text
}

// wall is an RFC 3339 time as its writer's wall clock: 2026-11-03 10:20.
func wall(s string) string {
	if len(s) < 16 {
		return s
	}
	return s[:10] + " " + s[11:16]
}

// timed fills what the pack's deadline policy says of the case: its status
// and age in working days, its solution deadline and whether it was met.
// The first reply is judged here only when the log says which entries
// spoke to the customer (kinds); otherwise the row's own reading stands.
func timed(c *casefile.Case, labels pongo2.Context, policy *pack.Policy, r *Row) {
	t := timeline.Compute(c.Root, &policy.Policy, policy.Cal, time.Time{})
	if t == nil {
		return
	}
	r.Status, r.AgeWorkdays = t.Status, t.AgeWorkdays
	if s, ok := doc.Lookup(labels, "L.enum.status."+t.Status).(string); ok {
		r.Status = s
	}
	if s := t.Find("solution"); s != nil {
		r.SolutionDue = s.End().Format(minuteLayout)
		if s.Judged() {
			r.SolvedOnTime = ptr(s.Met())
		}
	}
	if rep := t.Find("reply"); rep != nil && rep.Judged() {
		r.ReplyOnTime = ptr(rep.Met())
	}
}
