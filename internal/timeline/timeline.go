package timeline

import (
	"fmt"
	"github.com/kesuhq/kesu/internal/diag"
	"slices"
	"strings"
	"time"

	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/workday"
)

// The states of a deadline.
const (
	OnTime  = "on_time" // met
	Late    = "late"    // met after it passed
	Open    = "open"    // not met, not yet passed at the as-of time
	Overdue = "overdue" // not met and passed
)

// The statuses of a case, derived from its data (or stated in `status`).
const (
	StatusOpen             = "open"              // received, nothing done yet
	StatusInProgress       = "in_progress"       // being handled
	StatusAwaitingCustomer = "awaiting_customer" // a solution is proposed, the customer has not answered
	StatusResolved         = "resolved"          // agreed (settlement signed), not yet closed
	StatusClosed           = "closed"            // closure recorded
)

// Statuses lists the statuses in the order a case goes through them.
var Statuses = []string{StatusOpen, StatusInProgress, StatusAwaitingCustomer, StatusResolved, StatusClosed}

// Kinds of handling-log entries that speak to the customer: the first of
// them is the first reply, and the gaps between them are the updates.
var toCustomer = map[string]bool{"contact": true, "reply": true, "progress": true, "solution": true, "visit": true}

// Deadline is one promise of the policy and whether it was kept.
type Deadline struct {
	// Kind is reply, update, solution, payment, follow_up, D3, D4, D5 or D8.
	Kind string `json:"kind"`
	// Due is the deadline; with WholeDay it is a date and the deadline is
	// the end of that day.
	Due      time.Time `json:"due"`
	WholeDay bool      `json:"whole_day,omitempty"`
	// Done is when it was met (zero: not yet).
	Done  time.Time `json:"done,omitzero"`
	State string    `json:"state"`
	// Assumed is true when the deadline was counted over days outside the
	// pack calendar's years, as Monday–Friday.
	Assumed bool `json:"assumed,omitempty"`
	// Where the deadline is judged: the field a warning points at.
	Pointer   string `json:"pointer"`
	Line, Col int    `json:"-"`
}

// End is the last moment the deadline allows.
func (d Deadline) End() time.Time {
	if d.WholeDay {
		return d.Due.Add(24*time.Hour - time.Second)
	}
	return d.Due
}

// Met reports whether the deadline was met in time: what an on-time rate
// counts. A deadline still open is neither met nor missed.
func (d Deadline) Met() bool { return d.State == OnTime }

// Judged reports whether the deadline counts in an on-time rate: met, met
// late or overdue.
func (d Deadline) Judged() bool { return d.State != Open }

// Record is a transfer, an escalation or a handover of the case.
type Record struct {
	Kind   string    `json:"kind"`
	At     time.Time `json:"at"`
	From   string    `json:"from,omitempty"`
	To     string    `json:"to,omitempty"`
	Reason string    `json:"reason,omitempty"`
}

// Warning is a deadline missed or something left undone, at its field.
// The case's file is the caller's to add.
type Warning = diag.Problem

// Timeline is a case seen at one moment.
type Timeline struct {
	AsOf     time.Time `json:"as_of"`
	Received time.Time `json:"received"`
	// Status is the stated status when the case states one, else derived.
	Status      string     `json:"status"`
	Derived     string     `json:"derived_status"`
	Owner       string     `json:"owner,omitempty"`
	AgeWorkdays int        `json:"age_workdays"`
	Deadlines   []Deadline `json:"deadlines"`
	Escalations []Record   `json:"escalations,omitempty"`
	Warnings    []Warning  `json:"warnings,omitempty"`
}

// Find returns the first deadline of a kind, or nil.
func (t *Timeline) Find(kind string) *Deadline {
	for i := range t.Deadlines {
		if t.Deadlines[i].Kind == kind {
			return &t.Deadlines[i]
		}
	}
	return nil
}

// Next is the earliest deadline not yet met, or nil.
func (t *Timeline) Next() *Deadline {
	var next *Deadline
	for i := range t.Deadlines {
		d := &t.Deadlines[i]
		if d.Done.IsZero() && (next == nil || d.End().Before(next.End())) {
			next = d
		}
	}
	return next
}

// Upcoming is the earliest deadline still open (not met, not passed), or nil.
func (t *Timeline) Upcoming() *Deadline {
	var next *Deadline
	for i := range t.Deadlines {
		d := &t.Deadlines[i]
		if d.State == Open && (next == nil || d.End().Before(next.End())) {
			next = d
		}
	}
	return next
}

// Overdue counts the deadlines passed and not met.
func (t *Timeline) Overdue() int {
	n := 0
	for _, d := range t.Deadlines {
		if d.State == Overdue {
			n++
		}
	}
	return n
}

// LatestTime is the default as-of time of a case: the latest moment it
// records (a date counts as the end of its day), so judging a case needs no
// clock. It is zero for a case without a valid received_at.
func LatestTime(root *casefile.Node) time.Time {
	recv, ok := timeOf(root.Lookup("/intake/received_at"))
	if !ok {
		return time.Time{}
	}
	last := recv
	var walk func(n *casefile.Node, key string)
	walk = func(n *casefile.Node, key string) {
		switch n.Kind {
		case casefile.String:
			var t time.Time
			var ok bool
			switch {
			case key == "at" || strings.HasSuffix(key, "_at"):
				t, ok = timeOf(n)
			case key == "on" || key == "date" || strings.HasSuffix(key, "_on"):
				// A promise is not an event: due dates do not move "now".
				if key != "due_on" {
					t, ok = EndOfDay(n, recv.Location())
				}
			}
			if ok && t.After(last) {
				last = t
			}
		case casefile.Object:
			for i, k := range n.Keys {
				if strings.HasPrefix(k, "x-") || k == "requested_on" {
					continue
				}
				walk(n.Elems[i], k)
			}
		case casefile.Array:
			for _, e := range n.Elems {
				walk(e, key)
			}
		}
	}
	walk(root, "")
	return last
}

// AsOfDate is the end of a day, in the offset the case was received in:
// `--as-of 2026-11-05` judges the case at the close of that day.
func AsOfDate(root *casefile.Node, day time.Time) time.Time {
	loc := time.UTC
	if r, ok := timeOf(root.Lookup("/intake/received_at")); ok {
		loc = r.Location()
	}
	y, m, d := day.Date()
	return time.Date(y, m, d, 23, 59, 59, 0, loc)
}

func timeOf(n *casefile.Node) (time.Time, bool) {
	if n == nil || n.Kind != casefile.String {
		return time.Time{}, false
	}
	t, err := cnfmt.ParseDateTime(n.Text)
	return t, err == nil
}

func dateOf(n *casefile.Node, loc *time.Location) (time.Time, bool) {
	if n == nil || n.Kind != casefile.String {
		return time.Time{}, false
	}
	t, err := cnfmt.ParseDate(n.Text)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc), true
}

// EndOfDay is the last second of the date a node holds, in loc.
func EndOfDay(n *casefile.Node, loc *time.Location) (time.Time, bool) {
	t, ok := dateOf(n, loc)
	if !ok {
		return t, false
	}
	return t.Add(24*time.Hour - time.Second), true
}

func sameOrBeforeDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.In(a.Location()).Date()
	return !time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC).After(time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC))
}

// judge sets a deadline's state at asOf.
func (d *Deadline) judge(asOf time.Time) {
	end := d.End()
	switch {
	case !d.Done.IsZero() && !d.Done.After(end):
		d.State = OnTime
	case !d.Done.IsZero():
		d.State = Late
	case asOf.After(end):
		d.State = Overdue
	default:
		d.State = Open
	}
}

// calendar is what deadlines need of a working-day calendar.
type calendar interface {
	AddDays(t time.Time, n int) workday.Result
	AddWorkdays(t time.Time, n int) workday.Result
	Between(from, to time.Time) (int, bool)
	Years() []int
}

// Result is a counted date, as the calendar gives it.
type Result = workday.Result

type builder struct {
	root *casefile.Node
	p    *Policy
	cal  calendar
	asOf time.Time
	loc  *time.Location
	t    *Timeline
}

// Compute follows a valid case up to asOf (zero: LatestTime). A case
// without a valid received_at has no timeline (nil).
func Compute(root *casefile.Node, p *Policy, cal *workday.Calendar, asOf time.Time) *Timeline {
	recv, ok := timeOf(root.Lookup("/intake/received_at"))
	if !ok {
		return nil
	}
	if asOf.IsZero() {
		asOf = LatestTime(root)
	}
	b := &builder{root: root, p: p, cal: cal, asOf: asOf, loc: recv.Location(),
		t: &Timeline{AsOf: asOf, Received: recv}}
	b.status()
	b.owner()
	b.handling()
	b.payment()
	b.followUps()
	b.eightd()
	b.checklist()
	end := asOf
	if cl, ok := dateOf(root.Lookup("/closure/closed_on"), b.loc); ok {
		end = cl
	}
	n, covered := cal.Between(recv, end)
	b.t.AgeWorkdays = n
	if !covered {
		b.warnAt(root.Lookup("/intake/received_at"), "/intake/received_at",
			"the case runs past the years of the pack's calendar (%s): working days outside them are counted Monday to Friday; add the year's holidays to the calendar", years(cal))
	}
	slices.SortStableFunc(b.t.Warnings, func(a, b Warning) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return b.t
}

func years(c calendar) string {
	var s []string
	for _, y := range c.Years() {
		s = append(s, fmt.Sprint(y))
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

func (b *builder) warnAt(n *casefile.Node, ptr, format string, args ...any) {
	w := Warning{Pointer: ptr, Message: fmt.Sprintf(format, args...)}
	if n == nil {
		n = b.root.Nearest(ptr)
	}
	w.Line, w.Col = n.Line, n.Col
	b.t.Warnings = append(b.t.Warnings, w)
}

func (b *builder) add(d Deadline, n *casefile.Node) {
	if n == nil {
		n = b.root.Nearest(d.Pointer)
	}
	d.Line, d.Col = n.Line, n.Col
	d.judge(b.asOf)
	b.t.Deadlines = append(b.t.Deadlines, d)
}

// Derive returns the status the data shows.
func Derive(root *casefile.Node) string {
	if root.Get("closure") != nil {
		return StatusClosed
	}
	if root.Lookup("/settlement/signed_on") != nil {
		return StatusResolved
	}
	log := root.Lookup("/handling/log")
	if log == nil || log.Kind != casefile.Array {
		return StatusOpen
	}
	status := StatusOpen
	for _, e := range log.Elems {
		switch kind(e) {
		case "intake", "note":
		case "solution":
			status = StatusAwaitingCustomer
		default:
			status = StatusInProgress
		}
	}
	return status
}

func kind(e *casefile.Node) string {
	if k := e.Get("kind"); k != nil {
		return k.Text
	}
	return ""
}

func (b *builder) status() {
	b.t.Derived = Derive(b.root)
	b.t.Status = b.t.Derived
	if s := b.root.Get("status"); s != nil && s.Kind == casefile.String {
		b.t.Status = s.Text
	}
}

// owner is who has the case now: the last one it was handed, transferred
// or escalated to, else its receiver.
func (b *builder) owner() {
	if n := b.root.Lookup("/intake/receiver/name"); n != nil {
		b.t.Owner = n.Text
	}
	log := b.root.Lookup("/handling/log")
	if log == nil || log.Kind != casefile.Array {
		return
	}
	for _, e := range log.Elems {
		k := kind(e)
		if k != "transfer" && k != "escalation" && k != "handover" {
			continue
		}
		r := Record{Kind: k}
		r.At, _ = timeOf(e.Get("at"))
		if n := e.Get("from"); n != nil {
			r.From = n.Text
		}
		if n := e.Get("to"); n != nil {
			r.To = n.Text
			b.t.Owner = n.Text
		}
		if n := e.Get("reason"); n != nil {
			r.Reason = n.Text
		}
		b.t.Escalations = append(b.t.Escalations, r)
	}
}

// handling judges the first reply, the updates until a solution and the
// solution proposal. Entries without a kind (a v1 log) say nothing of
// whom they spoke to, so a log with no kinds is not judged on replies.
func (b *builder) handling() {
	root := b.root
	recvNode := root.Lookup("/intake/received_at")
	recv := b.t.Received
	channel, level := "", "normal"
	if n := root.Lookup("/intake/channel"); n != nil {
		channel = n.Text
	}
	if n := root.Lookup("/intake/level"); n != nil {
		level = n.Text
	}
	reply, update, solDays := b.p.For(channel, level)
	if n := root.Lookup("/intake/promised_reply_hours"); n != nil && n.Kind == casefile.Number {
		var h int
		if _, err := fmt.Sscan(n.Text, &h); err == nil && h > 0 {
			reply = hours(h)
		}
	}
	closed := root.Get("closure") != nil
	log := root.Lookup("/handling/log")
	typed := false
	var contacts []int // indexes of entries that speak to the customer
	solution := -1
	if log != nil && log.Kind == casefile.Array {
		for i, e := range log.Elems {
			k := kind(e)
			typed = typed || k != ""
			if toCustomer[k] {
				contacts = append(contacts, i)
			}
			if k == "solution" && solution < 0 {
				solution = i
			}
		}
	}
	at := func(i int) time.Time { t, _ := timeOf(log.Elems[i].Get("at")); return t }
	ptr := func(i int) string { return fmt.Sprintf("/handling/log/%d/at", i) }

	// The first reply.
	d := Deadline{Kind: "reply", Due: recv.Add(reply), Pointer: "/intake/received_at"}
	node := recvNode
	if len(contacts) > 0 {
		d.Done, d.Pointer, node = at(contacts[0]), ptr(contacts[0]), log.Elems[contacts[0]].Get("at")
	}
	if typed || !closed && (log == nil || len(log.Elems) == 0) {
		b.add(d, node)
		b.warnDeadline(b.t.Deadlines[len(b.t.Deadlines)-1], "the first reply to the customer", node)
	}

	// The solution proposal: a `solution` entry, else the signed agreement.
	sol := Deadline{Kind: "solution", WholeDay: true, Pointer: "/intake/level"}
	r := b.cal.AddWorkdays(recv, solDays)
	sol.Due, sol.Assumed = r.Date, !r.Covered
	solNode := root.Lookup("/intake/level")
	if solNode == nil {
		solNode = recvNode
		sol.Pointer = "/intake/received_at"
	}
	// A closed case that records no solution entry (a v1 log) is not
	// judged: its agreement may have been signed long after the proposal.
	var solAt time.Time
	switch {
	case solution >= 0:
		solAt = at(solution)
		sol.Done, sol.Pointer, solNode = solAt, ptr(solution), log.Elems[solution].Get("at")
	case closed:
	case root.Lookup("/settlement/signed_on") != nil:
		if t, ok := dateOf(root.Lookup("/settlement/signed_on"), b.loc); ok {
			solAt = t
			sol.Done, sol.Pointer, solNode = t, "/settlement/signed_on", root.Lookup("/settlement/signed_on")
		}
	}
	if !sol.Done.IsZero() || !closed {
		b.add(sol, solNode)
		b.warnDeadline(b.t.Deadlines[len(b.t.Deadlines)-1], fmt.Sprintf("the solution proposal (%d working day(s) after receipt, level %s)", solDays, level), solNode)
	}

	// Updates: from the first reply until the solution, the customer hears
	// from the desk at least every update hours.
	if !typed || len(contacts) == 0 {
		return
	}
	last := at(contacts[0])
	for _, i := range contacts[1:] {
		t := at(i)
		if !solAt.IsZero() && !last.Before(solAt) {
			return
		}
		u := Deadline{Kind: "update", Due: last.Add(update), Done: t, Pointer: ptr(i)}
		b.add(u, log.Elems[i].Get("at"))
		b.warnDeadline(b.t.Deadlines[len(b.t.Deadlines)-1], "a progress update", log.Elems[i].Get("at"))
		last = t
	}
	if solAt.IsZero() && !closed {
		i := contacts[len(contacts)-1]
		u := Deadline{Kind: "update", Due: last.Add(update), Pointer: ptr(i)}
		b.add(u, log.Elems[i].Get("at"))
		b.warnDeadline(b.t.Deadlines[len(b.t.Deadlines)-1], "the next progress update", log.Elems[i].Get("at"))
	}
}

func (b *builder) when(d Deadline) string {
	if d.WholeDay {
		return d.Due.Format(time.DateOnly)
	}
	return d.Due.Format("2006-01-02 15:04")
}

func (b *builder) warnDeadline(d Deadline, what string, n *casefile.Node) {
	switch d.State {
	case Late:
		if d.WholeDay {
			days := int(d.Done.Sub(d.Due).Hours()/24 + 0.5)
			b.warnAt(n, d.Pointer, "%s was late: due %s, done %s (%d day(s) late)", what, b.when(d), d.Done.Format(time.DateOnly), days)
			return
		}
		b.warnAt(n, d.Pointer, "%s was late: due %s, done %s (%s late)", what, b.when(d), d.Done.Format("2006-01-02 15:04"), span(d.Done.Sub(d.Due)))
	case Overdue:
		b.warnAt(n, d.Pointer, "%s is overdue: due %s, not done as of %s", what, b.when(d), b.asOf.Format("2006-01-02 15:04"))
	}
}

// span words a delay: hours under two days, days beyond.
func span(d time.Duration) string {
	h := int(d.Round(time.Hour) / time.Hour)
	if h < 48 {
		return fmt.Sprintf("%d h", max(h, 1))
	}
	return fmt.Sprintf("%d days", h/24)
}

// payment judges settlement.payment.due_on against each term's paid_on.
func (b *builder) payment() {
	due := b.root.Lookup("/settlement/payment/due_on")
	dueT, ok := dateOf(due, b.loc)
	terms := b.root.Lookup("/settlement/terms")
	if !ok || terms == nil || terms.Kind != casefile.Array {
		return
	}
	// A closed case that records no payment date (a v1 case) is not
	// judged on payments: it could not say when they were made.
	if b.root.Get("closure") != nil {
		recorded := false
		for _, term := range terms.Elems {
			recorded = recorded || term.Get("paid_on") != nil
		}
		if !recorded {
			return
		}
	}
	for i, term := range terms.Elems {
		if term.Get("amount") == nil {
			continue
		}
		d := Deadline{Kind: "payment", Due: dueT, WholeDay: true, Pointer: "/settlement/payment/due_on"}
		n := due
		if p := term.Get("paid_on"); p != nil {
			d.Done, _ = dateOf(p, b.loc)
			d.Pointer, n = fmt.Sprintf("/settlement/terms/%d/paid_on", i), p
		}
		b.add(d, n)
		b.warnDeadline(b.t.Deadlines[len(b.t.Deadlines)-1], fmt.Sprintf("the payment of term %d", i+1), n)
	}
}

// followUps judges the follow-ups promised before closure
// (handling.follow_ups[].due_on) against the day each was made (on).
func (b *builder) followUps() {
	list := b.root.Lookup("/handling/follow_ups")
	if list == nil || list.Kind != casefile.Array {
		return
	}
	for i, f := range list.Elems {
		due, ok := dateOf(f.Get("due_on"), b.loc)
		if !ok {
			continue
		}
		d := Deadline{Kind: "follow_up", Due: due, WholeDay: true, Pointer: fmt.Sprintf("/handling/follow_ups/%d/due_on", i)}
		n := f.Get("due_on")
		if on, ok := dateOf(f.Get("on"), b.loc); ok {
			d.Done = on
		}
		b.add(d, n)
		dl := b.t.Deadlines[len(b.t.Deadlines)-1]
		if dl.State == Overdue {
			b.warnAt(n, dl.Pointer, "follow-up %d was promised by %s and is not done as of %s", i+1, b.when(dl), b.asOf.Format(time.DateOnly))
		} else {
			b.warnDeadline(dl, fmt.Sprintf("follow-up %d", i+1), n)
		}
	}
}

// Checklist is the closure checklist a case answers: the pack's items
// first, in the pack's order, each with the case's done and note (an item
// the case does not answer is not done), then the case's own items.
type CheckLine struct {
	ID   string `json:"id,omitempty"`
	Item string `json:"item"`
	Done bool   `json:"done"`
	Note string `json:"note,omitempty"`
	// Answered is false for a pack item the case's checklist leaves out.
	Answered bool `json:"answered"`
	// Index is the item's place in closure.checklist (-1: not there).
	Index int `json:"-"`
}

// Checklist merges the pack's checklist with a case's closure.checklist.
func Checklist(root *casefile.Node, pack []CheckItem) []CheckLine {
	var out []CheckLine
	list := root.Lookup("/closure/checklist")
	var items []*casefile.Node
	if list != nil && list.Kind == casefile.Array {
		items = list.Elems
	}
	text := func(n *casefile.Node, key string) string {
		if v := n.Get(key); v != nil {
			return v.Text
		}
		return ""
	}
	used := make([]bool, len(items))
	line := func(it *casefile.Node) CheckLine {
		return CheckLine{ID: text(it, "id"), Item: text(it, "item"), Done: text(it, "done") == "true", Note: text(it, "note"), Answered: true}
	}
	for _, p := range pack {
		l := CheckLine{ID: p.ID, Item: p.Item, Index: -1}
		for i, it := range items {
			if !used[i] && (text(it, "id") == p.ID || text(it, "item") == p.Item) {
				used[i] = true
				l = line(it)
				l.ID, l.Index = p.ID, i
				if l.Item == "" {
					l.Item = p.Item
				}
				break
			}
		}
		out = append(out, l)
	}
	for i, it := range items {
		if !used[i] {
			l := line(it)
			l.Index = i
			out = append(out, l)
		}
	}
	return out
}

// checklist warns when a closed case leaves an item of the checklist open.
func (b *builder) checklist() {
	closure := b.root.Get("closure")
	if closure == nil {
		return
	}
	list := b.root.Lookup("/closure/checklist")
	var open []string
	for _, l := range Checklist(b.root, b.p.Checklist) {
		switch {
		case !l.Answered:
			open = append(open, l.Item)
		case !l.Done:
			ptr := fmt.Sprintf("/closure/checklist/%d/done", l.Index)
			b.warnAt(b.root.Lookup(ptr), ptr, "the case is closed with checklist item %q open%s", l.Item, note(l.Note))
		}
	}
	if len(open) > 0 {
		ptr := "/closure/checklist"
		n := list
		if n == nil {
			ptr, n = "/closure", closure
		}
		b.warnAt(n, ptr, "the case is closed and its checklist leaves out %d item(s) of the pack's list: %s", len(open), strings.Join(open, "；"))
	}
}

func note(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
