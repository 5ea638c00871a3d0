package casefile

import (
	"math/bits"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"unicode/utf8"
)

// qpattern is a schema pattern, made ready on first use: a case meets a
// few of them. Compiling one with regexp costs 10-60 KB (the case id's
// {0,63} is unrolled 63 times, then analysed for one-pass matching), more
// than the rest of the quick check; most patterns match short texts, so
// they are matched on the parsed expression instead: whether the text
// matches, not where, which is all a schema asks. Anything else goes to
// regexp, as the compiled schema does.
type qpattern struct {
	src    string
	prefix string // the pattern is ^prefix: matched without parsing
	simple bool
	once   sync.Once
	tree   *syntax.Regexp // nil if treeMatch cannot match it
	re     *regexp.Regexp
	reOnce sync.Once
}

func newPattern(src string) *qpattern {
	p := &qpattern{src: src}
	if lit := strings.TrimPrefix(src, "^"); lit != src && lit != "" &&
		strings.IndexFunc(lit, func(c rune) bool {
			return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
		}) < 0 {
		p.prefix, p.simple = lit, true
	}
	return p
}

// match reports whether s has a match of the pattern, as regexp's
// MatchString; ok is false if the pattern does not compile.
func (p *qpattern) match(s string) (matched, ok bool) {
	if p.simple {
		return strings.HasPrefix(s, p.prefix), true
	}
	p.once.Do(func() {
		// The syntax regexp.Compile parses.
		if t, err := syntax.Parse(p.src, syntax.Perl); err == nil && treeMatchable(t) {
			p.tree = t
		}
	})
	if p.tree != nil && len(s) < maxTreeText {
		return treeMatch(p.tree, s), true
	}
	p.reOnce.Do(func() { p.re, _ = regexp.Compile(p.src) })
	if p.re == nil {
		return false, false
	}
	return p.re.MatchString(s), true
}

// maxTreeText bounds the texts treeMatch matches: a set of positions in
// the text (0 to its length) is two words.
const maxTreeText = 128

// posSet is a set of byte offsets in the text, bit i for offset i.
type posSet [2]uint64

func (a posSet) or(b posSet) posSet { return posSet{a[0] | b[0], a[1] | b[1]} }

func (a *posSet) add(i int) { a[i>>6] |= 1 << (i & 63) }

func (a posSet) has(i int) bool { return a[i>>6]&(1<<(i&63)) != 0 }

// treeMatchable reports whether treeMatch knows every node of t.
func treeMatchable(t *syntax.Regexp) bool {
	switch t.Op {
	case syntax.OpLiteral:
		if t.Flags&syntax.FoldCase != 0 {
			return false
		}
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar,
		syntax.OpBeginText, syntax.OpEndText:
	case syntax.OpCapture, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat, syntax.OpConcat, syntax.OpAlternate:
		for _, sub := range t.Sub {
			if !treeMatchable(sub) {
				return false
			}
		}
	default:
		return false // line and word anchors
	}
	return true
}

// treeMatch reports whether s holds a match of t: from every offset a
// match may start at (each character's, as regexp steps through the
// text, and the end), the offsets t can end at, node by node. Which match
// regexp would choose does not matter, only whether there is one.
func treeMatch(t *syntax.Regexp, s string) bool {
	var starts posSet
	for i := range s {
		starts.add(i)
	}
	starts.add(len(s))
	return ends(t, s, starts) != posSet{}
}

// ends returns the offsets a match of t that starts at one of from can
// end at.
func ends(t *syntax.Regexp, s string, from posSet) posSet {
	switch t.Op {
	case syntax.OpNoMatch:
		return posSet{}
	case syntax.OpEmptyMatch:
		return from
	case syntax.OpBeginText:
		var out posSet
		if from.has(0) {
			out.add(0)
		}
		return out
	case syntax.OpEndText:
		var out posSet
		if from.has(len(s)) {
			out.add(len(s))
		}
		return out
	case syntax.OpLiteral:
		for _, r := range t.Rune {
			from = step(s, from, func(c rune) bool { return c == r })
		}
		return from
	case syntax.OpCharClass:
		return step(s, from, func(c rune) bool {
			for i := 0; i+1 < len(t.Rune); i += 2 {
				if t.Rune[i] <= c && c <= t.Rune[i+1] {
					return true
				}
			}
			return false
		})
	case syntax.OpAnyCharNotNL:
		return step(s, from, func(c rune) bool { return c != '\n' })
	case syntax.OpAnyChar:
		return step(s, from, func(rune) bool { return true })
	case syntax.OpCapture:
		return ends(t.Sub[0], s, from)
	case syntax.OpConcat:
		for _, sub := range t.Sub {
			from = ends(sub, s, from)
		}
		return from
	case syntax.OpAlternate:
		var out posSet
		for _, sub := range t.Sub {
			out = out.or(ends(sub, s, from))
		}
		return out
	case syntax.OpStar:
		return repeat(t.Sub[0], s, from, 0, -1)
	case syntax.OpPlus:
		return repeat(t.Sub[0], s, from, 1, -1)
	case syntax.OpQuest:
		return repeat(t.Sub[0], s, from, 0, 1)
	case syntax.OpRepeat:
		return repeat(t.Sub[0], s, from, t.Min, t.Max)
	}
	panic("treeMatch: " + t.Op.String()) // treeMatchable let it through
}

// repeat is ends of sub repeated min to max times (max -1: no bound).
func repeat(sub *syntax.Regexp, s string, from posSet, min, max int) posSet {
	for range min {
		from = ends(sub, s, from)
	}
	out, cur := from, from
	for i := min; max < 0 || i < max; i++ {
		cur = ends(sub, s, cur)
		if next := out.or(cur); next != out {
			out = next
		} else {
			// Every later repetition ends where one already did.
			break
		}
	}
	return out
}

// step moves each offset of from past one character that ok accepts;
// bytes that are not UTF-8 read as U+FFFD, one each, as regexp reads them.
func step(s string, from posSet, ok func(rune) bool) posSet {
	var out posSet
	for w, word := range from {
		for word != 0 {
			i := w<<6 | bits.TrailingZeros64(word)
			word &= word - 1
			if i >= len(s) {
				continue
			}
			c, n := rune(s[i]), 1
			if c >= utf8.RuneSelf {
				c, n = utf8.DecodeRuneInString(s[i:])
			}
			if ok(c) {
				out.add(i + n)
			}
		}
	}
	return out
}
