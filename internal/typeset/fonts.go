package typeset

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/typeset/ttf"
)

// Fonts are the two fallback chains a document is set in; both back ends
// measure with them, the PDF back end draws with them.
type Fonts struct {
	Regular *Chain
	Bold    *Chain
}

// Chain is the bold or the regular chain.
func (f Fonts) Chain(bold bool) *Chain {
	if bold {
		return f.Bold
	}
	return f.Regular
}

// fontData is a file system that hands out a font's bytes where they lie
// (the embedded pack), so a large CJK font is not copied to be parsed.
type fontData interface {
	FontData(name string) ([]byte, bool)
}

// LoadFonts parses each font file once, even when both chains name it, and
// builds the regular and bold chains; bold defaults to regular, drawn
// faux-bold. Files are paths in fsys, or absolute paths of system fonts.
func LoadFonts(fsys fs.FS, regular, bold []string) (Fonts, error) {
	parsed := map[string]*ttf.Font{}
	face := func(file string, isBold bool) (Face, error) {
		f, ok := parsed[file]
		if !ok {
			var err error
			if f, err = readFont(fsys, file); err != nil {
				return Face{}, fmt.Errorf("font %s: %v", file, err)
			}
			parsed[file] = f
		}
		name := fontName(file)
		return Face{Name: name, Font: f, FauxBold: isBold && slices.Contains(regular, file)}, nil
	}
	chain := func(files []string, isBold bool) (*Chain, error) {
		faces := make([]Face, 0, len(files))
		for _, file := range files {
			f, err := face(file, isBold)
			if err != nil {
				return nil, err
			}
			faces = append(faces, f)
		}
		return NewChain(faces...), nil
	}
	r, err := chain(regular, false)
	if err != nil {
		return Fonts{}, err
	}
	if len(bold) == 0 {
		bold = regular
	}
	b, err := chain(bold, true)
	if err != nil {
		return Fonts{}, err
	}
	return Fonts{Regular: r, Bold: b}, nil
}

// readFont reads a font a pack names: a file of the pack, or a font file
// of the system by its absolute path (simsun.ttc on a Windows desk); a
// collection's face is picked with #n (fonts/simsun.ttc#0). fpdf embeds
// TrueType outlines only, so CFF-based OpenType is refused, by name.
func readFont(fsys fs.FS, spec string) (*ttf.Font, error) {
	file, face := spec, 0
	if i := strings.LastIndexByte(spec, '#'); i > 0 {
		n, err := strconv.Atoi(spec[i+1:])
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%q: a collection's face is #0, #1…", spec[i:])
		}
		file, face = spec[:i], n
	}
	var data []byte
	var err error
	if filepath.IsAbs(file) {
		// A pack is untrusted: outside it, only font files may be read.
		if !isFontName(file) {
			return nil, fmt.Errorf("a font outside the pack must be a .ttf, .ttc or .otf file")
		}
		data, err = readSystemFont(file)
	} else if fd, ok := fsys.(fontData); ok {
		// The embedded fonts are parsed where they lie (read-only: ttf
		// never writes, and fpdf gets merged copies only).
		if data, ok = fd.FontData(file); !ok {
			data, err = safefile.ReadFS(fsys, file, maxFontFile)
		}
	} else {
		data, err = safefile.ReadFS(fsys, file, maxFontFile)
	}
	if err != nil {
		return nil, errors.New(safefile.Reason(err))
	}
	var f *ttf.Font
	if bytes.HasPrefix(data, []byte("ttcf")) {
		f, err = ttf.ParseCollection(data, face)
	} else {
		f, err = ttf.Parse(data)
	}
	if errors.Is(err, ttf.ErrCFF) {
		return nil, fmt.Errorf("CFF-based OpenType outlines, which the PDF writer cannot embed; use a TrueType (glyf) font such as a .ttf, or a .ttc face")
	}
	return f, err
}

// maxFontFile bounds a font file; the largest CJK fonts are some tens of
// MiB.
const maxFontFile = 64 << 20

// readSystemFont reads a font named by its absolute path. A pack is
// untrusted and may ship a symbolic link named like a font (fonts/x.ttf →
// /etc/passwd, → /dev/zero): the link is followed only to a regular file
// that is itself named as a font file.
func readSystemFont(file string) ([]byte, error) {
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return nil, err
	}
	if real != filepath.Clean(file) && !isFontName(real) {
		return nil, errors.New("a symbolic link to a file that is not a font file (.ttf, .ttc or .otf); a font outside the pack must be a font file")
	}
	return safefile.ReadFile(real, maxFontFile)
}

func isFontName(file string) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".ttf", ".ttc", ".otf":
		return true
	}
	return false
}

// fontName is the family name a font is registered under in the PDF.
func fontName(spec string) string {
	file, face, hasFace := strings.Cut(spec, "#")
	base := path.Base(filepath.ToSlash(file))
	base = strings.TrimSuffix(base, path.Ext(base))
	if hasFace {
		base += "-" + face
	}
	return base
}
