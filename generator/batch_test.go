package generator_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/casegen"
	"github.com/kesuhq/kesu/internal/ledger"
)

// caseDir copies the samples and their pictures into a fresh folder.
func caseDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "cases")
	if err := os.CopyFS(dir, os.DirFS("../samples")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func zips(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.zip"))
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	slices.Sort(m)
	return m
}

// One bad case never stops a batch: the good ones are bundled, the bad
// ones reported with file, line and field, in errors.json too, and
// nothing of them written.
func TestBatchWithBrokenCases(t *testing.T) {
	g := newGen(t)
	dir := caseDir(t)
	for name, src := range map[string]string{
		"bad-date.yaml":   "schema: kesu/case/v1\nid: KS-BAD-1\ncustomer: {name: 张三}\nintake: {channel: hotline, received_at: 2026-02-30T10:00:00+08:00}\ncomplaint: {description: 坏日期。}\nclosure: {closed_on: 2026-03-01, outcome: resolved}\n",
		"bad-syntax.json": "{\"schema\": \"kesu/case/v1\", \"id\": }",
		"open-case.yaml":  "schema: kesu/case/v1\nid: KS-OPEN-2\ncustomer: {name: 李四}\nintake: {channel: hotline, received_at: 2026-03-01T10:00:00+08:00}\ncomplaint: {description: 未结案。}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	res, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{dir}, Out: out, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 6 || res.Written != 3 || res.Open != 1 || res.Failed != 2 {
		t.Errorf("result %+v: want 6 cases, 3 written, 1 open, 2 failed", res)
	}
	var open *ledger.Row
	for _, r := range res.Rows {
		if r.ID() == "KS-OPEN-2" {
			row := r.Row()
			open = &row
		}
	}
	// Received on Sunday 2026-03-01: a normal case is solved by the third
	// working day after, Wednesday.
	if open == nil || open.Status != "已受理" || open.AgeWorkdays != 0 || open.SolutionDue != "2026-03-04 23:59" || open.SolvedOnTime != nil {
		t.Errorf("the open case's ledger row: %+v", open)
	}
	if got := zips(t, out); !slices.Equal(got, []string{"KS-2026-000123.zip", "RC-QC-2026-0007.zip", "YX-TS-20260402-017.zip"}) {
		t.Errorf("bundles %v", got)
	}
	var report struct{ Errors []generator.Problem }
	data, err := os.ReadFile(filepath.Join(out, "errors.json"))
	if err != nil || json.Unmarshal(data, &report) != nil {
		t.Fatalf("errors.json: %v", err)
	}
	want := map[string]string{"bad-date.yaml": "/intake/received_at", "bad-syntax.json": ""}
	for _, e := range report.Errors {
		ptr, ok := want[filepath.Base(e.File)]
		if !ok || e.Pointer != ptr || e.Line == 0 || e.Message == "" {
			t.Errorf("error %+v", e)
		}
		delete(want, filepath.Base(e.File))
	}
	if len(want) != 0 {
		t.Errorf("not reported: %v", want)
	}
}

// The shards of a batch together bundle every case exactly once, and
// their ledgers merge into the whole batch's.
func TestBatchShardsMakeTheWhole(t *testing.T) {
	g := newGen(t)
	dir := caseDir(t)
	whole := t.TempDir()
	all, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{dir}, Out: whole})
	if err != nil {
		t.Fatal(err)
	}
	var union []string
	var sets [][]generator.LedgerRow
	for i := range 3 {
		out := t.TempDir()
		res, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{dir}, Out: out, Shard: i, Shards: 3})
		if err != nil {
			t.Fatal(err)
		}
		union = append(union, zips(t, out)...)
		sets = append(sets, res.Rows)
	}
	slices.Sort(union)
	if !slices.Equal(union, zips(t, whole)) {
		t.Errorf("shards made %v, the whole batch %v", union, zips(t, whole))
	}
	rows := slices.Clone(all.Rows)
	slices.SortFunc(rows, func(a, b generator.LedgerRow) int { return strings.Compare(a.ID(), b.ID()) })
	if merged := generator.MergeLedgers(sets...); len(merged) != len(rows) || merged[0].ID() != rows[0].ID() {
		t.Errorf("merged shard ledgers have %d rows, the whole %d", len(merged), len(rows))
	}
	if _, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{dir}, Out: whole, Shard: 3, Shards: 3}); err == nil {
		t.Errorf("shard 3/3 accepted")
	}
}

// A second run keeps bundles that are up to date and remakes the ones
// whose case changed or whose file is damaged; a stale temporary file of a
// killed run is cleared away.
func TestBatchResume(t *testing.T) {
	g := newGen(t)
	dir := caseDir(t)
	out := t.TempDir()
	if _, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{dir}, Out: out}); err != nil {
		t.Fatal(err)
	}
	// Damage one bundle, change one case, leave a temporary file behind.
	if err := os.WriteFile(filepath.Join(out, "RC-QC-2026-0007.zip"), []byte("half a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "furniture-sofa.yaml")
	data, _ := os.ReadFile(src)
	if err := os.WriteFile(src, append(data, []byte("# edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ".YX.zip.123.tmp"), []byte("partial"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{dir}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 2 || res.Skipped != 1 {
		t.Errorf("second run %+v: want 2 remade (damaged, edited) and 1 kept", res)
	}
	if _, err := os.Stat(filepath.Join(out, ".YX.zip.123.tmp")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a stale temporary file is still there")
	}
	for _, z := range zips(t, out) {
		f, err := os.Open(filepath.Join(out, z))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		v, err := generator.VerifyBundle(f, st.Size())
		f.Close()
		if err != nil || !v.OK() {
			t.Errorf("%s does not verify: %v %v", z, err, v)
		}
	}
}

// Cancelling a batch stops it after the cases in hand and returns the
// context's error.
func TestBatchCancel(t *testing.T) {
	g := newGen(t)
	dir := t.TempDir()
	if _, err := casegen.Write(dir, 20, 3); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var events atomic.Int32
	_, err := g.Batch(ctx, generator.BatchOptions{Inputs: []string{dir}, Out: t.TempDir(), Jobs: 1, Progress: func(generator.BatchEvent) {
		events.Add(1)
		cancel()
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	// One worker: the case it was rendering, the one queued for the writer
	// and the one being written may still finish; no more.
	if n := events.Load(); n > 4 {
		t.Errorf("%d of 20 cases finished after the cancel", n)
	}
}

// BenchmarkBatch1000 bundles 1,000 generated cases with one worker per
// CPU, as kesu batch does, and reports cases per second and the peak
// resident memory of the process.
func BenchmarkBatch1000(b *testing.B) {
	benchCases := 1000
	if s := os.Getenv("KESU_BENCH_CASES"); s != "" {
		fmt.Sscan(s, &benchCases)
	}
	g := newGen(b)
	dir := b.TempDir()
	if _, err := casegen.Write(dir, benchCases, 1); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		out := b.TempDir()
		start := time.Now()
		res, err := g.Batch(b.Context(), generator.BatchOptions{Inputs: []string{dir}, Out: out})
		if err != nil {
			b.Fatal(err)
		}
		if res.Failed > 0 {
			b.Fatalf("%d cases failed: %+v", res.Failed, res.Errors[0])
		}
		b.ReportMetric(float64(res.Total)/time.Since(start).Seconds(), "cases/s")
	}
	b.ReportMetric(peakRSS(), "peak-RSS-MB")
}

// peakRSS is the process's peak resident set (VmHWM) in MB, 0 if unknown.
func peakRSS() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(v), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}
