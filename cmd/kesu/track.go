package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/batch"
	"github.com/kesuhq/kesu/internal/sink"
	"github.com/spf13/cobra"
)

func (a *app) trackCmd() *cobra.Command {
	var asJSON bool
	var recent int
	cmd := &cobra.Command{
		Use:   "track DIR|FILES... -o OUT",
		Short: "Write the 投诉跟踪表 (tracking table) of open and recently closed cases as OUT/track.xlsx and OUT/track.pdf",
		Long: `Track reads every case found (as kesu batch does) and writes OUT/track.xlsx and
OUT/track.pdf: the open cases, and those closed in the last --recent days,
with status, owner, age in working days, the next deadline, the overdue items
and the escalations, most urgent first (most overdue, then the nearest
deadline, then the oldest). Deadlines are judged at the end of --as-of DATE
(default: the latest date any of the cases records, so the same cases give the
same table). A case that fails validation is reported and left out; the exit
status is then 1.`,
		Example: `  kesu track cases/ -o report
  kesu track cases/ -o report --as-of 2026-11-30 --recent 7
  kesu track cases/ --json > track.json`,
		Args:              atLeastOne("case file or folder"),
		ValidArgsFunction: completeCases,
		RunE: func(cmd *cobra.Command, args []string) error {
			out := a.v.GetString("out")
			if out == "" && !asJSON {
				return &usageError{errors.New("name the output folder with -o OUT (or print the table with --json)")}
			}
			if recent < 0 {
				return &usageError{fmt.Errorf("--recent %d: expected a number of days, 0 or more", recent)}
			}
			asOf, err := parseAsOf(cmd)
			if err != nil {
				return err
			}
			g, err := a.generator(cmd)
			if err != nil {
				return err
			}
			files, err := batch.Find(args)
			if err != nil {
				return err
			}
			var cases []*generator.Case
			failed := 0
			for _, f := range files {
				c, err := g.LoadFile(f)
				if err != nil {
					failed++
					printProblems(a.stderr, err)
					continue
				}
				cases = append(cases, c)
			}
			tr := g.Track(cases, asOf, recent)
			if out != "" {
				if err := os.MkdirAll(out, 0o755); err != nil {
					return err
				}
				var set []sink.File
				for _, f := range []generator.Format{generator.XLSX, generator.PDF} {
					var buf bytes.Buffer
					if err := g.RenderTrack(tr, "", f, &buf); err != nil {
						return err
					}
					set = append(set, sink.File{Path: filepath.Join(out, "track."+string(f)), Data: buf.Bytes()})
				}
				if err := sink.WriteFiles(set); err != nil {
					return err
				}
				if !asJSON {
					for _, f := range set {
						fmt.Fprintln(a.stdout, f.Path)
					}
					fmt.Fprintf(a.stdout, "%d cases: %d open, %d recently closed, as of %s\n", len(tr.Rows), tr.Open, len(tr.Rows)-tr.Open, tr.AsOf.Format("2006-01-02"))
				}
			}
			return a.finish(asJSON, tr, failed)
		},
	}
	f := cmd.Flags()
	f.StringP("out", "o", "", "output folder (created if missing)")
	f.BoolVar(&asJSON, "json", false, "print the table as JSON")
	f.IntVar(&recent, "recent", 30, "also list cases closed this many days before --as-of")
	addAsOf(f)
	return cmd
}
