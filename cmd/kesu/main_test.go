package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// The CLI is tested as a user runs it: txtar scripts under
// testdata/script run kesu in-process and check its output, exit status
// and files (the Hugo and Go way).
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"kesu": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
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
	})
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
	}
	for _, tt := range tests {
		var stdout, stderr strings.Builder
		if got := run(tt.args, &stdout, &stderr); got != tt.code {
			t.Errorf("kesu %s: exit %d, want %d\n%s", strings.Join(tt.args, " "), got, tt.code, stderr.String())
		}
	}
}
