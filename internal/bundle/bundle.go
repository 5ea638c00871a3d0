// Package bundle is the format of a closure bundle: a zip of documents,
// the case file, its attachments, bundle.pdf and manifest.json, written
// reproducibly, and checked against its manifest.
package bundle

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// Schema names the manifest format. In v2 bundle.pdf carries the case
// file and manifest.json, so the manifest lists bundle.pdf without a size
// and hash (v1 had them).
const Schema = "kesu/bundle/v2"

// SchemaV1 is the manifest format of bundles made before v2; they verify
// as they were made.
const SchemaV1 = "kesu/bundle/v1"

// The names of a bundle's own files.
const (
	ManifestName = "manifest.json"
	PDFName      = "bundle.pdf"
)

// Manifest is manifest.json of a closure bundle: what made it and, for
// every other file of the zip, its name, kind, size and SHA-256.
//
// ContentsSHA256 is the SHA-256 of the lines "<sha256>  <name>\n" of every
// file but bundle.pdf, in manifest order (the format of sha256sum). The
// cover of bundle.pdf carries it in its QR code; bundle.pdf cannot carry a
// hash of itself, so it is the one file the code does not cover, and the
// manifest does.
type Manifest struct {
	Schema         string         `json:"schema"`
	CaseID         string         `json:"case_id"`
	Generator      ManifestTool   `json:"generator"`
	Pack           ManifestPack   `json:"pack"`
	ContentsSHA256 string         `json:"contents_sha256"`
	Files          []ManifestFile `json:"files"`
}

// ManifestTool names the program that made a bundle.
type ManifestTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ManifestPack names the template pack a bundle's documents come from;
// Hash is the SHA-256 of its files.
type ManifestPack struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// ManifestFile is one file of a bundle.
type ManifestFile struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"` // document, case, attachment, bundle
	Bytes  int64  `json:"bytes,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
}

// The kinds of files in a bundle.
const (
	KindDocument   = "document"
	KindCase       = "case"
	KindAttachment = "attachment"
	KindBundle     = "bundle"
)

// File is a file of a bundle with its manifest entry.
type File struct {
	ManifestFile
	Data []byte
}

// NewFile hashes data into a file of the bundle.
func NewFile(name, kind string, data []byte) File {
	sum := sha256.Sum256(data)
	return File{ManifestFile{Name: name, Kind: kind, Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}, data}
}

// ContentsHash is the SHA-256 of sha256sum lines of the files, in order.
func ContentsHash(files []File) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s  %s\n", f.SHA256, f.Name)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// WriteZip writes the files in the given order, each dated t, mode 0644,
// and returns the bytes written.
func WriteZip(w io.Writer, files []File, t time.Time) (int, error) {
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	for _, f := range files {
		// PDF, XLSX and pictures are compressed already: deflating them
		// again costs a seventh of a bundle's time and saves nothing.
		method := zip.Deflate
		switch strings.ToLower(path.Ext(f.Name)) {
		case ".pdf", ".xlsx", ".jpg", ".jpeg", ".png", ".zip", ".gz":
			method = zip.Store
		}
		h := &zip.FileHeader{Name: f.Name, Method: method, Modified: t}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return 0, err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}
