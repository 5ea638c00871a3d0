package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/batch"
	"github.com/kesuhq/kesu/internal/sink"
	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

func (a *app) batchCmd() *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "batch DIR|FILES... -o OUT",
		Short: "Bundle every case found, with a pool of workers; resumable; writes OUT/errors.json (errors-I-of-N.json for a shard) and OUT/ledger.xlsx",
		Long: `Batch writes OUT/<id>.zip, the closure bundle, for every case file found in the
folders and files given (*.yaml, *.yml, *.json, subfolders included). One bad
case never stops the batch: it is reported in the summary and in
OUT/errors.json, and the exit status is 1. A case not closed yet is no failure:
it goes into the ledger with its status and age and is not bundled, and the
summary counts it as open. Bundles are written whole or not at
all, and a bundle already in OUT made from the same case, pack and kesu version
is kept: after a crash or kill -9, run the same command again.

Ctrl-C (SIGINT) or SIGTERM stops the batch cleanly: the cases under way are
finished or dropped, no temporary file is left, and kesu prints how far it got
and the command that resumes it; the exit status is 130 (SIGINT) or 143
(SIGTERM). A second Ctrl-C stops at once.

--shard I/N renders a deterministic share of the cases (I from 0 to N-1), so a
cluster can fan the batch out; each shard writes OUT/ledger-I-of-N.xlsx and
OUT/errors-I-of-N.json, and kesu ledger merges the ledgers. Shards may write
into one OUT at once: each leaves the others' files alone. Two case files
with one id are both errors (naming each other), never one overwriting the
other; OUT may lie inside an input folder, and what is in it is never read
as a case.`,
		Example: `  kesu batch cases/ -o archive
  kesu batch cases/ -o archive --jobs 4 --quiet
  kesu batch cases/ -o archive --shard 0/4   # on the first of four machines`,
		Args:              atLeastOne("folder or case file"),
		ValidArgsFunction: completeCases,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := a.v.GetString("out")
			if out == "" {
				return usagef("name the output folder with -o OUT")
			}
			shard, shards, _ := parseShard(a.v.GetString("shard"))
			g, err := a.generator(cmd)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			var tally batchTally
			show, finish := a.progress(quiet)
			res, err := g.Batch(ctx, generator.BatchOptions{Inputs: args, Out: out, Jobs: a.v.GetInt("jobs"),
				Shard: shard, Shards: shards, Progress: func(e generator.BatchEvent) {
					// A case cut short by the signal is neither done nor
					// failed: it will be done by the resumed run.
					if ctx.Err() != nil && errors.Is(e.Err, context.Canceled) {
						tally.total = e.Total
						return
					}
					tally.add(e)
					if show != nil {
						show(e)
					}
				}})
			finish()
			if ctx.Err() != nil {
				return a.batchStopped(ctx, &tally, args, shard, shards)
			}
			if err != nil {
				return err
			}
			name := "ledger.xlsx"
			if shards > 1 {
				name = fmt.Sprintf("ledger-%d-of-%d.xlsx", shard, shards)
			}
			if err := writeLedger(g, res.Rows, out, name); err != nil {
				return err
			}
			if !quiet {
				fmt.Fprintf(a.stdout, "%d cases: %d bundled, %d up to date, %d open (in the ledger, not bundled), %d failed\n", res.Total, res.Written, res.Skipped, res.Open, res.Failed)
			}
			for _, e := range res.Errors {
				fmt.Fprintln(a.stderr, formatBatchError(e))
			}
			if res.Failed > 0 {
				return &reportedError{res.Failed}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringP("out", "o", "", "output folder")
	f.Int("jobs", 0, "cases rendered at once (default: the number of CPUs)")
	f.String("shard", "", "I/N: render shard I (0 to N-1) of N")
	f.BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}

// batchTally counts the cases a batch finished, as they finish.
type batchTally struct {
	total, written, skipped, open int
	failed                        []generator.BatchEvent
}

func (t *batchTally) add(e generator.BatchEvent) {
	t.total = e.Total
	switch {
	case e.Err != nil:
		t.failed = append(t.failed, e)
	case e.Skipped:
		t.skipped++
	case e.Open:
		t.open++
	default:
		t.written++
	}
}

// batchStopped reports a batch stopped by a signal: what was done, what
// failed, what was not, and the command that resumes it (the bundles
// written are kept, so the same command is the resume).
func (a *app) batchStopped(ctx context.Context, t *batchTally, inputs []string, shard, shards int) error {
	if t.total == 0 {
		// Stopped before the first case finished: count what it had.
		if all, err := batch.Find(inputs); err == nil {
			for _, f := range all {
				if batch.InShard(f, shard, shards) {
					t.total++
				}
			}
		}
	}
	for _, e := range t.failed {
		printProblems(a.stderr, e.Err)
	}
	done := t.written + t.skipped + t.open + len(t.failed)
	open := ""
	if t.open > 0 {
		open = fmt.Sprintf(", %d open", t.open)
	}
	return &interruptedError{sig: signalOf(ctx), msg: fmt.Sprintf(
		"batch stopped by %s: %d of %d cases done (%d bundled, %d up to date%s, %d failed), %d not started; every bundle written is whole, the ledger and errors.json were not updated\n"+
			"To resume, run the same command again (finished bundles are kept):\n  %s",
		signalName(signalOf(ctx)), done, t.total, t.written, t.skipped, open, len(t.failed), t.total-done,
		shellCommand(append([]string{"kesu"}, a.args...)...))}
}

func formatBatchError(e generator.Problem) string { return e.String() }

// progress shows a bar on a terminal (done/total, rate, ETA), a line per
// case otherwise, nothing with --quiet.
func (a *app) progress(quiet bool) (func(generator.BatchEvent), func()) {
	if quiet {
		return nil, func() {}
	}
	f, isFile := a.stderr.(*os.File)
	if !isFile || !term.IsTerminal(int(f.Fd())) {
		return func(e generator.BatchEvent) {
			state := "ok"
			switch {
			case e.Err != nil:
				state = "failed"
			case e.Skipped:
				state = "up to date"
			case e.Open:
				state = "open"
			}
			fmt.Fprintf(a.stderr, "[%d/%d] %s: %s\n", e.Done, e.Total, e.File, state)
		}, func() {}
	}
	p := mpb.New(mpb.WithOutput(f), mpb.WithWidth(40))
	var bar *mpb.Bar
	return func(e generator.BatchEvent) {
			if bar == nil {
				bar = p.AddBar(int64(e.Total),
					mpb.PrependDecorators(decor.Name("kesu batch "), decor.CountersNoUnit("%d / %d")),
					mpb.AppendDecorators(decor.AverageSpeed(nil, " %.1f cases/s"), decor.Name("  ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
			}
			bar.Increment()
		}, func() {
			if bar != nil && !bar.Completed() {
				bar.Abort(false)
			}
			p.Wait()
		}
}

// writeLedger writes the 台账 of the cases into dir, atomically.
func writeLedger(g *generator.Generator, rows []generator.LedgerRow, dir, name string) error {
	var buf bytes.Buffer
	if err := g.WriteLedger(&buf, rows); err != nil {
		return err
	}
	return sink.WriteFile(filepath.Join(dir, name), buf.Bytes())
}
