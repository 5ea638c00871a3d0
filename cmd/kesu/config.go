package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// settings are the keys kesu.yaml and KESU_* can set: every flag of every
// command, with its default.
var settings = []struct{ key, def, help string }{
	{"pack", "", "template pack folder"},
	{"locale", "", "language of the documents"},
	{"out", "", "output folder"},
	{"format", "pdf,xlsx", "formats render writes"},
	{"copy", "original", "original or third-party"},
	{"watermark", "", "text under every page"},
	{"jobs", "0", "cases rendered at once (0: one per CPU)"},
	{"shard", "", "I/N share of a batch"},
}

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration and where each value comes from (flag, KESU_* environment, kesu.yaml, default)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f := a.v.ConfigFileUsed(); f != "" {
				fmt.Fprintf(a.stdout, "# config file: %s\n", f)
			} else {
				fmt.Fprintln(a.stdout, "# config file: none (kesu.yaml in the working directory, or --config)")
			}
			for _, s := range settings {
				value, source := a.v.GetString(s.key), "default"
				env := "KESU_" + strings.ToUpper(strings.ReplaceAll(s.key, "-", "_"))
				switch f := cmd.Flags().Lookup(s.key); {
				case f != nil && f.Changed:
					source = "flag --" + s.key
				case os.Getenv(env) != "":
					source = "env " + env
				case a.v.InConfig(s.key):
					source = "file " + a.v.ConfigFileUsed()
				default:
					value = s.def
				}
				fmt.Fprintf(a.stdout, "%-10s %-20q %s\n", s.key, value, source)
			}
			return nil
		},
	}
}
