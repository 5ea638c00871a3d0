package typeset

import "unicode/utf8"

// A span of text kept whole on one line: a number with its unit, an
// identifier, a date's number with its 年/月/日. UAX #14 alone breaks
// `HJ-BC-2041L-` / `A03` after the hyphen, `85` / `MPa` at the space and
// `2026年11月18` / `日` before the ideograph; a reader takes each of those
// for two things. Such a token is broken only when it is longer than the
// whole line, by force (and the caller is told).
type token struct{ start, end int }

// tokens finds the spans of s that must not break, in order. It never
// crosses a hard line break or a space between words (except the one
// space between a number and its unit, `45 N·m`, and between the digit
// groups of a phone number, `021 5888 0000`).
func tokens(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		start := i
		if currency(r) {
			if d, _ := utf8.DecodeRuneInString(s[i+n:]); isDigit(d) {
				i += n
				r, n = d, 1
			}
		}
		if !alnum(r) {
			i += n
			continue
		}
		end := word(s, i)
		numeric := isDigit(r)
		// Digit groups of a phone number or a long amount written with
		// spaces: 021 5888 0000.
		for numeric && allDigits(s[i:end]) {
			if j := end + 1; j < len(s) && s[end] == ' ' && isDigit(rune(s[j])) {
				if e := word(s, j); allDigits(s[j:e]) && e-j >= 3 && end-start >= 3 {
					end = e
					continue
				}
			}
			break
		}
		if numeric {
			end = unit(s, end)
		}
		if end > start && utf8.RuneCountInString(s[start:end]) > 1 {
			out = append(out, token{start, end})
		}
		i = end
		if i == start {
			i += n
		}
	}
	return out
}

// word is the end of a run of letters and digits joined by the marks that
// join the parts of an identifier or a number (HJ-BC-2041L-A03, 12,800.00,
// N·m, mL/100g, KS-2026-000123): a joiner counts only between two letters
// or digits, so a sentence's full stop or a trailing hyphen stays outside.
func word(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if alnum(r) {
			i += n
			continue
		}
		if joiner(r) {
			if next, _ := utf8.DecodeRuneInString(s[i+n:]); alnum(next) {
				i += n
				continue
			}
		}
		break
	}
	return i
}

// unit extends a number ending at i by what belongs to it: a counter or
// date character (年, 月, 日, 件…), a percent or degree sign, or a Latin
// unit after at most one space (85 MPa, 45 N·m, 0.9mm).
func unit(s string, i int) int {
	r, n := utf8.DecodeRuneInString(s[i:])
	switch {
	case r == utf8.RuneError:
		return i
	case counter(r) || unitSign(r):
		return sign(s, i+n, r)
	}
	j := i
	if r == ' ' {
		j++
	}
	if j >= len(s) {
		return i
	}
	u, m := utf8.DecodeRuneInString(s[j:])
	if j > i && unitSign(u) {
		return sign(s, j+m, u)
	}
	if !letter(u) && u != 'µ' && u != 'μ' && u != 'Ω' {
		return i
	}
	e := word(s, j)
	// A unit is short (mL/100g); a longer word after a number is a word
	// of its own, free to start the next line.
	if utf8.RuneCountInString(s[j:e]) > 8 {
		return i
	}
	return e
}

// sign is the end of a unit sign that ends at j: ° takes the C or F of
// a temperature with it.
func sign(s string, j int, r rune) int {
	if r == '°' {
		if c, m := utf8.DecodeRuneInString(s[j:]); c == 'C' || c == 'F' {
			j += m
		}
	}
	return j
}

func counter(r rune) bool {
	switch r {
	case '年', '月', '日', '号', '时', '分', '秒', '元', '角', '件', '个', '台', '套', '次', '天', '周', '岁', '位', '张', '条', '页', '项', '批', '箱', '只', '米', '克', '吨', '升', '倍', '例':
		return true
	}
	return false
}

func unitSign(r rune) bool {
	switch r {
	case '%', '‰', '℃', '℉', '°', '′', '″', '㎜', '㎝', '㎞', '㎏', '㎡', '㎥', '㎖':
		return true
	}
	return false
}

func currency(r rune) bool {
	return r == '¥' || r == '￥' || r == '$' || r == '€' || r == '£' || r == '#' || r == '№'
}

func joiner(r rune) bool {
	switch r {
	case '-', '_', '.', ',', '/', ':', '·', '‧', '+', '×', '@', '#', '&', '=', '?', '~', '‐', '‑':
		return true
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
func letter(r rune) bool  { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }
func alnum(r rune) bool   { return isDigit(r) || letter(r) }
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(rune(s[i])) {
			return false
		}
	}
	return s != ""
}
