package cnfmt

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2026-11-05", "2028-02-29", "2000-02-29", "2026-12-31", "0001-01-01"} {
		d, err := ParseDate(s)
		if err != nil || d.Format(time.DateOnly) != s || d.Location() != time.UTC || d.Hour() != 0 {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	bad := []struct{ in, want string }{
		{"2026-02-29", "does not exist: February 2026 has days 01 to 28"},
		{"2026-02-30", "does not exist"},
		{"1900-02-29", "does not exist"},
		{"2026-04-31", "April 2026 has days 01 to 30"},
		{"2026-11-00", "does not exist"},
		{"2026-13-01", "has month 13; months run from 01 to 12"},
		{"2026-00-10", "has month 00"},
		{"2026-1-5", "YYYY-MM-DD"},
		{"2026/11/05", "YYYY-MM-DD"},
		{"26-11-05", "YYYY-MM-DD"},
		{"2026-11-05 ", "YYYY-MM-DD"},
		{"2026-11-05T00:00:00Z", "YYYY-MM-DD"},
		{"２026-11-05", "YYYY-MM-DD"},
		{"", "YYYY-MM-DD"},
	}
	for _, tt := range bad {
		_, err := ParseDate(tt.in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.What != "date" || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDate(%q) error = %v, want an *InputError containing %q", tt.in, err, tt.want)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	good := []struct {
		in     string
		wall   string // in the given offset
		offset int    // seconds east of UTC
	}{
		{"2026-11-03T10:20:00+08:00", "2026-11-03 10:20:00", 8 * 3600},
		{"2026-11-03T02:20:00Z", "2026-11-03 02:20:00", 0},
		{"2026-11-03T02:20:00+00:00", "2026-11-03 02:20:00", 0},
		{"2026-11-03T23:30:00-05:00", "2026-11-03 23:30:00", -5 * 3600},
		{"2026-11-03T10:20:00.123456789123+05:45", "2026-11-03 10:20:00.123456789", 5*3600 + 45*60},
		{"2028-02-29T00:00:00+08:00", "2028-02-29 00:00:00", 8 * 3600},
	}
	for _, tt := range good {
		d, err := ParseDateTime(tt.in)
		if err != nil {
			t.Errorf("ParseDateTime(%q): %v", tt.in, err)
			continue
		}
		_, off := d.Zone()
		if got := d.Format("2006-01-02 15:04:05.999999999"); got != tt.wall || off != tt.offset || d.Location() == time.Local {
			t.Errorf("ParseDateTime(%q) = %v (offset %d), want %s at %d", tt.in, d, off, tt.wall, tt.offset)
		}
	}
	bad := []struct{ in, want string }{
		{"2026-11-03T10:20:00", "with offset"},
		{"2026-11-03", "with offset"},
		{"2026-11-03 10:20:00+08:00", "with offset"},
		{"2026-11-03t10:20:00Z", "with offset"},
		{"2026-11-03T10:20:00z", "with offset"},
		{"2026-11-03T10:20+08:00", "with offset"},
		{"2026-11-03T1:20:00+08:00", "with offset"},
		{"2026-11-03T10:20:00+0800", "with offset"},
		{"2026-11-03T10:20:00+08", "with offset"},
		{"2026-11-03T10:20:00.+08:00", "with offset"},
		{"2026-11-03T10:20:00,5+08:00", "with offset"},
		{"2026-11-03T10:20:00+08:00 ", "with offset"},
		{"2026-11-03T24:00:00Z", "time of day"},
		{"2026-11-03T10:60:00Z", "time of day"},
		{"2026-12-31T23:59:60Z", "time of day"},
		{"2026-11-03T10:20:00+24:00", "offset outside"},
		{"2026-11-03T10:20:00+08:60", "offset outside"},
		{"2026-02-29T10:20:00+08:00", "does not exist"},
		{"2026-13-01T10:20:00+08:00", "has month 13"},
	}
	for _, tt := range bad {
		_, err := ParseDateTime(tt.in)
		var ie *InputError
		if !errors.As(err, &ie) || ie.What != "date-time" || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDateTime(%q) error = %v, want an *InputError containing %q", tt.in, err, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	tests := []struct{ in, zh, en string }{
		{"2026-11-05", "2026年11月5日", "5 November 2026"},
		{"2026-01-01", "2026年1月1日", "1 January 2026"},
		{"2028-02-29", "2028年2月29日", "29 February 2028"},
		{"2026-11-03T10:20:00+08:00", "2026年11月3日", "3 November 2026"},
		// The date in the time's own offset: in Beijing it is already the 4th.
		{"2026-11-03T23:30:00-05:00", "2026年11月3日", "3 November 2026"},
		{"2026-11-03T20:30:00Z", "2026年11月3日", "3 November 2026"},
	}
	for _, tt := range tests {
		if got, err := Date(tt.in); got != tt.zh || err != nil {
			t.Errorf("Date(%q) = %q, %v; want %q", tt.in, got, err, tt.zh)
		}
		if got, err := DateEN(tt.in); got != tt.en || err != nil {
			t.Errorf("DateEN(%q) = %q, %v; want %q", tt.in, got, err, tt.en)
		}
	}
	for _, in := range []string{"2026-02-29", "2026-02-30", "2026-1-5", "", "2026-11-03T10:20:00"} {
		if got, err := Date(in); err == nil {
			t.Errorf("Date(%q) = %q, want an error", in, got)
		}
		if got, err := DateEN(in); err == nil {
			t.Errorf("DateEN(%q) = %q, want an error", in, got)
		}
	}
}

func TestDateTime(t *testing.T) {
	// Whatever the machine's zone, the wall time of the given offset is kept.
	defer func(l *time.Location) { time.Local = l }(time.Local)
	for _, local := range []*time.Location{time.UTC, time.FixedZone("EST", -5*3600), time.FixedZone("CST", 8*3600)} {
		time.Local = local
		tests := []struct{ in, want string }{
			{"2026-11-03T10:20:00+08:00", "2026年11月3日 10:20"},
			{"2026-11-03T09:05:59+08:00", "2026年11月3日 09:05"},
			{"2026-11-03T23:30:00-05:00", "2026年11月3日 23:30"},
			{"2026-01-02T00:00:00Z", "2026年1月2日 00:00"},
		}
		for _, tt := range tests {
			if got, err := DateTime(tt.in); got != tt.want || err != nil {
				t.Errorf("with Local=%v, DateTime(%q) = %q, %v; want %q", local, tt.in, got, err, tt.want)
			}
		}
	}
	for _, in := range []string{"2026-11-03", "2026-11-03T10:20:00", "2026-02-29T10:20:00+08:00"} {
		if got, err := DateTime(in); err == nil {
			t.Errorf("DateTime(%q) = %q, want an error", in, got)
		}
	}
}
