package generator

import (
	"errors"
	"github.com/kesuhq/kesu/internal/diag"
	"strings"

	"github.com/kesuhq/kesu/internal/assets"
	"github.com/kesuhq/kesu/internal/casefile"
)

// The error classes of the API. Bad case input is *ValidationError; a
// broken pack is *PackError; a request that cannot be meant (an unknown
// document or format, a case without its folder) is *UsageError, and the
// sentinels below say which under errors.Is. The CLI picks its exit status
// from these with errors.As, in one place.

var (
	// ErrUnknownDocument: the pack has no document of that id.
	ErrUnknownDocument = errors.New("unknown document")
	// ErrUnknownFormat: the format is neither pdf nor xlsx.
	ErrUnknownFormat = errors.New("unknown format")
	// ErrNoAssets: a document or bundle needs a file the case names, and
	// the case was loaded without its folder (Load without WithAssets).
	ErrNoAssets = errors.New("the case was loaded without its folder")
)

// Position is where something is written: a file, a line and column
// (1-based; 0 when unknown) and the JSON pointer of the value.
type Position struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Pointer string `json:"pointer,omitempty"`
}

// String is file:line:col: /pointer, leaving out what is unknown. A file
// name with a control or format character (a zip entry "a\nb", a
// right-to-left override) is quoted, so a line cannot be forged or hidden.
func (p Position) String() string { return diag.Position(p.File, p.Line, p.Col, p.Pointer) }

// Problem is a message about something at a position: a mistake in a
// case, a character no font draws, a suspicious line of a pack.
type Problem struct {
	Position
	Message string `json:"message"`
}

// String is file:line:col: /pointer: message, the form editors jump to.
func (p Problem) String() string { return p.internal().String() }

func (p Problem) internal() diag.Problem {
	return diag.Problem{File: p.File, Line: p.Line, Col: p.Col, Pointer: p.Pointer, Message: p.Message}
}

// problemOf is an internal problem as the API's.
func problemOf(p diag.Problem) Problem {
	return Problem{Position{File: p.File, Line: p.Line, Col: p.Col, Pointer: p.Pointer}, p.Message}
}

// ValidationError holds every problem of a case file, so a clerk fixes
// them all in one round. Err, when set, is the cause (an fs error when the
// file could not be read).
type ValidationError struct {
	File     string    `json:"file"`
	Problems []Problem `json:"problems"`
	Err      error     `json:"-"`
}

func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (e *ValidationError) Unwrap() error { return e.Err }

// PackError is a problem in a template pack: a broken template, a missing
// font, a document definition that does not parse.
type PackError struct{ Err error }

func (e *PackError) Error() string { return "pack: " + e.Err.Error() }

func (e *PackError) Unwrap() error { return e.Err }

// UsageError is a request that names something that does not exist, or
// asks what cannot be done; Err is a sentinel of this package when one
// applies.
type UsageError struct {
	Msg string
	Err error
}

func (e *UsageError) Error() string { return e.Msg }

func (e *UsageError) Unwrap() error { return e.Err }

// public turns the errors of kesu's stages into the API's: a case's
// problems into a *ValidationError with positions, a case without its
// folder into a *UsageError.
func public(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, assets.ErrNoAssets) {
		return &UsageError{Msg: err.Error(), Err: ErrNoAssets}
	}
	var ve *casefile.ValidationError
	if errors.As(err, &ve) {
		out := &ValidationError{File: ve.File, Problems: make([]Problem, len(ve.Problems)), Err: errors.Unwrap(ve)}
		for i, p := range ve.Problems {
			out.Problems[i] = Problem{Position{File: ve.File, Line: p.Line, Col: p.Col, Pointer: p.Pointer}, p.Message}
		}
		return out
	}
	return err
}
