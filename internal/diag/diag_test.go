package diag

import "testing"

func TestString(t *testing.T) {
	for _, tc := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.yaml", Line: 3, Col: 1, Pointer: "/custmer", Message: "unknown field"}, "a.yaml:3:1: /custmer: unknown field"},
		{Problem{File: "pack.yaml", Line: 3, Message: "m"}, "pack.yaml:3: m"},
		{Problem{File: "labels/en.yaml", Message: "m"}, "labels/en.yaml: m"},
		{Problem{Pointer: "/x", Message: "m"}, "/x: m"},
		{Problem{Line: 2, Col: 5, Message: "m"}, ":2:5: m"},
		{Problem{Message: "m"}, "m"},
		{Problem{File: "案例 1.yaml", Message: "m"}, "案例 1.yaml: m"},
		{Problem{File: `C:\cases\a.yaml`, Message: "m"}, `C:\cases\a.yaml: m`},
		// A zip entry's name can hold anything: a newline would start a
		// line of its own, an override would turn the name around.
		{Problem{File: "a\nok.pdf", Message: "m"}, `"a\nok.pdf": m`},
		{Problem{File: "a\u202efdp.exe", Message: "m"}, `"a\u202efdp.exe": m`},
		{Problem{File: "a\xffb", Message: "m"}, `"a\xffb": m`},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%#v: %q, want %q", tc.p, got, tc.want)
		}
	}
}
