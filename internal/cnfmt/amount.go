package cnfmt

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Amount is a sum of money in integer 分 (cents). Never float.
//
// Valid amounts lie in 0 … [MaxAmount]; [ParseAmount] and [Sum] only return
// valid ones. Its text form (JSON, YAML) is the canonical "12800.00".
type Amount int64

// MaxAmount is the largest supported amount, 9999999999999.99 元: the
// largest sum whose 大写 needs no unit above 万亿.
const MaxAmount Amount = 999_999_999_999_999

// maxIntDigits is the number of digits of MaxAmount's 元 part.
const maxIntDigits = 13

// ErrRange is wrapped by every error about an amount outside 0 … MaxAmount.
var ErrRange = errors.New("outside the supported range 0.00 to 9999999999999.99")

// An InputError reports text that this package does not accept.
type InputError struct {
	What   string // "amount", "date" or "date-time"
	Input  string // the text as given
	Reason string // what is wrong and what is expected
	Err    error  // the underlying cause, such as ErrRange; may be nil
}

func (e *InputError) Error() string {
	return e.What + " " + strconv.Quote(e.Input) + " " + e.Reason
}

func (e *InputError) Unwrap() error { return e.Err }

const amountExample = `; expected plain digits such as "12800" or "12800.50"`

// ParseAmount reads a non-negative CNY amount written as plain digits with
// an optional '.' and at most 2 decimals: "12800", "12800.5", "0.05".
//
// Everything else is rejected with a message that says why: signs,
// exponents, NaN/Inf, spaces, thousands separators, currency symbols, more
// than 2 decimals, values above MaxAmount, and leading zeros ("012"), which
// YAML 1.1 reads as octal and which are more likely a code than a price.
func ParseAmount(s string) (Amount, error) {
	if reason := amountSyntax(s); reason != "" {
		return 0, &InputError{What: "amount", Input: s, Reason: reason}
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(whole) > maxIntDigits {
		return 0, &InputError{What: "amount", Input: s, Reason: "is " + ErrRange.Error(), Err: ErrRange}
	}
	var a Amount
	for _, c := range whole + (frac + "00")[:2] {
		a = a*10 + Amount(c-'0')
	}
	return a, nil
}

// amountSyntax returns why s is not an amount, or "" if it is one.
func amountSyntax(s string) string {
	switch t := strings.ToLower(s); {
	case s == "":
		return "is empty" + amountExample
	case strings.TrimSpace(s) != s:
		return "has spaces around it" + amountExample
	case s[0] == '-':
		return "is negative; amounts are 0 or more"
	case s[0] == '+':
		return "has a '+' sign" + amountExample
	case t == "nan" || t == "inf" || t == "infinity":
		return "is not a finite number" + amountExample
	}
	whole, frac, dot := strings.Cut(s, ".")
	if i := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' }); i >= 0 {
		switch c := s[i]; {
		case c == 'e' || c == 'E':
			return "uses exponent notation" + amountExample
		case c == ',':
			return "has a thousands separator ','" + amountExample
		default:
			r := []rune(s[i:])[0]
			return "contains " + strconv.QuoteRune(r) + amountExample
		}
	}
	switch {
	case strings.Contains(frac, "."):
		return "has more than one '.'" + amountExample
	case whole == "":
		return "has no digits before '.'" + amountExample
	case dot && frac == "":
		return "has no digits after '.'" + amountExample
	case len(whole) > 1 && whole[0] == '0':
		return "has a leading zero" + amountExample
	case len(frac) > 2:
		return fmt.Sprintf("has %d decimals; at most 2 are allowed (CNY 分)", len(frac))
	}
	return ""
}

// Validate reports, wrapping ErrRange, whether a lies outside 0 … MaxAmount.
// Amounts built by conversion or arithmetic should pass it before [Upper].
func (a Amount) Validate() error {
	if a < 0 || a > MaxAmount {
		return fmt.Errorf("amount %s is %w", a, ErrRange)
	}
	return nil
}

// String returns the canonical form with exactly 2 decimals, "12800.00".
// Out-of-range amounts are formatted too, so that they can be reported.
func (a Amount) String() string {
	var buf [24]byte
	return string(a.appendPlain(buf[:0], false))
}

// Figures returns the amount as printed in figures next to its 大写, with
// the ¥ sign and thousands separators: "¥12,800.00". A negative amount
// (invalid, but possible as a difference) is written "-¥5.00".
func (a Amount) Figures() string {
	var buf [32]byte
	return string(a.appendPlain(buf[:0], true))
}

func (a Amount) appendPlain(b []byte, figures bool) []byte {
	u := uint64(a) // the magnitude, computed without overflowing at math.MinInt64
	if a < 0 {
		b = append(b, '-')
		u = -u
	}
	if figures {
		b = append(b, "¥"...)
	}
	whole := strconv.FormatUint(u/100, 10)
	for i := range len(whole) {
		if figures && i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, whole[i])
	}
	return append(b, '.', byte('0'+u%100/10), byte('0'+u%10))
}

// Sum adds amounts, failing (wrapping ErrRange) if any of them or the total
// lies outside 0 … MaxAmount. The sum of nothing is 0.
func Sum(a ...Amount) (Amount, error) {
	var total Amount
	for i, x := range a {
		if err := x.Validate(); err != nil {
			return 0, fmt.Errorf("sum: item %d: %w", i+1, err)
		}
		// Both terms are at most MaxAmount, far below MaxInt64: no overflow.
		total += x
		if total > MaxAmount {
			return 0, fmt.Errorf("sum: total of the first %d items is %w", i+1, ErrRange)
		}
	}
	return total, nil
}

// MarshalText writes the canonical form, so JSON and YAML carry the string
// "12800.00" and no float ever touches the value.
func (a Amount) MarshalText() ([]byte, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return []byte(a.String()), nil
}

// UnmarshalText reads text with [ParseAmount].
func (a *Amount) UnmarshalText(text []byte) error {
	v, err := ParseAmount(string(text))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// UnmarshalJSON accepts a JSON string ("12800.50") or a JSON number
// (12800.5); a number is read from its digits exactly as written, so
// 1.2e3 and 0.125 are rejected rather than rounded. null leaves a unchanged.
func (a *Amount) UnmarshalJSON(data []byte) error {
	s := string(data)
	if s == "null" {
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
	}
	return a.UnmarshalText([]byte(s))
}
