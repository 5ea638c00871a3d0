package locale

import (
	"errors"
	"testing"
)

func TestDecide(t *testing.T) {
	set := Of([]string{"zh-CN", "en"}, "zh-CN")
	for _, tc := range []struct {
		name    string
		asked   Asked
		want    Locale
		from    Source
		unknown Locale
	}{
		{"nobody asks: the pack's default", Asked{}, "zh-CN", Pack, ""},
		{"the case asks", Asked{Case: "en"}, "en", Case, ""},
		{"the generator over the case", Asked{Option: "zh-CN", Case: "en"}, "zh-CN", Option, ""},
		{"the generator alone", Asked{Option: "en"}, "en", Option, ""},
		{"the document over both", Asked{Document: "en", Option: "zh-CN", Case: "zh-CN"}, "en", Document, ""},
		{"the document alone", Asked{Document: "en"}, "en", Document, ""},
		{"an unknown case locale is an error", Asked{Case: "fr"}, "", Case, "fr"},
		{"an unknown option is an error, whatever the case says", Asked{Option: "fr", Case: "en"}, "", Option, "fr"},
		{"a stronger good one wins before a weaker bad one is looked at", Asked{Option: "en", Case: "fr"}, "en", Option, ""},
		{"locales are matched exactly", Asked{Case: "EN"}, "", Case, "EN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, from, err := set.Decide(tc.asked)
			var ue *UnknownError
			if tc.unknown != "" {
				if !errors.As(err, &ue) || ue.Locale != tc.unknown || ue.From != tc.from {
					t.Fatalf("Decide(%+v) = %q, %v, %v; want an UnknownError for %q from %v", tc.asked, got, from, err, tc.unknown, tc.from)
				}
				return
			}
			if err != nil || got != tc.want || from != tc.from {
				t.Fatalf("Decide(%+v) = %q from %v, %v; want %q from %v", tc.asked, got, from, err, tc.want, tc.from)
			}
		})
	}
	if got, _, _ := Of([]string{"zh-CN", "en"}, "en").Decide(Asked{}); got != "en" {
		t.Errorf("the pack's default_locale en gives %q", got)
	}
}

func TestEnglish(t *testing.T) {
	for l, want := range map[Locale]bool{"en": true, "en-GB": true, "zh-CN": false, "": false, "zh-Hant": false} {
		if l.English() != want {
			t.Errorf("%q.English() = %v", l, !want)
		}
	}
}
