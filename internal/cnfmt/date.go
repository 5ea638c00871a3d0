package cnfmt

import (
	"fmt"
	"time"
)

// ParseDate reads a calendar date written strictly as ISO 8601 YYYY-MM-DD
// ("2026-11-05") and returns midnight UTC of that day. It rejects dates
// that do not exist (2026-02-30, 2026-13-01) and unpadded forms
// ("2026-1-5").
func ParseDate(s string) (time.Time, error) {
	if !digitsAt(s, "dddd-dd-dd") {
		return time.Time{}, &InputError{What: "date", Input: s, Reason: `is not a date of the form YYYY-MM-DD such as "2026-11-05"`}
	}
	t, reason := calendarDate(s)
	if reason != "" {
		return time.Time{}, &InputError{What: "date", Input: s, Reason: reason}
	}
	return t, nil
}

// calendarDate returns midnight UTC of s, which matches "dddd-dd-dd", or the
// reason why that day does not exist.
func calendarDate(s string) (time.Time, string) {
	y, m, d := atoi(s[0:4]), time.Month(atoi(s[5:7])), atoi(s[8:10])
	if y == 0 {
		return time.Time{}, "has year 0000; the calendar's years start at 0001"
	}
	if m < 1 || m > 12 {
		return time.Time{}, fmt.Sprintf("has month %02d; months run from 01 to 12", int(m))
	}
	// Day 0 of the next month is the last day of this one.
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); d < 1 || d > last {
		return time.Time{}, fmt.Sprintf("does not exist: %s %04d has days 01 to %d", m, y, last)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), ""
}

// ParseDateTime reads a date-time written strictly in RFC 3339 with its
// offset: "2026-11-03T10:20:00+08:00" or "2026-11-03T02:20:00Z", optionally
// with fractional seconds (kept to the nanosecond). The result keeps the
// wall time of the given offset in a fixed zone (UTC for Z and +00:00), so
// formatting it never depends on the machine's local zone. Leap seconds
// (:60), a lowercase t or z, a space for T and offsets without a colon are
// rejected.
func ParseDateTime(s string) (time.Time, error) {
	fail := func(reason string) (time.Time, error) {
		return time.Time{}, &InputError{What: "date-time", Input: s, Reason: reason}
	}
	const want = `is not an RFC 3339 date-time with offset such as "2026-11-03T10:20:00+08:00"`
	if len(s) < len("2006-01-02T15:04:05Z") || !digitsAt(s[:19], "dddd-dd-ddTdd:dd:dd") {
		return fail(want)
	}
	date, reason := calendarDate(s[:10])
	if reason != "" {
		return fail(reason)
	}
	h, mi, sec := atoi(s[11:13]), atoi(s[14:16]), atoi(s[17:19])
	if h > 23 || mi > 59 || sec > 59 {
		return fail("has a time of day outside 00:00:00 to 23:59:59")
	}
	rest, nsec := s[19:], 0
	if rest[0] == '.' {
		frac := rest[1:]
		n := 0
		for n < len(frac) && frac[n] >= '0' && frac[n] <= '9' {
			n++
		}
		if n == 0 {
			return fail(want)
		}
		for i := range 9 {
			nsec *= 10
			if i < n {
				nsec += int(frac[i] - '0')
			}
		}
		rest = frac[n:]
	}
	zone := time.UTC
	switch {
	case rest == "Z":
	case digitsAt(rest, "+dd:dd") || digitsAt(rest, "-dd:dd"):
		oh, om := atoi(rest[1:3]), atoi(rest[4:6])
		if oh > 23 || om > 59 {
			return fail("has an offset outside -23:59 to +23:59")
		}
		offset := (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
		if offset != 0 {
			zone = time.FixedZone(rest, offset)
		}
	default:
		return fail(want)
	}
	return time.Date(date.Year(), date.Month(), date.Day(), h, mi, sec, nsec, zone), nil
}

// Date formats a date for a Chinese document without zero padding:
// "2026-11-05" → "2026年11月5日". It accepts what [ParseDate] accepts and
// RFC 3339 date-times, whose date is taken in their own offset
// ("2026-11-03T23:30:00-05:00" → "2026年11月3日").
func Date(iso string) (string, error) {
	t, err := parseDateOrDateTime(iso)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()), nil
}

// DateTime formats an RFC 3339 date-time (see [ParseDateTime]) for a
// Chinese document: "2026-11-03T10:20:00+08:00" → "2026年11月3日 10:20".
// The wall time of the given offset is kept, never converted to the
// machine's zone. The date is unpadded; the time is the usual 24-hour
// HH:MM ("09:05") and drops seconds, which complaint records do not need.
func DateTime(rfc3339 string) (string, error) {
	t, err := ParseDateTime(rfc3339)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d年%d月%d日 %02d:%02d", t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute()), nil
}

// DateEN formats a date for English documents in the day-month-year office
// style, "5 November 2026", which neither US nor European readers can
// mistake the way they can 11/05/2026. It accepts what [Date] accepts.
func DateEN(iso string) (string, error) {
	t, err := parseDateOrDateTime(iso)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d %s %d", t.Day(), t.Month(), t.Year()), nil
}

// parseDateOrDateTime reads a date, or a date-time if s is longer than one.
func parseDateOrDateTime(s string) (time.Time, error) {
	if len(s) > len("2006-01-02") {
		return ParseDateTime(s)
	}
	return ParseDate(s)
}

// digitsAt reports whether s matches pattern, in which 'd' stands for an
// ASCII digit and every other byte for itself.
func digitsAt(s, pattern string) bool {
	if len(s) != len(pattern) {
		return false
	}
	for i := range len(s) {
		if pattern[i] == 'd' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if s[i] != pattern[i] {
			return false
		}
	}
	return true
}

// atoi converts a string of ASCII digits, already checked by digitsAt.
func atoi(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
