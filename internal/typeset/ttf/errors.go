package ttf

import (
	"errors"
	"fmt"
)

// ErrCFF reports an OpenType font whose outlines are CFF (PostScript)
// rather than TrueType glyf data. fpdf can only embed glyf outlines, so such
// a font is unusable however well-formed it is.
var ErrCFF = errors.New("ttf: font has CFF (PostScript) outlines, which fpdf cannot embed; " +
	"use a TrueType font with glyf outlines (usually a .ttf file) instead")

// ErrCollection reports a TrueType collection (.ttc) given to Parse, which
// cannot know which of the collection's faces is wanted.
var ErrCollection = errors.New("ttf: font file is a TrueType collection (.ttc); " +
	"pick one of its faces (see CollectionFaces) and load it with ParseCollection")

// FormatError reports malformed or truncated font data.
type FormatError struct {
	Table  string // the table at fault, e.g. "cmap"; empty for the file header
	Reason string
}

func (e *FormatError) Error() string {
	if e.Table == "" {
		return "ttf: malformed font: " + e.Reason
	}
	return fmt.Sprintf("ttf: malformed font: %q table: %s", e.Table, e.Reason)
}

// formatErr builds a *FormatError with a formatted reason.
func formatErr(table, format string, args ...any) error {
	return &FormatError{Table: table, Reason: fmt.Sprintf(format, args...)}
}
