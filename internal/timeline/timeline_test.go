package timeline_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/timeline"
	"github.com/kesuhq/kesu/internal/workday"
)

func calendar(t *testing.T) *workday.Calendar {
	data, err := os.ReadFile("../../templates/default/calendar/cn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return workday.MustParse(data)
}

func policy() *timeline.Policy {
	p := &timeline.Policy{Channels: map[string]timeline.Rules{
		"regulator": {ReplyHours: 12, SolutionDays: map[string]int{"normal": 2}},
	}}
	p.Defaults()
	return p
}

func load(t *testing.T, src string) *casefile.Node {
	t.Helper()
	c, err := casefile.Parse("t.yaml", []byte(src), casefile.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return c.Root
}

const head = "schema: kesu/case/v1.1\nid: KS-1\ncustomer: {name: 张三}\n"

// The solution deadline by level and channel, in working days after the
// day received, over 国庆; the first reply in calendar hours.
func TestDeadlinesByLevelAndChannel(t *testing.T) {
	cal := calendar(t)
	cases := []struct {
		channel, level string
		reply          string
		solution       string
	}{
		{"hotline", "normal", "2026-09-30T10:00:00+08:00", "2026-10-09"}, // 09-30, then 国庆: 10-08, 10-09
		{"hotline", "major", "2026-09-30T10:00:00+08:00", "2026-10-08"},
		{"hotline", "urgent", "2026-09-30T10:00:00+08:00", "2026-09-30"},
		{"hotline", "", "2026-09-30T10:00:00+08:00", "2026-10-09"}, // no level: normal
		{"regulator", "normal", "2026-09-29T22:00:00+08:00", "2026-10-08"},
		{"regulator", "urgent", "2026-09-29T22:00:00+08:00", "2026-09-30"}, // the channel sets only normal
	}
	for _, tc := range cases {
		src := head + "intake: {channel: " + tc.channel + ", received_at: 2026-09-29T10:00:00+08:00"
		if tc.level != "" {
			src += ", level: " + tc.level
		}
		src += "}\ncomplaint: {description: x}\n"
		tl := timeline.Compute(load(t, src), policy(), cal, time.Time{})
		r, s := tl.Find("reply"), tl.Find("solution")
		if r == nil || s == nil {
			t.Fatalf("%s/%s: deadlines %+v", tc.channel, tc.level, tl.Deadlines)
		}
		if got := r.Due.Format(time.RFC3339); got != tc.reply {
			t.Errorf("%s/%s: reply due %s, want %s", tc.channel, tc.level, got, tc.reply)
		}
		if got := s.Due.Format(time.DateOnly); got != tc.solution {
			t.Errorf("%s/%s: solution due %s, want %s", tc.channel, tc.level, got, tc.solution)
		}
	}
}

// A reply 96 hours after receipt is late, and the warning points at the
// log entry; a reply in time says nothing.
func TestLateReplyWarning(t *testing.T) {
	src := head + `intake: {channel: hotline, received_at: 2026-11-02T10:00:00+08:00, level: normal}
complaint: {description: x}
handling:
  log:
    - {at: 2026-11-02T10:05:00+08:00, by: 李敏, action: 登记, kind: intake}
    - {at: 2026-11-06T10:00:00+08:00, by: 李敏, action: 回电顾客, kind: reply}
`
	tl := timeline.Compute(load(t, src), policy(), calendar(t), time.Time{})
	if r := tl.Find("reply"); r == nil || r.State != timeline.Late {
		t.Fatalf("reply: %+v", r)
	}
	var found bool
	for _, w := range tl.Warnings {
		if w.Pointer == "/handling/log/1/at" && w.Line == 9 && w.Col == 12 && strings.Contains(w.Message, "first reply") && strings.Contains(w.Message, "3 days late") {
			found = true
		}
	}
	if !found {
		t.Errorf("no late-reply warning at 9:12: %+v", tl.Warnings)
	}
	onTime := strings.Replace(src, "2026-11-06T10:00", "2026-11-03T09:00", 1)
	tl = timeline.Compute(load(t, onTime), policy(), calendar(t), time.Time{})
	for _, w := range tl.Warnings {
		if strings.Contains(w.Message, "first reply") {
			t.Errorf("reply in time warned: %v", w)
		}
	}
	if r := tl.Find("reply"); r == nil || !r.Met() {
		t.Errorf("reply in time: %+v", r)
	}
}

// An open case is judged at the as-of time: the reply not yet made is open
// the same morning and overdue two days later; the status follows the log.
func TestAsOfAndStatus(t *testing.T) {
	src := head + `intake: {channel: hotline, received_at: 2026-11-02T10:00:00+08:00, level: urgent, receiver: {name: 李敏}}
complaint: {description: x}
handling:
  log:
    - {at: 2026-11-02T10:05:00+08:00, by: 李敏, action: 登记, kind: intake}
    - {at: 2026-11-02T11:00:00+08:00, by: 李敏, action: 转交客服主管, kind: escalation, from: 李敏, to: 周婷, reason: 顾客要求主管处理}
`
	root := load(t, src)
	tl := timeline.Compute(root, policy(), calendar(t), time.Time{})
	if tl.Status != timeline.StatusInProgress || tl.Owner != "周婷" || len(tl.Escalations) != 1 {
		t.Errorf("status %s owner %s escalations %v", tl.Status, tl.Owner, tl.Escalations)
	}
	if r := tl.Find("reply"); r.State != timeline.Open {
		t.Errorf("reply at the latest date: %s", r.State)
	}
	later := timeline.AsOfDate(root, time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC))
	tl = timeline.Compute(root, policy(), calendar(t), later)
	if r, s := tl.Find("reply"), tl.Find("solution"); r.State != timeline.Overdue || s.State != timeline.Overdue {
		t.Errorf("as of 11-04: reply %s, solution %s", r.State, s.State)
	}
	if tl.AgeWorkdays != 2 {
		t.Errorf("age %d, want 2", tl.AgeWorkdays)
	}
	if n := tl.Next(); n == nil || n.Kind != "reply" {
		t.Errorf("next deadline %+v", n)
	}
}

// Payment, follow-ups and the checklist at closure.
func TestPaymentFollowUpChecklist(t *testing.T) {
	src := head + `intake: {channel: hotline, received_at: 2026-11-02T10:00:00+08:00}
complaint: {description: x}
handling:
  follow_ups:
    - {due_on: 2026-11-10, by: 李敏}
settlement:
  parties: [{role: customer, name: 张三}, {role: mall, name: 商场}]
  terms:
    - {kind: refund, text: 退款, amount: 100, paid_on: 2026-11-09}
    - {kind: compensation, text: 补偿, amount: 50}
  payment: {method: 转账, due_on: 2026-11-06}
  signed_on: 2026-11-04
closure:
  closed_on: 2026-11-20
  outcome: resolved
  checklist:
    - {id: marking, done: true}
    - {item: 回收品的处置是否圆满处理, done: false, note: 待取回}
`
	p := policy()
	p.Checklist = []timeline.CheckItem{{ID: "marking", Item: "对策品的标示是否妥当"}, {ID: "returns", Item: "回收品的处置是否圆满处理"}, {ID: "costs", Item: "计算抱怨费用并加以检讨"}}
	tl := timeline.Compute(load(t, src), p, calendar(t), time.Time{})
	want := []string{
		"/handling/follow_ups/0/due_on: follow-up 1 was promised by 2026-11-10",
		"/settlement/terms/0/paid_on: the payment of term 1 was late",
		"/settlement/payment/due_on: the payment of term 2 is overdue",
		"/closure/checklist: the case is closed and its checklist leaves out 1 item(s) of the pack's list: 计算抱怨费用并加以检讨",
		`/closure/checklist/1/done: the case is closed with checklist item "回收品的处置是否圆满处理" open (待取回)`,
	}
	var got []string
	for _, w := range tl.Warnings {
		got = append(got, w.Pointer+": "+w.Message)
	}
	for _, w := range want {
		ok := false
		for _, g := range got {
			ok = ok || strings.HasPrefix(g, w)
		}
		if !ok {
			t.Errorf("missing warning %q in\n%s", w, strings.Join(got, "\n"))
		}
	}
	if tl.Status != timeline.StatusClosed || tl.AgeWorkdays != 14 {
		t.Errorf("status %s, age %d", tl.Status, tl.AgeWorkdays)
	}
}
