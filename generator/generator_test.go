package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
	"github.com/kesuhq/kesu/internal/typeset"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// gen is one Generator shared by the tests, as a service would share it.
var gen = sync.OnceValues(func() (*generator.Generator, error) { return generator.New(generator.Options{}) })

func newGen(t testing.TB) *generator.Generator {
	t.Helper()
	g, err := gen()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func load(t testing.TB, g *generator.Generator, path string) *generator.Case {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := g.Load(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func render(t testing.TB, g *generator.Generator, c *generator.Case, docID string, f generator.Format) ([]byte, *generator.Result) {
	t.Helper()
	var buf bytes.Buffer
	res, err := g.Render(context.Background(), c, docID, f, &buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), res
}

// tool returns the path of a poppler tool. CI installs them and sets
// KESU_REQUIRE_TOOLS, so there a missing tool fails instead of skipping.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("KESU_REQUIRE_TOOLS") != "" {
			t.Fatalf("%s is required: apt-get install -y poppler-utils", name)
		}
		t.Skipf("%s not installed (apt-get install -y poppler-utils)", name)
	}
	return p
}

// pdfText is the text a reader copies out of the PDF, in content order.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", "-raw", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// The text fidelity test of the foundation issue: long paragraphs, rare
// characters, mixed scripts, full-width punctuation and a 60-character
// serial all come back out of the PDF whole and in order, and no line
// breaks against 避头尾.
func TestTextFidelity(t *testing.T) {
	g := newGen(t)
	c := load(t, g, "testdata/fidelity.yaml")
	pdf, res := render(t, g, c, "registration", generator.PDF)
	// Only the 60-character serial is wider than its cell.
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].Message, "序列号") {
		t.Errorf("warnings: %v", res.Warnings)
	}
	text := pdfText(t, pdf)
	// A section going on over a page has its title again atop the page,
	// marked （续）; the text it interrupts reads whole without it.
	var kept []string
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasSuffix(strings.TrimSpace(l), "（续）") {
			kept = append(kept, l)
		}
	}
	whole := squash(strings.Join(kept, "\n"))
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if s := squash(v); len([]rune(s)) >= 4 && !strings.Contains(whole, s) {
				missing := ""
				for _, r := range s {
					if !strings.ContainsRune(whole, r) {
						missing += string(r)
					}
				}
				t.Errorf("%q is not in the PDF whole (characters absent: %q)", v, missing)
			}
		case map[string]any:
			for k, x := range v {
				// Dates are reformatted (2026年11月3日) and enum values
				// translated (hotline → 热线电话); everything else is shown as written.
				switch k {
				case "schema", "received_at", "at", "channel", "level", "category", "kind", "party":
				default:
					if !strings.HasSuffix(k, "_on") {
						walk(x)
					}
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(c.Value())
	for _, line := range strings.Split(text, "\n") {
		s := []rune(strings.TrimSpace(line))
		if len(s) == 0 {
			continue
		}
		if strings.ContainsRune("，。、；：？！）》」』】〕…", s[0]) {
			t.Errorf("line starts with %q: %q", s[0], string(s))
		}
		if strings.ContainsRune("（《「『【〔", s[len(s)-1]) {
			t.Errorf("line ends with %q: %q", s[len(s)-1], string(s))
		}
	}
}

// A character no font has (𠮷, beyond the BMP fpdf can draw) is a warning
// with its place in the case, and prints as 〓: never a silent drop, never
// a panic in fpdf.
func TestUndrawableCharacterWarns(t *testing.T) {
	g := newGen(t)
	src, err := os.ReadFile("testdata/fidelity.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("name: 王喆"), []byte("name: 𠮷田喆"), 1)
	c, err := g.Load("rare.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	pdf, res := render(t, g, c, "registration", generator.PDF)
	var glyphs, forced []generator.Problem
	for _, w := range res.Warnings {
		if w.Pointer != "" {
			glyphs = append(glyphs, w)
		} else {
			forced = append(forced, w)
		}
	}
	// The 60-character serial is wider than any column can be: it alone
	// is broken by force, and said so.
	if len(forced) != 1 || !strings.Contains(forced[0].Message, "序列号") || !strings.Contains(forced[0].Message, "X7Q2M9K4T1V8B3N6") {
		t.Errorf("forced-break warnings = %v, want one naming 序列号 and its value", forced)
	}
	res.Warnings = glyphs
	if len(res.Warnings) != 1 || res.Warnings[0].Pointer != "/customer/name" || !strings.Contains(res.Warnings[0].Message, "U+20BB7") {
		t.Fatalf("warnings = %+v, want one for /customer/name naming U+20BB7", res.Warnings)
	}
	if w := res.Warnings[0]; w.Line == 0 {
		t.Errorf("warning has no line: %+v", w)
	}
	if !strings.Contains(pdfText(t, pdf), string(typeset.Placeholder)+"田喆") {
		t.Errorf("the PDF should show 〓田喆")
	}
}

func samples(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"../samples/*.yaml", "../samples/*.json"} {
		m, _ := filepath.Glob(pat)
		out = append(out, m...)
	}
	if len(out) < 3 {
		t.Fatalf("found %d samples, want at least 3", len(out))
	}
	return out
}

// Golden files hold the resolved document: what every block became. A
// field lost or a value mis-formatted shows as a diff in words.
func TestResolvedGolden(t *testing.T) {
	g := newGen(t)
	for _, path := range append(samples(t), "testdata/fidelity.yaml") {
		c := loadFile(t, g, path)
		for _, id := range g.Documents(c) {
			d, err := g.Resolve(c, id)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", c.ID()+"_"+id+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./generator -update to create it)", err)
			}
			if string(want) != string(got)+"\n" {
				t.Errorf("%s: resolved document differs from %s; run go test ./generator -update and review the diff", path, golden)
			}
		}
	}
}

// The same case gives the same bytes: no clock, no map order, no random
// font names, whether the Generator is reused or new.
func TestReproducible(t *testing.T) {
	g := newGen(t)
	g2, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range samples(t) {
		c := loadFile(t, g, path)
		c2 := loadFile(t, g2, path)
		for _, id := range g.Documents(c) {
			for _, f := range generator.Formats() {
				a, _ := render(t, g, c, id, f)
				b, _ := render(t, g, c, id, f)
				cc, _ := render(t, g2, c2, id, f)
				if !bytes.Equal(a, b) || !bytes.Equal(a, cc) {
					t.Errorf("%s %s %s: two renders differ", path, id, f)
				}
			}
		}
	}
}

func TestXLSXReadBack(t *testing.T) {
	g := newGen(t)
	c := load(t, g, "../samples/furniture-sofa.yaml")
	data, _ := render(t, g, c, "registration", generator.XLSX)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, r := range rows {
		all = append(all, strings.Join(r, "|"))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"顾客投诉情况登记表", "KS-2026-000123", "张晓堃", "¥12,800.00", "否（保修期至2027年9月11日）",
		"2026年11月3日 10:35|", "接待顾客，引导至客服接待室，记录投诉内容", "受理人"} {
		if !strings.Contains(text, want) {
			t.Errorf("sheet lacks %q", want)
		}
	}
	// Print-ready: A4, one page wide, a print area.
	lay, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if lay.Size == nil || *lay.Size != 9 || lay.FitToWidth == nil || *lay.FitToWidth != 1 {
		t.Errorf("page layout %+v: want A4 (9) fitted to 1 page wide", lay)
	}
	names := f.GetDefinedName()
	if len(names) != 1 || names[0].Name != "_xlnm.Print_Area" { // no table runs over a page
		t.Errorf("defined names %+v: want a print area", names)
	}
	// The description row is tall enough for its wrapped text: 234
	// characters over a value column ~430 pt wide at 10.5 pt need 6 lines.
	for i, r := range rows {
		if len(r) > 2 && strings.HasPrefix(r[2], "顾客反映") {
			h, err := f.GetRowHeight(sheet, i+1)
			if err != nil {
				t.Fatal(err)
			}
			if h < 6*10.5*1.3 {
				t.Errorf("description row is %.1f pt tall; its text needs at least %.1f", h, 6*10.5*1.3)
			}
		}
	}
}

func TestValidationErrors(t *testing.T) {
	g := newGen(t)
	base, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, from, to string
		pointer, msg   string
	}{
		{"unknown field", "\ncustomer:", "\ncustmer:", "/custmer", `did you mean "customer"`},
		{"enum", "channel: service_desk", "channel: phone_call", "/intake/channel", "expected one of"},
		{"calendar date", "purchased_on: 2026-09-12", "purchased_on: 2026-02-30", "/purchase/purchased_on", "not a date"},
		{"three decimals", "amount: 12800.00", "amount: 12800.005", "/purchase/amount", "3 decimals"},
		{"path escape", "logo: assets/furniture/logo.png", "logo: ../../etc/passwd", "/organization/logo", "climbs out"},
		{"absolute path", "logo: assets/furniture/logo.png", "logo: /etc/passwd", "/organization/logo", "absolute"},
		{"unquoted phone", `phone: "13812345678"`, `phone: 13812345678`, "/customer/phone", "quotes"},
		{"dangling D5 cause", "root_cause: 2", "root_cause: 7", "/eightd/d5/1/root_cause", "root cause 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(string(base), tt.from, tt.to, 1)
			if src == string(base) {
				t.Fatalf("the sample has no %q", tt.from)
			}
			line := 1 + strings.Count(src[:strings.Index(src, tt.to)], "\n")
			_, err := g.Load("case.yaml", []byte(src))
			var ve *generator.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want a *ValidationError", err)
			}
			for _, p := range ve.Problems {
				if p.Pointer == tt.pointer {
					if !strings.Contains(p.Message, tt.msg) {
						t.Errorf("message %q does not say %q", p.Message, tt.msg)
					}
					if tt.to[0] != '\n' && p.Line != line {
						t.Errorf("line %d, want %d", p.Line, line)
					}
					return
				}
			}
			t.Errorf("no problem at %s in %v", tt.pointer, ve.Problems)
		})
	}
}

// A Generator is shared by concurrent renders; each result equals the
// serial one (run with -race).
func TestConcurrentRenders(t *testing.T) {
	g := newGen(t)
	paths := samples(t)
	type job struct {
		c *generator.Case
		f generator.Format
	}
	var jobs []job
	want := map[int][]byte{}
	for _, p := range paths {
		for _, f := range generator.Formats() {
			jobs = append(jobs, job{load(t, g, p), f})
			want[len(jobs)-1], _ = render(t, g, jobs[len(jobs)-1].c, "registration", f)
		}
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range jobs {
				j := jobs[(i+w)%len(jobs)]
				var buf bytes.Buffer
				if _, err := g.Render(context.Background(), j.c, "registration", j.f, &buf); err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(buf.Bytes(), want[(i+w)%len(jobs)]) {
					t.Errorf("concurrent render of job %d differs from the serial one", (i+w)%len(jobs))
				}
			}
		})
	}
	wg.Wait()
}

// A new Generator's first renders, all at once: the embedded pack's
// documents are compiled on first use, once, whichever goroutine asks
// first, and every render equals the serial one.
func TestConcurrentFirstRenders(t *testing.T) {
	base := newGen(t)
	c := loadFile(t, base, "../samples/manufacturer-8d.yaml")
	ids := base.Documents(c)
	want := map[string][]byte{}
	for _, id := range ids {
		want[id], _ = render(t, base, c, id, generator.PDF)
	}
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			id := ids[w%len(ids)]
			var buf bytes.Buffer
			if _, err := g.Render(context.Background(), c, id, generator.PDF, &buf); err != nil {
				t.Error(err)
			} else if !bytes.Equal(buf.Bytes(), want[id]) {
				t.Errorf("%s: a first render differs from the serial one", id)
			}
		})
	}
	wg.Wait()
}

func TestCancelledContext(t *testing.T) {
	g := newGen(t)
	c := load(t, g, "../samples/furniture-sofa.yaml")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if _, err := g.Render(ctx, c, "registration", generator.PDF, &buf); !errors.Is(err, context.Canceled) || buf.Len() != 0 {
		t.Errorf("err = %v, %d bytes written; want context.Canceled and nothing", err, buf.Len())
	}
}

// writes counts the writes it is given.
type writes struct {
	n    int
	data []byte
}

func (w *writes) Write(p []byte) (int, error) {
	w.n++
	w.data = append(w.data, p...)
	return len(p), nil
}

// A PDF reaches the writer in one write, whole, straight from the
// drawing (no half of it is written before a deadline stops the rest).
func TestPDFInOneWrite(t *testing.T) {
	g := newGen(t)
	c := load(t, g, "../samples/furniture-sofa.yaml")
	var w writes
	if _, err := g.Render(context.Background(), c, "registration", generator.PDF, &w); err != nil {
		t.Fatal(err)
	}
	if w.n != 1 || !bytes.HasPrefix(w.data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(w.data), []byte("%%EOF")) {
		t.Errorf("%d writes of %d bytes, want one of a whole PDF", w.n, len(w.data))
	}
}

func BenchmarkRegistrationPDFWarm(b *testing.B) {
	g := newGen(b)
	c := load(b, g, "../samples/furniture-sofa.yaml")
	b.ReportAllocs()
	t0 := cpu()
	for b.Loop() {
		render(b, g, c, "registration", generator.PDF)
	}
	reportCPU(b, t0)
}

// reportCPU reports the process's CPU time per op since t0, which the
// other processes of a shared machine barely move, unlike ns/op; the
// deflating and collecting done on other cores count.
func reportCPU(b *testing.B, t0 time.Duration) {
	b.ReportMetric(float64(cpu()-t0)/1e6/float64(b.N), "cpu-ms/op")
}

func BenchmarkRegistrationXLSXWarm(b *testing.B) {
	g := newGen(b)
	c := load(b, g, "../samples/furniture-sofa.yaml")
	b.ReportAllocs()
	for b.Loop() {
		render(b, g, c, "registration", generator.XLSX)
	}
}

// Cold: a new Generator (pack, fonts, templates, schema) for each document.
func BenchmarkRegistrationPDFCold(b *testing.B) {
	data, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		g, err := generator.New(generator.Options{})
		if err != nil {
			b.Fatal(err)
		}
		c, err := g.Load("furniture-sofa.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		render(b, g, c, "registration", generator.PDF)
	}
}

// BenchmarkDocuments renders every document of the manufacturer's case,
// PDF and XLSX, with one Generator reused (warm).
func BenchmarkDocuments(b *testing.B) {
	g := newGen(b)
	c, err := g.LoadFile("../samples/manufacturer-8d.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range g.Documents(c) {
		for _, f := range generator.Formats() {
			b.Run(id+"/"+string(f), func(b *testing.B) {
				b.ReportAllocs()
				t0 := cpu()
				for b.Loop() {
					render(b, g, c, id, f)
				}
				reportCPU(b, t0)
			})
		}
	}
}

// Glyph warnings are for what a document draws: an x- field no document
// shows warns of nothing, and a character of the pack's own wording no
// font has is warned of at the pack's file.
func TestGlyphWarningsForWhatIsDrawn(t *testing.T) {
	g := newGen(t)
	src, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, []byte("x-note: 𠮷\n")...)
	c, err := g.Load("../samples/furniture-sofa.yaml", src, generator.WithAssets(generator.DirFS("../samples")))
	if err != nil {
		t.Fatal(err)
	}
	_, res := render(t, g, c, "registration", generator.PDF)
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "U+20BB7") {
			t.Errorf("a field no document draws is warned of: %v", w)
		}
	}

	p, err := withPack(t, map[string]string{
		"pack.yaml":         "name: xinghe\nversion: 1.0.0\nextends: default\n",
		"labels/zh-CN.yaml": "registration:\n  name: 顾客投诉情况登记表𠮷\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	c = loadFile(t, p, "../samples/furniture-sofa.yaml")
	_, res = render(t, p, c, "registration", generator.PDF)
	var found bool
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "U+20BB7") {
			found = true
			if w.File != "documents/registration.yaml" || w.Pointer != "" {
				t.Errorf("pack text warned of at %v, want documents/registration.yaml", w.Position)
			}
		}
	}
	if !found {
		t.Errorf("no warning for the pack's own 𠮷: %v", res.Warnings)
	}
}
