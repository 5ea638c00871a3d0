// Command kesu turns complaint case files into the documents that close
// them: registration forms, agreements, apology letters, 8D reports, as PDF
// and Excel.
//
// Exit status: 0 ok, 1 bad input (a case or pack that is wrong), 2 bad
// usage (a flag, argument or setting that cannot be meant), 130 stopped by
// Ctrl-C (SIGINT), 143 stopped by SIGTERM.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

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
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// stopSignals end a run early but cleanly: the commands stop taking new
// work, finish or drop what is in flight without leaving a partial file,
// and say what was done.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

// run is main without the exit, so tests run the CLI in-process.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), stopSignals...)
	defer stop()
	// After the first signal the default comes back: a second Ctrl-C
	// kills at once, for whoever does not want to wait.
	go func() { <-ctx.Done(); stop() }()
	root := newRoot(args, stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	if ctx.Err() != nil && !errors.As(err, new(*interruptedError)) {
		// A command that did not say how far it got still exits as
		// stopped, not as failed.
		err = &interruptedError{sig: signalOf(ctx)}
	}
	var reported *reportedError
	var stopped *interruptedError
	switch {
	case errors.As(err, &reported):
	case errors.As(err, &stopped):
		fmt.Fprintln(stderr, "kesu:", err)
	default:
		// Several mistakes (of kesu.yaml, say) are a line each.
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintln(stderr, "kesu:", line)
		}
	}
	return exitCode(err)
}

// exitCode is the one place the exit status is chosen, from the error's
// class: commands return errors of these classes and never exit.
func exitCode(err error) int {
	var usage *usageError
	var gusage *generator.UsageError
	var stopped *interruptedError
	switch {
	case errors.As(err, &stopped):
		// The shells' convention: 128 + the signal's number.
		if s, ok := stopped.sig.(syscall.Signal); ok {
			return 128 + int(s)
		}
		return 130
	case errors.As(err, &usage), errors.As(err, &gusage):
		return 2
	default:
		return 1
	}
}

// usageError is a command line, environment or kesu.yaml that cannot be
// meant: exit 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef is a usageError worded like fmt.Errorf.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// reportedError marks a failure whose details were already printed (every
// problem of every case), so main adds nothing but the exit status.
type reportedError struct{ failed int }

func (e *reportedError) Error() string { return fmt.Sprintf("%d case(s) failed", e.failed) }

// interruptedError is a run stopped by a signal; what it did was already
// reported when msg is empty.
type interruptedError struct {
	sig os.Signal
	msg string
}

func (e *interruptedError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return fmt.Sprintf("stopped by %s; no file was left half-written", signalName(e.sig))
}

// signalOf tells which of stopSignals cancelled ctx: NotifyContext puts
// "<signal> signal received" as the cause.
func signalOf(ctx context.Context) os.Signal {
	cause := context.Cause(ctx)
	for _, s := range stopSignals {
		if cause != nil && cause.Error() == s.String()+" signal received" {
			return s
		}
	}
	return os.Interrupt
}

func signalName(s os.Signal) string {
	if s == syscall.SIGTERM {
		return "SIGTERM"
	}
	return "Ctrl-C (SIGINT)"
}

// interrupted is the error a command returns when ctx was cancelled by a
// signal, with what it says about how far it got; nil if ctx is live.
func interrupted(ctx context.Context, msg string) error {
	if ctx.Err() == nil {
		return nil
	}
	return &interruptedError{sig: signalOf(ctx), msg: msg}
}

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
