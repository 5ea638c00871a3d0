package pack

import (
	"errors"
	"fmt"
	"github.com/kesuhq/kesu/internal/locale"
	"strconv"
	"strings"
	"sync"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/cnfmt"
)

// filters are what a pack calls to write amounts, dates and numbers the way
// a Chinese office does, and pongo2's own, bounded.
func filters() map[string]pongo2.FilterFunction {
	fs := map[string]pongo2.FilterFunction{
		"money":        textFilter("money", money),
		"daxie":        textFilter("daxie", daxie),
		"amount_words": textFilter("amount_words", amountWords),
		"ymd":          textFilter("ymd", ymd),
		"ymdhm":        textFilter("ymdhm", ymdhm),
		"numeral":      textFilter("numeral", numeral),
		"copies":       textFilter("copies", copies),
		"mask_phone":   textFilter("mask_phone", func(s, _ string) (string, error) { return cnfmt.MaskPhone(s), nil }),
		"mask_id":      textFilter("mask_id", func(s, _ string) (string, error) { return cnfmt.MaskID(s), nil }),
		"mask_name":    textFilter("mask_name", func(s, _ string) (string, error) { return cnfmt.MaskName(s), nil }),
		"ljust":        padFilters["ljust"],
		"rjust":        padFilters["rjust"],
		"center":       padFilters["center"],
	}
	for _, name := range builtinFilters {
		fs[name] = boundedFilter(name)
	}
	return fs
}

// filterPrefix goes before the name of each of kesu's filters in pongo2's
// registry. pongo2 v6 has one registry per process, and a program that
// imports kesu may have filters of its own called money or ymd: theirs
// stay what they are, and a pack's `|money` is rewritten to kesu's
// (rewriteFilters) before pongo2 compiles it.
const filterPrefix = "kesu_"

// filterNames are kesu's filter names, as a pack writes them.
var filterNames = sync.OnceValue(func() map[string]bool {
	names := map[string]bool{}
	for name := range filters() {
		names[name] = true
	}
	return names
})

// registerFilters registers kesu's filters once, when the first pack is
// compiled, not when kesu is imported. A name already taken is refused
// with an error: RegisterFilter leaves the other filter in place.
var registerFilters = sync.OnceValue(func() error {
	var errs []error
	for name, f := range filters() {
		if err := pongo2.RegisterFilter(filterPrefix+name, f); err != nil {
			errs = append(errs, fmt.Errorf("pongo2 filter %s%s: %w", filterPrefix, name, err))
		}
	}
	errs = append(errs, registerTags())
	return errors.Join(errs...)
})

// rewriteFilters puts filterPrefix before every filter of kesu's that src
// applies (x|money, {% filter ymd %}), and returns where, as byte offsets
// into the result, so an error's column can be given back in src's terms.
// Text outside tags, comments and string literals are left alone.
func rewriteFilters(src string) (string, []int) {
	names := filterNames()
	var b strings.Builder
	var at []int
	name := func(i int) int { // the end of the identifier at i
		j := i
		for j < len(src) && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || j > i && src[j] >= '0' && src[j] <= '9') {
			j++
		}
		return j
	}
	spaces := func(i int) int {
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
			i++
		}
		return i
	}
	// filter writes the name at i, prefixed when it is one of kesu's.
	filter := func(i int) int {
		j := name(i)
		if j > i && names[src[i:j]] {
			at = append(at, b.Len())
			b.WriteString(filterPrefix)
		}
		b.WriteString(src[i:j])
		return j
	}
	for i := 0; i < len(src); {
		if !strings.HasPrefix(src[i:], "{{") && !strings.HasPrefix(src[i:], "{%") {
			if strings.HasPrefix(src[i:], "{#") {
				end := strings.Index(src[i:], "#}")
				if end < 0 {
					end = len(src) - i - 2
				}
				b.WriteString(src[i : i+end+2])
				i += end + 2
				continue
			}
			b.WriteByte(src[i])
			i++
			continue
		}
		closer := "}}"
		if src[i+1] == '%' {
			closer = "%}"
		}
		b.WriteString(src[i : i+2])
		i += 2
		if closer == "%}" {
			j := spaces(i)
			if k := name(j); guarded(src[j:k]) {
				b.WriteString(src[i:j])
				at = append(at, b.Len())
				b.WriteString(filterPrefix)
				i = j
			} else if src[j:k] == "filter" {
				b.WriteString(src[i:k])
				i = k
				j = spaces(i)
				b.WriteString(src[i:j])
				i = filter(j)
			}
		}
		for i < len(src) && !strings.HasPrefix(src[i:], closer) {
			switch c := src[i]; c {
			case '"', '\'':
				j := i + 1
				for j < len(src) && src[j] != c {
					if src[j] == '\\' {
						j++
					}
					j++
				}
				j = min(j+1, len(src))
				b.WriteString(src[i:j])
				i = j
			case '|':
				b.WriteByte(c)
				j := spaces(i + 1)
				b.WriteString(src[i+1 : j])
				i = filter(j)
			default:
				b.WriteByte(c)
				i++
			}
		}
	}
	return b.String(), at
}

// unshiftColumn is col (1-based, on line) of a rewritten template as the
// column of the template its author wrote.
func unshiftColumn(rewritten string, at []int, line, col int) int {
	start := 0
	for range line - 1 {
		k := strings.IndexByte(rewritten[start:], '\n')
		if k < 0 {
			return col
		}
		start += k + 1
	}
	out := col
	for _, o := range at {
		if o >= start && o-start+1 < col && !strings.Contains(rewritten[start:o], "\n") {
			out -= len(filterPrefix)
		}
	}
	return out
}

// textFilter adapts a string function: an absent value stays blank, so a
// form shows an empty cell instead of failing on an optional field.
func textFilter(name string, fn func(in, param string) (string, error)) pongo2.FilterFunction {
	return func(in, param *pongo2.Value) (*pongo2.Value, *pongo2.Error) {
		if in.IsNil() || in.String() == "" {
			return pongo2.AsValue(""), nil
		}
		p := ""
		if param != nil && !param.IsNil() {
			p = param.String()
		}
		out, err := fn(in.String(), p)
		if err != nil {
			return nil, &pongo2.Error{Sender: "filter:" + name, OrigError: err}
		}
		return pongo2.AsValue(out), nil
	}
}

func money(s, _ string) (string, error) {
	a, err := cnfmt.ParseAmount(s)
	if err != nil {
		return "", err
	}
	return a.Figures(), nil
}

// daxie writes 人民币大写; the parameter "minimal" omits the zeros the
// central bank makes optional.
func daxie(s, style string) (string, error) {
	a, err := cnfmt.ParseAmount(s)
	if err != nil {
		return "", err
	}
	if style == "minimal" {
		return cnfmt.Upper(a, cnfmt.StyleMinimal), nil
	}
	return cnfmt.Upper(a, cnfmt.StyleFull), nil
}

func amountWords(s, _ string) (string, error) {
	a, err := cnfmt.ParseAmount(s)
	if err != nil {
		return "", err
	}
	return cnfmt.AmountWordsEN(a), nil
}

// ymd writes a date (or the date of a time) as 2026年11月5日, or in English
// with the parameter "en".
func ymd(s, loc string) (string, error) {
	if locale.Locale(loc).English() {
		return cnfmt.DateEN(s)
	}
	return cnfmt.Date(s)
}

func ymdhm(s, loc string) (string, error) {
	if locale.Locale(loc).English() {
		d, err := cnfmt.DateEN(s)
		if err != nil || len(s) < 16 {
			return d, err
		}
		return d + " " + s[11:16], nil
	}
	return cnfmt.DateTime(s)
}

func numeral(s, _ string) (string, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return "", err
	}
	return cnfmt.Numeral(n), nil
}

func copies(s, _ string) (string, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return "", err
	}
	return cnfmt.Copies(n), nil
}
