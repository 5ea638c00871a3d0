package generator

import (
	"time"

	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/timeline"
)

// Timeline is a case seen at one moment: its status, owner, age in working
// days, every deadline of the pack's policy with whether it was met, its
// transfers and escalations, and the warnings a clerk should see.
type Timeline struct {
	AsOf     time.Time `json:"as_of"`
	Received time.Time `json:"received"`
	// Status is the stated status when the case states one, else Derived:
	// open, in_progress, awaiting_customer, resolved or closed.
	Status      string       `json:"status"`
	Derived     string       `json:"derived_status"`
	Owner       string       `json:"owner,omitempty"`
	AgeWorkdays int          `json:"age_workdays"`
	Deadlines   []Deadline   `json:"deadlines"`
	Escalations []Escalation `json:"escalations,omitempty"`
	// Warnings are what Generator.Warnings returns for the same day.
	Warnings []Problem `json:"warnings,omitempty"`
}

// Deadline is one promise of the pack's policy (first reply, update,
// solution, payment, follow-up, an 8D step) and whether it was kept;
// Met and Judged are what an on-time rate counts.
type Deadline struct {
	// Kind is reply, update, solution, payment, follow_up, D3, D4, D5 or D8.
	Kind string `json:"kind"`
	// Due is the deadline; with WholeDay it is a date and the deadline is
	// the end of that day.
	Due      time.Time `json:"due"`
	WholeDay bool      `json:"whole_day,omitempty"`
	// Done is when it was met (zero: not yet).
	Done time.Time `json:"done,omitzero"`
	// State is on_time, late (met after it passed), open (not met, not
	// passed at the as-of time) or overdue.
	State string `json:"state"`
	// Assumed is true when the deadline was counted over days outside the
	// pack calendar's years, as Monday–Friday.
	Assumed bool `json:"assumed,omitempty"`
	// Pointer is the field the deadline is judged at, written at Line and
	// Col of the case file.
	Pointer   string `json:"pointer"`
	Line, Col int    `json:"-"`
}

// End is the last moment the deadline allows.
func (d Deadline) End() time.Time { return d.internal().End() }

// Met reports whether the deadline was met in time.
func (d Deadline) Met() bool { return d.internal().Met() }

// Judged reports whether the deadline counts in an on-time rate: met,
// met late or overdue; an open one does not.
func (d Deadline) Judged() bool { return d.internal().Judged() }

func (d Deadline) internal() timeline.Deadline { return timeline.Deadline(d) }

// Escalation is a transfer, an escalation or a handover of the case.
type Escalation struct {
	// Kind is transfer, escalation or handover.
	Kind   string    `json:"kind"`
	At     time.Time `json:"at"`
	From   string    `json:"from,omitempty"`
	To     string    `json:"to,omitempty"`
	Reason string    `json:"reason,omitempty"`
}

// Step is one 8D discipline: deadline, planned and actual dates, status.
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

// publicTimeline is t in the API's types; file is the case file its
// warnings point into.
func publicTimeline(file string, t *timeline.Timeline) *Timeline {
	if t == nil {
		return nil
	}
	out := &Timeline{AsOf: t.AsOf, Received: t.Received, Status: t.Status, Derived: t.Derived, Owner: t.Owner,
		AgeWorkdays: t.AgeWorkdays, Warnings: warnings(file, t)}
	for _, d := range t.Deadlines {
		out.Deadlines = append(out.Deadlines, Deadline(d))
	}
	for _, e := range t.Escalations {
		out.Escalations = append(out.Escalations, Escalation(e))
	}
	return out
}

// WithAsOf judges the case's open deadlines at the end of the given day
// instead of at the case's latest date: what `--as-of` sets. The status of
// open 8D steps and the warnings depend on it.
func WithAsOf(day time.Time) RenderOption { return func(o *renderOptions) { o.asOf = day } }

// asOf is the moment a case is judged at: the end of the day asked for,
// else the case's latest recorded time (never the clock).
func asOf(c *casefile.Case, day time.Time) time.Time {
	if day.IsZero() {
		return timeline.LatestTime(c.Root)
	}
	return timeline.AsOfDate(c.Root, day)
}

// Timeline follows a validated case up to the end of day asOf (zero: the
// case's latest date). It is nil for a case without a valid received_at.
func (g *Generator) Timeline(c *Case, day time.Time) *Timeline {
	return publicTimeline(c.cf.File, g.timeline(c.cf, day))
}

func (g *Generator) timeline(c *casefile.Case, day time.Time) *timeline.Timeline {
	return timeline.Compute(c.Root, &g.pack.Policy.Policy, g.pack.Calendar, asOf(c, day))
}

// Steps is the 8D steps of a case at the end of day asOf (zero: the case's
// latest date): the values the 8D report and the CAR show; nil without an 8D.
func (g *Generator) Steps(c *Case, day time.Time) []Step {
	steps := timeline.Steps(c.cf.Root, &g.pack.Policy.Policy, g.pack.Calendar, asOf(c.cf, day))
	if steps == nil {
		return nil
	}
	out := make([]Step, len(steps))
	for i, s := range steps {
		out[i] = Step(s)
	}
	return out
}

// Warnings are the deadlines a case missed and what it left undone, each
// at its field: a late reply or update, a late solution, an overdue
// payment, a late 8D step, a checklist item open at closure, a follow-up
// promised and not made. They do not make a case invalid.
func (g *Generator) Warnings(c *Case, day time.Time) []Problem {
	return warnings(c.cf.File, g.timeline(c.cf, day))
}

func warnings(file string, t *timeline.Timeline) []Problem {
	if t == nil {
		return nil
	}
	out := make([]Problem, 0, len(t.Warnings))
	for _, w := range t.Warnings {
		out = append(out, Problem{Position: Position{File: file, Line: w.Line, Col: w.Col, Pointer: w.Pointer}, Message: w.Message})
	}
	return out
}

// derivedTime adds what the timeline derives to the values templates read
// as d.*:
//
//	status          the stated status, else the derived one (open, in_progress, awaiting_customer, resolved, closed)
//	owner           who has the case now
//	age_workdays    working days from the day received to closure (or the as-of day)
//	reply_hours     the first reply's promise in hours (the case's, else the policy's)
//	reply_deadline  received_at + reply_hours (as before, when the case promises it)
//	solution_days   the solution proposal's promise in working days, by level and channel
//	solution_deadline its date (YYYY-MM-DD)
//	deadlines       every deadline: kind, due, done, state
//	eightd_steps    the 8D steps: step, due, planned, done, requested, status
//	checklist       the pack's closure checklist with the case's answers, then the case's own items
func (g *Generator) derivedTime(c *casefile.Case, d map[string]any, day time.Time) {
	t := g.timeline(c, day)
	if t == nil {
		return
	}
	p := &g.pack.Policy.Policy
	d["status"] = t.Status
	d["owner"] = t.Owner
	d["age_workdays"] = t.AgeWorkdays
	channel, level := text(c.Root, "/intake/channel"), text(c.Root, "/intake/level")
	reply, _, solDays := p.For(channel, level)
	if n := c.Root.Lookup("/intake/promised_reply_hours"); n != nil && n.Kind == casefile.Number {
		d["reply_hours"] = n.Data()
	} else {
		d["reply_hours"] = int(reply / time.Hour)
		d["reply_deadline"] = t.Received.Add(reply).Format(time.RFC3339)
	}
	d["solution_days"] = solDays
	if s := g.pack.Calendar.AddWorkdays(t.Received, solDays); !s.Date.IsZero() {
		d["solution_deadline"] = s.Date.Format(time.DateOnly)
	}
	var dls []any
	for _, x := range t.Deadlines {
		dls = append(dls, map[string]any{"kind": x.Kind, "due": stamp(x.Due, x.WholeDay), "done": stamp(x.Done, x.WholeDay), "state": x.State})
	}
	d["deadlines"] = dls
	if steps := timeline.Steps(c.Root, p, g.pack.Calendar, asOf(c, day)); steps != nil {
		out := make([]any, 0, len(steps))
		for _, s := range steps {
			out = append(out, map[string]any{"step": s.Step, "due": dayText(s.Due), "planned": dayText(s.Planned),
				"done": dayText(s.Done), "requested": s.Requested, "status": s.Status})
		}
		d["eightd_steps"] = out
	}
	var cl []any
	for _, l := range timeline.Checklist(c.Root, p.Checklist) {
		cl = append(cl, map[string]any{"id": l.ID, "item": l.Item, "done": l.Done, "note": l.Note, "answered": l.Answered})
	}
	d["checklist"] = cl
}

func text(root *casefile.Node, ptr string) string {
	if n := root.Lookup(ptr); n != nil {
		return n.Text
	}
	return ""
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func stamp(t time.Time, wholeDay bool) string {
	if wholeDay {
		return dayText(t)
	}
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
