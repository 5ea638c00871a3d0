package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/ledger"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/sink"
	"github.com/spf13/cobra"
)

func (a *app) ledgerCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ledger DIR|LEDGER.xlsx... -o LEDGER.xlsx",
		Short: "Merge the ledgers of a sharded batch (ledger*.xlsx in each folder) into one",
		Example: `  kesu ledger shard0/ shard1/ shard2/ shard3/ -o ledger.xlsx
  kesu ledger archive/ledger-*-of-4.xlsx -o ledger.xlsx`,
		Args:              atLeastOne("folder or ledger"),
		ValidArgsFunction: cobra.FixedCompletions([]cobra.Completion{"xlsx"}, cobra.ShellCompDirectiveFilterFileExt),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := a.v.GetString("out")
			if out == "" {
				return &usageError{errors.New("name the merged ledger with -o FILE.xlsx")}
			}
			var files []string
			for _, arg := range args {
				st, err := os.Stat(arg)
				if err != nil {
					return fmt.Errorf("%s: %s", arg, safefile.Reason(err))
				}
				if !st.IsDir() {
					files = append(files, arg)
					continue
				}
				m, _ := filepath.Glob(filepath.Join(arg, "ledger*.xlsx"))
				files = append(files, m...)
			}
			var sets [][]generator.LedgerRow
			for _, f := range files {
				if abs1, _ := filepath.Abs(f); abs1 == mustAbs(out) {
					continue
				}
				rows, err := readLedger(f)
				if err != nil {
					return fmt.Errorf("%s: %w", f, err)
				}
				sets = append(sets, rows)
			}
			if len(sets) == 0 {
				return &usageError{fmt.Errorf("no ledger found in %s", strings.Join(args, ", "))}
			}
			g, err := a.generator(cmd)
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			rows := generator.MergeLedgers(sets...)
			if err := g.WriteLedger(&buf, rows); err != nil {
				return err
			}
			if err := sink.WriteFile(out, buf.Bytes()); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: %d cases from %d ledgers\n", out, len(rows), len(sets))
			return nil
		},
	}
	cmd.Flags().StringP("out", "o", "", "the merged ledger")
	_ = cmd.RegisterFlagCompletionFunc("out", cobra.FixedCompletions([]cobra.Completion{"xlsx"}, cobra.ShellCompDirectiveFilterFileExt))
	return cmd
}

func mustAbs(p string) string {
	abs, _ := filepath.Abs(p)
	return abs
}

func readLedger(path string) ([]generator.LedgerRow, error) {
	f, err := safefile.Open(path, ledger.MaxFile)
	if err != nil {
		return nil, errors.New(safefile.Reason(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return generator.ReadLedger(f, st.Size())
}
