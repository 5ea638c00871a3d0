// Package memtest measures what a piece of code allocates, for the tests
// that hold a cold start's cost: in a fresh process every byte allocated
// is a page touched for the first time, most of what a cold start costs.
package memtest

import (
	"math"
	"runtime"
)

// Allocated is what the process allocates while f runs. TotalAlloc counts
// every goroutine, so nothing else should run meanwhile; see Least.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Least is the least Allocated of n runs of f, for code that costs the
// same each time: a goroutine an earlier test left running must not fail
// the test measuring (a full-suite run once counted 333 KB for 115).
func Least(n int, f func()) uint64 {
	least := uint64(math.MaxUint64)
	for range n {
		least = min(least, Allocated(f))
	}
	return least
}
