package generator_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// maxInitAllocs bounds what one kesu package may allocate when a host
// imports the API: a few sentinel errors and small constant tables. A
// compiled regexp, a map of formats or a registry built at init costs
// tens to hundreds of allocations, and belongs in a sync.OnceValue.
const maxInitAllocs = 16

var initLine = regexp.MustCompile(`^init (github\.com/kesuhq/kesu/\S+) @[^,]+, [^,]+ clock, (\d+) bytes, (\d+) allocs$`)

// TestImportRunsNoInitWork builds a program that only imports generator
// and runs it with GODEBUG=inittrace=1: no kesu package may do real work
// before the host calls it.
func TestImportRunsNoInitWork(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	bin := filepath.Join(t.TempDir(), "initprobe")
	// The build runs without GODEBUG: the go command would replay the
	// compiler's trace from its cache to every later build.
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, "./testdata/initprobe")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := exec.Command(bin)
	run.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("initprobe: %v\n%s", err, out)
	}
	seen := 0
	for _, line := range strings.Split(string(out), "\n") {
		m := initLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		seen++
		allocs, _ := strconv.Atoi(m[3])
		if allocs <= maxInitAllocs {
			continue
		}
		t.Errorf("importing kesu, %s allocates %s times (%s bytes) at init; at most %d: make it lazy (sync.OnceValue) or plain code", m[1], m[3], m[2], maxInitAllocs)
	}
	if seen == 0 {
		t.Fatalf("no kesu package in the init trace:\n%s", out)
	}
}
