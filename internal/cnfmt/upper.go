package cnfmt

import (
	"fmt"
	"strings"
)

// Style selects which of the optional 零 [Upper] writes. The central bank's
// 正确填写票据和结算凭证的基本规定 requires a 零 for most runs of zeros and
// makes a few optional; the styles differ only in those few.
type Style uint8

const (
	// StyleFull, the default, writes one 零 for every run of zeros that lies
	// between two non-zero digits, counting the 角 and 分 digits and any
	// whole 万 group that is skipped: 1680.32 → 壹仟陆佰捌拾元零叁角贰分,
	// 107000.53 → 壹拾万零柒仟元零伍角叁分, 100005000 → 壹亿零伍仟元整.
	StyleFull Style = iota

	// StyleMinimal leaves out exactly the 零 that the rule "万位或元位是0，
	// 或者数字中间连续有几个0，万位、元位也是0，但千位、角位不是0时，
	// 中文大写金额中可以只写一个零字，也可以不写零字" makes optional:
	//
	//   - a run of zeros that ends at the 元 digit while the 角 digit is
	//     non-zero: 1680.32 → 壹仟陆佰捌拾元叁角贰分,
	//     10000.10 → 壹万元壹角整;
	//   - a run of zeros that ends at the 万 digit while the 仟 digit is
	//     non-zero, provided the 万 group has a non-zero digit, so that
	//     万 itself is written just before the 仟 digit:
	//     107000.53 → 壹拾万柒仟元伍角叁分.
	//
	// The two are independent (the bank's own example for 107,000.53 drops
	// either one). Every other 零 is written, as in StyleFull:
	//
	//   - a run ending at the 角 digit before a non-zero 分 is required by
	//     the rule on 角位 ("元后面应写零"): 16409.02 → 壹万陆仟肆佰零玖元零贰分;
	//   - a skipped whole 万 group keeps its 零 (100005000 → 壹亿零伍仟元整),
	//     because no 万 is written there and 壹亿伍仟 would read as 1.5 亿;
	//   - a run ending at the 亿 digit keeps its 零
	//     (1050000000 → 壹拾亿零伍仟万元整): the rule names only 万 and 元,
	//     and a 零 too many is never wrong on a bank document.
	StyleMinimal
)

// String returns "full" or "minimal", the names UnmarshalText accepts.
func (s Style) String() string {
	switch s {
	case StyleFull:
		return "full"
	case StyleMinimal:
		return "minimal"
	}
	return fmt.Sprintf("Style(%d)", uint8(s))
}

// UnmarshalText reads "full" or "minimal", so that a pack's configuration
// can name its style.
func (s *Style) UnmarshalText(text []byte) error {
	switch string(text) {
	case "full":
		*s = StyleFull
	case "minimal":
		*s = StyleMinimal
	default:
		return fmt.Errorf(`cnfmt: unknown 大写 style %q; expected "full" or "minimal"`, text)
	}
	return nil
}

var (
	upperDigits = [10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}
	// upperUnits[i] follows a non-zero digit at index i, where index 0 is
	// 分 and index 2 is 元. The 万 and 亿 of whole groups and the 元 are
	// written separately, since they follow zero digits too; only the 万
	// of 万亿 (index 14) belongs to its digit.
	upperUnits = [15]string{"分", "角", "", "拾", "佰", "仟", "", "拾", "佰", "仟", "", "拾", "佰", "仟", "万"}
)

// Upper returns the amount in 人民币大写 as the central bank prescribes for
// 票据和结算凭证: 1200 元 → 人民币壹仟贰佰元整, 0.50 元 → 人民币伍角整,
// 6007.14 元 → 人民币陆仟零柒元壹角肆分, 0 → 人民币零元整.
//
// 整 follows 元 and 角, never 分. A 拾 always has its digit, so a leading
// 拾 is 壹拾 (10 → 壹拾元整, 110000 → 壹拾壹万元整). Which 零 are written
// depends on style (see [StyleFull] and [StyleMinimal]); values other than
// StyleMinimal mean StyleFull.
//
// Upper panics if a is outside 0 … MaxAmount: a wrong or truncated 大写 on
// a signed agreement is worse than a failed render. Amounts from
// [ParseAmount] and [Sum] are always in range; check others with
// [Amount.Validate].
func Upper(a Amount, style Style) string {
	if err := a.Validate(); err != nil {
		panic("cnfmt.Upper: " + err.Error())
	}
	if a == 0 {
		return "人民币零元整"
	}
	// d[i] is the digit worth 10^(i-2) 元: d[0] is 分, d[1] 角, d[2] 元.
	var d [15]uint8
	top := 0
	for n := int64(a); n > 0; n /= 10 {
		d[top] = uint8(n % 10)
		top++
	}
	top-- // now the index of the leading, non-zero digit

	var b strings.Builder
	// 3 bytes a rune: 人民币, a digit and a unit per digit, a few more units.
	b.Grow(3 * (3 + 2*(top+1) + 4))
	b.WriteString("人民币")
	zeroTop := -1 // index of the highest zero of the current run; -1 outside one
	for i := top; i >= 0; i-- {
		if d[i] == 0 {
			if zeroTop < 0 {
				zeroTop = i
			}
		} else {
			// The run that ends here lies between two non-zero digits.
			if zeroTop >= 0 && (style != StyleMinimal || !optionalZero(zeroTop, i+1)) {
				b.WriteString("零")
			}
			zeroTop = -1
			b.WriteString(upperDigits[d[i]])
			b.WriteString(upperUnits[i])
		}
		switch {
		case i == 2 && top >= 2:
			b.WriteString("元")
		case i == 6 && d[6]|d[7]|d[8]|d[9] != 0:
			b.WriteString("万")
		case i == 10 && top >= 10:
			b.WriteString("亿")
		}
	}
	if d[0] == 0 {
		b.WriteString("整")
	}
	return b.String()
}

// optionalZero reports whether StyleMinimal may drop the 零 for the run of
// zeros at digit indexes hi down to lo (index 2 is 元), given that the digits
// just above and below the run are non-zero.
func optionalZero(hi, lo int) bool {
	const yuan, wan = 2, 6
	// The run must end at 元 or 万 with that unit written right before the
	// next digit; 元 always is, 万 only if its group has a non-zero digit,
	// which lies above the run within the group.
	return lo == yuan || lo == wan && hi < wan+3
}
