package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"

	"path/filepath"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/casegen"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/spf13/cobra"
)

// The CLI is tested as a user runs it: txtar scripts under
// testdata/script run kesu in-process and check its output, exit status
// and files (the Hugo and Go way).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kesu": func() {
			code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			// testscript's wait only tells failure from success: a
			// script that checks the exact status of a background kesu
			// (a batch stopped by a signal) asks for it in a file.
			if f := os.Getenv("KESU_TEST_EXIT_STATUS"); f != "" {
				os.WriteFile(f, []byte(strconv.Itoa(code)+"\n"), 0o644)
			}
			os.Exit(code)
		},
	})
}

func TestScripts(t *testing.T) {
	samples, err := filepath.Abs("../../samples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLES", samples)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"gencases":  cmdGenCases,
			"waitfiles": cmdWaitFiles,
			"nofiles":   cmdNoFiles,
		},
		Condition: func(cond string) (bool, error) {
			// [tool:NAME]: an external program the script reads output
			// with; required in CI (KESU_REQUIRE_TOOLS=1).
			if name, ok := strings.CutPrefix(cond, "tool:"); ok {
				if _, err := exec.LookPath(name); err != nil {
					if os.Getenv("KESU_REQUIRE_TOOLS") == "1" {
						return false, fmt.Errorf("%s is required (KESU_REQUIRE_TOOLS=1): %v", name, err)
					}
					return false, nil
				}
				return true, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// gencases DIR N writes N generated cases (and the files they name) into
// DIR.
func cmdGenCases(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gencases DIR N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	_, err = casegen.Write(ts.MkAbs(args[0]), n, 7)
	ts.Check(err)
}

// waitfiles N GLOB waits, up to a minute, until GLOB matches at least N
// files: a script starts a background kesu and acts once it is under way.
func cmdWaitFiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: waitfiles N GLOB")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		m, err := filepath.Glob(ts.MkAbs(args[1]))
		ts.Check(err)
		if len(m) >= n {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("after a minute %s matches %d files, not %d", args[1], len(m), n)
		}
	}
}

// Exit status is 0 ok, 1 bad input, 2 bad usage: a script calling kesu
// tells a broken case from a broken command line.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("schema: kesu/case/v1\nid: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	good := "../../samples/furniture-sofa.yaml"
	out := filepath.Join(dir, "out")
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"validate", good}, 0},
		{[]string{"render", good, "-o", out, "--format", "xlsx"}, 0},
		{[]string{"schema"}, 0},
		{[]string{"schema", "document"}, 0},
		{[]string{"schema", "bogus"}, 2},
		{[]string{"validate", bad}, 1},
		{[]string{"validate", filepath.Join(dir, "missing.yaml")}, 1},
		{[]string{"render", bad, "-o", out}, 1},
		{[]string{"render", good, good + ".nope", "-o", out}, 1},
		{[]string{"render", good}, 2},
		{[]string{"render"}, 2},
		{[]string{"validate"}, 2},
		{[]string{"render", "--bogus", good, "-o", out}, 2},
		{[]string{"render", good, "-o", out, "--doc", "nosuch"}, 2},
		{[]string{"render", good, "-o", out, "--format", "doc"}, 2},
		{[]string{"render", good, "-o", out, "--locale", "fr"}, 2},
		{[]string{"nosuchcommand"}, 2},
		{[]string{"report", "../../samples", "--from", "2026-01-01", "--to", "2026-12-31", "-o", out + "/r"}, 0},
		{[]string{"report", "../../samples", "--from", "2031-01-01", "--to", "2031-01-31", "-o", out + "/r"}, 0},
		{[]string{"report", "../../samples", "--from", "2026-12-31", "--to", "2026-01-01", "-o", out + "/r"}, 2},
		{[]string{"report", "../../samples", "--from", "2026-13-01", "--to", "2026-12-31", "-o", out + "/r"}, 2},
		{[]string{"report", "../../samples", "--from", "yesterday", "--to", "2026-12-31", "-o", out + "/r"}, 2},
		{[]string{"report", "../../samples", "--from", "2026-01-01", "--to", "2026-12-31", "-o", out + "/r", "--compare", "decade"}, 2},
		{[]string{"report", "../../samples", "--from", "2026-01-01", "--to", "2026-12-31", "-o", out + "/r", "--base", "testdata/bad-base.csv"}, 1},
		{[]string{"report", bad, "--from", "2026-01-01", "--to", "2026-12-31", "-o", out + "/r"}, 1},
	}
	for _, tt := range tests {
		var stdout, stderr strings.Builder
		if got := run(tt.args, strings.NewReader(""), &stdout, &stderr); got != tt.code {
			t.Errorf("kesu %s: exit %d, want %d\n%s", strings.Join(tt.args, " "), got, tt.code, stderr.String())
		}
	}
}

// Configuration precedence: flag over KESU_* environment over kesu.yaml
// over the default, for every setting, and kesu config says which won.
func TestConfigPrecedence(t *testing.T) {
	tests := []struct {
		name       string
		file, env  string // locale in kesu.yaml, in KESU_LOCALE
		flag       string // --locale
		want, from string
	}{
		{"default", "", "", "", `""`, "default"},
		{"file", "en", "", "", `"en"`, "file kesu.yaml"},
		{"env over file", "en", "zh-CN", "", `"zh-CN"`, "env KESU_LOCALE"},
		{"flag over env", "en", "zh-CN", "en", `"en"`, "flag --locale"},
		{"flag over file", "zh-CN", "", "en", `"en"`, "flag --locale"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if tt.file != "" {
				if err := os.WriteFile("kesu.yaml", []byte("locale: "+tt.file+"\nwatermark: 草稿\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			t.Setenv("KESU_LOCALE", tt.env)
			args := []string{"config"}
			if tt.flag != "" {
				args = append(args, "--locale", tt.flag)
			}
			var stdout, stderr strings.Builder
			if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			var line string
			for _, l := range strings.Split(stdout.String(), "\n") {
				if strings.HasPrefix(l, "locale ") {
					line = l
				}
			}
			if !strings.Contains(line, tt.want) || !strings.HasSuffix(line, tt.from) {
				t.Errorf("locale line %q, want %s from %s", line, tt.want, tt.from)
			}
			if tt.file != "" && !strings.Contains(stdout.String(), `watermark  "草稿"`) {
				t.Errorf("the file's watermark is not shown:\n%s", stdout.String())
			}
		})
	}
	// Settings of the file reach the commands: a render with kesu.yaml
	// naming the output folder and the format.
	dir := t.TempDir()
	sample, _ := filepath.Abs("../../samples/furniture-sofa.yaml")
	t.Chdir(dir)
	if err := os.WriteFile("kesu.yaml", []byte("out: rendered\nformat: xlsx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := run([]string{"render", sample, "--doc", "registration"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "rendered", "KS-2026-000123_registration.xlsx")); err != nil {
		t.Errorf("kesu.yaml's out and format were not used: %v", err)
	}
}

// nofiles GLOB... fails if a pattern matches a file: no temporary file
// is left behind.
func cmdNoFiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: nofiles GLOB...")
	}
	for _, pat := range args {
		m, err := filepath.Glob(ts.MkAbs(pat))
		ts.Check(err)
		if len(m) > 0 {
			ts.Fatalf("%s matches %v", pat, m)
		}
	}
}

// kesu --version names the module version, the commit and whether the
// tree was modified, and the Go that built it; a build without module
// version (go test, go run) falls back to generator.Version.
func TestVersion(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261206011245-38d878e4a1b2+dirty"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "38d878e4a1b2c3"}, {Key: "vcs.modified", Value: "true"}}}
	got := versionOf(bi)
	for _, want := range []string{"0.0.0-20261206011245-38d878e4a1b2+dirty\n", "commit 38d878e4a1b2c3 (with uncommitted changes)", "go1.26.8 "} {
		if !strings.Contains(got, want) {
			t.Errorf("version %q lacks %q", got, want)
		}
	}
	if got := versionOf(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}); !strings.HasPrefix(got, generator.Version+"\n") || strings.Contains(got, "commit") {
		t.Errorf("devel build: %q", got)
	}
	var stdout strings.Builder
	if code := run([]string{"--version"}, strings.NewReader(""), &stdout, &stdout); code != 0 || !strings.HasPrefix(stdout.String(), "kesu ") {
		t.Errorf("kesu --version: exit %d, %q", code, stdout.String())
	}
}

// A signal's exit status is the shells' 128 + its number.
func TestSignalExitStatus(t *testing.T) {
	if got := exitCode(&interruptedError{sig: os.Interrupt}); got != 130 {
		t.Errorf("SIGINT: %d, want 130", got)
	}
	if got := exitCode(&interruptedError{sig: syscall.SIGTERM}); got != 143 {
		t.Errorf("SIGTERM: %d, want 143", got)
	}
}

// Every command's help has an Examples section.
func TestEveryCommandHasExamples(t *testing.T) {
	root := newRoot(nil, strings.NewReader(""), io.Discard, io.Discard)
	root.InitDefaultCompletionCmd()
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		// cobra's own help and completion explain themselves.
		if c.Name() == "help" || c.Name() == "completion" {
			return
		}
		if c.Example == "" {
			t.Errorf("%q has no Example", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	var out strings.Builder
	if code := run([]string{"batch", "--help"}, strings.NewReader(""), &out, &out); code != 0 || !strings.Contains(out.String(), "Examples:\n  kesu batch cases/ -o archive") {
		t.Errorf("kesu batch --help: exit %d\n%s", code, out.String())
	}
}
