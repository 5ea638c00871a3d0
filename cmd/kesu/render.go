package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/sink"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/sync/errgroup"
)

// output is one file render wrote, as --json reports it.
type output struct {
	Path   string           `json:"path"`
	Doc    string           `json:"doc"`
	Format generator.Format `json:"format"`
	Bytes  int              `json:"bytes"`
	Pages  int              `json:"pages,omitempty"`
}

type caseReport struct {
	File     string              `json:"file"`
	ID       string              `json:"id,omitempty"`
	Outputs  []output            `json:"outputs"`
	Warnings []generator.Problem `json:"warnings,omitempty"`
	Problems []generator.Problem `json:"problems,omitempty"`
	Error    string              `json:"error,omitempty"`
	stopped  bool                // a signal stopped it before it wrote
}

func (a *app) renderCmd() *cobra.Command {
	var docs []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "render CASE... -o DIR",
		Short: "Render the documents of case files as PDF and XLSX into DIR/<id>_<doc>.<ext>",
		Long: `Render writes DIR/<id>_<doc>.pdf and .xlsx for every document the case has
data for, or only those named with --doc. A case that fails validation
writes nothing; each file is written whole or not at all.

CASE - reads the case from standard input (its files are looked for in the
working directory); -o - writes the one document asked for (one --doc, one
--format) to standard output.`,
		Example: `  kesu render case.yaml -o out
  kesu render cases/*.yaml -o out --doc registration,agreement --format pdf
  kesu render case.yaml -o out --copy third-party --watermark 副本 --locale en
  kesu render - --doc registration --format pdf -o - < case.yaml > registration.pdf`,
		Args:              atLeastOne("case file"),
		ValidArgsFunction: completeCases,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := a.v.GetString("out")
			if out == "" {
				return usagef("name the output folder with -o DIR (or -o - for standard output)")
			}
			args, err := caseArgs(args)
			if err != nil {
				return err
			}
			formats := parseFormats(a.v.GetString("format"))
			toStdout := out == "-"
			if toStdout {
				if err := stdoutOK(args, docs, formats, asJSON); err != nil {
					return err
				}
			}
			asOf, err := parseAsOf(cmd)
			if err != nil {
				return err
			}
			g, err := a.generator(cmd)
			if err != nil {
				return err
			}
			for _, d := range docs {
				if !slices.Contains(g.Pack().Documents, d) {
					return notOneOf("--doc "+d, d, g.Pack().Documents)
				}
			}
			if len(docs) > 0 {
				// The documents named compile on the other core while the
				// first case is read; a render meets any error again.
				go g.Prepare(docs...)
			}
			if !toStdout {
				if err := os.MkdirAll(out, 0o755); err != nil {
					return err
				}
			}
			ctx := cmd.Context()
			var reports []caseReport
			failed := 0
			dups := g.DuplicateIDs(args)
			for _, path := range args {
				if ctx.Err() != nil {
					break
				}
				if others := dups[path]; len(others) > 0 {
					err := generator.DuplicateError(path, others)
					printProblems(a.stderr, err)
					reports = append(reports, caseReport{File: displayName(path), Outputs: []output{}, Problems: err.(*generator.ValidationError).Problems})
					failed++
					continue
				}
				r := a.renderCase(ctx, g, path, docs, formats, out, asOf)
				if r.stopped {
					break
				}
				if r.Error != "" || len(r.Problems) > 0 {
					failed++
				}
				if !asJSON {
					for _, w := range r.Warnings {
						fmt.Fprintln(a.stderr, "warning:", w)
					}
					if !toStdout {
						for _, o := range r.Outputs {
							fmt.Fprintln(a.stdout, o.Path)
						}
					}
				}
				reports = append(reports, r)
			}
			if err := interrupted(ctx, fmt.Sprintf("render stopped by %s after %d of %d cases; every file written is whole", signalName(signalOf(ctx)), len(reports), len(args))); err != nil {
				return err
			}
			return a.finish(asJSON, reports, failed)
		},
	}
	f := cmd.Flags()
	f.StringP("out", "o", "", "output folder (created if missing), or - for standard output")
	f.StringSliceVar(&docs, "doc", nil, "documents to render (default: every document the case has data for)")
	f.String("format", "pdf,xlsx", "formats: pdf, xlsx or both")
	f.BoolVar(&asJSON, "json", false, "print what was written (paths, bytes, warnings) as JSON")
	f.String("copy", "original", "whose copy: original, or third-party (personal data masked: 138****5678)")
	f.String("watermark", "", "text drawn under every page, e.g. 草稿 or 副本")
	addAsOf(f)
	return cmd
}

// stdoutOK checks that -o - has exactly one file to write.
func stdoutOK(args, docs []string, formats []generator.Format, asJSON bool) error {
	var why []string
	if len(args) != 1 {
		why = append(why, fmt.Sprintf("%d cases were named", len(args)))
	}
	if len(docs) != 1 {
		why = append(why, fmt.Sprintf("%d documents were asked for (name one with --doc)", len(docs)))
	}
	if len(formats) != 1 {
		why = append(why, fmt.Sprintf("%d formats were asked for (name one with --format pdf or --format xlsx)", len(formats)))
	}
	if asJSON {
		why = append(why, "--json would print on standard output too")
	}
	if len(why) > 0 {
		return usagef("-o -: standard output takes one file, one case's one document in one format; %s", strings.Join(why, ", "))
	}
	return nil
}

// parseFormats reads --format, already checked by loadConfig.
func parseFormats(s string) []generator.Format {
	var out []generator.Format
	for _, part := range splitList(s) {
		if f := generator.Format(part); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return generator.Formats()
	}
	return out
}

// renderCase renders every requested document of one case into memory
// first and writes only when all of them succeeded, so a case either gets
// its whole set of files or none.
func (a *app) renderCase(ctx context.Context, g *generator.Generator, path string, docs []string, formats []generator.Format, dir string, asOf time.Time) caseReport {
	r := caseReport{File: displayName(path), Outputs: []output{}}
	fail := func(err error) caseReport {
		if ctx.Err() != nil {
			// Stopped, not failed: nothing to report but that.
			return caseReport{File: r.File, Outputs: []output{}, stopped: true}
		}
		var ve *generator.ValidationError
		if errors.As(err, &ve) {
			r.Problems = ve.Problems
		} else {
			r.Error = err.Error()
		}
		printProblems(a.stderr, err)
		r.Outputs = []output{}
		return r
	}
	c, err := a.loadCase(g, path)
	if err != nil {
		return fail(err)
	}
	r.ID = c.ID()
	ids := docs
	if len(ids) == 0 {
		ids = g.Documents(c)
	}
	type file struct {
		output
		data     []byte
		warnings []generator.Problem
		err      error
	}
	var files []file
	for _, id := range ids {
		for _, f := range formats {
			name := "-"
			if dir != "-" {
				name = filepath.Join(dir, fmt.Sprintf("%s_%s.%s", c.ID(), id, f))
			}
			files = append(files, file{output: output{Path: name, Doc: id, Format: f}})
		}
	}
	// The documents render side by side, a core each: on two cores a
	// clerk's case of six documents in two formats takes three quarters
	// of the time. What is reported (the first error, the warnings)
	// follows their order.
	var pool errgroup.Group
	pool.SetLimit(runtime.GOMAXPROCS(0))
	for i := range files {
		f := &files[i]
		pool.Go(func() error {
			var buf bytes.Buffer
			res, err := g.Render(ctx, c, f.Doc, f.Format, &buf, generator.WithAsOf(asOf))
			if err != nil {
				f.err = err
				return nil
			}
			f.data, f.Bytes, f.Pages = buf.Bytes(), buf.Len(), res.Pages
			if f.Format == generator.PDF {
				f.warnings = res.Warnings
			}
			return nil
		})
	}
	pool.Wait()
	for _, f := range files {
		if f.err != nil {
			return fail(f.err)
		}
		r.Warnings = append(r.Warnings, f.warnings...)
	}
	r.Warnings = dedupe(append(r.Warnings, g.Warnings(c, asOf)...))
	if ctx.Err() != nil {
		return fail(ctx.Err())
	}
	if dir == "-" {
		// Checked by stdoutOK: one file.
		f := files[0]
		if _, err := a.stdout.Write(f.data); err != nil {
			return fail(err)
		}
		r.Outputs = append(r.Outputs, f.output)
		return r
	}
	set := make([]sink.File, len(files))
	for i, f := range files {
		set[i] = sink.File{Path: f.Path, Data: f.data}
	}
	if err := sink.WriteFiles(set); err != nil {
		return fail(err)
	}
	for _, f := range files {
		r.Outputs = append(r.Outputs, f.output)
	}
	return r
}

func dedupe(ws []generator.Problem) []generator.Problem {
	seen := map[generator.Problem]bool{}
	out := ws[:0]
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// addAsOf adds --as-of, the day a case's open deadlines are judged at.
func addAsOf(f *pflag.FlagSet) {
	f.String("as-of", "", "judge open deadlines at the end of this day, YYYY-MM-DD (default: the case's latest date, so the output never depends on the clock)")
}

func parseAsOf(cmd *cobra.Command) (time.Time, error) {
	s, _ := cmd.Flags().GetString("as-of")
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, &usageError{fmt.Errorf("--as-of %s: expected a date, YYYY-MM-DD", s)}
	}
	return t, nil
}
