package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/sink"
	"github.com/spf13/cobra"
)

func (a *app) extractCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "extract BUNDLE.zip|bundle.pdf... -o DIR",
		Short: "Take the case file and manifest.json out of a bundle's bundle.pdf, which carries them (PDF/A-3)",
		Long: `Take the case file and manifest.json out of a bundle's bundle.pdf, which carries
them as PDF/A-3 associated files: an archive that keeps only bundle.pdf keeps
the data it was made from. One input is written into DIR; several each into
DIR/<name of the input without its extension>/.`,
		Example: `  kesu extract archive/KS-2026-000123.zip -o out
  kesu extract bundle.pdf -o out`,
		Args:              atLeastOne("bundle or bundle.pdf"),
		ValidArgsFunction: cobra.FixedCompletions([]cobra.Completion{"zip", "pdf"}, cobra.ShellCompDirectiveFilterFileExt),
		RunE: func(_ *cobra.Command, args []string) error {
			if out == "" {
				return &usageError{errors.New("name the output folder with -o DIR")}
			}
			failed := 0
			for _, path := range args {
				dir := out
				if len(args) > 1 {
					dir = filepath.Join(out, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)))
				}
				written, err := extractFile(path, dir)
				if err != nil {
					failed++
					fmt.Fprintf(a.stderr, "%s: %v\n", path, err)
					continue
				}
				for _, w := range written {
					fmt.Fprintln(a.stdout, w)
				}
			}
			if failed > 0 {
				return &reportedError{failed}
			}
			return nil
		},
	}
	// Not the configured out, where bundles go: the files taken out are
	// put where this run says.
	cmd.Flags().StringVarP(&out, "out", "o", "", "output folder (created if missing)")
	return cmd
}

// extractFile writes the files a bundle's bundle.pdf carries into dir,
// all or none, and returns their paths.
func extractFile(path, dir string) ([]string, error) {
	f, err := safefile.Open(path, 0)
	if err != nil {
		return nil, errors.New(safefile.Reason(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	carried, err := generator.CarriedFiles(f, st.Size())
	if err != nil {
		return nil, err
	}
	if len(carried) == 0 {
		return nil, errors.New("its bundle.pdf carries no files (a bundle made before kesu embedded them, or a PDF saved again by another program)")
	}
	var set []sink.File
	var paths []string
	for _, c := range carried {
		if why := generator.CarriedName(c.Name); why != "" {
			return nil, fmt.Errorf("bundle.pdf carries a file named %q: %s; nothing written", c.Name, why)
		}
		p := filepath.Join(dir, c.Name)
		set = append(set, sink.File{Path: p, Data: c.Data})
		paths = append(paths, p)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if err := sink.WriteFiles(set); err != nil {
		return nil, err
	}
	return paths, nil
}
