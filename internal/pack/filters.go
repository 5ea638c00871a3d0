package pack

import (
	"strconv"
	"strings"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/cnfmt"
)

// Filters are what a pack calls to write amounts, dates and numbers the way
// a Chinese office does. pongo2 registers filters process-wide, so every
// name is one pongo2 does not define.
var Filters = map[string]pongo2.FilterFunction{
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
}

func init() {
	for name, f := range Filters {
		if err := pongo2.RegisterFilter(name, f); err != nil {
			panic(err) // a name clash with pongo2 is a programming error
		}
	}
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
func ymd(s, locale string) (string, error) {
	if strings.HasPrefix(locale, "en") {
		return cnfmt.DateEN(s)
	}
	return cnfmt.Date(s)
}

func ymdhm(s, locale string) (string, error) {
	if strings.HasPrefix(locale, "en") {
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
