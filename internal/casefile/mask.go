package casefile

import (
	"regexp"
	"sync"

	"github.com/kesuhq/kesu/internal/cnfmt"
)

// Mobile numbers and resident ID numbers inside free text (a handling log
// that says 已致电13812345678) are personal data as much as the fields are.
var (
	mobileInText = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|[^0-9])(1[3-9][0-9]{9})($|[^0-9])`) })
	idInText     = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(^|[^0-9])([1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])($|[^0-9A-Za-z])`)
	})
)

// maskText masks every mobile and ID number written in s.
func maskText(s string) string {
	s = idInText().ReplaceAllStringFunc(s, func(m string) string {
		g := idInText().FindStringSubmatch(m)
		return g[1] + cnfmt.MaskID(g[2]) + g[3]
	})
	return mobileInText().ReplaceAllStringFunc(s, func(m string) string {
		g := mobileInText().FindStringSubmatch(m)
		return g[1] + cnfmt.MaskPhone(g[2]) + g[3]
	})
}

// Masked returns a copy of a case value with personal data masked: every
// mobile and ID number wherever it is written, every id_number field, and
// the phone of the customer and of customer parties even when it is a
// landline. Other landlines (a hotline, a merchant's switchboard) stay:
// the reader needs them.
func Masked(v any) any { return masked(v, false) }

func masked(v any, person bool) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			s, isStr := x.(string)
			switch {
			case isStr && k == "id_number":
				out[k] = cnfmt.MaskID(s)
			case isStr && k == "phone" && person:
				out[k] = cnfmt.MaskPhone(s)
			case k == "customer":
				m, _ := x.(map[string]any)
				out[k] = masked(x, m != nil && m["kind"] != "company")
			case k == "parties":
				out[k] = maskParties(x)
			default:
				out[k] = masked(x, false)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = masked(x, person)
		}
		return out
	case string:
		return maskText(v)
	}
	return v
}

func maskParties(x any) any {
	list, ok := x.([]any)
	if !ok {
		return masked(x, false)
	}
	out := make([]any, len(list))
	for i, p := range list {
		m, _ := p.(map[string]any)
		out[i] = masked(p, m != nil && m["role"] == "customer")
	}
	return out
}
