package generator_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kesuhq/kesu/generator"
)

// preflightJars are the jars of Debian's libpdfbox2-java (with its
// dependencies libactivation-java and libjaxb-api-java) that Apache
// PDFBox Preflight, a PDF/A validator, runs from.
var preflightJars = []string{"pdfbox2", "fontbox2", "preflight", "xmpbox", "commons-logging", "javax.activation", "jaxb-api"}

// preflightClasspath is the classpath of PDFBox Preflight; the test skips
// without it unless KESU_REQUIRE_TOOLS is set, as CI does.
func preflightClasspath(t *testing.T) string {
	t.Helper()
	var cp []string
	for _, jar := range preflightJars {
		p := filepath.Join("/usr/share/java", jar+".jar")
		if _, err := os.Stat(p); err != nil {
			cp = nil
			break
		}
		cp = append(cp, p)
	}
	if _, err := exec.LookPath("java"); err != nil || cp == nil {
		const how = "apt-get install -y libpdfbox2-java libactivation-java libjaxb-api-java"
		if os.Getenv("KESU_REQUIRE_TOOLS") != "" {
			t.Fatalf("PDFBox Preflight is required: %s", how)
		}
		t.Skipf("PDFBox Preflight not installed (%s)", how)
	}
	return strings.Join(cp, ":")
}

// preflightError is one kind of problem Preflight found in a file.
type preflightError struct {
	Code    string `xml:"code"`
	Details string `xml:"details"`
	Count   int    `xml:"count,attr"`
}

// preflight validates PDFs with PDFBox Preflight's PDF/A-1b validator, in
// one JVM (a start costs a second), and returns the problems of each.
func preflight(t *testing.T, files []string) map[string][]preflightError {
	t.Helper()
	cp := preflightClasspath(t)
	list := filepath.Join(t.TempDir(), "files.txt")
	if err := os.WriteFile(list, []byte(strings.Join(files, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// "group" writes one report, list + ".preflight.xml", in the order of
	// the list; the exit status says only whether every file is valid.
	cmd := exec.Command("java", "-cp", cp, "org.apache.pdfbox.preflight.Validator_A1b", "xml", "group", list)
	out, err := cmd.CombinedOutput()
	report, rerr := os.ReadFile(list + ".preflight.xml")
	if rerr != nil {
		t.Fatalf("preflight wrote no report: %v: %v\n%s", rerr, err, out)
	}
	var r struct {
		Files []struct {
			Name   string `xml:"name,attr"`
			Errors struct {
				Errors []preflightError `xml:"error"`
			} `xml:"errors"`
		} `xml:"preflight"`
	}
	if err := xml.Unmarshal(report, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Files) != len(files) {
		t.Fatalf("preflight reported on %d files of %d:\n%s", len(r.Files), len(files), out)
	}
	got := map[string][]preflightError{}
	for i, f := range r.Files {
		got[files[i]] = f.Errors.Errors
	}
	return got
}

// pdfA3Relaxed are the only problems the PDF/A-1b validator may find in
// bundle.pdf, which is PDF/A-3b: files embedded (1.4.7 names the
// EmbeddedFiles entry, 1.2.9 its streams) and a part number other than 1.
func pdfA3Relaxed(e preflightError) bool {
	switch {
	case e.Code == "1.4.7" && strings.Contains(e.Details, "EmbeddedFile"):
		return true
	case e.Code == "1.2.9" && strings.Contains(e.Details, "EmbeddedFile"):
		return true
	case strings.HasPrefix(e.Code, "7.") && strings.Contains(e.Details, "part"):
		return true
	}
	return false
}

// Every document of every sample, in both languages, and with a
// watermark, and the report of the samples, is PDF/A-1b without a single problem Apache PDFBox Preflight
// knows of; bundle.pdf, PDF/A-3b, has none but those PDF/A-3 allows.
func TestPDFA(t *testing.T) {
	preflightClasspath(t)
	dir := t.TempDir()
	var files []string
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for _, locale := range []string{"zh-CN", "en"} {
		g, err := generator.New(generator.Options{Locale: locale})
		if err != nil {
			t.Fatal(err)
		}
		var rows []generator.LedgerRow
		for _, path := range samples(t) {
			c := loadFile(t, g, path)
			rows = append(rows, g.LedgerRow(c))
			for _, id := range g.Documents(c) {
				var buf bytes.Buffer
				if _, err := g.Render(t.Context(), c, id, generator.PDF, &buf); err != nil {
					t.Fatal(err)
				}
				write(fmt.Sprintf("%s_%s_%s.pdf", locale, c.ID(), id), buf.Bytes())
			}
			var buf bytes.Buffer
			if _, err := g.Render(t.Context(), c, "registration", generator.PDF, &buf, generator.WithWatermark("草稿 DRAFT")); err != nil {
				t.Fatal(err)
			}
			write(fmt.Sprintf("%s_%s_watermark.pdf", locale, c.ID()), buf.Bytes())
			buf.Reset()
			if _, err := g.Bundle(t.Context(), c, &buf); err != nil {
				t.Fatal(err)
			}
			write(fmt.Sprintf("%s_%s_bundle.pdf", locale, c.ID()), zipMember(t, buf.Bytes(), "bundle.pdf"))
		}
		// The 投诉分析报告 of the samples' year.
		var buf bytes.Buffer
		if _, err := g.Report(t.Context(), rows, generator.ReportOptions{From: "2026-01-01", To: "2026-12-31"}, &buf, io.Discard); err != nil {
			t.Fatal(err)
		}
		write(locale+"_report.pdf", buf.Bytes())
	}
	// A logo with an alpha channel: PDF/A-1 forbids transparency, so it
	// is flattened onto white.
	g := newGen(t)
	src, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := g.Load("furniture-sofa.yaml", src, generator.WithAssets(overlayFS{generator.DirFS("../samples"), map[string][]byte{"assets/furniture/logo.png": alphaPNG(t)}}))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := g.Render(t.Context(), c, "apology", generator.PDF, &buf); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("/SMask")) {
		t.Error("a logo with an alpha channel is drawn with a soft mask")
	}
	write("alpha-logo.pdf", buf.Bytes())

	report := preflight(t, files)
	for _, file := range files {
		bundle := strings.HasSuffix(file, "_bundle.pdf")
		// Preflight reports a problem once for each page it is on.
		times := map[string]int{}
		var order []string
		for _, e := range report[file] {
			if bundle && pdfA3Relaxed(e) {
				continue
			}
			k := e.Code + " " + e.Details
			if times[k] == 0 {
				order = append(order, k)
			}
			times[k] += max(e.Count, 1)
		}
		for _, k := range order {
			t.Errorf("%s: %s (%d times)", filepath.Base(file), k, times[k])
		}
	}
}

// overlayFS is a case's folder with some files replaced.
type overlayFS struct {
	fs.FS
	files map[string][]byte
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if data, ok := o.files[name]; ok {
		return fstest.MapFS{name: {Data: data}}.Open(name)
	}
	return o.FS.Open(name)
}

// alphaPNG is a 40×12 logo whose left half is transparent.
func alphaPNG(t *testing.T) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 12))
	for y := range 12 {
		for x := range 40 {
			img.SetNRGBA(x, y, color.NRGBA{R: 0x1F, G: 0x4E, B: 0x79, A: uint8(min(255, x*13))})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipMember is one file of a zip.
func zipMember(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("the zip has no %s", name)
	return nil
}
