package excelize

import (
	"fmt"
	"testing"
)

// kesu: the errors upstream made with fmt.Errorf from the limits at
// package initialisation are literals here (errors.go); they must still
// say what upstream's said, with the limits' current values.
func TestLimitErrorsSayTheLimits(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{ErrCellCharsLength, fmt.Sprintf("cell value must be 0-%d characters", TotalCellChars)},
		{ErrCellStyles, fmt.Sprintf("the cell styles exceeds the %d limit", MaxCellStyles)},
		{ErrColumnNumber, fmt.Sprintf("the column number must be greater than or equal to %d and less than or equal to %d", MinColumns, MaxColumns)},
		{ErrColumnWidth, fmt.Sprintf("the width of the column must be less than or equal to %d characters", MaxColumnWidth)},
		{ErrDataValidationFormulaLength, fmt.Sprintf("data validation must be 0-%d characters", MaxFieldLength)},
		{ErrFontLength, fmt.Sprintf("the length of the font family name must be less than or equal to %d", MaxFontFamilyLength)},
		{ErrFontSize, fmt.Sprintf("font size must be an integer from %d to %d points", MinFontSize, MaxFontSize)},
		{ErrFormControlValue, fmt.Sprintf("scroll value must be an integer from 0 to %d", MaxFormControlValue)},
		{ErrMaxFilePathLength, fmt.Sprintf("file path length exceeds maximum limit %d characters", MaxFilePathLength)},
		{ErrMaxRowHeight, fmt.Sprintf("the height of the row must be less than or equal to %d points", MaxRowHeight)},
		{ErrNameLength, fmt.Sprintf("the name length exceeds the %d characters limit", MaxFieldLength)},
		{ErrMaxGraphicAltTextLength, fmt.Sprintf("the alt text length exceeds the %d characters limit", MaxGraphicAltTextLength)},
		{ErrMaxGraphicNameLength, fmt.Sprintf("the name length exceeds the %d characters limit", MaxGraphicNameLength)},
		{ErrSheetNameLength, fmt.Sprintf("the sheet name length exceeds the %d characters limit", MaxSheetNameLength)},
	} {
		if c.err.Error() != c.want {
			t.Errorf("%q, want %q", c.err, c.want)
		}
	}
}
