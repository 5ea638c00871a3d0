package bundle

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Verification is what Verify found: the manifest, and every way
// the zip differs from it.
type Verification struct {
	Manifest Manifest `json:"manifest"`
	Problems []string `json:"problems,omitempty"`
}

// OK reports whether the bundle is exactly what its manifest says.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// maxVerify bounds what verifying one bundle may read, so a zip bomb
// posing as a bundle stops early.
const maxVerify = 4 << 30

// Verify checks every file of a bundle against its manifest: each
// listed file present, of its size and SHA-256; no file the manifest does
// not list; and the contents hash (the one the cover's QR code carries)
// consistent with the files it covers. The error is for a zip that cannot
// be read at all.
func Verify(r io.ReaderAt, size int64) (*Verification, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable zip: %w", err)
	}
	v := &Verification{}
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		if byName[f.Name] != nil {
			v.Problems = append(v.Problems, fmt.Sprintf("%s: appears twice in the zip", f.Name))
		}
		byName[f.Name] = f
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
	if v.Manifest.Schema != Schema {
		v.Problems = append(v.Problems, fmt.Sprintf("manifest.json: schema %q, expected %q", v.Manifest.Schema, Schema))
	}
	budget := int64(maxVerify)
	var covered []File
	for _, m := range v.Manifest.Files {
		f := byName[m.Name]
		if f == nil {
			v.Problems = append(v.Problems, fmt.Sprintf("%s: listed in the manifest, missing from the zip", m.Name))
			continue
		}
		if m.Kind != KindBundle {
			covered = append(covered, File{ManifestFile: m})
		}
		if m.Bytes < 0 || m.Bytes > budget {
			v.Problems = append(v.Problems, fmt.Sprintf("%s: the manifest gives an impossible size, %d bytes", m.Name, m.Bytes))
			continue
		}
		data, err := ReadZipFile(f, m.Bytes+1)
		if err != nil {
			v.Problems = append(v.Problems, fmt.Sprintf("%s: cannot be read: %v", m.Name, err))
			continue
		}
		budget -= int64(len(data))
		sum := sha256.Sum256(data)
		switch got := hex.EncodeToString(sum[:]); {
		case int64(len(data)) != m.Bytes:
			v.Problems = append(v.Problems, fmt.Sprintf("%s: %d bytes, the manifest says %d", m.Name, len(data), m.Bytes))
		case got != m.SHA256:
			v.Problems = append(v.Problems, fmt.Sprintf("%s: changed (SHA-256 %s, the manifest says %s)", m.Name, got, m.SHA256))
		}
	}
	for _, f := range zr.File {
		if f.Name != "manifest.json" && !slices.ContainsFunc(v.Manifest.Files, func(m ManifestFile) bool { return m.Name == f.Name }) {
			v.Problems = append(v.Problems, fmt.Sprintf("%s: in the zip but not in the manifest", f.Name))
		}
	}
	if got := ContentsHash(covered); got != v.Manifest.ContentsSHA256 {
		v.Problems = append(v.Problems, fmt.Sprintf("manifest.json: contents_sha256 is %s, but the files it lists hash to %s", v.Manifest.ContentsSHA256, got))
	}
	return v, nil
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
