package cnfmt

import (
	"strings"
	"unicode"
)

// MaskPhone masks a phone number for a third-party copy. Only digits are
// replaced, one '*' each, so spacing and separators survive and the length
// stays the same:
//
//   - a mobile number (11 digits starting with 1) keeps its first 3 and last
//     4 digits: "13812345678" → "138****5678";
//   - a landline with trunk prefix 0 keeps its area code (3 digits for 010
//     and 02x, 4 otherwise) and last 4 digits, provided at least 3 digits
//     are masked: "021-58880000" → "021-****0000";
//   - anything else keeps at most its last 4 digits and never more than
//     half of them: "58880000" → "****0000", "12345" → "***45".
//
// A leading "+86" stays visible, as it identifies nobody.
func MaskPhone(s string) string {
	r := []rune(s)
	var digits []int // indexes into r
	for i, c := range r {
		if unicode.IsDigit(c) {
			digits = append(digits, i)
		}
	}
	if strings.HasPrefix(s, "+86") {
		digits = digits[2:]
	}
	n := len(digits)
	head, tail := 0, min(4, n/2)
	switch {
	case n == 11 && r[digits[0]] == '1':
		head, tail = 3, 4
	case n >= 2 && r[digits[0]] == '0':
		area := 4
		if c := r[digits[1]]; c == '1' || c == '2' { // 010 and 02x
			area = 3
		}
		if n-area-4 >= 3 {
			head, tail = area, 4
		}
	}
	maskRunes(r, digits[head:n-tail])
	return string(r)
}

// MaskID masks an identity document number for a third-party copy. Letters
// and digits are replaced one for one by '*'; separators are left alone:
//
//   - an 18-character 居民身份证号 keeps its first 6 (the issuing region)
//     and last 4: "310115199001011234" → "310115********1234";
//   - a 15-digit first-generation number keeps its first 6 and last 3, so
//     that, as above, the whole date of birth is masked:
//     "310115900101123" → "310115******123";
//   - any other number (passport, 港澳通行证) keeps at most a quarter of its
//     characters at each end: "E12345678" → "E1*****78".
func MaskID(s string) string {
	r := []rune(s)
	var chars []int // indexes into r
	for i, c := range r {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			chars = append(chars, i)
		}
	}
	n := len(chars)
	head, tail := n/4, n/4
	switch {
	case n == 18 && asciiDigits(r, chars[:17]) && (asciiDigits(r, chars[17:]) || r[chars[17]] == 'X' || r[chars[17]] == 'x'):
		head, tail = 6, 4
	case n == 15 && asciiDigits(r, chars):
		head, tail = 6, 3
	}
	maskRunes(r, chars[head:n-tail])
	return string(r)
}

// MaskName masks a personal name for a third-party copy, keeping only its
// first character, which for most Chinese names is the surname:
// "张晓堃" → "张**", "李敏" → "李*". A compound surname keeps only its first
// character ("欧阳娜娜" → "欧***"), which masks more, never less. A
// one-character name is masked entirely, since it may be the whole name.
// Surrounding spaces are dropped.
func MaskName(s string) string {
	r := []rune(strings.TrimSpace(s))
	for i := range r {
		if i > 0 || len(r) == 1 {
			r[i] = '*'
		}
	}
	return string(r)
}

func maskRunes(r []rune, at []int) {
	for _, i := range at {
		r[i] = '*'
	}
}

func asciiDigits(r []rune, at []int) bool {
	for _, i := range at {
		if r[i] < '0' || r[i] > '9' {
			return false
		}
	}
	return true
}
