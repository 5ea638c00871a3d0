package workday

import (
	"os"
	"strings"
	"testing"
	"time"
)

func pack(t *testing.T) *Calendar {
	t.Helper()
	data, err := os.ReadFile("../../templates/default/calendar/cn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, errs := Parse(data)
	if errs != nil {
		t.Fatal(errs)
	}
	return c
}

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Every holiday and adjusted working day of 国务院办公厅关于2026年部分节假日安排的通知,
// with the day on each side of every boundary.
func TestCalendar2026(t *testing.T) {
	c := pack(t)
	cases := []struct {
		day  string
		work bool
		why  string
	}{
		{"2025-12-31", true, "Wednesday before 元旦 (outside the calendar: Monday–Friday)"},
		{"2026-01-01", false, "元旦"}, {"2026-01-02", false, "元旦"}, {"2026-01-03", false, "元旦 (Saturday)"},
		{"2026-01-04", true, "Sunday worked for 元旦"}, {"2026-01-05", true, "Monday after"},
		{"2026-01-10", false, "an ordinary Saturday"},
		{"2026-02-13", true, "Friday before"}, {"2026-02-14", true, "Saturday worked for 春节"},
		{"2026-02-15", false, "春节 first day (Sunday)"}, {"2026-02-16", false, "春节 Monday"}, {"2026-02-17", false, "春节"},
		{"2026-02-18", false, "春节"}, {"2026-02-19", false, "春节"}, {"2026-02-20", false, "春节"}, {"2026-02-21", false, "春节"},
		{"2026-02-22", false, "春节"}, {"2026-02-23", false, "春节 last day (Monday)"}, {"2026-02-24", true, "Tuesday after 春节"},
		{"2026-02-27", true, "Friday"}, {"2026-02-28", true, "Saturday worked for 春节"}, {"2026-03-01", false, "Sunday after"},
		{"2026-04-03", true, "Friday before 清明"}, {"2026-04-04", false, "清明 (Saturday)"}, {"2026-04-05", false, "清明"},
		{"2026-04-06", false, "清明 (Monday)"}, {"2026-04-07", true, "Tuesday after 清明"},
		{"2026-04-30", true, "Thursday before 劳动节"}, {"2026-05-01", false, "劳动节"}, {"2026-05-02", false, "劳动节"},
		{"2026-05-03", false, "劳动节"}, {"2026-05-04", false, "劳动节 (Monday)"}, {"2026-05-05", false, "劳动节 last day (Tuesday)"},
		{"2026-05-06", true, "Wednesday after 劳动节"}, {"2026-05-08", true, "Friday"}, {"2026-05-09", true, "Saturday worked for 劳动节"},
		{"2026-05-10", false, "Sunday after"},
		{"2026-06-18", true, "Thursday before 端午"}, {"2026-06-19", false, "端午 (Friday)"}, {"2026-06-20", false, "端午"},
		{"2026-06-21", false, "端午"}, {"2026-06-22", true, "Monday after 端午"},
		{"2026-09-19", false, "Saturday before the worked Sunday"}, {"2026-09-20", true, "Sunday worked for 国庆"},
		{"2026-09-21", true, "Monday"},
		{"2026-09-24", true, "Thursday before 中秋"}, {"2026-09-25", false, "中秋 (Friday)"}, {"2026-09-26", false, "中秋"},
		{"2026-09-27", false, "中秋"}, {"2026-09-28", true, "Monday after 中秋"},
		{"2026-09-30", true, "Wednesday before 国庆"}, {"2026-10-01", false, "国庆"}, {"2026-10-02", false, "国庆"},
		{"2026-10-03", false, "国庆"}, {"2026-10-04", false, "国庆"}, {"2026-10-05", false, "国庆 (Monday)"},
		{"2026-10-06", false, "国庆"}, {"2026-10-07", false, "国庆 last day (Wednesday)"}, {"2026-10-08", true, "Thursday after 国庆"},
		{"2026-10-09", true, "Friday"}, {"2026-10-10", true, "Saturday worked for 国庆"}, {"2026-10-11", false, "Sunday after"},
		{"2027-01-01", true, "a Friday outside the calendar: Monday–Friday"},
	}
	for _, tc := range cases {
		if got := c.IsWorkday(d(tc.day)); got != tc.work {
			t.Errorf("%s (%s): workday %v, want %v", tc.day, tc.why, got, tc.work)
		}
	}
	if !c.Covers(d("2026-06-01")) || c.Covers(d("2027-01-01")) || c.Covers(d("2025-12-31")) {
		t.Error("the pack's calendar covers 2026 only")
	}
}

func TestAddDays(t *testing.T) {
	c := pack(t)
	cases := []struct {
		event   string
		n       int
		want    string
		covered bool
	}{
		{"2026-03-02", 1, "2026-03-03", true},   // the period starts the next day (第201条)
		{"2026-03-06", 1, "2026-03-09", true},   // a Saturday last day moves to Monday (第203条)
		{"2026-09-30", 1, "2026-10-08", true},   // 国庆 moves it past the holiday
		{"2026-09-29", 7, "2026-10-08", true},   // ends on 10-06, inside 国庆
		{"2026-02-13", 1, "2026-02-14", true},   // a worked Saturday is a working last day
		{"2026-01-01", 3, "2026-01-04", true},   // the worked Sunday after 元旦
		{"2026-03-10", 7, "2026-03-17", true},   // D4 of the 8D sample
		{"2026-03-10", 60, "2026-05-09", true},  // D8 of the sample: a worked Saturday stays the last day
		{"2026-03-11", 60, "2026-05-11", true},  // 05-10 is an ordinary Sunday
		{"2026-12-28", 10, "2027-01-07", false}, // past the calendar: Monday–Friday, flagged
	}
	for _, tc := range cases {
		r := c.AddDays(d(tc.event), tc.n)
		if got := r.Date.Format(time.DateOnly); got != tc.want || r.Covered != tc.covered {
			t.Errorf("AddDays(%s, %d) = %s covered %v, want %s covered %v", tc.event, tc.n, got, r.Covered, tc.want, tc.covered)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	c := pack(t)
	cases := []struct {
		event string
		n     int
		want  string
	}{
		{"2026-03-02", 3, "2026-03-05"}, // Monday + 3 working days: Thursday
		{"2026-03-05", 3, "2026-03-10"}, // over a weekend
		{"2026-02-12", 1, "2026-02-13"},
		{"2026-02-13", 1, "2026-02-14"}, // the worked Saturday before 春节
		{"2026-02-13", 2, "2026-02-24"}, // then nothing until 春节 ends
		{"2026-09-30", 1, "2026-10-08"},
		{"2026-09-30", 3, "2026-10-10"}, // 10-08, 10-09, and the worked Saturday
		{"2026-04-30", 2, "2026-05-07"},
		{"2026-12-31", 1, "2027-01-01"}, // outside: Monday–Friday
	}
	for _, tc := range cases {
		r := c.AddWorkdays(d(tc.event), tc.n)
		if got := r.Date.Format(time.DateOnly); got != tc.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tc.event, tc.n, got, tc.want)
		}
	}
	if n, ok := c.Between(d("2026-09-30"), d("2026-10-10")); n != 3 || !ok {
		t.Errorf("Between over 国庆 = %d %v, want 3 true", n, ok)
	}
	if n, ok := c.Between(d("2026-12-30"), d("2027-01-04")); n != 3 || ok {
		t.Errorf("Between past the calendar = %d %v, want 3 false", n, ok)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, src string
		line      int
		word      string
	}{
		{"overlap", "2026:\n  holidays:\n    - {name: A, from: 2026-01-01, to: 2026-01-03}\n    - {name: B, from: 2026-01-03, to: 2026-01-05}\n", 4, "overlaps A"},
		{"malformed date", "2026:\n  holidays:\n    - {name: A, from: 2026-02-30, to: 2026-03-01}\n", 3, "not a date"},
		{"reversed", "2026:\n  holidays:\n    - {name: A, from: 2026-01-05, to: 2026-01-01}\n", 3, "before it starts"},
		{"wrong year", "2026:\n  workdays: [2027-01-02]\n", 2, "not in 2026"},
		{"weekday worked", "2026:\n  workdays: [2026-01-05]\n", 2, "Saturday or Sunday"},
		{"worked holiday", "2026:\n  holidays:\n    - {name: A, from: 2026-01-03, to: 2026-01-04}\n  workdays:\n    - 2026-01-04\n", 5, "only one"},
		{"not a year", "twenty:\n  workdays: []\n", 1, "not a year"},
		{"unknown field", "2026:\n  holiday: []\n", 2, "unknown field"},
		{"missing to", "2026:\n  holidays:\n    - {name: A, from: 2026-01-03}\n", 3, "needs from and to"},
	}
	for _, tc := range cases {
		_, errs := Parse([]byte(tc.src))
		if len(errs) == 0 {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if errs[0].Line != tc.line || !strings.Contains(errs[0].Msg, tc.word) {
			t.Errorf("%s: %v, want line %d with %q", tc.name, errs[0], tc.line, tc.word)
		}
	}
}

func FuzzParse(f *testing.F) {
	data, _ := os.ReadFile("../../templates/default/calendar/cn.yaml")
	f.Add(data)
	f.Add([]byte("2026:\n  holidays: [{name: A, from: 2026-01-01, to: 2026-01-03}]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, errs := Parse(b)
		if (c == nil) == (errs == nil) {
			t.Fatalf("calendar %v and errors %v", c, errs)
		}
		if c != nil {
			c.AddWorkdays(d("2026-01-01"), 5)
		}
	})
}
