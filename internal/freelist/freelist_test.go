package freelist

import (
	"runtime"
	"testing"
)

// Values survive a collection, which sync.Pool's do not, and the list
// keeps no more than its size.
func TestList(t *testing.T) {
	l := New[*[1 << 10]byte]()
	n := cap(l.c)
	for range n + 3 {
		l.Put(new([1 << 10]byte))
	}
	runtime.GC()
	runtime.GC()
	got := 0
	for {
		if _, ok := l.Get(); !ok {
			break
		}
		got++
	}
	if got != n {
		t.Errorf("got %d values back after two collections, want %d (the list's size)", got, n)
	}
}
