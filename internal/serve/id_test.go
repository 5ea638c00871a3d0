package serve

import (
	"regexp"
	"strings"
	"testing"
)

// The schema's rule for a case id, which validID must agree with.
var idRule = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func TestValidIDIsTheSchemaRule(t *testing.T) {
	for _, id := range []string{"", "a", "KS-2026-000123", "a_b", strings.Repeat("x", 64), strings.Repeat("x", 65),
		"../x", "a b", "a/b", "a.b", "案例", "a\x00", "A-Z_09", "-", "_"} {
		if got, want := validID(id), idRule.MatchString(id); got != want {
			t.Errorf("validID(%q) = %v, the schema's rule says %v", id, got, want)
		}
	}
}

func FuzzValidID(f *testing.F) {
	f.Add("KS-2026-000123")
	f.Add("../etc")
	f.Fuzz(func(t *testing.T, id string) {
		if got, want := validID(id), idRule.MatchString(id); got != want {
			t.Fatalf("validID(%q) = %v, the schema's rule says %v", id, got, want)
		}
	})
}
