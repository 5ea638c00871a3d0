// Package timeline follows a case over time: the deadlines a pack's policy
// sets (first reply, progress updates, solution proposal, payment, follow-
// ups, 8D steps), whether each was met, the case's status, owner and age,
// and the warnings a clerk should see. It reads the positioned case tree,
// so every warning points at the field it is about. It never reads the
// clock: "now" is the as-of time the caller passes (by default the case's
// latest date), so the same case always gives the same answer.
package timeline

import (
	"fmt"
	"slices"
	"time"

	"github.com/kesuhq/kesu/internal/workday"
)

// Policy is the deadline policy of a pack (pack.yaml `policy:`). Zero
// values take the defaults of Defaults.
type Policy struct {
	// Calendar is the pack file of official holidays and adjusted working
	// days (calendar/cn.yaml).
	Calendar string `yaml:"calendar"`
	Rules    `yaml:",inline"`
	// Channels overrides the rules for a channel (regulator, hotline…);
	// what a channel leaves out comes from the rules above.
	Channels map[string]Rules `yaml:"channels"`
	EightD   EightD           `yaml:"eightd"`
	// Checklist is the closure checklist every closed case answers: a
	// case's closure.checklist ticks these items (by id, or by the
	// item's exact words) and may add its own.
	Checklist []CheckItem `yaml:"checklist"`
	// Cal is the calendar file read (set by the pack loader), so a policy
	// handed around carries the days it counts in.
	Cal *workday.Calendar `yaml:"-"`
}

// CheckItem is one item of the pack's closure checklist.
type CheckItem struct {
	ID   string `yaml:"id"`
	Item string `yaml:"item"`
}

// Rules are the deadlines of a complaint's handling.
type Rules struct {
	// ReplyHours is the first reply to the customer, in calendar hours
	// from intake.received_at; a case's intake.promised_reply_hours
	// overrides it.
	ReplyHours int `yaml:"reply_hours"`
	// UpdateHours is the longest silence towards the customer, in calendar
	// hours, from the first reply until a solution is proposed.
	UpdateHours int `yaml:"update_hours"`
	// SolutionDays is the solution proposal's deadline in working days
	// after the day received, by level (normal, major, urgent).
	SolutionDays map[string]int `yaml:"solution_days"`
}

// EightD sets the 8D steps' deadlines, counted from eightd.opened_on; a
// date the customer asked for (eightd.requested_on) replaces a step's.
type EightD struct {
	D3Hours int `yaml:"d3_hours"`
	D4Days  int `yaml:"d4_days"`
	D5Days  int `yaml:"d5_days"`
	D8Days  int `yaml:"d8_days"`
}

// Defaults fills what a pack left out: the complaint-service norms kesu
// serves (a reply within 24 hours, updates every 24 hours, a solution in
// 3, 2 or 1 working days by level) and the 8D practice (D3 24 h, D4 7
// days, D5 10 days, D8 60 days).
func (p *Policy) Defaults() {
	if p.Calendar == "" {
		p.Calendar = "calendar/cn.yaml"
	}
	if p.ReplyHours == 0 {
		p.ReplyHours = 24
	}
	if p.UpdateHours == 0 {
		p.UpdateHours = 24
	}
	def := map[string]int{"normal": 3, "major": 2, "urgent": 1}
	if p.SolutionDays == nil {
		p.SolutionDays = map[string]int{}
	}
	for k, v := range def {
		if p.SolutionDays[k] == 0 {
			p.SolutionDays[k] = v
		}
	}
	if p.EightD.D3Hours == 0 {
		p.EightD.D3Hours = 24
	}
	if p.EightD.D4Days == 0 {
		p.EightD.D4Days = 7
	}
	if p.EightD.D5Days == 0 {
		p.EightD.D5Days = 10
	}
	if p.EightD.D8Days == 0 {
		p.EightD.D8Days = 60
	}
}

// For returns the rules of a channel and level: the channel's own where it
// sets them, the pack's otherwise. A level the policy does not name is
// treated as normal.
func (p *Policy) For(channel, level string) (reply, update time.Duration, solutionDays int) {
	r := p.Rules
	if c, ok := p.Channels[channel]; ok {
		if c.ReplyHours > 0 {
			r.ReplyHours = c.ReplyHours
		}
		if c.UpdateHours > 0 {
			r.UpdateHours = c.UpdateHours
		}
		if n := c.SolutionDays[level]; n > 0 {
			return hours(r.ReplyHours), hours(r.UpdateHours), n
		}
	}
	n, ok := r.SolutionDays[level]
	if !ok {
		n = r.SolutionDays["normal"]
	}
	return hours(r.ReplyHours), hours(r.UpdateHours), n
}

func hours(h int) time.Duration { return time.Duration(h) * time.Hour }

// Check returns what is wrong with a policy, as messages about its fields.
func (p *Policy) Check() []string {
	var out []string
	neg := func(name string, v int) {
		if v < 0 || v > 10000 {
			out = append(out, name+": expected a number from 1 to 10000")
		}
	}
	check := func(prefix string, r Rules) {
		neg(prefix+"reply_hours", r.ReplyHours)
		neg(prefix+"update_hours", r.UpdateHours)
		for k, v := range r.SolutionDays {
			if k != "normal" && k != "major" && k != "urgent" {
				out = append(out, prefix+"solution_days."+k+": expected normal, major or urgent")
			}
			neg(prefix+"solution_days."+k, v)
		}
	}
	check("policy.", p.Rules)
	for ch, r := range p.Channels {
		check("policy.channels."+ch+".", r)
	}
	neg("policy.eightd.d3_hours", p.EightD.D3Hours)
	neg("policy.eightd.d4_days", p.EightD.D4Days)
	neg("policy.eightd.d5_days", p.EightD.D5Days)
	neg("policy.eightd.d8_days", p.EightD.D8Days)
	ids := map[string]bool{}
	for i, it := range p.Checklist {
		if it.ID == "" || it.Item == "" {
			out = append(out, fmt.Sprintf("policy.checklist[%d]: expected {id: …, item: …}", i))
		} else if ids[it.ID] {
			out = append(out, fmt.Sprintf("policy.checklist[%d]: id %q is used twice", i, it.ID))
		}
		ids[it.ID] = true
	}
	slices.Sort(out)
	return out
}
