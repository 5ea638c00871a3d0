//go:build unix

package sink

import (
	"errors"
	"os"
	"syscall"
)

// lock takes an exclusive lock on an open file: a temporary file is
// locked by the process writing it for as long as it may be renamed, so a
// sweep by another process (a shard sharing the folder) never takes it.
// The kernel drops the lock when the process dies, which is how a sweep
// tells a stale file from a live one.
func lock(f *os.File) error { return syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }

// tryLock locks f if no other process holds it.
func tryLock(f *os.File) (bool, error) {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return false, nil
	}
	return err == nil, err
}
