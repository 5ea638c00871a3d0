package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kesuhq/kesu/generator"
)

// loadCase reads, parses and validates one case file named on the command
// line, reading no more than the size limit allows.
func loadCase(g *generator.Generator, path string) (*generator.Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &generator.ValidationError{File: path, Problems: []generator.Problem{{Message: errMessage(err)}}}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, g.Limits().MaxBytes+1))
	if err != nil {
		return nil, &generator.ValidationError{File: path, Problems: []generator.Problem{{Message: errMessage(err)}}}
	}
	return g.Load(path, data)
}

func errMessage(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

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
