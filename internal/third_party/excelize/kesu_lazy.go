package excelize

import "sync"

// kesu: lazy holds a package-level table or regexp that upstream built at
// package initialisation, in every process that imports the package,
// whether it writes a workbook or not (26 regexps, most of them the
// formula calculator's, ~0.8 MB; 68 maps and tables). It is built on first
// use instead. A lazy is a plain struct with a func literal
// that captures nothing, so declaring one allocates nothing: a
// sync.OnceValue would cost two allocations per table at init.
type lazy[T any] struct {
	once sync.Once
	v    T
	f    func() T
}

func (l *lazy[T]) get() T {
	l.once.Do(func() { l.v = l.f() })
	return l.v
}
