package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/assets"
	"github.com/kesuhq/kesu/internal/batch"
)

// stdinName is the name a case read from standard input (the argument
// "-") has in messages.
const stdinName = "<stdin>"

// loadCase reads a case file, or standard input for "-"; a case read from
// standard input finds the files it names in the working directory.
func (a *app) loadCase(g *generator.Generator, path string) (*generator.Case, error) {
	if path != "-" {
		return g.LoadFile(path)
	}
	data, err := io.ReadAll(io.LimitReader(a.stdin, g.Limits().MaxBytes+1))
	if err != nil {
		return nil, &generator.ValidationError{File: stdinName, Problems: []generator.Problem{{Position: generator.Position{File: stdinName}, Message: err.Error()}}, Err: err}
	}
	return g.Load(stdinName, data, generator.WithAssets(assets.DirFS(".")))
}

// caseArgs lists the cases the arguments name: files as given, "-" for
// standard input (once), and the case files of folders, found as batch
// finds them.
func caseArgs(args []string) ([]string, error) {
	var out []string
	stdin := false
	for _, arg := range args {
		if arg == "-" {
			if stdin {
				return nil, usagef("- (standard input) can be named once")
			}
			stdin = true
			out = append(out, arg)
			continue
		}
		if st, err := os.Stat(arg); err != nil || !st.IsDir() {
			// A missing file is the case's problem, reported with the
			// others.
			out = append(out, arg)
			continue
		}
		found, err := batch.Find([]string{arg})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, usagef("%s: no case files (*.yaml, *.yml, *.json) in this folder or its subfolders", arg)
		}
		out = append(out, found...)
	}
	return out, nil
}

// displayName is the name of a case argument in messages.
func displayName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// printProblems writes every problem of a failed case, one per line.
func printProblems(w io.Writer, err error) {
	var ve *generator.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Fprintln(w, p)
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

// shellCommand is a command line a user can paste into a POSIX shell.
func shellCommand(args ...string) string {
	quoted := make([]string, len(args))
	for i, s := range args {
		quoted[i] = shellQuote(s)
	}
	return strings.Join(quoted, " ")
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
