// Package sink writes outputs so that a crash, a full disk or a kill
// leaves either the old file or the new one, never half of one.
package sink

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes data to path atomically: into a temporary file in the
// same folder, synced, then renamed over path.
func WriteFile(path string, data []byte) error {
	return WriteFiles([]File{{Path: path, Data: data}})
}

// temp is a temporary file being written, open and locked until it has
// been renamed into place or removed.
type temp struct {
	f    *os.File
	name string
}

func (t *temp) drop() {
	os.Remove(t.name)
	t.f.Close()
}

// writeTemp writes data, synced and readable, to a hidden temporary file
// beside path, and returns it still open and locked.
func writeTemp(path string, data []byte) (*temp, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	t := &temp{f, f.Name()}
	fail := func(err error) (*temp, error) {
		t.drop()
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := lock(f); err != nil {
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	return t, nil
}

// File is one output of a set.
type File struct {
	Path string
	Data []byte
}

// WriteFiles writes a set of files all or none: each into a temporary
// file first, and only when every one is written, synced and free to take
// its name are they renamed into place. A failure leaves no file of the
// set behind. Each temporary file stays locked until it is renamed, so
// RemoveStale in another process leaves it alone.
func WriteFiles(files []File) (err error) {
	tmps := make([]*temp, 0, len(files))
	defer func() {
		for _, t := range tmps {
			if err != nil {
				t.drop()
			} else {
				t.f.Close()
			}
		}
	}()
	for _, f := range files {
		if st, statErr := os.Stat(f.Path); statErr == nil && st.IsDir() {
			return fmt.Errorf("write %s: a folder has that name", f.Path)
		}
		t, err := writeTemp(f.Path, f.Data)
		if err != nil {
			return err
		}
		tmps = append(tmps, t)
	}
	for i, f := range files {
		if err := os.Rename(tmps[i].name, f.Path); err != nil {
			for _, done := range files[:i] {
				os.Remove(done.Path)
			}
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		tmps[i].name = f.Path // renamed: nothing of it to remove but on failure
	}
	return nil
}

// RemoveStale removes the temporary files a killed writer left in dir:
// those no live process holds locked. Files another process is writing
// (a shard sharing the folder) are left alone. It returns how many it
// removed.
func RemoveStale(dir string) int {
	stale, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	n := 0
	for _, name := range stale {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		if ok, _ := tryLock(f); ok && os.Remove(name) == nil {
			n++
		}
		f.Close()
	}
	return n
}
