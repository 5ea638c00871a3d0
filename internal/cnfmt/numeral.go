package cnfmt

import "strings"

var (
	lowerDigits = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	lowerUnits  = [4]string{"", "十", "百", "千"}
)

// Numeral writes n in lowercase Chinese numerals for counts and article
// numbers (第十二条): 0 → 零, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五,
// 110 → 一百一十, 10010 → 一万零一十, 100000 → 十万. It follows the common
// reading rules: a leading 一十 is shortened to 十, the zeros at the end of
// a 万 or 亿 group are not read (107000 → 十万七千), and any other run of
// zeros reads as one 零. Negative numbers get 负. It always writes 二, never
// 两; see [Copies].
func Numeral(n int) string {
	switch {
	case n == 0:
		return lowerDigits[0]
	case n < 0:
		return "负" + numeral(-uint64(n), true)
	}
	return numeral(uint64(n), true)
}

// numeral writes n > 0; lead tells whether n starts the whole number, where
// 一十 becomes 十.
func numeral(n uint64, lead bool) string {
	for _, g := range [...]struct {
		size uint64
		unit string
	}{{1e8, "亿"}, {1e4, "万"}} {
		if n < g.size {
			continue
		}
		s := numeral(n/g.size, lead) + g.unit
		switch r := n % g.size; {
		case r == 0:
		case r < g.size/10: // the group below starts with zeros
			s += lowerDigits[0] + numeral(r, false)
		default:
			s += numeral(r, false)
		}
		return s
	}
	var b strings.Builder
	zero := false
	for p, pow := 3, uint64(1000); p >= 0; p, pow = p-1, pow/10 {
		d := n / pow % 10
		if d == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteString(lowerDigits[0])
			zero = false
		}
		if !(lead && p == 1 && d == 1 && b.Len() == 0) {
			b.WriteString(lowerDigits[d])
		}
		b.WriteString(lowerUnits[p])
	}
	return b.String()
}

// Copies writes the number of originals of an agreement the way contracts
// do: 3 → "一式三份", 12 → "一式十二份", and 2 → "一式两份", since 两 is the
// usual word for two of something. n should be at least 1; other values are
// written as they are ("一式零份") so that the mistake shows in the document
// instead of stopping the render.
func Copies(n int) string {
	if n == 2 {
		return "一式两份"
	}
	return "一式" + Numeral(n) + "份"
}
