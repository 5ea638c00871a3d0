package generator_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
)

// pageTexts is the text of each page of a PDF, as pdftotext reads it.
func pageTexts(t *testing.T, pdf []byte) []string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	return pages[:len(pages)-1] // the text ends with a form feed
}

// tocRow is a row of the 卷内目录: 序号, …, 题名, 日期 (20260310), 页号.
var tocRow = regexp.MustCompile(`(?m)^\s*(\d)\s.*?(\S+)\s+(\d{8})\s+(\d+)\s*$`)

// contentsPage is the index of the page of bundle.pdf that holds the
// 卷内目录: the cover before it takes as many pages as its list of files.
func contentsPage(t *testing.T, pages []string) int {
	t.Helper()
	for i, p := range pages {
		if tocRow.MatchString(p) {
			return i
		}
	}
	t.Fatal("no page of bundle.pdf holds the contents (卷内目录)")
	return 0
}

// bundle.pdf is numbered through as an archives office numbers a volume:
// page i shows i at its top right; and the 卷内目录 gives, for each
// document, the page it starts on.
func TestVolumePages(t *testing.T) {
	g := newGen(t)
	for _, path := range samples(t) {
		c := loadFile(t, g, path)
		data, res := bundle(t, g, c)
		docs := 0
		for _, f := range res.Manifest.Files {
			if strings.HasSuffix(f.Name, ".pdf") && strings.HasPrefix(f.Name, "documents/") {
				docs++
			}
		}
		pages := pageTexts(t, zipMember(t, data, "bundle.pdf"))
		pdf := filepath.Join(t.TempDir(), "bundle.pdf")
		if err := os.WriteFile(pdf, zipMember(t, data, "bundle.pdf"), 0o644); err != nil {
			t.Fatal(err)
		}
		for i := range pages {
			// The top right corner of the page, above the header band.
			n := strconv.Itoa(i + 1)
			out, err := exec.Command(tool(t, "pdftotext"), "-f", n, "-l", n, "-x", "470", "-y", "0", "-W", "125", "-H", "24",
				"-enc", "UTF-8", pdf, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(string(out)); got != n {
				t.Errorf("%s: page %d shows %q at its top right, want %s", path, i+1, got, n)
			}
		}
		// The contents (after the cover): a row per document, its title
		// and the page it starts on; that page shows the title and its own
		// 第 1 页.
		contents := pages[contentsPage(t, pages)]
		rows := tocRow.FindAllStringSubmatch(contents, -1)
		if len(rows) != docs {
			t.Fatalf("%s: %d rows in the contents:\n%s", path, len(rows), contents)
		}
		for _, r := range rows {
			title, start := r[2], r[4]
			n, _ := strconv.Atoi(start)
			if n < 1 || n > len(pages) {
				t.Errorf("%s: %s starts on page %d of %d", path, title, n, len(pages))
				continue
			}
			page := squash(pages[n-1])
			if !strings.Contains(page, squash(title)) || !strings.Contains(page, "第1页") {
				t.Errorf("%s: the contents say %s starts on page %d, which reads:\n%s", path, title, n, pages[n-1])
			}
		}
	}
}

// bundle.pdf carries the case file as given and manifest.json, byte for
// byte those of the zip, as pdfdetach sees them.
func TestVolumeCarriesCaseAndManifest(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	data, _ := bundle(t, g, c)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "bundle.pdf")
	if err := os.WriteFile(pdf, zipMember(t, data, "bundle.pdf"), 0o644); err != nil {
		t.Fatal(err)
	}
	list, err := exec.Command(tool(t, "pdfdetach"), "-list", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1: furniture-sofa.yaml", "2: manifest.json"} {
		if !strings.Contains(string(list), want) {
			t.Errorf("pdfdetach -list:\n%s\nwant %q", list, want)
		}
	}
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	if b, err := exec.Command(tool(t, "pdfdetach"), "-saveall", "-o", out, pdf).CombinedOutput(); err != nil {
		t.Fatalf("pdfdetach -saveall: %v\n%s", err, b)
	}
	for name, member := range map[string]string{"furniture-sofa.yaml": "case/furniture-sofa.yaml", "manifest.json": "manifest.json"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, zipMember(t, data, member)) {
			t.Errorf("the %s bundle.pdf carries differs from the zip's %s", name, member)
		}
	}
	if !bytes.Equal(zipMember(t, data, "case/furniture-sofa.yaml"), c.Source()) {
		t.Error("the case file in the zip is not the case file as given")
	}
}

// A case whose archive data leaves a cell of the 归档章 empty gets a
// warning naming the field, and the cell is printed empty, not guessed.
func TestVolumeStampIncomplete(t *testing.T) {
	g := newGen(t)
	src, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src = regexp.MustCompile(`(?m)^    (retention|fonds_no): .*\n`).ReplaceAll(src, nil)
	c, err := g.Load("../samples/furniture-sofa.yaml", src, generator.WithAssets(generator.DirFS("../samples")))
	if err != nil {
		t.Fatal(err)
	}
	data, res := bundle(t, g, c)
	var warned []string
	for _, w := range res.Warnings {
		warned = append(warned, w.Pointer+" "+w.Message)
	}
	for _, want := range []string{"/closure/archive/retention", "/closure/archive/fonds_no"} {
		if !strings.Contains(strings.Join(warned, "\n"), want) {
			t.Errorf("no warning for %s; warnings: %q", want, warned)
		}
	}
	if strings.Contains(strings.Join(warned, "\n"), "org_unit") {
		t.Errorf("a warning for org_unit, which the case gives: %q", warned)
	}
	pages := pageTexts(t, zipMember(t, data, "bundle.pdf"))
	first := pages[contentsPage(t, pages)+1]
	stamp := squash(strings.Join(strings.Split(first, "\n")[:8], ""))
	// The cells in order, label then value: 全宗号 and 保管期限 empty.
	for _, want := range []string{"全宗号年度2026件号1", "机构（问题）客服部保管期限页数2"} {
		if !strings.Contains(stamp, want) {
			t.Errorf("the first document's page has no 归档章 reading %s:\n%s", want, first)
		}
	}
	for _, guess := range []string{"30年", "永久", "10年", "J031"} {
		if strings.Contains(stamp, guess) {
			t.Errorf("the stamp shows %q, which the case does not give", guess)
		}
	}
}

// The cover and the contents of bundle.pdf each list every file of the
// zip (documents in PDF and XLSX, the case file, the attachments,
// manifest.json) with its size and the first 16 hex digits of its
// SHA-256, as manifest.json gives them, and bundle.pdf itself without
// them. The attachments are listed, never embedded: bundle.pdf carries
// only the case file and manifest.json, so no file type PDF/A forbids
// ends up inside it.
func TestVolumeListsEveryFile(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/manufacturer-8d.yaml")
	data, _ := bundle(t, g, c)
	mj := zipMember(t, data, "manifest.json")
	var m generator.Manifest
	if err := json.Unmarshal(mj, &m); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(mj)
	want := map[string]string{"manifest.json": fmt.Sprintf("%d %x", len(mj), sum[:8])}
	var xlsx, attachments []string
	for _, f := range m.Files {
		if f.Name == "bundle.pdf" {
			continue
		}
		want[f.Name] = fmt.Sprintf("%d %s", f.Bytes, f.SHA256[:16])
		if strings.HasSuffix(f.Name, ".xlsx") {
			xlsx = append(xlsx, f.Name)
		}
		if f.Kind == "attachment" {
			attachments = append(attachments, f.Name)
		}
	}
	if len(xlsx) == 0 || len(attachments) == 0 {
		t.Fatalf("the sample's manifest has %d XLSX and %d attachments; the test needs both", len(xlsx), len(attachments))
	}
	pdf := zipMember(t, data, "bundle.pdf")
	pages := pageTexts(t, pdf)
	ci := contentsPage(t, pages)
	row := regexp.MustCompile(`(?m)^\s*\d+\s+(\S+)\s+(\d+)\s+([0-9a-f]{16})\s*$`)
	for _, part := range []struct{ name, text string }{{"cover", strings.Join(pages[:ci], "\n")}, {"contents", pages[ci]}} {
		got := map[string]string{}
		for _, r := range row.FindAllStringSubmatch(part.text, -1) {
			got[r[1]] = r[2] + " " + r[3]
		}
		for name, w := range want {
			if got[name] != w {
				t.Errorf("the %s lists %s as %q, manifest.json as %q", part.name, name, got[name], w)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("the %s lists %s, which manifest.json does not", part.name, name)
			}
		}
		if !regexp.MustCompile(`(?m)^\s*\d+\s+bundle\.pdf\s`).MatchString(part.text) {
			t.Errorf("the %s does not list bundle.pdf:\n%s", part.name, part.text)
		}
	}
	f := filepath.Join(t.TempDir(), "bundle.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	list, err := exec.Command(tool(t, "pdfdetach"), "-list", f).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(list), "2 embedded files\n") {
		t.Errorf("bundle.pdf embeds more than the case file and manifest.json:\n%s", list)
	}
	for _, a := range attachments {
		if strings.Contains(string(list), path.Base(a)) {
			t.Errorf("bundle.pdf embeds the attachment %s:\n%s", a, list)
		}
	}
}
