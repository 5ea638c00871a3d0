package generator_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/memtest"
)

// TestPrepare: Prepare compiles the documents named, once, so their first
// render compiles nothing; an id the pack has not is ErrUnknownDocument.
func TestPrepare(t *testing.T) {
	allocated := func(f func() error) uint64 {
		t.Helper()
		return memtest.Allocated(func() {
			if err := f(); err != nil {
				t.Fatal(err)
			}
		})
	}
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	first := allocated(func() error { return g.Prepare("8d", "registration") })
	again := allocated(func() error { return g.Prepare("8d", "registration") })
	if first < 100<<10 || again > 4<<10 {
		t.Errorf("Prepare allocated %d kB, then %d kB: it should compile the documents once (~0.5 MB), then find them compiled", first>>10, again>>10)
	}
	if err := g.Prepare("8d", "no-such-document"); !errors.Is(err, generator.ErrUnknownDocument) {
		t.Errorf("Prepare of a document the pack has not: %v, want ErrUnknownDocument", err)
	}
	if err := g.Prepare(); err != nil {
		t.Errorf("Prepare of every document of the default pack: %v", err)
	}
	c, err := g.LoadFile("../samples/manufacturer-8d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Render(context.Background(), c, "8d", generator.PDF, io.Discard); err != nil {
		t.Fatal(err)
	}
}
