package casefile

import (
	"fmt"
	"github.com/kesuhq/kesu/internal/diag"
	"strings"
)

// Problem is one thing wrong with a case file, located the way an editor
// jumps to it: line and column (1-based; 0 when unknown) and the JSON
// pointer of the value at fault. Its File is the ValidationError's.
type Problem = diag.Problem

// ValidationError holds every problem found in one case file, so a clerk
// fixes them all in one round instead of one per run.
type ValidationError struct {
	File     string    `json:"file"`
	Problems []Problem `json:"problems"`
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Format(p))
	}
	return b.String()
}

// Format renders one problem of the file as file:line:col: /pointer: message.
func (e *ValidationError) Format(p Problem) string {
	p.File = e.File
	return p.String()
}

func newError(file string, line, col int, pointer, format string, args ...any) *ValidationError {
	return &ValidationError{File: file, Problems: []Problem{{Line: line, Col: col, Pointer: pointer, Message: fmt.Sprintf(format, args...)}}}
}
