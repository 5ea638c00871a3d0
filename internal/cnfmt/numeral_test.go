package cnfmt

import (
	"math"
	"testing"
)

func TestNumeral(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "零"},
		{1, "一"},
		{2, "二"},
		{3, "三"},
		{9, "九"},
		{10, "十"},
		{11, "十一"},
		{12, "十二"},
		{19, "十九"},
		{20, "二十"},
		{21, "二十一"},
		{99, "九十九"},
		{100, "一百"},
		{101, "一百零一"},
		{105, "一百零五"},
		{110, "一百一十"},
		{111, "一百一十一"},
		{120, "一百二十"},
		{130, "一百三十"},
		{1000, "一千"},
		{1001, "一千零一"},
		{1010, "一千零一十"},
		{1100, "一千一百"},
		{10000, "一万"},
		{10010, "一万零一十"},
		{10100, "一万零一百"},
		{100000, "十万"},
		{107000, "十万七千"},
		{110000, "十一万"},
		{1007000, "一百万七千"},
		{100005000, "一亿零五千"},
		{100000000, "一亿"},
		{1000000000, "十亿"},
		{1010000000, "十亿一千万"},
		{1000100000000, "一万零一亿"},
		{10000000000000000, "一亿亿"},
		{-3, "负三"},
		{-10, "负十"},
		{math.MaxInt64, "九百二十二亿三千三百七十二万零三百六十八亿五千四百七十七万五千八百零七"},
		{math.MinInt64, "负九百二十二亿三千三百七十二万零三百六十八亿五千四百七十七万五千八百零八"},
	}
	for _, tt := range tests {
		if got := Numeral(tt.n); got != tt.want {
			t.Errorf("Numeral(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}

func TestCopies(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "一式一份"},
		{2, "一式两份"},
		{3, "一式三份"},
		{4, "一式四份"},
		{10, "一式十份"},
		{12, "一式十二份"},
		{22, "一式二十二份"},
		{0, "一式零份"},
	}
	for _, tt := range tests {
		if got := Copies(tt.n); got != tt.want {
			t.Errorf("Copies(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}

// TestNumeralUpTo130 builds 0 … 130 the way a schoolbook would and
// compares, so every small count and article number is covered.
func TestNumeralUpTo130(t *testing.T) {
	digit := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	below100 := func(n int, lead bool) string {
		switch {
		case n < 10:
			return digit[n]
		case n < 20 && lead:
			return "十" + map[bool]string{true: "", false: digit[n%10]}[n%10 == 0]
		case n%10 == 0:
			return digit[n/10] + "十"
		default:
			return digit[n/10] + "十" + digit[n%10]
		}
	}
	for n := 0; n <= 130; n++ {
		want := below100(n%100, true)
		if n >= 100 {
			switch r := n - 100; {
			case r == 0:
				want = "一百"
			case r < 10:
				want = "一百零" + digit[r]
			default:
				want = "一百" + below100(r, false)
			}
		}
		if got := Numeral(n); got != want {
			t.Errorf("Numeral(%d) = %s, want %s", n, got, want)
		}
	}
}
