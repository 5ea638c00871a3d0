// Package workday counts deadlines the way Chinese law and office practice
// count them: working days follow the official holiday calendar (holidays
// off, adjusted weekend days on), a period in days starts the day after the
// event (民法典 第201条) and a period whose last day is not a working day
// ends on the next working day (第203条). The calendar is a file of the
// pack, so a user adds the next year's notice without a new kesu.
package workday

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"go.yaml.in/yaml/v4"
)

// Calendar is the official calendar of the years its file lists. Dates are
// compared as days: a time's date in its own offset.
type Calendar struct {
	years    map[int]bool
	holidays map[day]string // date → the holiday's name
	workdays map[day]bool   // weekend days that are worked
}

type day struct {
	y int
	m time.Month
	d int
}

func dayOf(t time.Time) day {
	y, m, d := t.Date()
	return day{y, m, d}
}

// Error is a problem of a calendar file at its line and column.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// maxYears bounds a calendar file: untrusted input, and a century of
// notices is more than any office keeps.
const maxYears = 200

// Parse reads a calendar file:
//
//	2026:
//	  holidays:
//	    - {name: 元旦, from: 2026-01-01, to: 2026-01-03}
//	  workdays: [2026-01-04]
//
// Every date must lie in the year it is listed under; holidays may not
// overlap; an adjusted working day must be a Saturday or Sunday outside
// every holiday. The problems are returned all at once, in file order.
func Parse(data []byte) (*Calendar, []*Error) {
	c := &Calendar{years: map[int]bool{}, holidays: map[day]string{}, workdays: map[day]bool{}}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []*Error{{Line: 1, Col: 1, Msg: err.Error()}}
	}
	var errs []*Error
	bad := func(n *yaml.Node, format string, args ...any) {
		errs = append(errs, &Error{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)})
	}
	if len(doc.Content) == 0 {
		return c, nil // an empty calendar: every date is outside it
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		bad(root, "expected a map of years (2026: {holidays: […], workdays: […]})")
		return nil, errs
	}
	if len(root.Content)/2 > maxYears {
		bad(root, "lists %d years; at most %d are allowed", len(root.Content)/2, maxYears)
		return nil, errs
	}
	type span struct {
		from, to time.Time
		n        *yaml.Node
		name     string
	}
	var spans []span
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		year, err := strconv.Atoi(k.Value)
		if err != nil || year < 1900 || year > 9999 {
			bad(k, "%q is not a year: expected a key like 2026", k.Value)
			continue
		}
		if c.years[year] {
			bad(k, "year %d is listed twice", year)
			continue
		}
		c.years[year] = true
		if v.Kind != yaml.MappingNode {
			bad(v, "year %d: expected {holidays: […], workdays: […]}", year)
			continue
		}
		inYear := func(n *yaml.Node) (time.Time, bool) {
			t, err := time.Parse(time.DateOnly, n.Value)
			if n.Kind != yaml.ScalarNode || err != nil {
				bad(n, "%q is not a date: expected YYYY-MM-DD of a real day", n.Value)
				return t, false
			}
			if t.Year() != year {
				bad(n, "%s is not in %d, the year it is listed under", n.Value, year)
				return t, false
			}
			return t, true
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			key, list := v.Content[j], v.Content[j+1]
			if list.Kind != yaml.SequenceNode {
				bad(list, "%s: expected a list", key.Value)
				continue
			}
			switch key.Value {
			case "holidays":
				for _, h := range list.Content {
					var s span
					s.n = h
					if h.Kind != yaml.MappingNode {
						bad(h, "expected {name: …, from: YYYY-MM-DD, to: YYYY-MM-DD}")
						continue
					}
					ok := true
					var haveFrom, haveTo bool
					for x := 0; x+1 < len(h.Content); x += 2 {
						hk, hv := h.Content[x], h.Content[x+1]
						switch hk.Value {
						case "name":
							s.name = hv.Value
						case "from":
							haveFrom = true
							t, good := inYear(hv)
							s.from, ok = t, ok && good
						case "to":
							haveTo = true
							t, good := inYear(hv)
							s.to, ok = t, ok && good
						default:
							bad(hk, "unknown field %q; expected name, from, to", hk.Value)
							ok = false
						}
					}
					if !haveFrom || !haveTo {
						bad(h, "a holiday needs from and to (the same day for a one-day holiday)")
						continue
					}
					if !ok {
						continue
					}
					if s.to.Before(s.from) {
						bad(h, "ends (%s) before it starts (%s)", s.to.Format(time.DateOnly), s.from.Format(time.DateOnly))
						continue
					}
					spans = append(spans, s)
				}
			case "workdays":
				for _, w := range list.Content {
					t, ok := inYear(w)
					if !ok {
						continue
					}
					if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
						bad(w, "%s is a %s: an adjusted working day is a Saturday or Sunday", w.Value, wd)
						continue
					}
					if c.workdays[dayOf(t)] {
						bad(w, "%s is listed twice", w.Value)
						continue
					}
					c.workdays[dayOf(t)] = true
				}
			default:
				bad(key, "unknown field %q; expected holidays or workdays", key.Value)
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	for i, s := range spans {
		if i > 0 && !s.from.After(spans[i-1].to) {
			p := spans[i-1]
			bad(s.n, "overlaps %s (%s to %s, line %d)", p.name, p.from.Format(time.DateOnly), p.to.Format(time.DateOnly), p.n.Line)
			continue
		}
		for t := s.from; !t.After(s.to); t = t.AddDate(0, 0, 1) {
			c.holidays[dayOf(t)] = s.name
		}
	}
	for _, w := range workdayNodes(root) {
		t, _ := time.Parse(time.DateOnly, w.Value)
		if name, ok := c.holidays[dayOf(t)]; ok && c.workdays[dayOf(t)] {
			bad(w, "%s is a working day and a day of %s: it can be only one", w.Value, name)
		}
	}
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b *Error) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return a.Col - b.Col
		})
		return nil, errs
	}
	return c, nil
}

// workdayNodes lists every date node under a year's workdays, for the
// check that needs the holidays known first.
func workdayNodes(root *yaml.Node) []*yaml.Node {
	var out []*yaml.Node
	for i := 1; i < len(root.Content); i += 2 {
		v := root.Content[i]
		for j := 0; j+1 < len(v.Content); j += 2 {
			if v.Content[j].Value == "workdays" {
				out = append(out, v.Content[j+1].Content...)
			}
		}
	}
	return out
}

// MustParse parses a calendar known to be good (tests, the embedded pack).
func MustParse(data []byte) *Calendar {
	c, errs := Parse(data)
	if errs != nil {
		panic(fmt.Sprint(errs))
	}
	return c
}

// Covers reports whether the calendar lists t's year. Outside its years a
// day is counted as Monday to Friday, and the caller warns.
func (c *Calendar) Covers(t time.Time) bool { return c != nil && c.years[t.Year()] }

// IsWorkday reports whether t's date is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	if c != nil {
		d := dayOf(t)
		if c.workdays[d] {
			return true
		}
		if _, ok := c.holidays[d]; ok {
			return false
		}
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Holiday returns the name of the holiday t's date falls in, or "".
func (c *Calendar) Holiday(t time.Time) string {
	if c == nil {
		return ""
	}
	return c.holidays[dayOf(t)]
}

// Result is a counted date and whether every day counted lies in the
// calendar's years (if not, those days were taken as Monday–Friday).
type Result struct {
	Date    time.Time
	Covered bool
}

// AddDays is the last day of a period of n days from the event at t: the
// period starts the next day (第201条), so its last day is t + n days; a
// last day that is not a working day moves to the next working day
// (第203条). The result is a date at 00:00 in t's location; the deadline
// is the end of that day.
func (c *Calendar) AddDays(t time.Time, n int) Result {
	y, m, d := t.Date()
	last := time.Date(y, m, d+n, 0, 0, 0, 0, t.Location())
	covered := c.Covers(last)
	for !c.IsWorkday(last) {
		last = last.AddDate(0, 0, 1)
		covered = covered && c.Covers(last)
	}
	return Result{last, covered}
}

// AddWorkdays is the n-th working day after the event at t (the event's
// own day does not count, 第201条), at 00:00 in t's location.
func (c *Calendar) AddWorkdays(t time.Time, n int) Result {
	y, m, d := t.Date()
	cur := time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	covered := true
	for n > 0 {
		cur = cur.AddDate(0, 0, 1)
		covered = covered && c.Covers(cur)
		if c.IsWorkday(cur) {
			n--
		}
	}
	return Result{cur, covered}
}

// Between counts the working days after from's date up to and including
// to's date: a case received on Friday is 1 working day old on Monday.
// It is 0 when to is not after from; covered is as in Result.
func (c *Calendar) Between(from, to time.Time) (n int, covered bool) {
	fy, fm, fd := from.Date()
	ty, tm, td := to.Date()
	cur := time.Date(fy, fm, fd, 0, 0, 0, 0, time.UTC)
	end := time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)
	covered = true
	for cur.Before(end) {
		cur = cur.AddDate(0, 0, 1)
		covered = covered && c.Covers(cur)
		if c.IsWorkday(cur) {
			n++
		}
	}
	return n, covered
}

// Years lists the calendar's years in order.
func (c *Calendar) Years() []int {
	var ys []int
	if c == nil {
		return nil
	}
	for y := range c.years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}
