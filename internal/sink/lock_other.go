//go:build !unix

package sink

import "os"

// Without flock, a temporary file's owner cannot be told alive or gone:
// sweeps keep every one.
func lock(*os.File) error { return nil }

func tryLock(*os.File) (bool, error) { return false, nil }
