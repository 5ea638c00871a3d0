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
	"sync"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/sink"
	"github.com/spf13/cobra"
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
	Warnings []generator.Warning `json:"warnings,omitempty"`
	Problems []generator.Problem `json:"problems,omitempty"`
	Error    string              `json:"error,omitempty"`
}

func (a *app) renderCmd() *cobra.Command {
	var docs []string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "render CASE... -o DIR",
		Short: "Render the documents of case files as PDF and XLSX into DIR/<id>_<doc>.<ext>",
		Long: `Render writes DIR/<id>_<doc>.pdf and .xlsx for every document the case has
data for, or only those named with --doc. A case that fails validation
writes nothing; each file is written whole or not at all.`,
		Args: atLeastOne("case file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := a.v.GetString("out")
			if out == "" {
				return &usageError{errors.New("name the output folder with -o DIR")}
			}
			formats, err := parseFormats(a.v.GetString("format"))
			if err != nil {
				return err
			}
			g, err := a.generator()
			if err != nil {
				return err
			}
			for _, d := range docs {
				if !g.Pack().Has(d) {
					return &usageError{fmt.Errorf("--doc %s: pack %s has no such document; it has %v", d, g.Pack().Name, g.Pack().Documents)}
				}
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			var reports []caseReport
			failed := 0
			for _, path := range args {
				r := a.renderCase(cmd.Context(), g, path, docs, formats, out)
				if r.Error != "" || len(r.Problems) > 0 {
					failed++
				}
				if !asJSON {
					for _, w := range r.Warnings {
						fmt.Fprintln(a.stderr, "warning:", w)
					}
					for _, o := range r.Outputs {
						fmt.Fprintln(a.stdout, o.Path)
					}
				}
				reports = append(reports, r)
			}
			return a.finish(asJSON, reports, failed)
		},
	}
	f := cmd.Flags()
	f.StringP("out", "o", "", "output folder (created if missing)")
	f.StringSliceVar(&docs, "doc", nil, "documents to render (default: every document the case has data for)")
	f.String("format", "pdf,xlsx", "formats: pdf, xlsx or both")
	f.BoolVar(&asJSON, "json", false, "print what was written (paths, bytes, warnings) as JSON")
	f.String("copy", "original", "whose copy: original, or third-party (personal data masked: 138****5678)")
	f.String("watermark", "", "text drawn under every page, e.g. 草稿 or 副本")
	return cmd
}

func parseFormats(s string) ([]generator.Format, error) {
	var out []generator.Format
	for _, part := range splitList(s) {
		f := generator.Format(part)
		if !slices.Contains(generator.Formats, f) {
			return nil, &usageError{fmt.Errorf("--format %s: expected pdf, xlsx or pdf,xlsx", part)}
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return generator.Formats, nil
	}
	return out, nil
}

// renderCase renders every requested document of one case into memory
// first and writes only when all of them succeeded, so a case either gets
// its whole set of files or none.
func (a *app) renderCase(ctx context.Context, g *generator.Generator, path string, docs []string, formats []generator.Format, dir string) caseReport {
	r := caseReport{File: path, Outputs: []output{}}
	fail := func(err error) caseReport {
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
	c, err := g.LoadFile(path)
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
		warnings []generator.Warning
		err      error
	}
	var files []file
	for _, id := range ids {
		for _, f := range formats {
			name := filepath.Join(dir, fmt.Sprintf("%s_%s.%s", c.ID(), id, f))
			files = append(files, file{output: output{Path: name, Doc: id, Format: f}})
		}
	}
	// The documents render side by side, a core each: on two cores a
	// clerk's case of six documents in two formats takes three quarters
	// of the time. What is reported (the first error, the warnings)
	// follows their order.
	next := make(chan *file)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for f := range next {
				var buf bytes.Buffer
				res, err := g.Render(ctx, c, f.Doc, f.Format, &buf)
				if err != nil {
					f.err = err
					continue
				}
				f.data, f.Bytes, f.Pages = buf.Bytes(), buf.Len(), res.Pages
				if f.Format == generator.PDF {
					f.warnings = res.Warnings
				}
			}
		})
	}
	for i := range files {
		next <- &files[i]
	}
	close(next)
	wg.Wait()
	for _, f := range files {
		if f.err != nil {
			return fail(f.err)
		}
		r.Warnings = append(r.Warnings, f.warnings...)
	}
	r.Warnings = dedupe(r.Warnings)
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

func dedupe(ws []generator.Warning) []generator.Warning {
	seen := map[generator.Warning]bool{}
	out := ws[:0]
	for _, w := range ws {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
