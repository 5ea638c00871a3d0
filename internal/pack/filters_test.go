package pack

import (
	"testing"
)

func TestRewriteFilters(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{{ x|money }}`, `{{ x|kesu_money }}`},
		{`{{ x | daxie:"minimal" }}`, `{{ x | kesu_daxie:"minimal" }}`},
		{`{{ x|default:""|ymd:locale|upper }}`, `{{ x|kesu_default:""|kesu_ymd:locale|kesu_upper }}`},
		{`{{ x|random }}{{ x|hostfilter }}`, `{{ x|random }}{{ x|hostfilter }}`},
		{`money|money {{ "a|money"|numeral }}`, `money|money {{ "a|money"|kesu_numeral }}`},
		{`{# x|money #}{% if a|copies == "x" %}{% endif %}`, `{# x|money #}{% if a|kesu_copies == "x" %}{% endif %}`},
		{`{% filter mask_name %}张三{% endfilter %}`, `{% filter kesu_mask_name %}张三{% endfilter %}`},
		{`{{ x|moneybag }}{{ 'it\'s|ymd' }}`, `{{ x|moneybag }}{{ 'it\'s|ymd' }}`},
		{`{{ x|`, `{{ x|`},
	} {
		got, _ := rewriteFilters(tc.in)
		if got != tc.want {
			t.Errorf("rewriteFilters(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestUnshiftColumn(t *testing.T) {
	src := "line one\n{{ a|money }} {{ b|ymd|nosuch }}"
	out, at := rewriteFilters(src)
	col := 1 + len("{{ a|kesu_money }} {{ b|kesu_ymd|")
	if got, want := unshiftColumn(out, at, 2, col), 1+len("{{ a|money }} {{ b|ymd|"); got != want {
		t.Errorf("column %d, want %d", got, want)
	}
	if got := unshiftColumn(out, at, 1, 5); got != 5 {
		t.Errorf("line 1: column %d, want 5", got)
	}
}

func FuzzRewriteFilters(f *testing.F) {
	f.Add(`{{ x|money }}{% filter ymd %}{% endfilter %}{# c #}'"`)
	f.Fuzz(func(t *testing.T, s string) {
		out, at := rewriteFilters(s)
		if len(out) != len(s)+len(at)*len(filterPrefix) {
			t.Fatalf("%d bytes out of %d with %d rewrites", len(out), len(s), len(at))
		}
	})
}
