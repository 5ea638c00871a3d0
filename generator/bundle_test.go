package generator_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
)

func bundle(t *testing.T, g *generator.Generator, c *generator.Case) ([]byte, *generator.BundleResult) {
	t.Helper()
	var buf bytes.Buffer
	res, err := g.Bundle(t.Context(), c, &buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), res
}

// Bundling the same case twice, even with a new Generator, gives the same
// bytes: an archive checks a bundle by its hash.
func TestBundleReproducible(t *testing.T) {
	g := newGen(t)
	g2, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range samples(t) {
		a, _ := bundle(t, g, loadFile(t, g, path))
		b, _ := bundle(t, g2, loadFile(t, g2, path))
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two bundles differ", path)
		}
	}
}

func TestBundleContents(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	data, res := bundle(t, g, c)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(f.Modified.UTC()) || f.Modified.Format("2006-01-02") != "2026-11-28" {
			t.Errorf("%s dated %v, want the closing date 2026-11-28", f.Name, f.Modified)
		}
	}
	for _, want := range []string{"manifest.json", "bundle.pdf", "case/furniture-sofa.yaml",
		"documents/KS-2026-000123_registration.pdf", "documents/KS-2026-000123_registration.xlsx",
		"documents/KS-2026-000123_agreement.pdf", "documents/KS-2026-000123_apology.xlsx",
		"documents/KS-2026-000123_8d.pdf", "documents/KS-2026-000123_car.pdf", "documents/KS-2026-000123_closure.pdf",
		"attachments/assets/furniture/logo.png", "attachments/assets/furniture/crack-left-arm.jpg"} {
		if !strings.Contains(strings.Join(names, "\n")+"\n", want+"\n") {
			t.Errorf("bundle lacks %s (has %v)", want, names)
		}
	}
	if names[0] != "manifest.json" || names[1] != "bundle.pdf" {
		t.Errorf("zip order %v: manifest first, then bundle.pdf", names[:2])
	}
	// The case file is archived exactly as given.
	for _, f := range zr.File {
		if f.Name == "case/furniture-sofa.yaml" {
			rc, _ := f.Open()
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, c.Source()) {
				t.Errorf("the archived case file differs from the original bytes")
			}
		}
	}
	m := res.Manifest
	if m.CaseID != "KS-2026-000123" || m.Generator.Version != generator.Version || m.Pack.Name != "default" || len(m.Pack.Hash) != 64 {
		t.Errorf("manifest header %+v", m)
	}
	var pdfData []byte
	for _, f := range zr.File {
		if f.Name == "bundle.pdf" {
			rc, _ := f.Open()
			pdfData, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	text := squash(pdfText(t, pdfData))
	for _, want := range []string{"结案归档包", "目录", m.ContentsSHA256, "顾客投诉情况登记表", "投诉处理协议书", "致歉函", "8D报告",
		"对策品的标示是否妥当", "已联络业务担当", "上门取件运费", "人民币壹万叁仟伍佰伍拾元整", "KF·2026·D30·0123"} {
		if !strings.Contains(text, squash(want)) {
			t.Errorf("bundle.pdf lacks %q", want)
		}
	}
	// The closing report, with checklist and costs, comes last.
	if strings.LastIndex(text, "抱怨处理总结事项") < strings.LastIndex(text, "纠正措施报告") {
		t.Errorf("the closure report is not the last document of bundle.pdf")
	}
	// One bookmark per part: cover, contents, the six documents and the
	// 备考表.
	if n := bytes.Count(pdfData, []byte("/Dest [")); n != 9 {
		t.Errorf("bundle.pdf has %d bookmarks, want 9", n)
	}
}

// verify catches a changed byte, a missing file and an added one.
func TestVerifyBundle(t *testing.T) {
	g := newGen(t)
	data, _ := bundle(t, g, loadFile(t, g, "../samples/callcenter-service.json"))
	v, err := generator.VerifyBundle(bytes.NewReader(data), int64(len(data)))
	if err != nil || !v.OK() {
		t.Fatalf("a fresh bundle does not verify: %v %v", err, v.Problems)
	}
	rewrite := func(change func(name string, b []byte) ([]byte, bool), extra string) []byte {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			b, keep := change(f.Name, b)
			if !keep {
				continue
			}
			w, _ := zw.Create(f.Name)
			w.Write(b)
		}
		if extra != "" {
			w, _ := zw.Create(extra)
			w.Write([]byte("x"))
		}
		zw.Close()
		return out.Bytes()
	}
	tests := []struct {
		name string
		zip  []byte
		want string
	}{
		{"changed byte", rewrite(func(n string, b []byte) ([]byte, bool) {
			if n == "documents/YX-TS-20260402-017_agreement.pdf" {
				b = bytes.Clone(b)
				b[len(b)/2] ^= 1
			}
			return b, true
		}, ""), "documents/YX-TS-20260402-017_agreement.pdf: changed"},
		{"missing file", rewrite(func(n string, b []byte) ([]byte, bool) { return b, n != "case/callcenter-service.json" }, ""),
			"case/callcenter-service.json: listed in the manifest, missing from the zip"},
		{"added file", rewrite(func(n string, b []byte) ([]byte, bool) { return b, true }, "attachments/extra.txt"),
			"attachments/extra.txt: in the zip but not in the manifest"},
		// bundle.pdf carries manifest.json: an edited one differs from it.
		{"edited manifest", rewrite(func(n string, b []byte) ([]byte, bool) {
			if n == "manifest.json" {
				b = bytes.Replace(b, []byte(`"kind": "case"`), []byte(`"kind": "attachment"`), 1)
			}
			return b, true
		}, ""), "bundle.pdf: the copy of manifest.json it carries differs from the zip's"},
		// A case file swapped, with the manifest made to match: bundle.pdf
		// still carries the case it was made from.
		{"case swapped", func() []byte {
			forged := []byte("{}\n")
			sum := sha256.Sum256(forged)
			return rewrite(func(n string, b []byte) ([]byte, bool) {
				switch n {
				case "case/callcenter-service.json":
					return forged, true
				case "manifest.json":
					var m generator.Manifest
					json.Unmarshal(b, &m)
					var covered []string
					for i, f := range m.Files {
						if f.Kind == "case" {
							m.Files[i].Bytes, m.Files[i].SHA256 = int64(len(forged)), hex.EncodeToString(sum[:])
						}
						if f.Kind != "bundle" {
							covered = append(covered, m.Files[i].SHA256+"  "+f.Name+"\n")
						}
					}
					h := sha256.Sum256([]byte(strings.Join(covered, "")))
					m.ContentsSHA256 = hex.EncodeToString(h[:])
					b, _ = json.MarshalIndent(m, "", "  ")
				}
				return b, true
			}, "")
		}(), "bundle.pdf: the copy of case/callcenter-service.json it carries differs from the zip's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := generator.VerifyBundle(bytes.NewReader(tt.zip), int64(len(tt.zip)))
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				return
			}
			if v.OK() || !strings.Contains(fmt.Sprint(v.Problems), tt.want) {
				t.Errorf("problems %q, want one saying %q", v.Problems, tt.want)
			}
		})
	}
	if _, err := generator.VerifyBundle(bytes.NewReader([]byte("not a zip")), 9); err == nil {
		t.Errorf("a file that is not a zip verifies")
	}
}

func TestBundleNeedsClosure(t *testing.T) {
	g := newGen(t)
	c, err := g.Load("open.yaml", []byte("schema: kesu/case/v1\nid: KS-OPEN-1\ncustomer: {name: 张三}\nintake: {channel: hotline, received_at: 2026-11-03T10:20:00+08:00}\ncomplaint: {description: 未结案。}\n"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, err = g.Bundle(t.Context(), c, &buf)
	var ve *generator.ValidationError
	if !errors.As(err, &ve) || ve.Problems[0].Pointer != "/closure" || buf.Len() != 0 {
		t.Errorf("err = %v, %d bytes; want a /closure problem and nothing written", err, buf.Len())
	}
}

func BenchmarkBundle(b *testing.B) {
	g := newGen(b)
	c, err := g.LoadFile("../samples/manufacturer-8d.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.Bundle(b.Context(), c, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// The cover's QR code scans to the case id and the contents hash the
// manifest records.
func TestBundleQRCode(t *testing.T) {
	zbar := tool(t, "zbarimg")
	g := newGen(t)
	data, res := bundle(t, g, loadFile(t, g, "../samples/callcenter-service.json"))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range zr.File {
		if f.Name == "bundle.pdf" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if err := os.WriteFile(filepath.Join(dir, "b.pdf"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if out, err := exec.Command(tool(t, "pdftoppm"), "-r", "150", "-png", "-f", "1", "-l", "1", filepath.Join(dir, "b.pdf"), filepath.Join(dir, "cover")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "cover*.png"))
	if len(pngs) != 1 {
		t.Fatalf("cover pictures %v", pngs)
	}
	out, _ := exec.Command(zbar, "-q", "--raw", pngs[0]).Output()
	want := "kesu:YX-TS-20260402-017:sha256:" + res.Manifest.ContentsSHA256
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("the QR code reads %q, want %q", got, want)
	}
}
