package generator_test

// The speed goals are ratios against upstream go-pdf/fpdf drawing the
// peers' reference 8D (internal/peer), measured in one run so a noisy
// machine slows both sides alike:
//
//	go test ./generator -run '^$' -bench Reference -benchtime 20x

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/memtest"
	"github.com/kesuhq/kesu/internal/peer"
	"github.com/kesuhq/kesu/templates"
)

// refPath is the peers' reference case, beside the repository as CI lays
// it out.
const refPath = "../../shared/bench/reference-8d.yaml"

func readReference() ([]byte, error) { return os.ReadFile(refPath) }

func reference(b *testing.B) []byte {
	data, err := readReference()
	if err != nil {
		b.Skipf("no reference case (%v): it lives in shared/bench beside the repository", err)
	}
	return data
}

// BenchmarkReference8D: a warm 8D PDF of the reference case against
// fpdf's drawing of the same content; kesu/fpdf is the ratio (goal ≤ 0.3).
func BenchmarkReference8D(b *testing.B) {
	data := reference(b)
	g, err := generator.New(generator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	c, err := g.Load("reference-8d.yaml", data)
	if err != nil {
		b.Fatal(err)
	}
	font, err := fs.ReadFile(templates.Default(), "fonts/DroidSansFallbackFull.ttf")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	// Warm both: the first kesu render compiles the 8D's templates.
	if _, err := g.Render(ctx, c, "8d", generator.PDF, io.Discard); err != nil {
		b.Fatal(err)
	}
	var kesu, fp time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		if _, err := g.Render(ctx, c, "8d", generator.PDF, io.Discard); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := peer.Render(io.Discard, data, font); err != nil {
			b.Fatal(err)
		}
		kesu, fp = kesu+t1.Sub(t0), fp+time.Since(t1)
	}
	b.ReportMetric(ms(kesu, b.N), "kesu-ms/op")
	b.ReportMetric(ms(fp, b.N), "fpdf-ms/op")
	b.ReportMetric(float64(kesu)/float64(fp), "kesu/fpdf")
}

func ms(d time.Duration, n int) float64 { return float64(d.Microseconds()) / 1000 / float64(n) }

// binaries builds kesu and the fpdf yardstick once per benchmark run.
func binaries(b *testing.B) (kesu, fpdf8d string) {
	dir := b.TempDir()
	kesu, fpdf8d = filepath.Join(dir, "kesu"), filepath.Join(dir, "fpdf8d")
	for bin, pkg := range map[string]string{kesu: "../cmd/kesu", fpdf8d: "../internal/peer/cmd/fpdf8d"} {
		if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	return kesu, fpdf8d
}

// run runs a command and returns its wall time and the child's rusage.
func run(b *testing.B, name string, args ...string) (time.Duration, *syscall.Rusage) {
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.String())
	}
	return time.Since(t0), cmd.ProcessState.SysUsage().(*syscall.Rusage)
}

// BenchmarkReference8DCold: a fresh `kesu render REF --doc 8d --format
// pdf` against a fresh process drawing it with fpdf (goal ≤ 0.6).
func BenchmarkReference8DCold(b *testing.B) {
	reference(b)
	kesu, fpdf8d := binaries(b)
	out := b.TempDir()
	var k, f time.Duration
	var kf, ff int64
	for b.Loop() {
		dk, rk := run(b, kesu, "render", refPath, "--doc", "8d", "--format", "pdf", "-o", out)
		df, rf := run(b, fpdf8d, refPath, filepath.Join(out, "fpdf.pdf"))
		k, f = k+dk, f+df
		kf, ff = kf+rk.Minflt, ff+rf.Minflt
	}
	b.ReportMetric(ms(k, b.N), "kesu-ms/op")
	b.ReportMetric(ms(f, b.N), "fpdf-ms/op")
	b.ReportMetric(float64(k)/float64(f), "kesu/fpdf")
	// A fresh process pays for every page of memory it touches first
	// (10–20 µs a page on a virtual machine with shadow paging): the
	// faults say what a cold start costs independently of the load.
	b.ReportMetric(float64(kf)/float64(b.N), "kesu-faults/op")
	b.ReportMetric(float64(ff)/float64(b.N), "fpdf-faults/op")
}

// BenchmarkReference8DFirst: what a fresh process does for one 8D, in
// process: a new Generator, the case loaded, the first render. B/op is the
// memory a cold start touches (less the once-per-process case schema and
// package initialisation), which is most of its time.
func BenchmarkReference8DFirst(b *testing.B) {
	data := reference(b)
	b.ReportAllocs()
	for b.Loop() {
		firstRender(b, data)
	}
}

// firstRender renders the reference's 8D PDF with a new Generator.
func firstRender(tb testing.TB, data []byte) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	c, err := g.Load("reference-8d.yaml", data)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := g.Render(context.Background(), c, "8d", generator.PDF, io.Discard); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkReferenceBatch: `kesu batch` bundling 200 copies of the full
// sample on every core, against one fresh fpdf render (goal: a bundle ≤
// 0.5 of it, peak RSS ≤ 150 MB, CPU ≥ 90 % of the cores).
func BenchmarkReferenceBatch(b *testing.B) {
	reference(b)
	kesu, fpdf8d := binaries(b)
	src, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		b.Fatal(err)
	}
	in := b.TempDir()
	if err := os.CopyFS(filepath.Join(in, "assets"), os.DirFS("../samples/assets")); err != nil {
		b.Fatal(err)
	}
	const copies = 200
	for i := range copies {
		data := strings.Replace(string(src), "id: KS-2026-000123", fmt.Sprintf("id: KS-2026-9%05d", i), 1)
		if err := os.WriteFile(filepath.Join(in, fmt.Sprintf("case-%03d.yaml", i)), []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var batch, fp time.Duration
	var rss int64
	var cpu float64
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "out")
		d, ru := run(b, kesu, "batch", in, "-o", out, "-q")
		df, _ := run(b, fpdf8d, refPath, filepath.Join(b.TempDir(), "fpdf.pdf"))
		batch, fp = batch+d, fp+df
		rss = max(rss, ru.Maxrss)
		used := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		cpu += float64(used) / float64(d) / float64(runtime.NumCPU())
	}
	perBundle := float64(batch) / float64(b.N) / copies
	b.ReportMetric(perBundle/1e6, "ms/bundle")
	b.ReportMetric(perBundle/(float64(fp)/float64(b.N)), "bundle/fpdf")
	b.ReportMetric(float64(rss)/1024, "peak-MB")
	b.ReportMetric(100*cpu/float64(b.N), "cpu%")
}

// TestFirstRenderIsCheap holds what a new Generator allocates for its
// first 8D PDF (the pack, fonts, the document's templates, the font cut,
// the file): in a fresh process every byte is a page touched for the
// first time, which is most of a cold start's cost. It was 9.3 MB for the
// reference 8D before the cold-start work of 2026-12-06, ~2.5 MB after.
// (The manufacturer's sample would measure its photos: each is decoded
// whole to refuse a damaged one, 6.5 MB of pixels.)
func TestFirstRenderIsCheap(t *testing.T) {
	data, err := readReference()
	if err != nil {
		t.Skipf("no reference case (%v): it lives in shared/bench beside the repository", err)
	}
	n := memtest.Least(3, func() { firstRender(t, data) })
	t.Logf("a new Generator's first 8D PDF: %d bytes allocated", n)
	if n > 4<<20 {
		t.Errorf("a new Generator's first 8D PDF allocated %.1f MB; want at most 4 MB", float64(n)/(1<<20))
	}
}
