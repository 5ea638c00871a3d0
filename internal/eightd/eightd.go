// Package eightd derives the schedule of an 8D report: each step's due
// date, the day it was done, and its status against the pack's policy.
package eightd

import (
	"time"

	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/pack"
)

// Steps derives the status of each 8D step against the pack's
// deadline policy, for the report's header table (d.eightd_steps). Each
// step is a map: step (D0…D8), due and done (dates, "" when none) and
// status:
//
//	done     finished on or before its deadline (or it has none)
//	late     finished after its deadline
//	open     not finished, deadline not yet passed
//	overdue  not finished and its deadline has passed
//
// "Now" is never the clock: it is the 8D's closing date, or the latest
// date the 8D records, so the same case always reports the same status.
//
// Dates a step is done on: D0–D2 when written (opened_on); D3 the last
// containment action's done_on, once all are done; D4 opened_on once every
// cause is verified; D5 the last planned due_on of the corrective actions;
// D6 the last implemented_on; D7 the last done_on, once all are done; D8
// d8.closed_on.
func Steps(root *casefile.Node, policy pack.EightDPolicy) []any {
	e := root.Get("eightd")
	if e == nil {
		return nil
	}
	opened, ok := dateOf(e.Get("opened_on"))
	if !ok {
		return nil
	}
	asOf := latestDate(e)
	if t, ok := dateOf(e.Get("closed_on")); ok {
		asOf = t
	}
	type step struct {
		name      string
		due, done time.Time
	}
	present := func(key string) bool {
		n := e.Get(key)
		return n != nil && !(n.Kind == casefile.Array && len(n.Elems) == 0)
	}
	var steps []step
	add := func(name string, due, done time.Time) { steps = append(steps, step{name, due, done}) }
	whenPresent := func(key string) time.Time {
		if present(key) {
			return opened
		}
		return time.Time{}
	}
	add("D0", opened, whenPresent("d0"))
	add("D1", opened, whenPresent("d1"))
	add("D2", time.Time{}, whenPresent("d2"))
	d3due := opened.Add(time.Duration(policy.D3Hours) * time.Hour)
	add("D3", d3due, lastDate(e.Get("d3"), "done_on", true))
	d4 := time.Time{}
	if allVerified(e.Get("d4")) {
		d4 = opened
	}
	add("D4", time.Time{}, d4)
	add("D5", opened.AddDate(0, 0, policy.D5Days), lastDate(e.Get("d5"), "due_on", true))
	add("D6", time.Time{}, lastDate(e.Get("d6"), "implemented_on", false))
	add("D7", time.Time{}, lastDate(e.Get("d7"), "done_on", true))
	d8done, _ := dateOf(root.Lookup("/eightd/d8/closed_on"))
	add("D8", opened.AddDate(0, 0, policy.D8Days), d8done)

	out := make([]any, 0, len(steps))
	for _, s := range steps {
		status := "open"
		switch {
		case !s.done.IsZero() && s.due.IsZero():
			status = "done" // 已完成: no deadline to be on time for
		case !s.done.IsZero() && !s.done.After(s.due):
			status = "on_time"
		case !s.done.IsZero():
			status = "late"
		case !s.due.IsZero() && asOf.After(s.due):
			status = "overdue"
		}
		out = append(out, map[string]any{"step": s.name, "due": day(s.due), "done": day(s.done), "status": status})
	}
	return out
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func dateOf(n *casefile.Node) (time.Time, bool) {
	if n == nil || n.Kind != casefile.String {
		return time.Time{}, false
	}
	t, err := cnfmt.ParseDate(n.Text)
	return t, err == nil
}

// lastDate is the latest date under key among a list's items; with all,
// it is zero unless every item has one (a step is done when all its
// actions are).
func lastDate(list *casefile.Node, key string, all bool) time.Time {
	if list == nil || list.Kind != casefile.Array || len(list.Elems) == 0 {
		return time.Time{}
	}
	var last time.Time
	for _, it := range list.Elems {
		t, ok := dateOf(it.Get(key))
		if !ok {
			if all {
				return time.Time{}
			}
			continue
		}
		if t.After(last) {
			last = t
		}
	}
	return last
}

func allVerified(list *casefile.Node) bool {
	if list == nil || list.Kind != casefile.Array || len(list.Elems) == 0 {
		return false
	}
	for _, it := range list.Elems {
		if v := it.Get("verified"); v == nil || v.Text != "true" {
			return false
		}
	}
	return true
}

// latestDate is the latest *_on date anywhere under n.
func latestDate(n *casefile.Node) time.Time {
	var last time.Time
	var walk func(n *casefile.Node, key string)
	walk = func(n *casefile.Node, key string) {
		switch n.Kind {
		case casefile.String:
			if len(key) > 3 && key[len(key)-3:] == "_on" {
				if t, ok := dateOf(n); ok && t.After(last) {
					last = t
				}
			}
		case casefile.Object:
			for i, k := range n.Keys {
				walk(n.Elems[i], k)
			}
		case casefile.Array:
			for _, x := range n.Elems {
				walk(x, key)
			}
		}
	}
	walk(n, "")
	return last
}
