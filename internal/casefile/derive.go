package casefile

import (
	"strconv"
	"time"

	"github.com/kesuhq/kesu/internal/cnfmt"
)

// Derive computes the values the case format says are derived, never typed
// by hand. Templates read them as `d.<name>`; a value that cannot be
// derived (its inputs are missing) is absent.
//
//	warranty_until   last day of the warranty: purchased_on + warranty_months − 1 day
//	beyond_warranty  received_at (its date) is after warranty_until: 是否超过保质期
//	reply_deadline   received_at + promised_reply_hours, in the same offset
//	settlement_total sum of settlement.terms[].amount, as "0.00"
//	costs_total      sum of closure.costs[].amount
//	days_to_close    days from received_at (its date) to closure.closed_on
//
// and who signs and pays the settlement (see deriveSettlement), the status
// of each D5 and D7 action (see deriveActions).
func Derive(c *Case) map[string]any {
	d := map[string]any{}
	root := c.Root
	received := root.Lookup("/intake/received_at")
	if p, ok := date(root.Lookup("/purchase/purchased_on")); ok {
		if months, ok := integer(root.Lookup("/purchase/warranty_months")); ok {
			until := addMonths(p, months).AddDate(0, 0, -1)
			d["warranty_until"] = until.Format(time.DateOnly)
			if r, ok := date(received); ok {
				d["beyond_warranty"] = r.After(until)
			}
		}
	}
	if received != nil {
		if t, err := cnfmt.ParseDateTime(received.Text); err == nil {
			if h, ok := integer(root.Lookup("/intake/promised_reply_hours")); ok {
				d["reply_deadline"] = t.Add(time.Duration(h) * time.Hour).Format(time.RFC3339)
			}
		}
	}
	if s, ok := sum(root.Lookup("/settlement/terms")); ok {
		d["settlement_total"] = s
	}
	deriveSettlement(root, d)
	deriveActions(root, d)
	// Evidence photos a document has shown already, so that an attachment
	// that is also evidence is not printed twice.
	if ev := root.Lookup("/complaint/evidence"); ev != nil && ev.Kind == Array {
		var files []any
		for _, e := range ev.Elems {
			if f := text(e.Get("file")); f != "" {
				files = append(files, f)
			}
		}
		d["evidence_files"] = files
	}
	if s, ok := sum(root.Lookup("/closure/costs")); ok {
		d["costs_total"] = s
	}
	if r, ok := date(received); ok {
		if cl, ok := date(root.Lookup("/closure/closed_on")); ok {
			d["days_to_close"] = int(cl.Sub(r).Hours() / 24)
		}
	}
	return d
}

func integer(n *Node) (int, bool) {
	if n == nil || n.Kind != Number {
		return 0, false
	}
	v, err := strconv.Atoi(n.Text)
	return v, err == nil
}

// addMonths adds calendar months, keeping the day within the month:
// bought on 31 January, one month later is 28 (or 29) February, not 3 March.
func addMonths(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}

// sum adds the amount of every item of a list in integer 分; items
// without an amount count as zero. ok is false when the list is absent or
// an amount is not valid money (validation reports that).
func sum(list *Node) (string, bool) {
	if list == nil || list.Kind != Array {
		return "", false
	}
	var total cnfmt.Amount
	for _, it := range list.Elems {
		n := it.Get("amount")
		if n == nil {
			continue
		}
		a, err := cnfmt.ParseAmount(n.Text)
		if err != nil {
			return "", false
		}
		if total, err = cnfmt.Sum(total, a); err != nil {
			return "", false
		}
	}
	return total.String(), true
}
