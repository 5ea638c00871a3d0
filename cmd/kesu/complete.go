package main

import (
	"os"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/spf13/cobra"
)

// Shell completion (kesu completion bash|zsh|fish|powershell) of values,
// not only of commands: a command's flags named below complete the same
// way wherever they appear; a command sets its own (ValidArgsFunction,
// RegisterFlagCompletionFunc) before completions runs to do otherwise.
var (
	completeCases = cobra.FixedCompletions([]cobra.Completion{"yaml", "yml", "json"}, cobra.ShellCompDirectiveFilterFileExt)
	completeDirs  = cobra.FixedCompletions(nil, cobra.ShellCompDirectiveFilterDirs)
	completeYAML  = cobra.FixedCompletions([]cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt)
)

// completions registers the value completions of every command's flags.
func (a *app) completions(root *cobra.Command) {
	byName := map[string]cobra.CompletionFunc{
		"config": completeYAML,
		"pack":   completeDirs,
		"out":    completeDirs,
		"locale": a.completeFromPack(func(g *generator.Generator) []string { return g.Pack().Locales }),
		"doc":    a.completeFromPack(func(g *generator.Generator) []string { return g.Pack().Documents }),
		"format": completeList(append(formatNames(), strings.Join(formatNames(), ","))),
		"copy":   completeList(copyNames()),
	}
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		for name, f := range byName {
			if cmd.LocalFlags().Lookup(name) == nil && cmd.PersistentFlags().Lookup(name) == nil {
				continue
			}
			if _, set := cmd.GetFlagCompletionFunc(name); !set {
				_ = cmd.RegisterFlagCompletionFunc(name, f)
			}
		}
		for _, c := range cmd.Commands() {
			walk(c)
		}
	}
	walk(root)
}

func completeList(values []string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// completeFromPack completes with what the pack being used has: the
// --pack folder on the command line or in KESU_PACK, else the default
// pack. Completion runs no config loading, so it reads them itself.
func (a *app) completeFromPack(list func(*generator.Generator) []string) cobra.CompletionFunc {
	return func(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		opts := generator.Options{}
		dir, _ := cmd.Flags().GetString("pack")
		if dir == "" {
			dir = os.Getenv(envName("pack"))
		}
		if dir != "" {
			root, err := os.OpenRoot(dir)
			if err != nil {
				return nil, cobra.ShellCompDirectiveError
			}
			defer root.Close()
			opts.Pack = root.FS()
		}
		g, err := generator.New(opts)
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		// --doc takes a comma-separated list: complete its last item.
		done := ""
		if i := strings.LastIndex(toComplete, ","); i >= 0 {
			done = toComplete[:i+1]
		}
		var out []cobra.Completion
		for _, v := range list(g) {
			out = append(out, done+v)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}
