package excelize

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

// kesu: importing excelize cost every kesu process ~1.4 MB in ~21,600
// allocations of package initialisation, its own and its dependencies'
// (issue 18). These bound what it may cost again.
const (
	// No package outside the standard library that this one links may
	// allocate more than this at init: a compiled regexp or a table of a
	// few dozen entries is over it.
	maxDepInitAllocs = 16
	maxDepInitBytes  = 8 << 10
)

// Packages this copy no longer imports because their package
// initialisation was the cost (see PROVENANCE.md); none may come back.
var droppedImports = []string{
	"github.com/richardlehane/mscfb",
	"github.com/richardlehane/msoleps",
	"github.com/xuri/efp",
	"golang.org/x/net/html/charset",
	"golang.org/x/text/encoding/htmlindex",
	"golang.org/x/text/cases",
}

var initTraceLine = regexp.MustCompile(`^init (\S+) @[^,]+, [^,]+ clock, (\d+) bytes, (\d+) allocs$`)

func TestImportRunsNoInitWork(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	bin := filepath.Join(t.TempDir(), "initprobe")
	// Built without GODEBUG: the go command would replay the compiler's
	// trace from its cache into later builds.
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
	self := false
	for _, line := range strings.Split(string(out), "\n") {
		m := initTraceLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		pkg := m[1]
		bytes, _ := strconv.Atoi(m[2])
		allocs, _ := strconv.Atoi(m[3])
		for _, d := range droppedImports {
			if pkg == d || strings.HasPrefix(pkg, d+"/") {
				t.Errorf("%s is linked again (%d bytes, %d allocations at init)", pkg, bytes, allocs)
			}
		}
		first, _, _ := strings.Cut(pkg, "/")
		if !strings.Contains(first, ".") {
			continue // the standard library
		}
		if strings.HasPrefix(pkg, "github.com/kesuhq/kesu/internal/third_party/excelize") {
			self = true
		}
		if allocs > maxDepInitAllocs || bytes > maxDepInitBytes {
			t.Errorf("importing excelize, %s allocates %d bytes in %d allocations at init; at most %d bytes in %d: make it lazy", pkg, bytes, allocs, maxDepInitBytes, maxDepInitAllocs)
		}
	}
	if !self {
		t.Fatalf("excelize is not in the init trace:\n%s", out)
	}
}
