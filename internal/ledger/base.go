package ledger

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"github.com/kesuhq/kesu/internal/diag"
	"io"
	"strconv"
	"strings"
	"time"
)

// BaseError is a problem of a denominator CSV, at its line.
type BaseError struct {
	File string
	Line int
	Msg  string
}

func (e *BaseError) Error() string {
	return diag.Problem{File: e.File, Line: e.Line, Message: e.Msg}.String()
}

// maxBaseSize bounds a denominator file: a month a line, a century is
// a few kilobytes.
const maxBaseSize = 1 << 20

// ReadBase reads the denominators of the complaint rate from a small CSV:
// a month (2026-11) and a whole number (orders, sales) a line, an
// optional header line first (month,orders), blank lines and lines
// starting with # ignored. Every month at most once.
func ReadBase(file string, r io.Reader) ([]Base, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBaseSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBaseSize {
		return nil, &BaseError{file, 1, fmt.Sprintf("more than %d bytes: a denominator file has a line a month", maxBaseSize)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF")) // Excel's UTF-8 mark
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	var out []Base
	seen := map[string]int{}
	for first := true; ; first = false {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &BaseError{file, max(pe.Line, 1), pe.Err.Error()}
			}
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != 2 {
			return nil, &BaseError{file, line, fmt.Sprintf("%d fields, want 2: a month (2026-11) and a number", len(rec))}
		}
		month, num := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		n, nerr := strconv.ParseInt(num, 10, 64)
		t, terr := time.Parse(monthLayout, month)
		isMonth := terr == nil && t.Format(monthLayout) == month
		if first && !isMonth && nerr != nil {
			continue // the header
		}
		switch {
		case !isMonth:
			return nil, &BaseError{file, line, fmt.Sprintf("%q is not a month written YYYY-MM", month)}
		case nerr != nil || n <= 0:
			return nil, &BaseError{file, line, fmt.Sprintf("%q is not a whole number above 0", num)}
		}
		if l, dup := seen[month]; dup {
			return nil, &BaseError{file, line, fmt.Sprintf("month %s is given twice (first at line %d)", month, l)}
		}
		seen[month] = line
		out = append(out, Base{Month: month, N: n})
	}
	return out, nil
}
