package timeline

import (
	"fmt"
	"time"

	"github.com/kesuhq/kesu/internal/casefile"
)

// The states of an 8D step.
const (
	StepDone    = "done"     // 已完成: finished, with no deadline or no date to judge it by
	StepOnTime  = "on_time"  // 按期完成
	StepLate    = "late"     // 超期完成
	StepOpen    = "open"     // 进行中: not finished, the 8D still open
	StepOverdue = "overdue"  // 已超期: not finished, deadline passed, the 8D still open
	StepNotDone = "not_done" // 未完成: the 8D was closed without it
)

// Step is one discipline of an 8D report seen at the as-of time.
type Step struct {
	Step string `json:"step"` // D0…D8
	// Due is the step's deadline (a date; zero: the policy sets none).
	Due time.Time `json:"due,omitzero"`
	// Requested is true when Due is the date the customer asked for.
	Requested bool `json:"requested,omitempty"`
	// Planned is the latest date the step's actions were planned for.
	Planned time.Time `json:"planned,omitzero"`
	// Done is the date the step was finished (zero: not finished, or
	// finished on a day the case does not record).
	Done     time.Time `json:"done,omitzero"`
	Finished bool      `json:"finished"`
	Status   string    `json:"status"`
	Assumed  bool      `json:"assumed,omitempty"`
	// At is the field Done was read from ("" when none).
	At string `json:"at,omitempty"`
}

// Steps derives the deadline, the actual and planned dates and the status
// of each 8D step, from the policy and the customer's requested dates
// (eightd.requested_on). Dates a step is finished on: D0–D2 the day the 8D
// opened (they are what opens it); D3 the last containment action's
// done_on, once all are done; D5 the last corrective action's done_on,
// once all are done; D6 the last implemented_on; D7 the last done_on, once
// all are done; D8 d8.closed_on. eightd.reported_on.dN, the day a step's
// report went to the customer, wins over these. A D4 whose causes are all
// verified, or a D5 with actions, is finished even without a date.
func Steps(root *casefile.Node, p *Policy, cal calendar, asOf time.Time) []Step {
	e := root.Get("eightd")
	if e == nil {
		return nil
	}
	loc := time.UTC
	if r, ok := timeOf(root.Lookup("/intake/received_at")); ok {
		loc = r.Location()
	}
	opened, ok := dateOf(e.Get("opened_on"), loc)
	if !ok {
		return nil
	}
	if asOf.IsZero() {
		asOf = LatestTime(root)
	}
	closed := e.Get("closed_on") != nil || root.Lookup("/eightd/d8/closed_on") != nil || root.Get("closure") != nil
	present := func(key string) bool {
		n := e.Get(key)
		return n != nil && !(n.Kind == casefile.Array && len(n.Elems) == 0)
	}
	reported := func(step string) (time.Time, bool) {
		return dateOf(root.Lookup("/eightd/reported_on/"+step), loc)
	}
	var steps []Step
	add := func(s Step) {
		key := "d" + s.Step[1:]
		if t, ok := dateOf(root.Lookup("/eightd/requested_on/"+key), loc); ok {
			s.Due, s.Requested, s.Assumed = t, true, false
		}
		if t, ok := reported(key); ok {
			s.Done, s.Finished, s.At = t, true, "/eightd/reported_on/"+key
		}
		switch {
		case s.Finished && (s.Due.IsZero() || s.Done.IsZero()):
			s.Status = StepDone
		case s.Finished && sameOrBeforeDay(s.Done, s.Due):
			s.Status = StepOnTime
		case s.Finished:
			s.Status = StepLate
		case closed:
			s.Status = StepNotDone
		case !s.Due.IsZero() && asOf.After(s.Due.Add(24*time.Hour-time.Second)):
			s.Status = StepOverdue
		default:
			s.Status = StepOpen
		}
		steps = append(steps, s)
	}
	written := func(key string) Step {
		if present(key) {
			return Step{Done: opened, Finished: true}
		}
		return Step{}
	}
	due := func(r Result) (time.Time, bool) { return r.Date, !r.Covered }
	for i, key := range []string{"d0", "d1", "d2"} {
		s := written(key)
		s.Step = fmt.Sprintf("D%d", i)
		add(s)
	}
	// D3 is counted in calendar hours from the day the 8D opened.
	d3 := Step{Step: "D3", Due: opened.AddDate(0, 0, (p.EightD.D3Hours+23)/24)}
	d3.Done, d3.At = lastAt(e, "d3", "done_on", loc)
	d3.Finished = !d3.Done.IsZero()
	d3.Planned = lastDate(e.Get("d3"), "due_on", false, loc)
	add(d3)
	d4 := Step{Step: "D4"}
	d4.Due, d4.Assumed = due(cal.AddDays(opened, p.EightD.D4Days))
	d4.Finished = allVerified(e.Get("d4"))
	if d4.Finished {
		d4.Done, d4.At = lastAt(e, "d4", "found_on", loc)
	}
	add(d4)
	d5 := Step{Step: "D5"}
	d5.Due, d5.Assumed = due(cal.AddDays(opened, p.EightD.D5Days))
	d5.Done, d5.At = lastAt(e, "d5", "done_on", loc)
	d5.Planned = lastDate(e.Get("d5"), "due_on", false, loc)
	d5.Finished = present("d5")
	add(d5)
	d6 := Step{Step: "D6", Done: lastDate(e.Get("d6"), "implemented_on", false, loc)}
	d6.Finished = !d6.Done.IsZero()
	add(d6)
	d7 := Step{Step: "D7", Done: lastDate(e.Get("d7"), "done_on", true, loc)}
	d7.Finished = !d7.Done.IsZero()
	d7.Planned = lastDate(e.Get("d7"), "due_on", false, loc)
	add(d7)
	d8 := Step{Step: "D8"}
	d8.Due, d8.Assumed = due(cal.AddDays(opened, p.EightD.D8Days))
	d8.Done, _ = dateOf(root.Lookup("/eightd/d8/closed_on"), loc)
	d8.At = "/eightd/d8/closed_on"
	d8.Finished = !d8.Done.IsZero()
	add(d8)
	return steps
}

// lastDate is the latest date under key among a list's items; with all,
// it is zero unless every item has one (a step is done when all its
// actions are).
func lastDate(list *casefile.Node, key string, all bool, loc *time.Location) time.Time {
	if list == nil || list.Kind != casefile.Array || len(list.Elems) == 0 {
		return time.Time{}
	}
	var last time.Time
	for _, it := range list.Elems {
		t, ok := dateOf(it.Get(key), loc)
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

// lastAt is lastDate over every item, with the pointer of the item that
// holds it.
func lastAt(e *casefile.Node, step, key string, loc *time.Location) (time.Time, string) {
	last := lastDate(e.Get(step), key, true, loc)
	if last.IsZero() {
		return last, ""
	}
	for i, it := range e.Get(step).Elems {
		if t, ok := dateOf(it.Get(key), loc); ok && t.Equal(last) {
			return last, fmt.Sprintf("/eightd/%s/%d/%s", step, i, key)
		}
	}
	return last, ""
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

// eightd turns the steps with a deadline into deadlines and warnings.
func (b *builder) eightd() {
	for _, s := range Steps(b.root, b.p, b.cal, b.asOf) {
		if s.Due.IsZero() {
			continue
		}
		d := Deadline{Kind: s.Step, Due: s.Due, WholeDay: true, Done: s.Done, Assumed: s.Assumed, Pointer: "/eightd/opened_on"}
		switch {
		case s.At != "" && s.Done.After(s.Due):
			d.Pointer = s.At // a late step is pointed at where it was done
		case s.Requested:
			d.Pointer = "/eightd/requested_on/d" + s.Step[1:]
		}
		n := b.root.Lookup(d.Pointer)
		switch s.Status {
		case StepDone, StepNotDone:
			// finished without a date, or never: nothing to judge by
			continue
		}
		b.add(d, n)
		b.warnDeadline(b.t.Deadlines[len(b.t.Deadlines)-1], "8D step "+s.Step, n)
	}
}
