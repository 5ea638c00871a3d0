package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/suggest"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

// app is what every command shares: the command line as given (for the
// resume hint of an interrupted batch), the streams, and the effective
// configuration (flags over KESU_* environment over kesu.yaml over
// defaults).
type app struct {
	args           []string
	stdin          io.Reader
	stdout, stderr io.Writer
	v              *viper.Viper
	configFile     string              // the kesu.yaml read, if any
	positions      map[string]position // where it sets each key
}

func newRoot(args []string, stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	a := &app{args: args, stdin: stdin, stdout: stdout, stderr: stderr, v: viper.New(), positions: map[string]position{}}
	root := &cobra.Command{
		Use:           "kesu",
		Short:         "Complaint case files in, the documents that close them out (PDF and Excel)",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		Example: `  kesu validate case.yaml
  kesu render case.yaml -o out
  kesu render - --doc registration --format pdf -o - < case.yaml > registration.pdf
  kesu batch cases/ -o archive --jobs 4`,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.loadConfig(cmd)
		},
		Args: subcommandArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetVersionTemplate("kesu {{.Version}}\n")
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	pf := root.PersistentFlags()
	pf.String("config", "", "config file (default: kesu.yaml in the working directory, if any)")
	pf.String("pack", "", "template pack folder (default: the embedded default pack)")
	pf.String("locale", "", "language of the documents: zh-CN or en (default: the case's locale)")
	root.AddCommand(a.validateCmd(), a.renderCmd(), a.bundleCmd(), a.verifyCmd(), a.extractCmd(), a.batchCmd(), a.trackCmd(), a.ledgerCmd(), a.reportCmd(), a.packCmd(), a.configCmd(), a.schemaCmd(), a.serveCmd())
	a.completions(root)
	return root
}

// subcommandArgs is the Args of a command that only holds subcommands: a
// mistyped one gets cobra's suggestions ("kesu rendr": did you mean
// "render"?).
func subcommandArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	// Of cobra's suggestions, the closest: "lnt" is "lint", not also
	// "init" and "list".
	var best []string
	bestD := -1
	for _, s := range cmd.SuggestionsFor(args[0]) {
		switch d := suggest.Distance(strings.ToLower(args[0]), s); {
		case bestD < 0 || d < bestD:
			best, bestD = []string{fmt.Sprintf("%q", s)}, d
		case d == bestD && !slices.Contains(best, fmt.Sprintf("%q", s)):
			best = append(best, fmt.Sprintf("%q", s))
		}
	}
	if len(best) > 0 {
		msg += "; did you mean " + orList(best) + "?"
	}
	return usagef("%s (see %s --help)", msg, cmd.CommandPath())
}

// version is the module version kesu was built as (a release tag, or
// the pseudo-version go build stamps from the checkout), the commit and
// whether the tree had uncommitted changes, and the Go that built it.
func version() string {
	bi, _ := debug.ReadBuildInfo()
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	v, commit, dirty, goVersion := generator.Version, "", false, runtime.Version()
	if bi != nil {
		if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
			v = strings.TrimPrefix(mv, "v")
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
	}
	var b strings.Builder
	b.WriteString(v)
	if commit != "" {
		fmt.Fprintf(&b, "\ncommit %s", commit)
		if dirty {
			b.WriteString(" (with uncommitted changes)")
		}
	}
	fmt.Fprintf(&b, "\n%s %s/%s", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}

// generator builds the Generator the configuration asks for.
func (a *app) generator(cmd *cobra.Command) (*generator.Generator, error) {
	opts := generator.Options{Locale: a.v.GetString("locale"),
		Copy: generator.Copy(a.v.GetString("copy")), Watermark: a.v.GetString("watermark")}
	if dir := a.v.GetString("pack"); dir != "" {
		root, err := os.OpenRoot(dir)
		if err != nil {
			where, _, _ := a.origin(cmd, "pack")
			return nil, usagef("%s: %v", where, pathProblem(err))
		}
		root.Close()
		// Like os.Root, safefile.Root refuses paths and symlinks that lead
		// out of the pack; it also refuses a FIFO instead of waiting on it.
		opts.Pack = safefile.Root(dir)
	}
	g, err := generator.New(opts)
	var uerr *generator.UsageError
	if errors.As(err, &uerr) && opts.Locale != "" {
		// Say where the locale came from and which was meant: the pack,
		// loaded again without it, tells its languages.
		opts.Locale = ""
		if g, err2 := generator.New(opts); err2 == nil && !slices.Contains(g.Pack().Locales, a.v.GetString("locale")) {
			where, _, _ := a.origin(cmd, "locale")
			return nil, notOneOf(where, a.v.GetString("locale"), g.Pack().Locales)
		}
	}
	return g, err
}

// pathProblem is an fs error without the path, which the message names
// already.
func pathProblem(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// atLeastOne checks the positional arguments with a usage error.
func atLeastOne(what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("name at least one %s", what)
		}
		return nil
	}
}

// exactlyOne checks the positional arguments with a usage error.
func exactlyOne(what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != 1 {
			return usagef("name one %s", what)
		}
		return nil
	}
}
