package cnfmt

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	good := []struct {
		in   string
		want Amount
	}{
		{"0", 0},
		{"0.0", 0},
		{"0.00", 0},
		{"0.05", 5},
		{"0.5", 50},
		{"1", 100},
		{"12800", 1280000},
		{"12800.5", 1280050},
		{"12800.00", 1280000},
		{"9999999999999.99", MaxAmount},
		{"9999999999999", MaxAmount - 99},
	}
	for _, tt := range good {
		if got, err := ParseAmount(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}

	bad := []struct {
		in   string
		want string // must appear in the message
	}{
		{"", "is empty"},
		{" 12", "spaces"},
		{"12 ", "spaces"},
		{"-5", "negative"},
		{"-0", "negative"},
		{"+5", "'+' sign"},
		{"1.2e3", "exponent"},
		{"1E3", "exponent"},
		{"NaN", "not a finite number"},
		{"Inf", "not a finite number"},
		{"-Inf", "negative"},
		{"infinity", "not a finite number"},
		{"12,800", "thousands separator"},
		{"12.345", `amount "12.345" has 3 decimals; at most 2 are allowed (CNY 分)`},
		{"0.001", "3 decimals"},
		{"12.", "no digits after '.'"},
		{".5", "no digits before '.'"},
		{".", "no digits before '.'"},
		{"1.2.3", "more than one '.'"},
		{"012", "leading zero"},
		{"00.5", "leading zero"},
		{"¥12", "contains '¥'"},
		{"１２", "contains '１'"},
		{"12元", "contains '元'"},
		{"0x10", "contains 'x'"},
		{"10000000000000", "outside the supported range"},
		{"99999999999999999999999", "outside the supported range"},
	}
	for _, tt := range bad {
		_, err := ParseAmount(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseAmount(%q) error = %v, want one containing %q", tt.in, err, tt.want)
			continue
		}
		var ie *InputError
		if !errors.As(err, &ie) || ie.Input != tt.in || ie.What != "amount" {
			t.Errorf("ParseAmount(%q) error = %#v, want an *InputError for it", tt.in, err)
		}
	}
	if _, err := ParseAmount("10000000000000"); !errors.Is(err, ErrRange) {
		t.Errorf("out-of-range error %v does not wrap ErrRange", err)
	}
}

func TestAmountString(t *testing.T) {
	tests := []struct {
		a            Amount
		str, figures string
	}{
		{0, "0.00", "¥0.00"},
		{5, "0.05", "¥0.05"},
		{50, "0.50", "¥0.50"},
		{100, "1.00", "¥1.00"},
		{99999, "999.99", "¥999.99"},
		{100000, "1000.00", "¥1,000.00"},
		{1280000, "12800.00", "¥12,800.00"},
		{10000000, "100000.00", "¥100,000.00"},
		{123456789, "1234567.89", "¥1,234,567.89"},
		{MaxAmount, "9999999999999.99", "¥9,999,999,999,999.99"},
		{-500, "-5.00", "-¥5.00"},
		{math.MinInt64, "-92233720368547758.08", "-¥92,233,720,368,547,758.08"},
	}
	for _, tt := range tests {
		if got := tt.a.String(); got != tt.str {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(tt.a), got, tt.str)
		}
		if got := tt.a.Figures(); got != tt.figures {
			t.Errorf("Amount(%d).Figures() = %q, want %q", int64(tt.a), got, tt.figures)
		}
	}
}

func TestSum(t *testing.T) {
	if got, err := Sum(); got != 0 || err != nil {
		t.Errorf("Sum() = %v, %v", got, err)
	}
	if got, err := Sum(1280000, 5, 50); got != 1280055 || err != nil {
		t.Errorf("Sum = %v, %v; want 12800.55", got, err)
	}
	if got, err := Sum(MaxAmount-1, 1); got != MaxAmount || err != nil {
		t.Errorf("Sum up to MaxAmount = %v, %v", got, err)
	}
	for _, in := range [][]Amount{
		{MaxAmount, 1},
		{MaxAmount, MaxAmount, MaxAmount},
		{5, -1},
		{math.MaxInt64, math.MaxInt64},
	} {
		if _, err := Sum(in...); !errors.Is(err, ErrRange) {
			t.Errorf("Sum(%v) error = %v, want ErrRange", in, err)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, a := range []Amount{0, 1, MaxAmount} {
		if err := a.Validate(); err != nil {
			t.Errorf("Amount(%d).Validate() = %v", int64(a), err)
		}
	}
	for _, a := range []Amount{-1, MaxAmount + 1, math.MinInt64} {
		if err := a.Validate(); !errors.Is(err, ErrRange) {
			t.Errorf("Amount(%d).Validate() = %v, want ErrRange", int64(a), err)
		}
	}
}

func TestAmountJSON(t *testing.T) {
	var v struct{ A, B, C Amount }
	v.C = 7
	if err := json.Unmarshal([]byte(`{"A": 12800.5, "B": "0.05", "C": null}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != 1280050 || v.B != 5 || v.C != 7 {
		t.Errorf("decoded %+v", v)
	}
	out, err := json.Marshal(v)
	if err != nil || string(out) != `{"A":"12800.50","B":"0.05","C":"0.07"}` {
		t.Errorf("json.Marshal = %s, %v", out, err)
	}
	for _, in := range []string{`{"A": 1.2e3}`, `{"A": 0.125}`, `{"A": -1}`, `{"A": "1,000"}`, `{"A": true}`} {
		if err := json.Unmarshal([]byte(in), &v); err == nil {
			t.Errorf("json.Unmarshal(%s) succeeded", in)
		}
	}
	if _, err := json.Marshal(struct{ A Amount }{-1}); !errors.Is(err, ErrRange) {
		t.Errorf("json.Marshal of a negative amount: %v, want ErrRange", err)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"0", "0.05", "12800.5", "9999999999999.99", "10000000000000", "012", "1.2e3", "-1", "12,800", "1.", ".5", "１", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "amount ") {
				t.Errorf("error %q does not say it is about an amount", err)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("ParseAmount(%q) = %d: %v", s, int64(a), err)
		}
		back, err := ParseAmount(a.String())
		if err != nil || back != a {
			t.Fatalf("ParseAmount(%q) = %d, but its String %q reads as %d, %v", s, int64(a), a.String(), int64(back), err)
		}
		Upper(a, StyleFull)
		Upper(a, StyleMinimal)
		AmountWordsEN(a)
	})
}

func BenchmarkFigures(b *testing.B) {
	for _, a := range []Amount{1280000, MaxAmount} {
		b.Run(a.String(), func(b *testing.B) {
			for b.Loop() {
				_ = a.Figures()
			}
		})
	}
}
