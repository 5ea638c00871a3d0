package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kesuhq/kesu/internal/third_party/excelize"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/ledger"
)

func withPack(t *testing.T, files map[string]string) (*generator.Generator, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return generator.New(generator.Options{Pack: fsys})
}

// A pack that changes one label renders that label, and nothing else of
// the document changes.
func TestPackOverlayOneLabel(t *testing.T) {
	g, err := withPack(t, map[string]string{
		"pack.yaml":         "name: xinghe\nversion: 1.0.0\nextends: default\n",
		"labels/zh-CN.yaml": "field:\n  customer_phone: 顾客电话（手机）\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	base := newGen(t)
	for _, path := range samples(t) {
		want, err := base.Resolve(loadFile(t, base, path), "registration")
		if err != nil {
			t.Fatal(err)
		}
		got, err := g.Resolve(loadFile(t, g, path), "registration")
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if !bytes.Contains(gj, []byte("顾客电话（手机）")) {
			t.Errorf("%s: the changed label is not used", path)
		}
		if string(bytes.ReplaceAll(gj, []byte("顾客电话（手机）"), []byte("联系电话"))) != string(wj) {
			t.Errorf("%s: more than the one label changed", path)
		}
	}
	if g.Pack().Name != "xinghe" || len(g.Pack().Documents) != len(base.Pack().Documents) {
		t.Errorf("pack %s with %v", g.Pack().Name, g.Pack().Documents)
	}
}

// A pack defines a new document (回访记录表) without Go code, and it renders.
func TestPackNewDocument(t *testing.T) {
	g, err := withPack(t, map[string]string{
		"pack.yaml": "name: followup\nversion: 1.0.0\nextends: default\n",
		"documents/followup.yaml": `id: followup
name: 回访记录表
needs: [/closure/follow_ups]
footer: {left: "{{ L.common.case_no }}：{{ case.id }}", center: "{{ L.common.page }}"}
blocks:
  - kind: heading
    text: 顾客回访记录表
  - kind: table
    rows: case.closure.follow_ups
    columns:
      - {label: 回访日期, value: "{{ row.on|ymd }}", width: 20}
      - {label: 回访人, value: "{{ row.by }}", width: 15}
      - {label: 回访结果, value: "{{ row.result }}", width: 65}
`,
	})
	if err != nil {
		t.Fatal(err)
	}
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	if docs := g.Documents(c); docs[len(docs)-1] != "followup" {
		t.Fatalf("documents %v: the pack's new document is missing", docs)
	}
	pdf, _ := render(t, g, c, "followup", generator.PDF)
	containsAll(t, "followup PDF", pdfText(t, pdf), "顾客回访记录表", "2026年11月12日", "退款已到账")
}

// Templates are untrusted: ssi and includes that leave the pack are
// refused with a clear error, and nothing of the file reaches any output.
func TestPackSandbox(t *testing.T) {
	doc := func(text string) map[string]string {
		return map[string]string{
			"pack.yaml":                   "name: evil\nversion: 1.0.0\nextends: default\n",
			"documents/registration.yaml": "id: registration\nname: x\nblocks:\n  - kind: text\n    text: '" + text + "'\n",
		}
	}
	tests := []struct{ name, text, want string }{
		{"ssi", `{% ssi "/etc/passwd" %}`, "ssi"},
		{"include climbing out", `{% include "../../etc/passwd" %}`, "outside the pack"},
		{"absolute include", `{% include "/etc/passwd" %}`, "outside the pack"},
		{"now (wall clock)", `{% now "2006" %}`, "now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := withPack(t, doc(tt.text))
			var pe *generator.PackError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a pack error about %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "root:") {
				t.Errorf("the error shows the file's content: %v", err)
			}
			if !strings.Contains(err.Error(), "documents/registration.yaml:5") {
				t.Errorf("the error does not point at the template's line: %v", err)
			}
		})
	}
	// A subscript that names nothing makes pongo2 panic; it is the
	// template's error, not the process's end.
	g, err := withPack(t, doc(`{{ L.enum.channel[case.nothing] }}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.Resolve(loadFile(t, g, "../samples/furniture-sofa.yaml"), "registration")
	if err == nil || !strings.Contains(err.Error(), "the template failed") {
		t.Errorf("err = %v, want the template's failure", err)
	}
}

// A pack's fonts: a CFF OpenType font is refused by name; a file outside
// the pack must be a font file; a collection face is named with #n.
func TestPackFonts(t *testing.T) {
	otto := "OTTO\x00\x01\x00\x00\x00\x00\x00\x00"
	tests := []struct{ name, fonts, want string }{
		{"cff", "[fonts/x.otf]", "CFF-based OpenType"},
		{"not a font outside", "[/etc/passwd]", "must be a .ttf, .ttc or .otf file"},
		{"missing", "[fonts/none.ttf]", "font fonts/none.ttf"},
		{"bad face", "[fonts/x.otf#a]", "a collection's face is #0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := withPack(t, map[string]string{
				"pack.yaml":   "name: f\nversion: 1.0.0\nextends: default\nfonts:\n  regular: " + tt.fonts + "\n",
				"fonts/x.otf": otto,
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// Templates cannot recurse (no macro, no import, includes bounded and
// fixed when the pack loads), and one that runs too long is stopped.
func TestPackTemplatesEnd(t *testing.T) {
	doc := func(text string, extra map[string]string) map[string]string {
		m := map[string]string{
			"pack.yaml":                   "name: loop\nversion: 1.0.0\nextends: default\n",
			"documents/registration.yaml": "id: registration\nname: x\nblocks:\n  - kind: text\n    text: '" + text + "'\n",
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, tt := range []struct {
		name, text string
		extra      map[string]string
		want       string
	}{
		{"macro", `{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}`, nil, "macro"},
		{"self include", `{% include "a.tpl" %}`, map[string]string{"a.tpl": `{% include "a.tpl" %}`}, "a.tpl"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := withPack(t, doc(tt.text, tt.extra))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a pack error naming %q", err, tt.want)
			}
		})
	}
	// A computed include is refused at render time.
	g, err := withPack(t, doc(`{% include case.id %}`, nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Resolve(loadFile(t, g, "../samples/furniture-sofa.yaml"), "registration"); err == nil {
		t.Errorf("a template including a file named by the case rendered")
	}
	// A long loop is stopped by the timeout.
	fsys := fstest.MapFS{}
	for k, v := range doc(`{% for a in case.complaint.description|make_list %}{% for b in case.complaint.description|make_list %}{% for c in case.complaint.description|make_list %}.{% endfor %}{% endfor %}{% endfor %}`, nil) {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	slow, err := generator.New(generator.Options{Pack: fsys, TemplateTimeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	src := "schema: kesu/case/v1\nid: KS-1\ncustomer: {name: 张三}\nintake: {channel: hotline, received_at: 2026-11-03T10:20:00+08:00}\ncomplaint: {description: " + strings.Repeat("长", 120) + "}\n"
	c, err := slow.Load("slow.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = slow.Resolve(c, "registration")
	if err == nil || !strings.Contains(err.Error(), "took longer than") || time.Since(start) > 2*time.Second {
		t.Errorf("err = %v after %v, want a timeout after 50ms", err, time.Since(start))
	}
}

// Branding: the accent colours title bars and headings, and the seal
// picture is stamped in a letter's closing instead of the placeholder.
func TestPackBranding(t *testing.T) {
	var seal bytes.Buffer
	img := image.NewNRGBA(image.Rect(0, 0, 120, 120))
	for y := range 120 {
		for x := range 120 {
			if dx, dy := x-60, y-60; dx*dx+dy*dy < 58*58 && dx*dx+dy*dy > 50*50 {
				img.Set(x, y, color.NRGBA{200, 0, 0, 255})
			}
		}
	}
	if err := png.Encode(&seal, img); err != nil {
		t.Fatal(err)
	}
	g, err := withPack(t, map[string]string{
		"pack.yaml":         "name: brand\nversion: 1.0.0\nextends: default\nbranding: {accent: \"#1F4E79\", seal: branding/seal.png}\n",
		"branding/seal.png": seal.String(),
	})
	if err != nil {
		t.Fatal(err)
	}
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	l, err := g.Layout(c, "apology")
	if err != nil {
		t.Fatal(err)
	}
	stamped, accent := false, false
	for _, p := range l.Pages {
		for _, b := range p.Boxes {
			stamped = stamped || (b.Kind == "image" && b.Src == "pack:branding/seal.png")
			for _, ln := range b.Lines {
				accent = accent || ln.Color == "#1F4E79"
			}
		}
	}
	if !stamped || !accent {
		t.Errorf("seal stamped %v, accent heading %v", stamped, accent)
	}
	l, err = g.Layout(c, "registration")
	if err != nil {
		t.Fatal(err)
	}
	tinted := false
	for _, b := range l.Pages[0].Boxes {
		tinted = tinted || (b.Color != "" && b.Color != "#1F4E79" && strings.HasPrefix(b.Color, "#"))
	}
	if !tinted {
		t.Errorf("no title bar is tinted with the accent")
	}
	pdf, _ := render(t, g, c, "apology", generator.PDF)
	if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Errorf("the PDF lacks the seal picture")
	}
	if _, err := withPack(t, map[string]string{"pack.yaml": "name: b\nversion: 1\nextends: default\nbranding: {accent: blue}\n"}); err == nil {
		t.Errorf("a colour that is not #RRGGBB was accepted")
	}
}

// A pack changes its document numbering in one place: numbers in
// pack.yaml, written by the documents as N.<name>.
func TestPackNumbers(t *testing.T) {
	g, err := withPack(t, map[string]string{
		"pack.yaml": "name: numbering\nversion: 1.0.0\nextends: default\nnumbers:\n  agreement: \"XH-{{ case.settlement.signed_on|slice:':4' }}-{{ case.id }}\"\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	pdf, _ := render(t, g, c, "agreement", generator.PDF)
	containsAll(t, "agreement", pdfText(t, pdf), "协议编号：XH-2026-KS-2026-000123")
	apology, _ := render(t, g, c, "apology", generator.PDF)
	containsAll(t, "apology", pdfText(t, apology), "（编号：XH-2026-KS-2026-000123）")
	if g.LoadedPack().Numbers["eightd"] == nil {
		t.Errorf("the default pack's other numbers are lost when a pack sets one")
	}
}

// The 台账 is worded by the pack too: labels under ledger: replace kesu's
// own, the rest stays; a header list of the wrong length is a pack error.
func TestPackLedgerWording(t *testing.T) {
	g, err := withPack(t, map[string]string{
		"pack.yaml":         "name: xinghe\nversion: 1.0.0\nextends: default\n",
		"labels/zh-CN.yaml": "ledger:\n  title: 星河家居顾客投诉台账\n  ledger: 投诉台账\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows []generator.LedgerRow
	for _, path := range samples(t) {
		rows = append(rows, g.LedgerRow(loadFile(t, g, path)))
	}
	var buf bytes.Buffer
	if err := g.WriteLedger(&buf, rows); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) < 2 || got[0] != "投诉台账" || got[1] != ledger.ZhCN.Stats {
		t.Errorf("sheets %v, want 投诉台账 then %s", got, ledger.ZhCN.Stats)
	}
	if p, _ := f.GetDocProps(); p.Title != "星河家居顾客投诉台账" {
		t.Errorf("workbook title %q", p.Title)
	}
	if v, _ := f.GetCellValue("投诉台账", "A1"); v != ledger.ZhCN.Headers[0] {
		t.Errorf("A1 = %q, want kesu's own header %q: the pack left headers alone", v, ledger.ZhCN.Headers[0])
	}

	_, err = withPack(t, map[string]string{
		"pack.yaml":         "name: xinghe\nversion: 1.0.0\nextends: default\n",
		"labels/zh-CN.yaml": "ledger:\n  headers: [编号, 事由]\n",
	})
	var pe *generator.PackError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "labels/zh-CN.yaml:2:12:") || !strings.Contains(err.Error(), "22") {
		t.Errorf("two headers for 22 columns: %v, want a pack error at labels/zh-CN.yaml:2:12", err)
	}
}

// The words kesu writes itself (签字：, 盖章) are the pack's to change,
// in the PDF and the workbook alike; a misspelt one is a pack error.
func TestPackDrawWords(t *testing.T) {
	g, err := withPack(t, map[string]string{
		"pack.yaml":         "name: xinghe\nversion: 1.0.0\nextends: default\n",
		"labels/zh-CN.yaml": "draw:\n  sign: 签名：\n  seal: （公章）\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	pdf, _ := render(t, g, c, "agreement", generator.PDF)
	containsAll(t, "agreement PDF", pdfText(t, pdf), "签名：", "（公章）", "日期：")
	xl, _ := render(t, g, c, "agreement", generator.XLSX)
	containsAll(t, "agreement XLSX", xlsxText(t, xl), "签名：", "（公章）", "日期：")
	for what, text := range map[string]string{"PDF": pdfText(t, pdf), "XLSX": xlsxText(t, xl)} {
		// 签字（盖章） of the clauses is the pack's text, not a drawn word.
		// 乙方（盖章）： of a company's box is the pack's label too.
		if strings.Contains(text, "签字：") || strings.Count(text, "（盖章）") != strings.Count(text, "签字（盖章）")+strings.Count(text, "方（盖章）：") {
			t.Errorf("the %s still has kesu's own 签字： or （盖章）", what)
		}
	}

	// Reworded in Chinese only: English keeps kesu's words, and lint
	// does not ask for the English ones.
	fsys := fstest.MapFS{
		"pack.yaml":         {Data: []byte("name: xinghe\nversion: 1.0.0\nextends: default\n")},
		"labels/zh-CN.yaml": {Data: []byte("draw:\n  sign: 签名：\n  seal: （公章）\n")},
	}
	if probs, err := generator.LintPack(fsys); err != nil || len(probs) > 0 {
		t.Errorf("lint of a pack rewording draw: in one language: %v %v", probs, err)
	}

	_, err = withPack(t, map[string]string{
		"pack.yaml":         "name: xinghe\nversion: 1.0.0\nextends: default\n",
		"labels/zh-CN.yaml": "draw:\n  sigh: 签名：\n",
	})
	var pe *generator.PackError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "labels/zh-CN.yaml:2:3:") || !strings.Contains(err.Error(), "sigh") {
		t.Errorf("a misspelt draw label: %v, want a pack error at labels/zh-CN.yaml:2:3 naming sigh", err)
	}
}

// An English document carries no Chinese of its own: with every Chinese
// word of the samples' data replaced by X, nothing of the resolved English
// documents (labels, clauses, punctuation) is Chinese. 甲方（顾客）：
// written into a template instead of the labels shows here.
func TestEnglishHasNoChinese(t *testing.T) {
	g, err := generator.New(generator.Options{Locale: "en"})
	if err != nil {
		t.Fatal(err)
	}
	cjk := regexp.MustCompile(`[\p{Han}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}]+`)
	for _, path := range samples(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		c, err := g.Load(path, cjk.ReplaceAll(data, []byte("X")), generator.WithAssets(generator.DirFS(filepath.Dir(path))))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range append(g.Documents(c), "cover", "contents") {
			d, err := g.Resolve(c, id)
			if err != nil {
				t.Fatal(err)
			}
			js, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			for _, loc := range cjk.FindAllIndex(js, -1) {
				from, to := max(loc[0]-40, 0), min(loc[1]+20, len(js))
				t.Errorf("%s %s: %q in …%s…", filepath.Base(path), id, js[loc[0]:loc[1]], js[from:to])
			}
			// What the workbook writes itself, besides the resolved text.
			var buf bytes.Buffer
			if _, err := g.Render(context.Background(), c, id, generator.XLSX, &buf); err != nil {
				t.Fatal(err)
			}
			if m := cjk.FindString(xlsxText(t, buf.Bytes())); m != "" {
				t.Errorf("%s %s workbook: %q", filepath.Base(path), id, m)
			}
		}
	}
}
