package suggest

import "testing"

func TestDidYouMean(t *testing.T) {
	langs := []string{"zh-CN", "en"}
	for in, want := range map[string]string{"zh": "zh-CN", "zh-cn": "zh-CN", "EN": "en", "fr": "", "de": "", "": ""} {
		if got := DidYouMean(in, langs); got != want {
			t.Errorf("DidYouMean(%q) = %q, want %q", in, got, want)
		}
	}
	docs := []string{"registration", "agreement", "apology", "8d", "car", "closure"}
	for in, want := range map[string]string{"registraton": "registration", "apolgy": "apology", "8D": "8d", "cra": "car", "letter": ""} {
		if got := DidYouMean(in, docs); got != want {
			t.Errorf("DidYouMean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		d    int
	}{{"registraton", "registration", 1}, {"pfd", "pdf", 1}, {"", "abc", 3}, {"登记表", "登记", 1}, {"same", "same", 0}} {
		if d := Distance(tt.a, tt.b); d != tt.d {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, d, tt.d)
		}
	}
}
