// Package suggest finds the word a mistyped one was meant to be: a
// command-line value, a key of kesu.yaml, a key of a pack file.
package suggest

import "strings"

// DidYouMean returns the candidate closest to a mistyped value (edit
// distance, a swap of two letters counting as one edit, case ignored; or
// the only candidate the value starts), or "" when none is close enough
// to be what was meant.
func DidYouMean(value string, candidates []string) string {
	v := strings.ToLower(value)
	if v == "" {
		return ""
	}
	best, bestD := "", 0
	var prefixed []string
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == v {
			return c
		}
		if strings.HasPrefix(lc, v) {
			prefixed = append(prefixed, c)
		}
		if d := Distance(v, lc); best == "" || d < bestD {
			best, bestD = c, d
		}
	}
	// One edit in a short word, up to a third of a longer one: "fr" is
	// not "en", "registraton" is "registration".
	if best != "" && bestD <= max(1, len([]rune(v))/3) {
		return best
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// Distance is the optimal string alignment distance of a and b, in
// runes.
func Distance(a, b string) int {
	s, t := []rune(a), []rune(b)
	// Three rows: the one before the previous is needed for swaps.
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}
