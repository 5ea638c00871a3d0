package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/batch"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/sink"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"
)

func (a *app) reportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report DIR|LEDGER.xlsx|CASE... --from DATE --to DATE -o OUT",
		Short: "Write the 投诉分析报告 of a period (PDF and XLSX) from case files or ledgers",
		Long: `Write the complaint analysis report (投诉分析报告) of a period as OUT.pdf and OUT.xlsx,
from the case files of folders, single cases, or ledgers (台账 .xlsx) written by kesu batch
or kesu ledger. A case counts in the period of the day it was received, on its own clock.
The figures are compared with the period before (--compare previous, the default), the same
days a year before (--compare year) or nothing (--compare none).`,
		Example: `  kesu report cases/ --from 2026-11-01 --to 2026-11-30 -o out/2026-11
  kesu report archive/ledger.xlsx --from 2026-01-01 --to 2026-06-30 --compare year -o h1 --json`,
		Args: atLeastOne("folder, case or ledger"),
		RunE: func(cmd *cobra.Command, args []string) error {
			flags := cmd.Flags()
			from, _ := flags.GetString("from")
			to, _ := flags.GetString("to")
			compare, _ := flags.GetString("compare")
			baseFile, _ := flags.GetString("base")
			asJSON, _ := flags.GetBool("json")
			out := a.v.GetString("out")
			switch {
			case from == "" || to == "":
				return usagef("name the period with --from YYYY-MM-DD and --to YYYY-MM-DD")
			case out == "":
				return usagef("name the report with -o OUT (OUT.pdf and OUT.xlsx are written)")
			}
			g, err := a.generator(cmd)
			if err != nil {
				return err
			}
			var base []generator.MonthBase
			if baseFile != "" {
				f, err := safefile.Open(baseFile, 1<<20)
				if err != nil {
					return usagef("--base %s: %s", baseFile, safefile.Reason(err))
				}
				base, err = generator.ReadBase(baseFile, f)
				f.Close()
				if err != nil {
					return err
				}
			}
			rows, err := a.reportRows(cmd, g, args)
			if err != nil {
				return err
			}
			var pdfBuf, xlsxBuf bytes.Buffer
			res, err := g.Report(cmd.Context(), rows, generator.ReportOptions{From: from, To: to, Compare: compare, Base: base}, &pdfBuf, &xlsxBuf)
			if err != nil {
				return err
			}
			stem := out
			if st, err := os.Stat(out); (err == nil && st.IsDir()) || strings.HasSuffix(out, "/") {
				stem = filepath.Join(out, "report-"+from+"-"+to)
			} else if ext := filepath.Ext(out); ext == ".pdf" || ext == ".xlsx" {
				stem = strings.TrimSuffix(out, ext)
			}
			if dir := filepath.Dir(stem); dir != "." {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return err
				}
			}
			files := []string{stem + ".pdf", stem + ".xlsx"}
			for i, data := range [][]byte{pdfBuf.Bytes(), xlsxBuf.Bytes()} {
				if err := sink.WriteFile(files[i], data); err != nil {
					return err
				}
			}
			k := res.Figures.Current
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"files": files, "cases": k.Cases, "pages": res.Pages,
					"period": map[string]string{"from": k.From, "to": k.To}, "figures": res.Figures.Current, "previous": res.Figures.Previous})
			}
			if k.Cases == 0 {
				fmt.Fprintf(a.stdout, "%s, %s: no cases received from %s to %s\n", files[0], files[1], from, to)
				return nil
			}
			fmt.Fprintf(a.stdout, "%s, %s: %d cases from %s to %s, %d closed, %d open (%d overdue)\n",
				files[0], files[1], k.Cases, from, to, k.Closed, k.Open, k.Overdue)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringP("out", "o", "", "the report: OUT.pdf and OUT.xlsx (a folder: report-FROM-TO in it)")
	f.String("from", "", "first day of the period, YYYY-MM-DD")
	f.String("to", "", "last day of the period, YYYY-MM-DD")
	f.String("compare", "previous", "compare with: previous (the period before), year (a year before) or none")
	f.String("base", "", "a CSV of month,orders giving the complaint rate's denominator (instead of the pack's)")
	f.Bool("json", false, `print {"files": [...], "cases": N, ...} with the figures`)
	_ = cmd.RegisterFlagCompletionFunc("compare", cobra.FixedCompletions([]cobra.Completion{"previous", "year", "none"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// reportRows reads the rows of the ledgers named and of every case found
// in the folders and files named; cases load a core each. A case that does
// not load stops the report: figures missing a case would mislead.
func (a *app) reportRows(cmd *cobra.Command, g *generator.Generator, args []string) ([]generator.LedgerRow, error) {
	var sets [][]generator.LedgerRow
	var inputs []string
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, usagef("%s: %s", arg, safefile.Reason(err))
		}
		if !st.IsDir() && strings.EqualFold(filepath.Ext(arg), ".xlsx") {
			rows, err := readLedger(arg)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", arg, err)
			}
			sets = append(sets, rows)
			continue
		}
		inputs = append(inputs, arg)
	}
	if len(inputs) > 0 {
		paths, err := batch.Find(inputs)
		if err != nil {
			return nil, err
		}
		rows := make([]generator.LedgerRow, len(paths))
		errs := make([]error, len(paths))
		var pool errgroup.Group
		pool.SetLimit(runtime.GOMAXPROCS(0))
		for j := range paths {
			if cmd.Context().Err() != nil {
				break
			}
			pool.Go(func() error {
				c, err := g.LoadFile(paths[j])
				if err != nil {
					errs[j] = err
					return nil
				}
				rows[j] = g.LedgerRow(c)
				return nil
			})
		}
		pool.Wait()
		if err := cmd.Context().Err(); err != nil {
			return nil, err
		}
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		sets = append(sets, rows)
	}
	return generator.MergeLedgers(sets...), nil
}
