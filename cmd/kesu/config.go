package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/yamlpos"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v4"
)

// setting is a key kesu.yaml and KESU_<KEY> can set, and the flag of the
// same name of the commands that use it. A command's new flag becomes
// configurable by being listed here; a value that check refuses is exit 2
// wherever it comes from, with check's words for what is accepted.
type setting struct {
	key, def, help string
	// check returns what is accepted when value is not, else "".
	check func(value string) string
	// choices are the accepted values, offered by shell completion.
	choices []string
	// secret values are not printed by kesu config.
	secret bool
}

// settings are every setting of every command.
var settings = []setting{
	{key: "pack", help: "template pack folder"},
	{key: "locale", help: "language of the documents"},
	{key: "out", help: "output folder"},
	{key: "format", def: "pdf,xlsx", help: "formats render writes", check: checkFormats, choices: formatNames()},
	{key: "copy", def: "original", help: "original or third-party", check: checkChoice(copyNames()), choices: copyNames()},
	{key: "watermark", help: "text under every page"},
	{key: "jobs", def: "0", help: "cases rendered at once (0: one per CPU)", check: checkJobs},
	{key: "shard", help: "I/N share of a batch", check: checkShard},
	// kesu serve
	{key: "addr", def: "127.0.0.1:8080", help: "address serve listens on"},
	{key: "cases", help: "folder serve's intake page saves into"},
	{key: "token", help: "bearer token of serve's /v1 requests", secret: true},
	{key: "insecure", def: "false", help: "serve beyond localhost without a token", check: checkBool},
	{key: "max-body", def: "33554432", help: "largest request body in bytes", check: checkWhole(1, "a number of bytes, 1 or more")},
	{key: "renders", def: "0", help: "renders at once (0: one per CPU)", check: checkWhole(0, "a whole number, 0 or more (0: one per CPU)")},
	{key: "queue", def: "0", help: "renders waiting before 503 (0: 4 per render place)", check: checkWhole(0, "a whole number, 0 or more")},
	{key: "timeout", def: "1m0s", help: "longest a request may work", check: checkDuration},
}

func lookupSetting(key string) *setting {
	for i := range settings {
		if settings[i].key == key {
			return &settings[i]
		}
	}
	return nil
}

func settingKeys() []string {
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.key
	}
	return keys
}

func formatNames() []string {
	var out []string
	for _, f := range generator.Formats() {
		out = append(out, string(f))
	}
	return out
}

func copyNames() []string {
	return []string{string(generator.Original), string(generator.ThirdParty)}
}

func checkChoice(choices []string) func(string) string {
	return func(v string) string {
		if slices.Contains(choices, v) {
			return ""
		}
		return accepted(v, choices)
	}
}

// accepted words what a value should have been, and the one probably
// meant.
func accepted(v string, choices []string) string {
	msg := "expected " + orList(choices)
	if s := didYouMean(v, choices); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return msg
}

func checkFormats(v string) string {
	names := formatNames()
	for _, part := range splitList(v) {
		if !slices.Contains(names, part) {
			msg := "expected " + orList(append(names, strings.Join(names, ",")))
			if s := didYouMean(part, names); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return msg
		}
	}
	return ""
}

var checkJobs = checkWhole(0, "a whole number, 0 or more (0: one per CPU)")

func checkWhole(least int64, what string) func(string) string {
	return func(v string) string {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil || n < least {
			return "expected " + what
		}
		return ""
	}
}

func checkBool(v string) string {
	if _, err := strconv.ParseBool(v); err != nil {
		return "expected true or false"
	}
	return ""
}

func checkDuration(v string) string {
	if d, err := time.ParseDuration(v); err != nil || d <= 0 {
		return "expected a duration such as 30s, 2m or 1h30m"
	}
	return ""
}

func checkShard(v string) string {
	if _, _, ok := parseShard(v); !ok {
		return "expected I/N with 0 ≤ I < N, e.g. 0/4"
	}
	return ""
}

// parseShard reads I/N; "" is no sharding.
func parseShard(s string) (i, n int, ok bool) {
	if s == "" {
		return 0, 0, true
	}
	a, b, found := strings.Cut(s, "/")
	si, err1 := strconv.Atoi(a)
	sn, err2 := strconv.Atoi(b)
	if !found || err1 != nil || err2 != nil || sn < 1 || si < 0 || si >= sn {
		return 0, 0, false
	}
	return si, sn, true
}

// envName is the environment variable of a setting.
func envName(key string) string {
	return "KESU_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}

// position is where kesu.yaml sets a key's value.
type position struct{ line, col int }

// loadConfig binds the settings of the running command to viper, so a
// value comes from the flag if given, else KESU_<KEY>, else kesu.yaml,
// else the default; then checks every value and every key of the file.
// Any mistake is a usage error in kesu's words, naming where it is.
func (a *app) loadConfig(cmd *cobra.Command) error {
	v := a.v
	var errs []error
	// Every flag reads through viper; the settings, also from the
	// environment and the file.
	var bindErr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Name != "config" && f.Name != "help" {
			bindErr = errors.Join(bindErr, v.BindPFlag(f.Name, f))
		}
	})
	if bindErr != nil {
		return bindErr
	}
	for _, s := range settings {
		if err := v.BindEnv(s.key, envName(s.key)); err != nil {
			return err
		}
	}
	file, _ := cmd.Flags().GetString("config")
	explicit := file != ""
	if !explicit {
		// Only kesu.yaml or kesu.yml: a file named just "kesu" is the
		// binary after go build.
		for _, name := range []string{"kesu.yaml", "kesu.yml"} {
			if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
				file = name
				break
			}
		}
	}
	if file != "" {
		a.configFile = file
		values, err := a.readConfigFile(file)
		var pe *os.PathError
		switch {
		case errors.As(err, &pe) && explicit:
			return usagef("--config %s: %v", file, pe.Err)
		case errors.As(err, &pe):
			return usagef("%s: %v", file, pe.Err)
		}
		// The file's other mistakes are reported with those of the
		// values, all at once.
		errs = append(errs, err)
		if err := v.MergeConfigMap(values); err != nil {
			return err
		}
	}
	errs = append(errs, envTypos()...)
	for _, s := range settings {
		if s.check == nil {
			continue
		}
		where, value, ok := a.origin(cmd, s.key)
		if !ok {
			continue
		}
		if msg := s.check(value); msg != "" {
			errs = append(errs, usagef("%s: %s", where, msg))
		}
	}
	return errors.Join(errs...)
}

// envTypos reports KESU_* variables that are not settings but nearly
// are (KESU_JBOS): set to be read, they would be ignored. Others are left
// alone: KESU_ is not kesu's alone to claim (KESU_REQUIRE_TOOLS is the
// tests').
func envTypos() []error {
	var errs []error
	env := os.Environ()
	slices.Sort(env)
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		rest, ok := strings.CutPrefix(name, "KESU_")
		if !ok || value == "" {
			continue
		}
		key := strings.ToLower(strings.ReplaceAll(rest, "_", "-"))
		if lookupSetting(key) != nil {
			continue
		}
		if s := didYouMean(key, settingKeys()); s != "" {
			errs = append(errs, usagef("%s: not a kesu setting; did you mean %s?", name, envName(s)))
		}
	}
	return errs
}

// readConfigFile reads kesu.yaml: a mapping of known keys to single
// values (a list is joined with commas: format: [pdf, xlsx]). Every
// unknown key and misplaced value is reported, at its line.
func (a *app) readConfigFile(file string) (map[string]any, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		var errs []error
		for _, p := range yamlpos.Problems(data, err) {
			errs = append(errs, usagef("%s:%d:%d: %s", file, p.Line, p.Col, p.Msg))
		}
		return nil, errors.Join(errs...)
	}
	values := map[string]any{}
	if len(doc.Content) == 0 {
		return values, nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, usagef("%s:%d:%d: expected settings as key: value lines; the keys are %s", file, top.Line, top.Column, strings.Join(settingKeys(), ", "))
	}
	var errs []error
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, val := top.Content[i], top.Content[i+1]
		at := fmt.Sprintf("%s:%d:%d", file, k.Line, k.Column)
		if lookupSetting(k.Value) == nil {
			msg := fmt.Sprintf("%s: unknown key %q", at, k.Value)
			if s := didYouMean(k.Value, settingKeys()); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; the keys are " + strings.Join(settingKeys(), ", ")
			}
			errs = append(errs, usagef("%s", msg))
			continue
		}
		if p, dup := a.positions[k.Value]; dup {
			errs = append(errs, usagef("%s: %s is set twice (first at line %d)", at, k.Value, p.line))
			continue
		}
		var value string
		switch val.Kind {
		case yaml.ScalarNode:
			value = val.Value
		case yaml.SequenceNode:
			var parts []string
			for _, item := range val.Content {
				if item.Kind != yaml.ScalarNode {
					parts = nil
					break
				}
				parts = append(parts, item.Value)
			}
			if parts == nil {
				errs = append(errs, usagef("%s:%d:%d: %s: expected a value or a list of values", file, val.Line, val.Column, k.Value))
				continue
			}
			value = strings.Join(parts, ",")
		default:
			errs = append(errs, usagef("%s:%d:%d: %s: expected a value, not a mapping", file, val.Line, val.Column, k.Value))
			continue
		}
		a.positions[k.Value] = position{val.Line, val.Column}
		values[k.Value] = value
	}
	return values, errors.Join(errs...)
}

// origin says where the effective value of key comes from, worded as the
// user wrote it: "--jobs -3", "KESU_JOBS=three", "kesu.yaml:3:7: jobs:
// three". ok is false when the value is the default.
func (a *app) origin(cmd *cobra.Command, key string) (where, value string, ok bool) {
	value = a.v.GetString(key)
	if f := cmd.Flags().Lookup(key); f != nil && f.Changed {
		return "--" + key + " " + f.Value.String(), f.Value.String(), true
	}
	// An empty variable counts as unset, as viper reads it.
	if env := os.Getenv(envName(key)); env != "" {
		return envName(key) + "=" + env, env, true
	}
	if p, set := a.positions[key]; set {
		return fmt.Sprintf("%s:%d:%d: %s: %s", a.configFile, p.line, p.col, key, value), value, true
	}
	return key, value, false
}

// flagError rewords pflag's parse errors: the flag, the value and what is
// accepted, and the flag probably meant.
func flagError(cmd *cobra.Command, err error) error {
	var inv *pflag.InvalidValueError
	var missing *pflag.NotExistError
	switch {
	case errors.As(err, &inv):
		name := inv.GetFlag().Name
		if s := lookupSetting(name); s != nil && s.check != nil {
			if msg := s.check(inv.GetValue()); msg != "" {
				return usagef("--%s %s: %s", name, inv.GetValue(), msg)
			}
		}
		return usagef("--%s %s: expected a value of type %s", name, inv.GetValue(), inv.GetFlag().Value.Type())
	case errors.As(err, &missing):
		name := missing.GetSpecifiedName()
		if name == "" {
			return usagef("%s", err)
		}
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
		msg := fmt.Sprintf("unknown flag: --%s", name)
		if len(name) == 1 {
			msg = fmt.Sprintf("unknown flag: -%s", name)
		}
		if s := didYouMean(name, names); s != "" {
			msg += fmt.Sprintf("; did you mean --%s?", s)
		}
		return usagef("%s (see kesu %s --help)", msg, strings.TrimPrefix(cmd.CommandPath(), "kesu "))
	}
	return &usageError{err}
}

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration and where each value comes from (flag, KESU_* environment, kesu.yaml, default)",
		Example: `  kesu config
  KESU_JOBS=4 kesu config --config ci.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if a.configFile != "" {
				fmt.Fprintf(a.stdout, "# config file: %s\n", a.configFile)
			} else {
				fmt.Fprintln(a.stdout, "# config file: none (kesu.yaml in the working directory, or --config)")
			}
			for _, s := range settings {
				value, source := a.v.GetString(s.key), "default"
				switch f := cmd.Flags().Lookup(s.key); {
				case f != nil && f.Changed:
					source = "flag --" + s.key
				case os.Getenv(envName(s.key)) != "":
					source = "env " + envName(s.key)
				case a.positions[s.key] != position{}:
					source = "file " + a.configFile
				default:
					value = s.def
				}
				if s.secret && value != "" {
					value = "(set, not shown)"
				}
				fmt.Fprintf(a.stdout, "%-10s %-20q %s\n", s.key, value, source)
			}
			return nil
		},
	}
}
