// Command kesu turns complaint case files into the documents that close
// them: registration forms, agreements, apology letters, 8D reports, as PDF
// and Excel.
//
// Exit status: 0 ok, 1 bad input (a case or pack that is wrong), 2 bad
// usage (a flag or argument that cannot be meant).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/kesuhq/kesu/generator"
)

func main() {
	// A kesu run allocates in bursts (a font cut, a PDF, a workbook) and
	// keeps little: collecting at 5× the live heap instead of 2× saves a
	// third of a one-document run, and the soft limit keeps a long batch
	// within bounds. GOGC and GOMEMLIMIT in the environment win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(96 << 20)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the exit, so tests run the CLI in-process.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var reported *reportedError
	if !errors.As(err, &reported) {
		fmt.Fprintln(stderr, "kesu:", err)
	}
	return exitCode(err)
}

// exitCode is the one place the exit status is chosen, from the error's
// class.
func exitCode(err error) int {
	var usage *usageError
	var gusage *generator.UsageError
	switch {
	case errors.As(err, &usage), errors.As(err, &gusage):
		return 2
	default:
		return 1
	}
}

// usageError is a command line that cannot be meant.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// reportedError marks a failure whose details were already printed (every
// problem of every case), so main adds nothing but the exit status.
type reportedError struct{ failed int }

func (e *reportedError) Error() string { return fmt.Sprintf("%d case(s) failed", e.failed) }

// finish ends a command over several cases: the per-case reports as JSON
// when asked, and a failure, already reported, when any case failed.
func (a *app) finish(asJSON bool, reports any, failed int) error {
	if asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			return err
		}
	}
	if failed > 0 {
		return &reportedError{failed}
	}
	return nil
}
