// Package diag is kesu's one shape of a message about something written
// somewhere (a case's field, a pack file's line, a bundle's member) and
// its one formatter, file:line:col: /pointer: message, the form editors
// jump to. Every stage reports in it; generator.Problem is its public face.
package diag

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem is a message at a position: a file (a case, a pack file, a
// bundle's member), a line and column (1-based; 0 when unknown) and the
// JSON pointer of the value, each left out when unknown.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Pointer string `json:"pointer,omitempty"`
	Message string `json:"message"`
}

// String is file:line:col: /pointer: message.
func (p Problem) String() string {
	if at := Position(p.File, p.Line, p.Col, p.Pointer); at != "" {
		return at + ": " + p.Message
	}
	return p.Message
}

// Position is file:line:col: /pointer, leaving out what is unknown. A
// file name with a control or format character (a zip entry "a\nb", a
// right-to-left override) or not UTF-8 is quoted, so a line cannot be
// forged or hidden.
func Position(file string, line, col int, pointer string) string {
	var b strings.Builder
	if strings.ContainsFunc(file, func(r rune) bool { return !unicode.IsGraphic(r) }) || !utf8.ValidString(file) {
		b.WriteString(strconv.Quote(file))
	} else {
		b.WriteString(file)
	}
	switch {
	case line > 0 && col > 0:
		fmt.Fprintf(&b, ":%d:%d", line, col)
	case line > 0:
		fmt.Fprintf(&b, ":%d", line)
	}
	if pointer != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString(pointer)
	}
	return b.String()
}
