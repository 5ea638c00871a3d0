package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// app is what every command shares: the output streams and the effective
// configuration (flags over KESU_* environment over kesu.yaml over defaults).
type app struct {
	stdout, stderr io.Writer
	v              *viper.Viper
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	a := &app{stdout: stdout, stderr: stderr, v: viper.New()}
	root := &cobra.Command{
		Use:           "kesu",
		Short:         "Complaint case files in, the documents that close them out (PDF and Excel)",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       generator.Version,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.loadConfig(cmd)
		},
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return &usageError{fmt.Errorf("unknown command %q; see kesu --help", args[0])}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	pf := root.PersistentFlags()
	pf.String("config", "", "config file (default: kesu.yaml in the working directory, if any)")
	pf.String("pack", "", "template pack folder (default: the embedded default pack)")
	pf.String("locale", "", "language of the documents: zh-CN or en (default: the case's locale)")
	root.AddCommand(a.validateCmd(), a.renderCmd(), a.bundleCmd(), a.verifyCmd(), a.batchCmd(), a.ledgerCmd(), a.packCmd(), a.configCmd(), a.schemaCmd(), a.serveCmd())
	return root
}

// loadConfig binds the flags of the running command to viper, so a value
// comes from the flag if given, else KESU_<NAME>, else kesu.yaml.
func (a *app) loadConfig(cmd *cobra.Command) error {
	v := a.v
	v.SetEnvPrefix("KESU")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	v.AutomaticEnv()
	var bindErr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "config" && f.Name != "help" {
			bindErr = errors.Join(bindErr, v.BindPFlag(f.Name, f))
		}
	})
	if bindErr != nil {
		return bindErr
	}
	file, _ := cmd.Flags().GetString("config")
	if file == "" {
		// Only kesu.yaml or kesu.yml: viper's own search also tries a
		// file named just "kesu", which is the binary after go build.
		for _, name := range []string{"kesu.yaml", "kesu.yml"} {
			if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
				file = name
				break
			}
		}
	}
	if file == "" {
		return nil
	}
	v.SetConfigFile(file)
	if err := v.ReadInConfig(); err != nil {
		return &usageError{fmt.Errorf("config %s: %w", file, err)}
	}
	return nil
}

// generator builds the Generator the configuration asks for.
func (a *app) generator() (*generator.Generator, error) {
	opts := generator.Options{Locale: a.v.GetString("locale"),
		Copy: generator.Copy(a.v.GetString("copy")), Watermark: a.v.GetString("watermark")}
	if dir := a.v.GetString("pack"); dir != "" {
		root, err := os.OpenRoot(dir)
		if err != nil {
			return nil, &usageError{fmt.Errorf("--pack: %w", err)}
		}
		root.Close()
		// Like os.Root, safefile.Root refuses paths and symlinks that lead
		// out of the pack; it also refuses a FIFO instead of waiting on it.
		opts.Pack = safefile.Root(dir)
	}
	return generator.New(opts)
}

// args checks the positional arguments with a usage error.
func atLeastOne(what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) == 0 {
			return &usageError{fmt.Errorf("name at least one %s", what)}
		}
		return nil
	}
}
