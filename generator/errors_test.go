package generator_test

import (
	"testing"

	"github.com/kesuhq/kesu/generator"
)

func TestProblemString(t *testing.T) {
	for _, tc := range []struct {
		p    generator.Problem
		want string
	}{
		{generator.Problem{Position: generator.Position{File: "a.yaml", Line: 3, Col: 1, Pointer: "/custmer"}, Message: "unknown field"}, "a.yaml:3:1: /custmer: unknown field"},
		{generator.Problem{Position: generator.Position{File: "a.yaml", Line: 3}, Message: "m"}, "a.yaml:3: m"},
		{generator.Problem{Position: generator.Position{Pointer: "/x"}, Message: "m"}, "/x: m"},
		{generator.Problem{Message: "m"}, "m"},
		{generator.Problem{Position: generator.Position{File: "案例 1.yaml"}, Message: "m"}, "案例 1.yaml: m"},
		{generator.Problem{Position: generator.Position{File: `C:\cases\a.yaml`}, Message: "m"}, `C:\cases\a.yaml: m`},
		// A zip entry's name can hold anything: a newline would start a
		// line of its own, an override would turn the name around.
		{generator.Problem{Position: generator.Position{File: "a\nok.pdf"}, Message: "m"}, `"a\nok.pdf": m`},
		{generator.Problem{Position: generator.Position{File: "a\u202efdp.exe"}, Message: "m"}, `"a\u202efdp.exe": m`},
		{generator.Problem{Position: generator.Position{File: "a\xffb"}, Message: "m"}, `"a\xffb": m`},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%#v: %q, want %q", tc.p, got, tc.want)
		}
	}
}
