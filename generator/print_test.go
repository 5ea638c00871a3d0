package generator_test

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
)

// pdfPages counts the pages of a PDF by its page objects; both kesu and
// LibreOffice write one /Type /Page object a page.
var pageObject = regexp.MustCompile(`/Type\s*/Page[^s]`)

func pdfPages(data []byte) int { return len(pageObject.FindAll(data, -1)) }

// printTolerance is how many pages a printed workbook may differ from its
// PDF: a spreadsheet has no widow control and fits its grid to the paper,
// so the two break pages in different places, but a workbook that prints
// data sheets the PDF does not have, or a form on twice the paper, is out.
func printTolerance(pdf int) int { return 1 + pdf/3 }

// TestWorkbooksPrintLikeThePDF prints every workbook of every sample
// through LibreOffice Calc (headless, as a clerk's "print to PDF") and
// compares its page count with the PDF's; no printed line may start with
// a closing mark. The 8D workbook's data sheets
// used to print as six extra landscape pages (8 against the PDF's 4).
func TestWorkbooksPrintLikeThePDF(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("KESU_REQUIRE_TOOLS") != "" {
			t.Fatal("soffice (libreoffice-calc-nogui) is needed: apt-get install -y libreoffice-calc-nogui")
		}
		t.Skip("soffice not installed; apt-get install -y libreoffice-calc-nogui")
	}
	if testing.Short() {
		t.Skip("prints through LibreOffice: slow")
	}
	g := newGen(t)
	dir := t.TempDir()
	pdfs := map[string]int{}
	var books []string
	for _, sample := range []string{"furniture-sofa.yaml", "manufacturer-8d.yaml", "callcenter-service.json"} {
		c := loadFile(t, g, "../samples/"+sample)
		for _, id := range g.Documents(c) {
			name := fmt.Sprintf("%s_%s", strings.TrimSuffix(sample, filepath.Ext(sample)), id)
			pdf, _ := render(t, g, c, id, generator.PDF)
			pdfs[name] = pdfPages(pdf)
			x, _ := render(t, g, c, id, generator.XLSX)
			path := filepath.Join(dir, name+".xlsx")
			if err := os.WriteFile(path, x, 0o644); err != nil {
				t.Fatal(err)
			}
			books = append(books, path)
		}
	}
	pdftotext, _ := exec.LookPath("pdftotext")
	if pdftotext == "" && os.Getenv("KESU_REQUIRE_TOOLS") != "" {
		t.Fatal("pdftotext (poppler-utils) is needed")
	}
	out := filepath.Join(dir, "printed")
	// A profile of its own: a LibreOffice already running for the user
	// (or another test) would otherwise take the job and exit at once.
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", out}, books...)
	if msg, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	for _, name := range slices.Sorted(maps.Keys(pdfs)) {
		want := pdfs[name]
		data, err := os.ReadFile(filepath.Join(out, name+".pdf"))
		if err != nil {
			t.Errorf("%s: LibreOffice printed nothing: %v", name, err)
			continue
		}
		got := pdfPages(data)
		t.Logf("%-40s workbook %2d pages, PDF %2d", name, got, want)
		if pdftotext != "" {
			// The sheet wraps on the breaks kesu wrote where its own
			// wrapping would break against 避头尾.
			text, err := exec.Command(pdftotext, filepath.Join(out, name+".pdf"), "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, ln := range strings.Split(string(text), "\n") {
				if ln != "" && strings.ContainsRune("，。、；：？！）》」』】〕〉”’", []rune(ln)[0]) {
					t.Errorf("%s: a printed line starts with a closing mark: %q", name, ln)
				}
			}
		}
		if d := got - want; d > printTolerance(want) || -d > printTolerance(want) || got == 0 {
			t.Errorf("%s: the workbook prints on %d pages, the PDF has %d (tolerance ±%d)", name, got, want, printTolerance(want))
		}
	}
}
