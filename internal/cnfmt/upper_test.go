package cnfmt

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUpper(t *testing.T) {
	tests := []struct {
		in      string
		full    string
		minimal string // "" when it equals full
	}{
		// The vectors of the project spec, in the default style.
		{"1200", "人民币壹仟贰佰元整", ""},
		{"10", "人民币壹拾元整", ""},
		{"10005", "人民币壹万零伍元整", ""},
		{"1409.50", "人民币壹仟肆佰零玖元伍角整", ""},
		{"6007.14", "人民币陆仟零柒元壹角肆分", ""},
		{"16409.02", "人民币壹万陆仟肆佰零玖元零贰分", ""},
		{"325.04", "人民币叁佰贰拾伍元零肆分", ""},
		{"1680.32", "人民币壹仟陆佰捌拾元零叁角贰分", "人民币壹仟陆佰捌拾元叁角贰分"},
		{"107000.53", "人民币壹拾万零柒仟元零伍角叁分", "人民币壹拾万柒仟元伍角叁分"},
		{"1200000", "人民币壹佰贰拾万元整", ""},
		{"100000005", "人民币壹亿零伍元整", ""},
		{"100005000", "人民币壹亿零伍仟元整", ""},
		{"0.50", "人民币伍角整", ""},

		{"0", "人民币零元整", ""},
		{"0.05", "人民币伍分", ""},
		{"0.10", "人民币壹角整", ""},
		{"0.11", "人民币壹角壹分", ""},
		{"1.00", "人民币壹元整", ""},
		{"1.01", "人民币壹元零壹分", ""},
		{"10.5", "人民币壹拾元零伍角整", "人民币壹拾元伍角整"},
		{"11", "人民币壹拾壹元整", ""},
		{"110", "人民币壹佰壹拾元整", ""},
		{"1010.01", "人民币壹仟零壹拾元零壹分", ""},
		{"10000.10", "人民币壹万元零壹角整", "人民币壹万元壹角整"},
		{"100000", "人民币壹拾万元整", ""},
		{"110000", "人民币壹拾壹万元整", ""},
		{"100010", "人民币壹拾万零壹拾元整", ""},
		{"1007000", "人民币壹佰万零柒仟元整", "人民币壹佰万柒仟元整"},
		{"1000000.01", "人民币壹佰万元零壹分", ""},
		{"100000000", "人民币壹亿元整", ""},
		{"100000000.50", "人民币壹亿元零伍角整", "人民币壹亿元伍角整"},
		{"100010001", "人民币壹亿零壹万零壹元整", ""},
		{"101007000", "人民币壹亿零壹佰万零柒仟元整", "人民币壹亿零壹佰万柒仟元整"},
		{"905000000.00", "人民币玖亿零伍佰万元整", ""},
		{"1000000000", "人民币壹拾亿元整", ""},
		{"1050000000", "人民币壹拾亿零伍仟万元整", ""},
		{"1000100000", "人民币壹拾亿零壹拾万元整", ""},
		{"1000000000000", "人民币壹万亿元整", ""},
		{"1000100000000", "人民币壹万零壹亿元整", ""},
		{"1200000000000", "人民币壹万贰仟亿元整", ""},
		{"9999999999999.99", "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分", ""},
	}
	for _, tt := range tests {
		a, err := ParseAmount(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if tt.minimal == "" {
			tt.minimal = tt.full
		}
		for _, c := range []struct {
			style Style
			want  string
		}{{StyleFull, tt.full}, {StyleMinimal, tt.minimal}} {
			if got := Upper(a, c.style); got != c.want {
				t.Errorf("Upper(%s, %v) = %s, want %s", tt.in, c.style, got, c.want)
			}
		}
	}
}

func TestUpperDefaultStyleIsFull(t *testing.T) {
	var zero Style
	if got, want := Upper(168032, zero), Upper(168032, StyleFull); got != want {
		t.Errorf("zero Style gives %s, want %s", got, want)
	}
	if got, want := Upper(168032, Style(9)), Upper(168032, StyleFull); got != want {
		t.Errorf("unknown Style gives %s, want %s", got, want)
	}
}

func TestUpperPanicsOutOfRange(t *testing.T) {
	for _, a := range []Amount{-1, MaxAmount + 1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Upper(%d) did not panic", a)
				}
			}()
			Upper(a, StyleFull)
		}()
	}
}

func TestStyleText(t *testing.T) {
	for _, s := range []Style{StyleFull, StyleMinimal} {
		var got Style = 7
		if err := got.UnmarshalText([]byte(s.String())); err != nil || got != s {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", s.String(), got, err, s)
		}
	}
	var s Style
	if err := s.UnmarshalText([]byte("Minimal")); err == nil || !strings.Contains(err.Error(), `"full" or "minimal"`) {
		t.Errorf("UnmarshalText(Minimal) error = %v, want one naming the accepted styles", err)
	}
	if got := Style(9).String(); got != "Style(9)" {
		t.Errorf("Style(9).String() = %q", got)
	}
}

// TestUpperProperties checks random amounts, spread over all magnitudes,
// against rules that hold for every 大写, and reads StyleFull and
// StyleMinimal back with an independent parser.
func TestUpperProperties(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range n {
		a := randomAmount(rng)
		for _, style := range []Style{StyleFull, StyleMinimal} {
			s := Upper(a, style)
			if err := checkUpper(a, style, s); err != nil {
				t.Fatalf("Upper(%s, %v) = %s: %v", a, style, s, err)
			}
		}
	}
}

// randomAmount returns an amount whose number of digits is uniform, with
// many zeros, since zeros are where 大写 goes wrong.
func randomAmount(rng *rand.Rand) Amount {
	digits := 1 + rng.IntN(15)
	var a Amount
	for range digits {
		d := Amount(0)
		if rng.IntN(2) == 0 {
			d = Amount(rng.IntN(10))
		}
		a = a*10 + d
	}
	return a
}

func checkUpper(a Amount, style Style, s string) error {
	if !strings.HasPrefix(s, "人民币") {
		return fmt.Errorf("does not start with 人民币")
	}
	if !strings.HasSuffix(s, "整") && !strings.HasSuffix(s, "分") {
		return fmt.Errorf("ends with neither 整 nor 分")
	}
	if strings.HasSuffix(s, "分整") {
		return fmt.Errorf("整 after 分")
	}
	if strings.Contains(s, "零零") {
		return fmt.Errorf("contains 零零")
	}
	if a != 0 && strings.Contains(s, "零元") {
		return fmt.Errorf("零 before 元")
	}
	for _, unit := range []string{"拾", "佰", "仟", "万", "亿", "元", "角", "分", "整"} {
		if a != 0 && strings.Contains(s, "零"+unit) {
			return fmt.Errorf("零 directly before %s", unit)
		}
	}
	// Every 拾 has its digit, including a leading one.
	body := []rune(strings.TrimPrefix(s, "人民币"))
	for i, r := range body {
		if r == '拾' && (i == 0 || upperDigitValue(body[i-1]) < 1) {
			return fmt.Errorf("拾 without a digit before it")
		}
	}
	got, err := parseUpper(s)
	if err != nil {
		return err
	}
	if got != a {
		return fmt.Errorf("reads back as %s", got)
	}
	if want := countZeros(a, style); strings.Count(s, "零") != want && a != 0 {
		return fmt.Errorf("has %d 零, want %d", strings.Count(s, "零"), want)
	}
	return nil
}

// countZeros counts, from the digits of a alone, the 零 a style must write:
// one per run of zeros between non-zero digits, less for StyleMinimal the
// runs ending at 元 before a non-zero 角 and those ending at 万 before a
// non-zero 仟 with a non-zero digit above in the 万 group.
func countZeros(a Amount, style Style) int {
	digits := fmt.Sprintf("%015d", int64(a)) // digits[14] is 分, [12] 元, [8] 万
	count := 0
	for i := 1; i < len(digits); i++ {
		if digits[i] != '0' && digits[i-1] == '0' {
			start := strings.LastIndexFunc(digits[:i], func(r rune) bool { return r != '0' })
			if start < 0 {
				continue // leading zeros
			}
			optional := i-1 == 12 || i-1 == 8 && start >= 5
			if style == StyleFull || !optional {
				count++
			}
		}
	}
	return count
}

// upperDigitValue returns the value of a 大写 digit, or -1.
func upperDigitValue(r rune) int {
	i := strings.IndexRune("零壹贰叁肆伍陆柒捌玖", r)
	if i < 0 {
		return -1
	}
	return i / utf8.RuneLen(r)
}

// parseUpper reads 人民币大写 back into an amount. It is written without
// reference to Upper: 零 is skipped, 拾佰仟 multiply the digit before them,
// 万 and 亿 multiply what was written since the last larger unit.
func parseUpper(s string) (Amount, error) {
	body, ok := strings.CutPrefix(s, "人民币")
	if !ok {
		return 0, fmt.Errorf("no 人民币")
	}
	var yi, wan, section, digit, yuan, fen int64
	seenDigit := false
	for _, r := range body {
		if v := upperDigitValue(r); v >= 0 {
			if v > 0 && seenDigit {
				return 0, fmt.Errorf("two digits in a row at %q", r)
			}
			digit, seenDigit = int64(v), v > 0
			continue
		}
		seenDigit = false
		switch r {
		case '拾', '佰', '仟':
			section += digit * map[rune]int64{'拾': 10, '佰': 100, '仟': 1000}[r]
		case '万':
			wan += (section + digit) * 1e4
			section = 0
		case '亿':
			yi += (wan + section + digit) * 1e8
			wan, section = 0, 0
		case '元':
			yuan = yi + wan + section + digit
			yi, wan, section = 0, 0, 0
		case '角':
			fen += digit * 10
		case '分':
			fen += digit
		case '整':
		default:
			return 0, fmt.Errorf("unexpected %q", r)
		}
		digit = 0
	}
	if yi+wan+section+digit != 0 {
		return 0, fmt.Errorf("digits after the last unit")
	}
	return Amount(yuan*100 + fen), nil
}

func BenchmarkUpper(b *testing.B) {
	for _, a := range []Amount{120000, 10700053, 999999999999999} {
		b.Run(a.String(), func(b *testing.B) {
			for b.Loop() {
				Upper(a, StyleFull)
			}
		})
	}
}
