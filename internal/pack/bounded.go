package pack

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/flosch/pongo2/v6"
)

// MaxText is the most text one document's templates may write, and the
// longest value a filter may make: no value is of use that is longer than
// the whole document may be.
const MaxText = 2 << 20

// builtinFilters are pongo2's filters a pack may use, each called
// through boundedFilter (ljust, rjust and center are kesu's own; random
// is banned). Filters make values no budget sees until a with, a set or
// the output does: `|addslashes` applied forty times to a backslash, or
// `|stringformat:"%0999999999d"`, would fill the memory first.
var builtinFilters = []string{
	"add", "addslashes", "capfirst", "cut", "date", "default", "default_if_none", "divisibleby",
	"e", "escape", "escapejs", "first", "float", "floatformat", "get_digit", "integer", "iriencode",
	"join", "last", "length", "length_is", "linebreaks", "linebreaksbr", "linenumbers", "lower",
	"make_list", "phone2numeric", "pluralize", "removetags", "safe", "slice", "split", "stringformat",
	"striptags", "time", "title", "truncatechars", "truncatechars_html", "truncatewords",
	"truncatewords_html", "upper", "urlencode", "urlize", "urlizetrunc", "wordcount", "wordwrap", "yesno",
}

// before checks, before it runs, a filter whose result may be far
// larger than what it is given.
func before(name string, in, param *pongo2.Value) error {
	switch name {
	case "stringformat":
		return formatWidths(param.String())
	case "floatformat":
		if n := param.Integer(); n > MaxWidth || n < -MaxWidth {
			return fmt.Errorf("%d decimals: at most %d", n, MaxWidth)
		}
	case "join":
		if !in.CanSlice() {
			return nil
		}
		size := int64(in.Len()-1) * int64(len(param.String()))
		for i := range in.Len() {
			if size += int64(len(in.Index(i).String())); size > MaxText {
				break
			}
		}
		return tooLong(size)
	case "make_list":
		s := in.String()
		return tooLong(int64(utf8.RuneCountInString(s))*16 + int64(len(s)))
	case "split":
		s, sep := in.String(), param.String()
		n := utf8.RuneCountInString(s)
		if sep != "" {
			n = strings.Count(s, sep) + 1
		}
		return tooLong(int64(n) * 16)
	case "linenumbers":
		s := in.String()
		lines := strings.Count(s, "\n") + 1
		return tooLong(int64(len(s)) + int64(lines)*int64(len(strconv.Itoa(lines))+2))
	}
	return nil
}

func tooLong(size int64) error {
	if size > MaxText {
		return fmt.Errorf("%w: it would make a value of more than %d MiB, the limit for one document", ErrTooMuchText, MaxText>>20)
	}
	return nil
}

// boundedFilter is pongo2's filter name, refusing what would make a
// value longer than MaxText.
func boundedFilter(name string) pongo2.FilterFunction {
	return func(in, param *pongo2.Value) (*pongo2.Value, *pongo2.Error) {
		if err := before(name, in, param); err != nil {
			return nil, &pongo2.Error{Sender: "filter:" + name, OrigError: err}
		}
		out, err := pongo2.ApplyFilter(name, in, param)
		if err != nil {
			return nil, err
		}
		if err := tooLong(sizeOf(out)); err != nil {
			return nil, &pongo2.Error{Sender: "filter:" + name, OrigError: err}
		}
		return out, nil
	}
}

// formatWidths refuses a stringformat whose widths or precisions pad past
// MaxWidth, or are given as an argument (*), which the filter has not.
func formatWidths(f string) error {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(f) {
			switch c := f[j]; {
			case c == '*':
				return fmt.Errorf("%q: a width or precision of * is not allowed", f)
			case c >= '0' && c <= '9':
				k := j
				for k < len(f) && f[k] >= '0' && f[k] <= '9' {
					k++
				}
				if n, err := strconv.Atoi(f[j:k]); err != nil || n > MaxWidth {
					return fmt.Errorf("%q: width or precision %s: at most %d", f, f[j:k], MaxWidth)
				}
				j = k
				continue
			case strings.IndexByte("+-# .[]", c) >= 0:
				j++
				continue
			}
			break
		}
		i = j
	}
	return nil
}
