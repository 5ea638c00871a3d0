package efp

import (
	"regexp"
	"testing"
)

// kesu: isExpMantissa must accept exactly what upstream's regexp did: every
// string of up to six characters over the characters that matter.
func TestIsExpMantissaIsUpstreamsRegexp(t *testing.T) {
	re := regexp.MustCompile(`^[1-9]{1}(\.[0-9]+)?E{1}$`)
	alphabet := "019.Ee+"
	var walk func(s string)
	n := 0
	walk = func(s string) {
		n++
		if got, want := isExpMantissa(s), re.MatchString(s); got != want {
			t.Errorf("isExpMantissa(%q) = %v, the regexp says %v", s, got, want)
		}
		if len(s) == 6 {
			return
		}
		for _, c := range alphabet {
			walk(s + string(c))
		}
	}
	walk("")
	if n < 100000 {
		t.Fatalf("walked %d strings", n)
	}
}

// A formula's number in scientific notation stays one operand.
func TestScientificNotationOperand(t *testing.T) {
	ps := ExcelParser()
	tokens := ps.Parse("=1.5E+3*2")
	if len(tokens) != 3 || tokens[0].TValue != "1.5E+3" || tokens[0].TSubType != TokenSubTypeNumber {
		t.Fatalf("tokens: %+v", tokens)
	}
}
