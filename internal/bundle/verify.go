package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/kesuhq/kesu/internal/diag"
	"io"
	"path"
	"slices"
	"strings"
)

// Verification is what Verify found: the manifest, and every way
// the zip differs from it.
type Verification struct {
	Manifest Manifest `json:"manifest"`
	// Problems are each at the member they concern: File is the entry's
	// name as the zip or the manifest spells it.
	Problems []diag.Problem `json:"problems,omitempty"`
}

func (v *Verification) add(name, format string, args ...any) {
	v.Problems = append(v.Problems, diag.Problem{File: name, Message: fmt.Sprintf(format, args...)})
}

// OK reports whether the bundle is exactly what its manifest says.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// Bounds on what verifying one bundle may inflate, whatever its zip
// headers or manifest claim: members are read through a limit, never
// sized by a claim, and hashed as they stream.
const (
	MaxMember = 512 << 20 // one file of a bundle
	MaxTotal  = 1 << 30   // every file of it together
)

// Verify checks every file of a bundle against its manifest: each
// listed file present, of its size and SHA-256; no file the manifest does
// not list; and the contents hash (the one the cover's QR code carries)
// consistent with the files it covers. Names that an unzip would write
// outside its folder (../x, /x, a\x) or that clean to another entry's
// name are problems whatever the manifest says. The error is for a zip
// that cannot be read at all.
func Verify(r io.ReaderAt, size int64) (*Verification, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable zip: %w", err)
	}
	v := &Verification{}
	byName := make(map[string]*zip.File, len(zr.File))
	cleaned := make(map[string]string, len(zr.File))
	for _, f := range zr.File {
		if why := UnsafeName(f.Name); why != "" {
			v.add(f.Name, "an unsafe entry name (%s)", why)
		}
		if byName[f.Name] != nil {
			v.add(f.Name, "appears twice in the zip")
		} else if other, ok := cleaned[cleanName(f.Name)]; ok {
			v.add(f.Name, "two entries that name one file (with %q)", other)
		}
		byName[f.Name] = f
		cleaned[cleanName(f.Name)] = f.Name
	}
	mf := byName["manifest.json"]
	if mf == nil {
		return nil, fmt.Errorf("no manifest.json: not a kesu bundle")
	}
	data, err := ReadZipFile(mf, 16<<20)
	if err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	if err := json.Unmarshal(data, &v.Manifest); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	if v.Manifest.Schema != Schema && v.Manifest.Schema != SchemaV1 {
		v.add(ManifestName, "schema %q, expected %q", v.Manifest.Schema, Schema)
	}
	manifest := data
	budget := int64(MaxTotal)
	listed := make(map[string]bool, len(v.Manifest.Files))
	var covered []File
	for _, m := range v.Manifest.Files {
		if listed[m.Name] {
			v.add(m.Name, "listed twice in the manifest")
			continue
		}
		listed[m.Name] = true
		f := byName[m.Name]
		if f == nil {
			v.add(m.Name, "listed in the manifest, missing from the zip")
			continue
		}
		if m.Kind != KindBundle {
			covered = append(covered, File{ManifestFile: m})
		} else if m.SHA256 == "" && v.Manifest.Schema != SchemaV1 {
			budget -= v.carried(f, manifest, budget)
			continue
		}
		if m.Bytes < 0 || m.Bytes > MaxMember {
			v.add(m.Name, "the manifest gives %d bytes; a file of a bundle is at most %d MiB", m.Bytes, MaxMember>>20)
			continue
		}
		if m.Bytes > budget {
			v.add(m.Name, "not checked: the bundle's files come to more than %d MiB", MaxTotal>>20)
			continue
		}
		n, got, err := hashZipFile(f, m.Bytes+1)
		budget -= n
		switch {
		case errors.Is(err, errBomb):
			v.add(m.Name, "inflates to more than %d times its compressed size (a zip bomb?); kesu compresses only text", maxRatio)
		case err != nil:
			v.add(m.Name, "cannot be read: %v", err)
		case n != m.Bytes:
			v.add(m.Name, "%s bytes, the manifest says %d", atLeast(n, m.Bytes), m.Bytes)
		case got != m.SHA256:
			v.add(m.Name, "changed (SHA-256 %s, the manifest says %s)", got, m.SHA256)
		}
	}
	for _, f := range zr.File {
		if f.Name != "manifest.json" && !listed[f.Name] {
			v.add(f.Name, "in the zip but not in the manifest")
		}
	}
	if got := ContentsHash(covered); got != v.Manifest.ContentsSHA256 {
		v.add(ManifestName, "contents_sha256 is %s, but the files it lists hash to %s", v.Manifest.ContentsSHA256, got)
	}
	return v, nil
}

// atLeast words a count read through a limit: past the limit, the file
// is at least that long.
func atLeast(n, want int64) string {
	if n > want {
		return fmt.Sprintf("more than %d", want)
	}
	return fmt.Sprint(n)
}

// maxRatio bounds what a compressed member may inflate to: the text kesu
// deflates (manifest, case file, YAML) shrinks some tenfold; a bomb of
// zeros a thousandfold.
const maxRatio = 200

var errBomb = errors.New("inflates too far")

// hashZipFile streams one member through SHA-256, reading at most limit
// bytes of what it inflates to, and returns how many it read.
func hashZipFile(f *zip.File, limit int64) (int64, string, error) {
	rc, err := f.Open()
	if err != nil {
		return 0, "", err
	}
	defer rc.Close()
	h := sha256.New()
	var r io.Reader = io.LimitReader(rc, limit)
	bomb := f.Method != zip.Store && int64(f.CompressedSize64) < limit/maxRatio
	if bomb {
		r = io.LimitReader(rc, int64(f.CompressedSize64)*maxRatio+1<<20)
	}
	n, err := io.Copy(h, r)
	if err == nil && bomb && n == int64(f.CompressedSize64)*maxRatio+1<<20 {
		err = errBomb
	}
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// UnsafeName says why a zip entry's name is unsafe to extract, or "".
func UnsafeName(name string) string {
	switch {
	case name == "":
		return "empty"
	case strings.ContainsRune(name, '\\'):
		return "a backslash, a folder separator on Windows"
	case strings.HasPrefix(name, "/") || len(name) > 1 && name[1] == ':':
		return "an absolute path"
	case strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0:
		return "a control character"
	case slices.Contains(strings.Split(name, "/"), ".."):
		return "leads out of the folder it is extracted into"
	case path.Clean(name) != name:
		return "not in its clean form: " + path.Clean(name)
	}
	return ""
}

func cleanName(name string) string {
	return path.Clean("/" + strings.ReplaceAll(name, "\\", "/"))
}

// carried checks bundle.pdf through the files it carries: manifest.json
// byte for byte as the zip has it, and the case file as the manifest
// lists it. It returns the bytes it read.
func (v *Verification) carried(f *zip.File, manifest []byte, budget int64) int64 {
	pdf, err := ReadZipFile(f, min(budget, MaxMember)+1)
	if err != nil {
		v.add(f.Name, "cannot be read: %v", err)
		return 0
	}
	if int64(len(pdf)) > min(budget, MaxMember) {
		v.add(f.Name, "not checked: larger than %d MiB", min(budget, MaxMember)>>20)
		return int64(len(pdf))
	}
	files, err := EmbeddedFiles(pdf, 64<<20)
	if err != nil {
		v.add(f.Name, "%s", strings.TrimPrefix(err.Error(), f.Name+": "))
		return int64(len(pdf))
	}
	check := func(name, member string, want []byte) {
		i := slices.IndexFunc(files, func(e Embedded) bool { return e.Name == name })
		if i < 0 {
			v.add(f.Name, "does not carry %s", member)
			return
		}
		if sum := sha256.Sum256(files[i].Data); !bytes.Equal(sum[:], want) {
			v.add(f.Name, "the copy of %s it carries differs from the zip's", member)
		}
	}
	sum := sha256.Sum256(manifest)
	check(ManifestName, ManifestName, sum[:])
	for _, m := range v.Manifest.Files {
		if m.Kind == KindCase {
			want, _ := hex.DecodeString(m.SHA256)
			check(path.Base(m.Name), m.Name, want)
		}
	}
	return int64(len(pdf))
}

// ReadZipFile reads one member, at most limit bytes.
func ReadZipFile(f *zip.File, limit int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, limit))
}
