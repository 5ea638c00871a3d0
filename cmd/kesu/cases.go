package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kesuhq/kesu/generator"
)

// printProblems writes every problem of a failed case, one per line.
func printProblems(w io.Writer, err error) {
	var ve *generator.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Fprintln(w, ve.Format(p))
		}
		return
	}
	fmt.Fprintln(w, "kesu:", err)
}

// splitList splits a comma-separated flag value, dropping empty parts.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
