// Package freelist keeps a few reusable values across garbage collections.
// sync.Pool drops what it holds at every collection, and kesu's heap is
// small, so it collects often: its compressors (~1 MB of state each) were
// made again and again. A List keeps up to its size and lets the rest go.
package freelist

import "runtime"

// List holds up to a fixed number of values of T; it is safe for
// concurrent use.
type List[T any] struct{ c chan T }

// New makes a list that keeps up to two values per core: enough for every
// worker of a batch and a compression running beside each.
func New[T any]() *List[T] {
	return &List[T]{c: make(chan T, 2*runtime.GOMAXPROCS(0))}
}

// Get returns a kept value, or false when there is none.
func (l *List[T]) Get() (T, bool) {
	select {
	case v := <-l.c:
		return v, true
	default:
		var zero T
		return zero, false
	}
}

// Put keeps v if the list has room.
func (l *List[T]) Put(v T) {
	select {
	case l.c <- v:
	default:
	}
}
