package generator_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
	"github.com/kesuhq/kesu/templates"
)

// Every D of the manufacturer's 8D comes back out of the PDF and the
// workbook.
func TestEightDReadBack(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/manufacturer-8d.yaml")
	e := c.Value()["eightd"].(map[string]any)
	var wants []string
	add := func(list any, keys ...string) {
		for _, it := range list.([]any) {
			m := it.(map[string]any)
			for _, k := range keys {
				if s, ok := m[k].(string); ok {
					wants = append(wants, s)
				}
			}
		}
	}
	wants = append(wants, "8D 报告", "8D-RC-2026-007", "电子水泵壳体（铝合金压铸）", "RC-WP12-H03", e["d0"].(string),
		e["d2"].(map[string]any)["statement"].(string), "沈振华 ★", "超期完成", "按期完成")
	for _, v := range e["d2"].(map[string]any)["w5h2"].(map[string]any) {
		wants = append(wants, v.(string))
	}
	add(e["d1"], "name", "department")
	add(e["d2"].(map[string]any)["is_is_not"], "dimension", "is", "is_not")
	add(e["d3"], "action", "owner", "effectiveness")
	add(e["d4"], "cause")
	for _, c := range e["d4"].([]any) {
		for _, w := range c.(map[string]any)["whys"].([]any) {
			wants = append(wants, w.(string))
		}
	}
	add(e["d5"], "action", "verification")
	add(e["d6"], "action", "result")
	add(e["d7"], "action", "document")
	wants = append(wants, e["d8"].(map[string]any)["recognition"].(string))
	pdf, res := render(t, g, c, "8d", generator.PDF)
	if res.Pages < 3 {
		t.Errorf("8D has %d pages", res.Pages)
	}
	containsAll(t, "8D PDF", pdfText(t, pdf), wants...)

	x, _ := render(t, g, c, "8d", generator.XLSX)
	f, err := excelize.OpenReader(bytes.NewReader(x))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var all strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			all.WriteString(strings.Join(r, "\n") + "\n")
		}
	}
	containsAll(t, "8D XLSX", all.String(), wants...)
	// Data sheets a person can filter: one per list, header filtered.
	sheets := f.GetSheetList()
	for _, want := range []string{"D1 小组", "D3 临时措施", "D4 根本原因", "D5 纠正措施", "D6 实施验证", "D7 预防再发"} {
		found := false
		for _, s := range sheets {
			found = found || s == want
		}
		if !found {
			t.Errorf("no data sheet %q in %v", want, sheets)
		}
	}
	rows, _ := f.GetRows("D4 根本原因")
	if len(rows) != 7 || rows[0][3] != "原因" || !strings.Contains(rows[1][4], "→") {
		t.Errorf("D4 sheet rows = %q", rows)
	}
}

// 30 containment actions: the table runs over pages, its header repeated
// on each, and no action is lost.
func TestEightDLongContainmentTable(t *testing.T) {
	g := newGen(t)
	src, err := os.ReadFile("../samples/manufacturer-8d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var d3 strings.Builder
	d3.WriteString("  d3:\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&d3, "    - {action: 第%d项围堵措施：对批次DC2602%02d的在库品进行100%%气密复检并隔离可疑品, owner: 邱燕, due_on: 2026-03-11, done_on: 2026-03-11, effectiveness: 已完成第%d批}\n", i, i, i)
	}
	s := string(src)
	start := strings.Index(s, "  d3:\n")
	end := strings.Index(s, "  d4:\n")
	c, err := g.Load("long.yaml", []byte(s[:start]+d3.String()+s[end:]), generator.WithAssets(generator.DirFS("../samples")))
	if err != nil {
		t.Fatal(err)
	}
	l, err := g.Layout(c, "8d")
	if err != nil {
		t.Fatal(err)
	}
	pages := map[int]bool{}
	headers := 0
	for pi, p := range l.Pages {
		for _, b := range p.Boxes {
			for _, ln := range b.Lines {
				if ln.Text() == "有效性" {
					headers++
				}
				if strings.HasPrefix(ln.Text(), "第") && strings.Contains(ln.Text(), "项围堵措施") {
					pages[pi] = true
				}
			}
		}
	}
	if len(pages) < 2 {
		t.Fatalf("30 actions fit on %d page(s); the test wants a table across pages", len(pages))
	}
	if headers != len(pages) {
		t.Errorf("the header row is drawn %d times for a table on %d pages", headers, len(pages))
	}
	pdf, _ := render(t, g, c, "8d", generator.PDF)
	text := squash(pdfText(t, pdf))
	for i := 1; i <= 30; i++ {
		if w := fmt.Sprintf("第%d项围堵措施：对批次DC2602%02d的在库品进行100%%气密复检并隔离可疑品", i, i); !strings.Contains(text, w) {
			t.Errorf("action %d lost", i)
		}
	}
}

// The D-step deadlines come from the pack's policy: with the default (D3
// within 24 hours) the sample's containment, done on day 3, is late; a
// pack allowing 72 hours finds it on time.
func TestEightDDeadlinePolicy(t *testing.T) {
	status := func(g *generator.Generator) string {
		c := loadFile(t, g, "../samples/manufacturer-8d.yaml")
		d, err := g.Resolve(c, "8d")
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range d.Blocks {
			for _, r := range b.Rows {
				if len(r) == 5 && r[0] == "D3" {
					return r[4]
				}
			}
		}
		t.Fatal("no D3 row in the status table")
		return ""
	}
	if s := status(newGen(t)); s != "超期完成" {
		t.Errorf("default policy: D3 is %q, want 超期完成", s)
	}
	pack := fstest.MapFS{}
	err := fs.WalkDir(templates.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(templates.Default(), p)
		pack[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	pack["pack.yaml"].Data = bytes.Replace(pack["pack.yaml"].Data, []byte("d3_hours: 24"), []byte("d3_hours: 72"), 1)
	g, err := generator.New(generator.Options{Pack: pack})
	if err != nil {
		t.Fatal(err)
	}
	if s := status(g); s != "按期完成" {
		t.Errorf("72-hour policy: D3 is %q, want 按期完成", s)
	}
}

// Evidence photos are bad input when missing, not pictures, damaged, or
// reached through a link that leads out of the case folder; the error
// names the field.
func TestEvidenceErrors(t *testing.T) {
	g := newGen(t)
	src, err := os.ReadFile("../samples/manufacturer-8d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	png, err := os.ReadFile("../samples/assets/ruichi/logo.png")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		setup func(dir string) error
		msg   string
	}{
		{"missing", func(string) error { return nil }, "no such file"},
		{"not an image", func(dir string) error { return os.WriteFile(filepath.Join(dir, "e.png"), []byte("hello"), 0o644) }, "not a readable JPEG or PNG"},
		{"truncated PNG", func(dir string) error { return os.WriteFile(filepath.Join(dir, "e.png"), png[:len(png)/2], 0o644) }, "damaged"},
		{"symlink out", func(dir string) error {
			outside := filepath.Join(filepath.Dir(dir), "secret.png")
			if err := os.WriteFile(outside, png, 0o644); err != nil {
				return err
			}
			return os.Symlink(outside, filepath.Join(dir, "e.png"))
		}, "leads out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "case")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.CopyFS(filepath.Join(dir, "assets", "ruichi"), os.DirFS("../samples/assets/ruichi")); err != nil {
				t.Fatal(err)
			}
			if err := tt.setup(dir); err != nil {
				t.Fatal(err)
			}
			s := strings.Replace(string(src), "file: assets/ruichi/leak-test.jpg, caption", "file: e.png, caption", 1)
			path := filepath.Join(dir, "c.yaml")
			if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := g.LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			_, err = g.Render(t.Context(), c, "8d", generator.PDF, &buf)
			var ve *generator.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) != 1 {
				t.Fatalf("err = %v, want one validation problem", err)
			}
			p := ve.Problems[0]
			if p.Pointer != "/complaint/evidence/0/file" || p.Line == 0 || !strings.Contains(p.Message, tt.msg) {
				t.Errorf("problem %+v, want /complaint/evidence/0/file saying %q", p, tt.msg)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written for a bad case", buf.Len())
			}
		})
	}
}
