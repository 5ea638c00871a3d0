package pack

import (
	"errors"
	"io/fs"
	"slices"
)

// Overlay layers packs file by file, the way a Hugo theme is overlaid: a
// file of the first layer hides the same file of the layers below, so a
// pack that rewords one document carries only that file. Labels and the
// manifest are not replaced whole but merged key by key (see Load).
func Overlay(layers ...fs.FS) fs.FS { return overlay(layers) }

type overlay []fs.FS

func (o overlay) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	var first error
	for _, l := range o {
		f, err := l.Open(name)
		if err == nil {
			return f, nil
		}
		// Only a file that is not there shows the layer below: one that
		// is there but cannot be read (a link out of the pack, a FIFO) is
		// the pack's error, not a reason to use the default's file.
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// ReadDir lists a folder as the layers together show it.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]bool{}
	var out []fs.DirEntry
	found := false
	for _, l := range o {
		es, err := fs.ReadDir(l, name)
		if err != nil {
			continue
		}
		found = true
		for _, e := range es {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		if a.Name() < b.Name() {
			return -1
		}
		if a.Name() > b.Name() {
			return 1
		}
		return 0
	})
	return out, nil
}

// layers returns the layers of an overlay, top first, or the fs itself.
func layers(fsys fs.FS) []fs.FS {
	if o, ok := fsys.(overlay); ok {
		return o
	}
	return []fs.FS{fsys}
}

// FontData hands out a font of the layer that has it without copying it,
// when that layer can (the embedded default pack).
func (o overlay) FontData(name string) ([]byte, bool) {
	for _, l := range o {
		if _, err := fs.Stat(l, name); err != nil {
			continue
		}
		if fd, ok := l.(interface{ FontData(string) ([]byte, bool) }); ok {
			return fd.FontData(name)
		}
		return nil, false
	}
	return nil, false
}
