package ledger

import (
	"strings"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
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
// labels l name them, times as written, derived durations and totals.
func RowOf(c *casefile.Case, l map[string]any) Row {
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
		HoursToReply: -1, DaysToClose: -1, ArchiveNo: text("/closure/archive/archive_no"),
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
	start, err := cnfmt.ParseDateTime(received)
	if err != nil {
		return r
	}
	// The first reply is the earliest entry of the handling log.
	var first time.Time
	if log := c.Root.Lookup("/handling/log"); log != nil {
		for _, e := range log.Elems {
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
