//go:build unix

package generator_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/kesuhq/kesu/generator"
)

// sofas writes n copies of the sofa sample into dir/cases (ids from ids),
// with their pictures, and returns the folder.
func sofas(t testing.TB, dir string, ids ...string) string {
	t.Helper()
	one := sofaWithLogo(t, "furniture/logo.png", mustRead(t, "../samples/assets/furniture/logo.png"))
	src := mustRead(t, one)
	cases := filepath.Join(dir, "cases")
	if err := os.CopyFS(cases, os.DirFS(filepath.Dir(one))); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(cases, "case.yaml"))
	for i, id := range ids {
		data := bytes.Replace(src, []byte("id: KS-2026-000123"), []byte("id: "+id), 1)
		if err := os.WriteFile(filepath.Join(cases, fmt.Sprintf("case-%02d.yaml", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return cases
}

// TestBatchDuplicateIDs: two case files of one id are both errors, each
// naming the other, and neither bundle is written; the other cases are.
func TestBatchDuplicateIDs(t *testing.T) {
	g := newGen(t)
	dir := t.TempDir()
	cases := sofas(t, dir, "KS-A", "KS-DUP", "KS-DUP")
	out := filepath.Join(dir, "out")
	res, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{cases}, Out: out, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 2 || res.Written != 1 {
		t.Errorf("%d written, %d failed; want 1 and 2", res.Written, res.Failed)
	}
	for _, e := range res.Errors {
		other := "case-01.yaml"
		if strings.HasSuffix(e.File, "case-01.yaml") {
			other = "case-02.yaml"
		}
		if e.Pointer != "/id" || !strings.Contains(e.Message, other) {
			t.Errorf("%s: %s: %s; want /id naming %s", e.File, e.Pointer, e.Message, other)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "KS-DUP.zip")); err == nil {
		t.Error("KS-DUP.zip was written")
	}
}

// TestDuplicateIDsOneFile: one case file has no duplicate, and finding
// that reads nothing (a one-case kesu render parsed its case twice).
func TestDuplicateIDsOneFile(t *testing.T) {
	g := newGen(t)
	one := filepath.Join(sofas(t, t.TempDir(), "KS-1"), "case-00.yaml")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	dups := g.DuplicateIDs([]string{one})
	runtime.ReadMemStats(&after)
	if len(dups) != 0 {
		t.Errorf("one file: duplicates %v", dups)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 4<<10 {
		t.Errorf("one file: %d kB allocated, the case read for nothing", n>>10)
	}
}

// TestBatchOutInsideInput: OUT inside the folder of cases is never read
// as input: a second run finds the same cases and keeps every bundle.
func TestBatchOutInsideInput(t *testing.T) {
	g := newGen(t)
	dir := t.TempDir()
	cases := sofas(t, dir, "KS-1", "KS-2")
	out := filepath.Join(cases, "out")
	for run := range 2 {
		res, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{cases}, Out: out, Jobs: 2})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 2 || res.Failed != 0 || run == 1 && res.Skipped != 2 {
			t.Errorf("run %d: %+v; want 2 cases, none failed (the second time: both up to date)", run+1, res)
		}
	}
}

// TestBatchResumeReverifies: a bundle whose PDF was damaged in place is
// not up to date: a run again rebuilds it.
func TestBatchResumeReverifies(t *testing.T) {
	g := newGen(t)
	dir := t.TempDir()
	cases := sofas(t, dir, "KS-1")
	out := filepath.Join(dir, "out")
	if _, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{cases}, Out: out, Jobs: 1}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, "KS-1.zip")
	data := mustRead(t, path)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "bundle.pdf" {
			off, _ := f.DataOffset()
			data[off+int64(f.CompressedSize64/2)] ^= 0xFF // stored: a byte of the PDF itself
		}
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{cases}, Out: out, Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 1 || res.Skipped != 0 {
		t.Errorf("%+v: a damaged bundle was called up to date", res)
	}
	v, err := generator.VerifyBundle(bytes.NewReader(mustRead(t, path)), int64(len(mustRead(t, path))))
	if err != nil || !v.OK() {
		t.Errorf("the rebuilt bundle: %v %q", err, v.Problems)
	}
}

// TestBatchConcurrentShards: shards running at once into one OUT (the
// README's Kubernetes recipe) keep each other's errors and temporary
// files: each writes errors-I-of-N.json, and a temporary file another
// live process holds is left alone while an abandoned one is swept.
func TestBatchConcurrentShards(t *testing.T) {
	g := newGen(t)
	dir := t.TempDir()
	var ids []string
	for i := range 6 {
		ids = append(ids, fmt.Sprintf("KS-%d", i))
	}
	cases := sofas(t, dir, ids...)
	for i := range 4 {
		os.WriteFile(filepath.Join(cases, fmt.Sprintf("bad-%d.yaml", i)), []byte("schema: kesu/case/v1\nid: BAD\ncustmer: {}\n"), 0o644)
	}
	out := filepath.Join(dir, "out")
	os.MkdirAll(out, 0o755)
	live := filepath.Join(out, ".KS-9.zip.4242.tmp")
	f, err := os.Create(live)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, ".KS-8.zip.4243.tmp")
	os.WriteFile(stale, []byte("left by a killed run"), 0o644)

	const shards = 2
	results := make([]*generator.BatchResult, shards)
	var wg sync.WaitGroup
	for i := range shards {
		wg.Go(func() {
			res, err := g.Batch(t.Context(), generator.BatchOptions{Inputs: []string{cases}, Out: out, Jobs: 2, Shard: i, Shards: shards})
			if err != nil {
				t.Error(err)
				return
			}
			results[i] = res
		})
	}
	wg.Wait()
	failed, written := 0, 0
	for i, res := range results {
		if res == nil {
			t.FailNow()
		}
		failed += res.Failed
		written += res.Written
		var report struct{ Errors []generator.Problem }
		if err := json.Unmarshal(mustRead(t, filepath.Join(out, generator.ErrorsFile(i, shards))), &report); err != nil {
			t.Fatal(err)
		}
		files := map[string]bool{}
		for _, e := range report.Errors {
			files[e.File] = true
		}
		if len(files) != res.Failed {
			t.Errorf("shard %d: %d failed, its errors file names %d files", i, res.Failed, len(files))
		}
	}
	if failed != 4 || written != 6 {
		t.Errorf("%d written, %d failed; want 6 and 4", written, failed)
	}
	if _, err := os.Stat(filepath.Join(out, "errors.json")); err == nil {
		t.Error("a shard wrote errors.json, which every shard would overwrite")
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a temporary file another process holds was removed: %v", err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("an abandoned temporary file was kept")
	}
}
