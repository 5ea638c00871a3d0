package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/schemas"
	"github.com/spf13/cobra"
)

func (a *app) validateCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "validate CASE|DIR...",
		Short: "Check case files against the case schema and rules, and the files they name; print every problem as file:line:col: /pointer: message",
		Long: `Validate checks every case named: files as given, - for standard input,
and the case files of folders (*.yaml, *.yml, *.json, subfolders included,
hidden folders skipped, as batch finds them). Every problem of every case is
printed; the exit status is 1 when any case has one.`,
		Example: `  kesu validate case.yaml
  kesu validate cases/
  kesu validate - < case.yaml
  kesu validate cases/ --json > report.json`,
		Args:              atLeastOne("case file or folder"),
		ValidArgsFunction: completeCases,
		RunE: func(cmd *cobra.Command, args []string) error {
			args, err := caseArgs(args)
			if err != nil {
				return err
			}
			asOf, err := parseAsOf(cmd)
			if err != nil {
				return err
			}
			g, err := a.generator(cmd)
			if err != nil {
				return err
			}
			type report struct {
				File      string              `json:"file"`
				Valid     bool                `json:"valid"`
				Status    string              `json:"status,omitempty"`
				Documents []string            `json:"documents,omitempty"`
				Problems  []generator.Problem `json:"problems,omitempty"`
				Error     string              `json:"error,omitempty"`
				Warnings  []generator.Problem `json:"warnings,omitempty"`
			}
			reports := []report{}
			failed := 0
			ctx := cmd.Context()
			for _, path := range args {
				if ctx.Err() != nil {
					break
				}
				c, err := a.loadCase(g, path)
				if err == nil {
					err = g.CheckFiles(c)
				}
				r := report{File: displayName(path), Valid: err == nil}
				if err != nil {
					failed++
					var ve *generator.ValidationError
					if errors.As(err, &ve) {
						r.Problems = ve.Problems
					} else {
						r.Error = err.Error()
					}
					if !asJSON {
						printProblems(a.stderr, err)
					}
				} else {
					r.Documents = g.Documents(c)
					r.Warnings = g.Warnings(c, asOf)
					if t := g.Timeline(c, asOf); t != nil {
						r.Status = t.Status
					}
					if !asJSON {
						for _, w := range r.Warnings {
							fmt.Fprintln(a.stderr, "warning:", w)
						}
						fmt.Fprintf(a.stdout, "%s: ok (documents: %s)\n", r.File, strings.Join(r.Documents, ", "))
					}
				}
				reports = append(reports, r)
			}
			if err := interrupted(ctx, fmt.Sprintf("validate stopped by %s after %d of %d cases", signalName(signalOf(ctx)), len(reports), len(args))); err != nil {
				return err
			}
			if !asJSON && len(args) > 1 && failed > 0 {
				fmt.Fprintf(a.stderr, "%d of %d cases have problems\n", failed, len(args))
			}
			return a.finish(asJSON, reports, failed)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	addAsOf(cmd.Flags())
	return cmd
}

func (a *app) schemaCmd() *cobra.Command {
	return &cobra.Command{
		Use: "schema [case|document]",
		Example: `  kesu schema > case.schema.json
  kesu schema document > document.schema.json`,
		ValidArgs: []cobra.Completion{"case", "document"},
		Short:     "Print the JSON Schema of case files, or of a pack's document definitions (for editors: yaml-language-server, VS Code)",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 || len(args) == 1 && args[0] != "case" && args[0] != "document" {
				return &usageError{errors.New("kesu schema prints the schema of case files (case, the default) or of a pack's document definitions (document)")}
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			schema := schemas.Case
			if len(args) == 1 && args[0] == "document" {
				schema = schemas.Document
			}
			_, err := a.stdout.Write(schema)
			return err
		},
	}
}
