package generator_test

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
)

// TestBundleNames: two spellings of one attachment (assets/x.jpg and
// ./assets/x.jpg) are one entry of the bundle, a file named under an x-
// key is neither read nor bundled, and the bundle verifies.
func TestBundleNames(t *testing.T) {
	g := newGen(t)
	path := sofaWithLogo(t, "furniture/logo.png", mustRead(t, "../samples/assets/furniture/logo.png"))
	src := mustRead(t, path)
	src = bytes.Replace(src, []byte("- {file: assets/furniture/crack-right-back.jpg"), []byte("- {file: ./assets/furniture/crack-left-arm.jpg"), 1)
	src = append(src, []byte("x-archive:\n  scan: {file: assets/internal-only.pdf}\n  missing: {file: assets/not-there.pdf}\n")...)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "assets/internal-only.pdf"), []byte("%PDF-1.4 internal"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := g.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.CheckFiles(c); err != nil {
		t.Fatalf("validate: %v (a file under an x- key is not read)", err)
	}
	var buf bytes.Buffer
	if _, err := g.Bundle(context.Background(), c, &buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range zr.File {
		if seen[f.Name] {
			t.Errorf("%s: twice in the bundle", f.Name)
		}
		seen[f.Name] = true
		if strings.Contains(f.Name, "internal-only") || strings.Contains(f.Name, "./") {
			t.Errorf("%s: bundled", f.Name)
		}
	}
	if !seen["attachments/assets/furniture/crack-left-arm.jpg"] {
		t.Errorf("the photo is missing: %v", seen)
	}
	v, err := generator.VerifyBundle(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil || !v.OK() {
		t.Errorf("kesu verify of kesu's own bundle: %v %q", err, v.Problems)
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
