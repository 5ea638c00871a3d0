package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// kesu.yaml is input a user writes by hand: whatever it holds, reading it
// gives values or usage errors that name the file, never a panic.
func FuzzReadConfigFile(f *testing.F) {
	for _, seed := range []string{
		"out: rendered\nformat: pdf\n",
		"jbos: 4\n",
		"format: [pdf, xlsx]\njobs: 2\n",
		"out: [a\n",
		"- out\n",
		"out: {a: 1}\n",
		"out: x\nout: y\n",
		"a: &x [1, *x]\n",
		"",
		"\t\x00",
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(dir, "kesu.yaml")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		a := &app{positions: map[string]position{}}
		values, err := a.readConfigFile(file)
		if err != nil {
			var u *usageError
			if !errors.As(err, &u) {
				t.Fatalf("not a usage error: %T %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), file+":") {
				t.Fatalf("the message does not start with the file: %q", err)
			}
		}
		for k, v := range values {
			if lookupSetting(k) == nil {
				t.Fatalf("unknown key %q let through", k)
			}
			if _, ok := v.(string); !ok {
				t.Fatalf("%s: value %T, want a string", k, v)
			}
		}
	})
}

func TestDidYouMean(t *testing.T) {
	keys := settingKeys()
	tests := []struct{ in, want string }{
		{"jbos", "jobs"},
		{"JOBS", "jobs"},
		{"formt", "format"},
		{"watermrak", "watermark"},
		{"colour", ""},
		{"x", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := didYouMean(tt.in, keys); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
