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
		Use:   "validate CASE...",
		Short: "Check case files against the case schema and rules, and the files they name; print every problem as file:line:col: /pointer: message",
		Args:  atLeastOne("case file"),
		RunE: func(_ *cobra.Command, args []string) error {
			g, err := a.generator()
			if err != nil {
				return err
			}
			type report struct {
				File      string              `json:"file"`
				Valid     bool                `json:"valid"`
				Documents []string            `json:"documents,omitempty"`
				Problems  []generator.Problem `json:"problems,omitempty"`
			}
			var reports []report
			failed := 0
			for _, path := range args {
				c, err := g.LoadFile(path)
				if err == nil {
					err = g.CheckFiles(c)
				}
				r := report{File: path, Valid: err == nil}
				if err != nil {
					failed++
					var ve *generator.ValidationError
					if !errors.As(err, &ve) {
						return err
					}
					r.Problems = ve.Problems
					if !asJSON {
						printProblems(a.stderr, err)
					}
				} else {
					r.Documents = g.Documents(c)
					if !asJSON {
						fmt.Fprintf(a.stdout, "%s: ok (documents: %s)\n", path, strings.Join(r.Documents, ", "))
					}
				}
				reports = append(reports, r)
			}
			return a.finish(asJSON, reports, failed)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON")
	return cmd
}

func (a *app) schemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema [case|document]",
		Short: "Print the JSON Schema of case files, or of a pack's document definitions (for editors: yaml-language-server, VS Code)",
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
