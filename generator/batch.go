package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/kesuhq/kesu/internal/batch"
	"github.com/kesuhq/kesu/internal/bundle"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/sink"
)

// BatchOptions say what a batch renders and where.
type BatchOptions struct {
	// Inputs are case files and folders; folders are searched, with their
	// subfolders, for *.yaml, *.yml and *.json.
	Inputs []string
	// Out is the folder the bundles (<id>.zip) and errors.json go to.
	Out string
	// Jobs is the number of cases rendered at once; 0 means one per CPU.
	Jobs int
	// Shard and Shards take a deterministic share of the cases: with
	// Shards = N, shard I (0 ≤ I < N) renders the cases whose path hashes
	// to I. The N shards together render every case exactly once.
	Shard, Shards int
	// Progress, when set, is called after each case, from one goroutine
	// at a time.
	Progress func(BatchEvent)
}

// BatchEvent reports one finished case of a batch.
type BatchEvent struct {
	Done, Total int
	File        string
	Skipped     bool  // its bundle was already there and up to date
	Open        bool  // the case is not closed: in the ledger, not bundled
	Err         error // nil when the case succeeded
}

// BatchResult summarizes a batch.
type BatchResult struct {
	Total   int `json:"total"`
	Written int `json:"written"`
	Skipped int `json:"skipped"`
	// Open counts the valid cases that are not closed yet: they are in the
	// ledger with their status and age, and not bundled (a bundle is the
	// archive of a closed case). They are not failures.
	Open   int `json:"open"`
	Failed int `json:"failed"`
	// Errors are the problems of the cases that failed, each at its file.
	Errors []Problem `json:"errors,omitempty"`
	// Rows are the ledger rows of the cases the batch could read, bundled
	// or not, in input order. The cases themselves are not kept: a batch of
	// thousands must not hold thousands of parsed files.
	Rows []LedgerRow `json:"-"`
}

// Batch renders the closure bundle of every case of the inputs into
// o.Out, with a bounded pool of workers. A bad case does not stop the
// batch: it is reported in the result and in o.Out/errors.json. A bundle
// already in o.Out made from the same case file, attachments, pack and
// kesu version is kept, so a batch killed halfway finishes when run again;
// every file is written whole or not at all. A cancelled ctx stops the
// workers after the case each is on and returns ctx's error.
func (g *Generator) Batch(ctx context.Context, o BatchOptions) (*BatchResult, error) {
	if o.Shards > 0 && (o.Shard < 0 || o.Shard >= o.Shards) {
		return nil, &UsageError{Msg: fmt.Sprintf("shard %d/%d: the index runs from 0 to %d", o.Shard, o.Shards, o.Shards-1)}
	}
	found, err := batch.Find(o.Inputs)
	if err != nil {
		return nil, &UsageError{Msg: err.Error(), Err: err}
	}
	// OUT may lie inside an input folder: what kesu writes there (bundles,
	// errors files) is never read back as a case.
	all := found[:0]
	for _, f := range found {
		if !within(f, o.Out) {
			all = append(all, f)
		}
	}
	// Every shard sees every input, so each finds the same duplicate ids,
	// and reports those in its share.
	dups := g.DuplicateIDs(all)
	var files []string
	for _, f := range all {
		if batch.InShard(f, o.Shard, o.Shards) {
			files = append(files, f)
		}
	}
	if err := os.MkdirAll(o.Out, 0o755); err != nil {
		return nil, err
	}
	// A batch killed in the middle leaves temporary files, never half a
	// bundle under its real name; clear away those no live process (another
	// shard writing into the same folder) holds.
	sink.RemoveStale(o.Out)
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	type outcome struct {
		row     *LedgerRow
		skipped bool
		open    bool
		err     error
	}
	results := make([]outcome, len(files))
	var mu sync.Mutex
	done := 0
	finish := func(i int, r outcome) {
		results[i] = r
		mu.Lock()
		done++
		if o.Progress != nil {
			o.Progress(BatchEvent{Done: done, Total: len(files), File: files[i], Skipped: r.skipped, Open: r.open, Err: r.err})
		}
		mu.Unlock()
	}
	// Workers render; writers put bundles on disk. A write waits for the
	// disk (fsync), and the CPU should not wait with it: with one writer
	// per worker and a queue as long as the pool, rendering goes on.
	type write struct {
		i    int
		row  *LedgerRow
		path string
		data []byte
	}
	writes := make(chan write, jobs)
	var writers errgroup.Group
	for range jobs {
		writers.Go(func() error {
			for w := range writes {
				finish(w.i, outcome{row: w.row, err: sink.WriteFile(w.path, w.data)})
			}
			return nil
		})
	}
	// Each case is a task, at most jobs at once. A case's failure is its
	// outcome, not the pool's, so no task returns an error. A stop is seen
	// between cases: no case starts after it.
	var workers errgroup.Group
	workers.SetLimit(jobs)
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		workers.Go(func() error {
			if others := dups[files[i]]; len(others) > 0 {
				finish(i, outcome{err: DuplicateError(files[i], others)})
				return nil
			}
			c, path, data, skipped, err := g.batchOne(ctx, files[i], o.Out)
			if err != nil && ctx.Err() != nil {
				// Cut off by the stop, not failed: the case is not
				// done, and a resumed run renders it.
				return nil
			}
			var row *LedgerRow
			open := false
			if c != nil {
				r := LedgerRow{g.ledgerRow(c)}
				row = &r
				open = err == nil && c.Root.Get("closure") == nil
			}
			if data != nil {
				writes <- write{i, row, path, data}
				return nil
			}
			finish(i, outcome{row, skipped, open, err})
			return nil
		})
	}
	workers.Wait()
	close(writes)
	writers.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &BatchResult{Total: len(files)}
	for i, r := range results {
		switch {
		case r.err != nil:
			res.Failed++
			res.Errors = append(res.Errors, batchErrors(files[i], r.err)...)
		case r.open:
			res.Open++
		case r.skipped:
			res.Skipped++
		default:
			res.Written++
		}
		if r.row != nil {
			res.Rows = append(res.Rows, *r.row)
		}
	}
	report, err := json.MarshalIndent(struct {
		Errors []Problem `json:"errors"`
	}{append([]Problem{}, res.Errors...)}, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := sink.WriteFile(filepath.Join(o.Out, ErrorsFile(o.Shard, o.Shards)), append(report, '\n')); err != nil {
		return nil, err
	}
	return res, nil
}

// ErrorsFile is the name of a batch's errors file in OUT: errors.json, or
// errors-I-of-N.json for shard I of N, so shards sharing OUT keep each
// other's errors.
func ErrorsFile(shard, shards int) string {
	if shards > 1 {
		return fmt.Sprintf("errors-%d-of-%d.json", shard, shards)
	}
	return "errors.json"
}

// within reports whether file lies in dir or under it.
func within(file, dir string) bool {
	f, err1 := filepath.Abs(file)
	d, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return false
	}
	rel, err := filepath.Rel(d, f)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// DuplicateIDs finds case files that share an id: each such file maps to
// the others with its id. Two cases of one id would write one bundle (and
// one set of documents), each run keeping whichever came last; both are
// errors instead. Files that cannot be read are left to the run to report.
func (g *Generator) DuplicateIDs(files []string) map[string][]string {
	if len(files) < 2 {
		// One file shares its id with none: reading it here would parse
		// the case twice in every one-case run (180 kB, a cold kesu
		// render's pages).
		return map[string][]string{}
	}
	byID := map[string][]string{}
	for _, f := range files {
		data, err := safefile.ReadFile(f, g.opts.Limits.MaxBytes)
		if err != nil {
			continue
		}
		c, err := g.Parse(f, data)
		if err != nil || c.ID() == "" {
			continue
		}
		byID[c.ID()] = append(byID[c.ID()], f)
	}
	out := map[string][]string{}
	for _, fs := range byID {
		if len(fs) < 2 {
			continue
		}
		for _, f := range fs {
			out[f] = slices.DeleteFunc(slices.Clone(fs), func(o string) bool { return o == f })
		}
	}
	return out
}

// DuplicateError is the error of a case whose id other files have too:
// it names them, at the case's /id.
func DuplicateError(file string, others []string) error {
	return &ValidationError{File: file, Problems: []Problem{{Position: Position{File: file, Pointer: "/id"},
		Message: fmt.Sprintf("the id is also the id of %s; one id names one case (and its files), so neither is written", strings.Join(others, ", "))}}}
}

// batchOne bundles one case, unless its bundle is up to date, and returns
// the bundle to write to path. The case is returned whenever it could be
// read, even if bundling failed, so the ledger still lists it.
func (g *Generator) batchOne(ctx context.Context, file, out string) (c *casefile.Case, path string, data []byte, skipped bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, "", nil, false, err
	}
	pc, err := g.LoadFile(file)
	if err != nil {
		return nil, "", nil, false, err
	}
	c = pc.cf
	if c.ID() == "" {
		return nil, "", nil, false, &casefile.ValidationError{File: file, Problems: []casefile.Problem{{Pointer: "/id", Message: "the case has no id to name its bundle"}}}
	}
	if c.Root.Get("closure") == nil {
		return c, "", nil, false, g.CheckFiles(pc)
	}
	path = filepath.Join(out, c.ID()+".zip")
	if g.upToDate(c, path) {
		return c, "", nil, true, nil
	}
	var buf bytes.Buffer
	if _, err := g.bundle(ctx, c, &buf, nil); err != nil {
		return c, "", nil, false, err
	}
	return c, path, buf.Bytes(), false, nil
}

// upToDate reports whether the bundle at path was made by this kesu and
// pack from exactly this case file and these attachments.
func (g *Generator) upToDate(c *casefile.Case, path string) bool {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return false
	}
	defer zr.Close()
	var m bundle.Manifest
	for _, f := range zr.File {
		if f.Name == "manifest.json" {
			data, err := bundle.ReadZipFile(f, 16<<20)
			if err != nil || json.Unmarshal(data, &m) != nil {
				return false
			}
		}
	}
	if m.Generator.Version != Version || m.Pack.Hash != g.PackHash() || m.CaseID != c.ID() {
		return false
	}
	want := map[string]string{}
	for _, f := range m.Files {
		if f.Kind == bundle.KindCase || f.Kind == bundle.KindAttachment {
			want[f.Name] = f.SHA256
		}
	}
	sum := sha256.Sum256(c.Source)
	if want["case/"+filepath.Base(c.File)] != hex.EncodeToString(sum[:]) {
		return false
	}
	att, err := attachments(c)
	if err != nil {
		return false
	}
	if len(att)+1 != len(want) {
		return false
	}
	for _, a := range att {
		if want[a.Name] != a.SHA256 {
			return false
		}
	}
	// The bundle's own files may have been damaged in place since it was
	// written: it is up to date only if it still verifies.
	f, err := safefile.Open(path, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false
	}
	v, err := bundle.Verify(f, info.Size())
	return err == nil && v.OK()
}

// batchErrors turns a case's failure into located problems.
func batchErrors(file string, err error) []Problem {
	var ve *ValidationError
	if errors.As(public(err), &ve) {
		return ve.Problems
	}
	return []Problem{{Position{File: file}, err.Error()}}
}
