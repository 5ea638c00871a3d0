// Package safefile opens untrusted input files: regular files only, opened
// once and checked on the opened descriptor (never a separate stat that a
// swapped file could pass), and read at most up to a size cap. A FIFO, a
// device, a folder or a socket named where a file is expected is refused
// at once instead of blocking or streaming without end.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"syscall"
)

// ErrNotRegular is returned for anything but a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrDangling is a symbolic link to nothing.
var ErrDangling = errors.New("a symbolic link to a file that does not exist")

// TooLargeError says a file is over its cap.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than %s, the limit for this kind of file", Size(e.Limit))
}

// Size words a byte count for messages.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// openFlags: O_NONBLOCK makes opening a FIFO return at once (with no
// writer, a blocking open waits forever); on a regular file it changes
// nothing. O_NOCTTY keeps a terminal device from becoming ours.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY

// Open opens path for reading if it is a regular file of at most limit
// bytes (limit ≤ 0: no cap). Symbolic links are followed; callers that
// must not follow them resolve and check the path first.
func Open(path string, limit int64) (*os.File, error) {
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, err
	}
	if err := check(f, limit); err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return f, nil
}

// ReadFile reads a regular file of at most limit bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := Open(path, limit)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := ReadAll(f, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: path, Err: err}
	}
	return data, nil
}

// ReadFS reads a regular file of fsys of at most limit bytes. The file's
// Stat is of the opened file; an FS made by Root opens without blocking.
func ReadFS(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := check(f, limit); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	data, err := ReadAll(f, limit)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

// ReadAll reads r to its end, failing once more than limit bytes come
// (limit ≤ 0: no cap). A file that grows after its size was checked is
// still stopped here.
func ReadAll(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		return io.ReadAll(r)
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{limit}
	}
	return data, nil
}

func check(f fs.File, limit int64) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return NotRegular(st.Mode())
	}
	if limit > 0 && st.Size() > limit {
		return &TooLargeError{limit}
	}
	return nil
}

// NotRegular says what a file that is not a regular file is.
func NotRegular(m fs.FileMode) error {
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case m&fs.ModeDevice != 0 || m&fs.ModeCharDevice != 0:
		what = "a device"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	}
	return fmt.Errorf("%w: %s", ErrNotRegular, what)
}

// Root is the files under dir as an fs.FS. Like os.Root it refuses paths
// and symbolic links that lead out of dir; unlike os.Root's FS it opens
// without blocking, so a FIFO under dir is refused rather than waited on.
// It opens dir for each file, so holding one costs no descriptor.
type Root string

// Open opens name under the root.
func (d Root) Open(name string) (fs.File, error) {
	// A case may write ./assets/x.jpg: a name that cleans to a path
	// inside the root is that path.
	if !fs.ValidPath(name) {
		name = path.Clean(name)
		if !fs.ValidPath(name) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
		}
	}
	r, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f, err := r.OpenFile(name, openFlags, 0)
	if errors.Is(err, fs.ErrNotExist) {
		// A link to nothing is a mistake to report, not a missing file
		// (which a pack overlay fills from the layer below).
		if st, lerr := r.Lstat(name); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: ErrDangling}
		}
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// ReadDir lists a folder under the root (fs.WalkDir and fs.Glob use it).
func (d Root) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	r, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	f, err := r.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// Stat stats a file under the root.
func (d Root) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	r, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	st, err := r.Stat(name)
	if errors.Is(err, fs.ErrNotExist) {
		if lst, lerr := r.Lstat(name); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			return nil, &fs.PathError{Op: "stat", Path: name, Err: ErrDangling}
		}
	}
	return st, err
}

// Reason is an open or read error without the path it carries, for
// messages that name the file themselves.
func Reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if strings.Contains(err.Error(), "path escapes from parent") {
		return "leads out of its folder (a symbolic link or ..), which is not allowed"
	}
	return err.Error()
}
