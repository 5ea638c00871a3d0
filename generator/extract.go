package generator

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kesuhq/kesu/internal/bundle"
)

// Carried is a file bundle.pdf carries inside it: the case file it was
// made from (Relationship "Source") or the bundle's manifest.json
// ("Data"). An archive that keeps only bundle.pdf keeps these too.
type Carried struct {
	Name         string
	Relationship string
	Data         []byte
}

// CarriedFiles reads the files bundle.pdf carries, from a closure bundle
// (zip) or from a bundle.pdf on its own. Their names come from the file:
// a caller writing them to disk must check them (CarriedName does).
func CarriedFiles(r io.ReaderAt, size int64) ([]Carried, error) {
	head := make([]byte, 5)
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, fmt.Errorf("not a bundle or a bundle.pdf: %w", err)
	}
	if string(head) == "%PDF-" {
		if size > bundle.MaxMember {
			return nil, fmt.Errorf("larger than %d MiB", bundle.MaxMember>>20)
		}
		pdf := make([]byte, size)
		if _, err := r.ReadAt(pdf, 0); err != nil {
			return nil, err
		}
		return carried(bundle.EmbeddedFiles(pdf, bundle.MaxMember))
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, errors.New("neither a closure bundle (zip) nor a PDF")
	}
	for _, f := range zr.File {
		if f.Name == bundle.PDFName {
			pdf, err := bundle.ReadZipFile(f, bundle.MaxMember+1)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", bundle.PDFName, err)
			}
			if len(pdf) > bundle.MaxMember || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				return nil, fmt.Errorf("%s: not a PDF of at most %d MiB", bundle.PDFName, bundle.MaxMember>>20)
			}
			return carried(bundle.EmbeddedFiles(pdf, bundle.MaxMember))
		}
	}
	return nil, fmt.Errorf("no %s in the zip: not a closure bundle", bundle.PDFName)
}

func carried(files []bundle.Embedded, err error) ([]Carried, error) {
	if err != nil {
		return nil, err
	}
	out := make([]Carried, len(files))
	for i := range files {
		out[i] = Carried(files[i])
	}
	return out, nil
}

// CarriedName says why the name of a carried file is unsafe to write as
// a file of a folder (a path, .., a control character), or "".
func CarriedName(name string) string {
	if strings.ContainsRune(name, '/') || name == "." || name == ".." {
		return "not a plain file name"
	}
	return bundle.UnsafeName(name)
}
