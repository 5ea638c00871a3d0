package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/templates"
	"github.com/spf13/cobra"
)

func (a *app) packCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pack",
		Short: "Make, list and check template packs",
		Example: `  kesu pack init mypack
  kesu pack lint mypack
  kesu pack list --pack mypack`,
		Args: subcommandArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.packInitCmd(), a.packListCmd(), a.packLintCmd())
	return cmd
}

func (a *app) packInitCmd() *cobra.Command {
	var from string
	cmd := &cobra.Command{
		Use:               "init DIR",
		Short:             "Write an editable copy of a pack into DIR; it extends the default pack, so what you delete falls back to it",
		Example:           `  kesu pack init mypack && kesu render case.yaml -o out --pack mypack`,
		Args:              exactlyOne("folder"),
		ValidArgsFunction: completeDirs,
		RunE: func(_ *cobra.Command, args []string) error {
			if from != "default" {
				return notOneOf("--from "+from, from, []string{"default"})
			}
			dir := args[0]
			if es, err := os.ReadDir(dir); err == nil && len(es) > 0 {
				return &usageError{fmt.Errorf("%s is not empty; pack init writes into a new or empty folder", dir)}
			}
			src := templates.Default()
			err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				// Fonts are megabytes and rarely edited: they show through
				// from the default pack.
				if d.IsDir() && p == "fonts" {
					return fs.SkipDir
				}
				target := filepath.Join(dir, filepath.FromSlash(p))
				if d.IsDir() {
					return os.MkdirAll(target, 0o755)
				}
				data, err := fs.ReadFile(src, p)
				if err != nil {
					return err
				}
				if p == "pack.yaml" {
					data = initManifest(data, filepath.Base(dir))
				}
				return os.WriteFile(target, data, 0o644)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "%s: a pack extending the default pack; edit its files, delete those you keep as they are, and render with --pack %s\n", dir, dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "default", "the pack to copy")
	return cmd
}

// initManifest renames the copy and makes it extend the default pack,
// keeping the comments of the original.
func initManifest(data []byte, name string) []byte {
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "name:"):
			out = append(out, "name: "+name, "extends: default")
		case strings.HasPrefix(line, "version:"):
			out = append(out, "version: 0.1.0")
		case strings.HasPrefix(line, "fonts:"), strings.HasPrefix(line, "  regular:"), strings.HasPrefix(line, "  bold:"),
			strings.HasPrefix(line, "  # First font"), strings.HasPrefix(line, "  # Western"), strings.HasPrefix(line, "  # DejaVu"), strings.HasPrefix(line, "  # both chains"):
			// fonts come from the default pack
		default:
			out = append(out, line)
		}
	}
	return []byte(strings.Join(out, "\n"))
}

func (a *app) packListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "Show the default pack, and the --pack one, with their documents",
		Example: `  kesu pack list
  kesu pack list --pack mypack`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			show := func(where string, g *generator.Generator) {
				p := g.Pack()
				fmt.Fprintf(a.stdout, "%s %s (%s)%s\n", p.Name, p.Version, where, extends(p))
				fmt.Fprintf(a.stdout, "  locales: %s\n", strings.Join(p.Locales, ", "))
				for _, id := range p.Documents {
					name := id
					if d, err := g.Document(id); err == nil && d.Name != "" {
						name = d.Name
					}
					fmt.Fprintf(a.stdout, "  %-14s %s\n", id, name)
				}
			}
			def, err := generator.New(generator.Options{})
			if err != nil {
				return err
			}
			show("embedded", def)
			if a.v.GetString("pack") != "" {
				g, err := a.generator(cmd)
				if err != nil {
					return err
				}
				show(a.v.GetString("pack"), g)
			}
			return nil
		},
	}
}

func extends(p generator.PackInfo) string {
	if p.Extends == "" {
		return ""
	}
	return ", extends " + p.Extends
}

func (a *app) packLintCmd() *cobra.Command {
	return &cobra.Command{
		Use:               "lint DIR",
		Short:             "Check a pack: definitions, templates, fields its templates name, fonts, labels of every language",
		Example:           `  kesu pack lint mypack`,
		Args:              exactlyOne("pack folder"),
		ValidArgsFunction: completeDirs,
		RunE: func(_ *cobra.Command, args []string) error {
			root, err := os.OpenRoot(args[0])
			if err != nil {
				return &usageError{err}
			}
			root.Close()
			probs, err := generator.LintPack(safefile.Root(args[0]))
			if err != nil {
				return err
			}
			for _, p := range probs {
				fmt.Fprintln(a.stderr, strings.TrimSuffix(args[0], "/")+"/"+p.String())
			}
			if len(probs) > 0 {
				return &reportedError{len(probs)}
			}
			fmt.Fprintf(a.stdout, "%s: ok\n", args[0])
			return nil
		},
	}
}
