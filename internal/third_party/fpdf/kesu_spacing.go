package fpdf

// SetCharSpacing sets the extra space after every glyph of following text
// (the Tc operator), as justified Chinese text spreads a line's slack
// between its characters. kesu addition.
func (f *Fpdf) SetCharSpacing(space float64) {
	f.out(sprintf("%.3f Tc", space*f.k))
}
