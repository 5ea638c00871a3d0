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
	tmp, err := writeTemp(path, data)
	if err != nil {
		if tmp != "" {
			os.Remove(tmp)
		}
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeTemp writes data, synced and readable, to a hidden temporary file
// beside path and returns its name ("" if none was made).
func writeTemp(path string, data []byte) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return name, fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return name, fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return name, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(name, 0o644); err != nil {
		return name, fmt.Errorf("write %s: %w", path, err)
	}
	return name, nil
}

// File is one output of a set.
type File struct {
	Path string
	Data []byte
}

// WriteFiles writes a set of files all or none: each into a temporary
// file first, and only when every one is written, synced and free to take
// its name are they renamed into place. A failure leaves no file of the
// set behind.
func WriteFiles(files []File) (err error) {
	tmps := make([]string, 0, len(files))
	defer func() {
		if err != nil {
			for _, t := range tmps {
				os.Remove(t)
			}
		}
	}()
	for _, f := range files {
		if st, statErr := os.Stat(f.Path); statErr == nil && st.IsDir() {
			return fmt.Errorf("write %s: a folder has that name", f.Path)
		}
		tmp, err := writeTemp(f.Path, f.Data)
		if tmp != "" {
			tmps = append(tmps, tmp)
		}
		if err != nil {
			return err
		}
	}
	for i, f := range files {
		if err := os.Rename(tmps[i], f.Path); err != nil {
			for _, done := range files[:i] {
				os.Remove(done.Path)
			}
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	return nil
}
