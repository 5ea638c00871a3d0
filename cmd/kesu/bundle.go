package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/sink"
	"github.com/spf13/cobra"
)

func (a *app) bundleCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "bundle CASE... -o DIR",
		Short: "Write the closure bundle of each closed case: DIR/<id>.zip with every document, the case file, its attachments, bundle.pdf and manifest.json",
		Example: `  kesu bundle case.yaml -o archive
  kesu bundle closed/*.yaml -o archive --json`,
		Args:              atLeastOne("case file"),
		ValidArgsFunction: completeCases,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := a.v.GetString("out")
			if out == "" {
				return &usageError{errors.New("name the output folder with -o DIR")}
			}
			g, err := a.generator(cmd)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			type report struct {
				File     string              `json:"file"`
				Path     string              `json:"path,omitempty"`
				Bytes    int                 `json:"bytes,omitempty"`
				Files    int                 `json:"files,omitempty"`
				Warnings []generator.Problem `json:"warnings,omitempty"`
				Problems []generator.Problem `json:"problems,omitempty"`
				Error    string              `json:"error,omitempty"`
			}
			var reports []report
			failed := 0
			ctx := cmd.Context()
			dups := g.DuplicateIDs(args)
			for _, path := range args {
				if ctx.Err() != nil {
					break
				}
				r := report{File: path}
				err := func() error {
					if others := dups[path]; len(others) > 0 {
						return generator.DuplicateError(path, others)
					}
					c, err := g.LoadFile(path)
					if err != nil {
						return err
					}
					var buf bytes.Buffer
					res, err := g.Bundle(ctx, c, &buf)
					if err != nil {
						return err
					}
					if ctx.Err() != nil {
						return ctx.Err()
					}
					r.Path = filepath.Join(out, c.ID()+".zip")
					r.Bytes, r.Files, r.Warnings = res.Bytes, len(res.Manifest.Files)+1, res.Warnings
					return sink.WriteFile(r.Path, buf.Bytes())
				}()
				if err != nil && ctx.Err() != nil {
					break // stopped, not failed
				}
				if err != nil {
					failed++
					var ve *generator.ValidationError
					if errors.As(err, &ve) {
						r.Problems = ve.Problems
					} else {
						r.Error = err.Error()
					}
					r.Path = ""
					if !asJSON {
						printProblems(a.stderr, err)
					}
				} else if !asJSON {
					for _, w := range r.Warnings {
						fmt.Fprintln(a.stderr, "warning:", w)
					}
					fmt.Fprintln(a.stdout, r.Path)
				}
				reports = append(reports, r)
			}
			if err := interrupted(ctx, fmt.Sprintf("bundle stopped by %s after %d of %d cases; every bundle written is whole", signalName(signalOf(ctx)), len(reports), len(args))); err != nil {
				return err
			}
			return a.finish(asJSON, reports, failed)
		},
	}
	cmd.Flags().StringP("out", "o", "", "output folder (created if missing)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print what was written as JSON")
	return cmd
}

func (a *app) verifyCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "verify BUNDLE.zip...",
		Short: "Check every file of closure bundles against their manifests and say what differs",
		Example: `  kesu verify archive/KS-2026-000123.zip
  kesu verify archive/*.zip`,
		Args:              atLeastOne("bundle"),
		ValidArgsFunction: cobra.FixedCompletions([]cobra.Completion{"zip"}, cobra.ShellCompDirectiveFilterFileExt),
		RunE: func(_ *cobra.Command, args []string) error {
			failed := 0
			for _, path := range args {
				v, err := verifyFile(path)
				switch {
				case err != nil:
					failed++
					fmt.Fprintf(a.stderr, "%s: %v\n", path, err)
				case !v.OK():
					failed++
					for _, p := range v.Problems {
						fmt.Fprintf(a.stderr, "%s: %s\n", path, p)
					}
				default:
					fmt.Fprintf(a.stdout, "%s: ok (case %s, %d files as listed in its manifest)\n", path, v.Manifest.CaseID, len(v.Manifest.Files)+1)
				}
			}
			if failed > 0 {
				return &reportedError{failed}
			}
			return nil
		},
	}
}

func verifyFile(path string) (*generator.Verification, error) {
	// The zip is read where it lies (its directory, then member by
	// member), never whole, so its size needs no cap.
	f, err := safefile.Open(path, 0)
	if err != nil {
		return nil, errors.New(safefile.Reason(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return generator.VerifyBundle(f, st.Size())
}
