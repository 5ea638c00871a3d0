package cnfmt

import (
	"testing"
	"unicode/utf8"
)

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"138 1234 5678", "138 **** 5678"},
		{"138-1234-5678", "138-****-5678"},
		{"+86 138 1234 5678", "+86 138 **** 5678"},
		{"+8613812345678", "+86138****5678"},
		{"8613812345678", "*********5678"},
		{"021-58880000", "021-****0000"},
		{"02158880000", "021****0000"},
		{"010-88886666", "010-****6666"},
		{"0571-88886666", "0571-****6666"},
		{"0571-8888666", "0571-***8666"},
		{"021-58880000-8001", "021-********-8001"},
		{"(021) 5888 0000", "(021) **** 0000"},
		{"58880000", "****0000"},
		{"5888000", "****000"},
		{"95588", "***88"},
		{"1234", "**34"},
		{"1", "*"},
		{"", ""},
		{"无", "无"},
		{"+86", "+86"},
		// Non-ASCII digits are masked too, though not recognised as a
		// trunk prefix or mobile prefix.
		{"０２１-５８８８００００", "***-****００００"},
		{"１３８１２３４５６７８", "*******５６７８"},
		{"138１２３４５６７８", "138****５６７８"},
	}
	for _, tt := range tests {
		if got := MaskPhone(tt.in); got != tt.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"310115199001011234", "310115********1234"},
		{"31011519900101123X", "310115********123X"},
		{"31011519900101123x", "310115********123x"},
		{"310115 19900101 1234", "310115 ******** 1234"},
		{"310115900101123", "310115******123"},
		{"E12345678", "E1*****78"},
		{"K1234567", "K1****67"},
		{"3101151990010112345", "3101***********2345"},
		{"1234", "1**4"},
		{"123", "***"},
		{"", ""},
		{"31011519900101123Y", "3101**********123Y"},
	}
	for _, tt := range tests {
		if got := MaskID(tt.in); got != tt.want {
			t.Errorf("MaskID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"张晓堃", "张**"},
		{"李敏", "李*"},
		{"欧阳娜娜", "欧***"},
		{" 王五 ", "王*"},
		{"张", "*"},
		{"John Smith", "J*********"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskName(tt.in); got != tt.want {
			t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"13812345678", "021-58880000", "+86 138 1234 5678", "310115199001011234", "31011519900101123X", "310115900101123", "E12345678", "张晓堃", "", "+86", "0", "\xff1"} {
		f.Add(s)
	}
	// shown gives, for an input of ASCII digits only, the most digits each
	// mask may leave visible, restating the documented rules.
	masks := []struct {
		name  string
		mask  func(string) string
		shown func(s string) int
	}{
		{"MaskPhone", MaskPhone, func(s string) int {
			switch n := len(s); {
			case n == 11 && s[0] == '1':
				return 7
			case n >= 10 && s[0] == '0':
				return min(8, n-3)
			default:
				return min(4, n/2)
			}
		}},
		{"MaskID", MaskID, func(s string) int {
			switch n := len(s); n {
			case 18:
				return 10
			case 15:
				return 9
			default:
				return n / 4 * 2
			}
		}},
	}
	f.Fuzz(func(t *testing.T, s string) {
		digits := s != ""
		for i := range len(s) {
			digits = digits && s[i] >= '0' && s[i] <= '9'
		}
		for _, m := range masks {
			out := m.mask(s)
			if got, want := utf8.RuneCountInString(out), utf8.RuneCountInString(s); got != want {
				t.Fatalf("%s(%q) = %q has %d runes, want %d", m.name, s, out, got, want)
			}
			if !digits {
				continue
			}
			shown := 0
			for i := range len(s) {
				switch out[i] {
				case '*':
				case s[i]:
					shown++
				default:
					t.Fatalf("%s(%q) = %q changes a digit", m.name, s, out)
				}
			}
			if shown > m.shown(s) {
				t.Fatalf("%s(%q) = %q shows %d digits, at most %d allowed", m.name, s, out, shown, m.shown(s))
			}
		}
		MaskName(s)
	})
}
