package excelize

import "testing"

// kesu: titleWords stands in for x/text/cases' English title case, without
// lower-casing, on the subtotal functions a pivot table's data field names.
func TestTitleWords(t *testing.T) {
	for in, want := range map[string]string{
		"sum":       "Sum",
		"countNums": "CountNums",
		"stdDevp":   "StdDevp",
		"":          "",
		"max min":   "Max Min",
		"var-p":     "Var-P",
	} {
		if got := titleWords(in); got != want {
			t.Errorf("titleWords(%q) = %q, want %q", in, got, want)
		}
	}
}
