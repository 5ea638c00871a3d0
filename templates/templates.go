// Package templates holds kesu's template packs. The default pack is
// embedded in the binary so `kesu render` works with nothing installed.
package templates

import (
	"bytes"
	"embed"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// The pack's text files are an embed.FS; its fonts are byte slices of
// their own, so a Generator parses them where they lie instead of copying
// 5 MB out of the FS first (a fifth of building one).
//
//go:embed default/pack.yaml default/documents default/labels default/clauses default/calendar default/fonts/*.txt
var text embed.FS

var (
	//go:embed default/fonts/Go-Regular.ttf
	goRegular []byte
	//go:embed default/fonts/Go-Bold.ttf
	goBold []byte
	//go:embed default/fonts/DroidSansFallbackFull.ttf
	droid []byte
	//go:embed default/fonts/DejaVuSans.ttf
	dejaVu []byte
	//go:embed default/fonts/NotoSerifCJKsc-Regular.ttf
	notoSerif []byte
	//go:embed default/fonts/NotoSansCJKsc-Bold.ttf
	notoSansBold []byte
)

var fonts = map[string][]byte{
	"fonts/Go-Regular.ttf":             goRegular,
	"fonts/Go-Bold.ttf":                goBold,
	"fonts/DroidSansFallbackFull.ttf":  droid,
	"fonts/DejaVuSans.ttf":             dejaVu,
	"fonts/NotoSerifCJKsc-Regular.ttf": notoSerif,
	"fonts/NotoSansCJKsc-Bold.ttf":     notoSansBold,
}

// Default is the default pack, rooted at its pack.yaml.
func Default() fs.FS { return defaultPack{} }

// FontData is implemented by a pack file system that can hand out a font
// without copying it. The slice is shared: it must not be modified.
type FontData interface {
	FontData(name string) ([]byte, bool)
}

type defaultPack struct{}

func (defaultPack) FontData(name string) ([]byte, bool) {
	b, ok := fonts[name]
	return b, ok
}

func (defaultPack) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if b, ok := fonts[name]; ok {
		return &fontFile{Reader: bytes.NewReader(b), name: path.Base(name), size: int64(len(b))}, nil
	}
	return text.Open(path.Join("default", name))
}

// ReadDir lists a folder, the fonts among the files of fonts/.
func (defaultPack) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := text.ReadDir(path.Join("default", name))
	if err != nil {
		return nil, err
	}
	if name == "fonts" {
		for n, b := range fonts {
			es = append(es, fs.FileInfoToDirEntry(fontInfo{path.Base(n), int64(len(b))}))
		}
		slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	return es, nil
}

type fontFile struct {
	*bytes.Reader
	name string
	size int64
}

func (f *fontFile) Stat() (fs.FileInfo, error) { return fontInfo{f.name, f.size}, nil }
func (f *fontFile) Close() error               { return nil }

type fontInfo struct {
	name string
	size int64
}

func (i fontInfo) Name() string       { return i.name }
func (i fontInfo) Size() int64        { return i.size }
func (i fontInfo) Mode() fs.FileMode  { return 0o444 }
func (i fontInfo) ModTime() time.Time { return time.Time{} }
func (i fontInfo) IsDir() bool        { return false }
func (i fontInfo) Sys() any           { return nil }
