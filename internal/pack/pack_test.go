package pack_test

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/templates"
)

// twoDocs is a pack whose document "bad" has a template that does not
// compile, at line 6 of its file.
func twoDocs() fstest.MapFS {
	files := map[string]string{
		"pack.yaml":           "name: t\nlocales: [zh-CN]\nfonts:\n  regular: [a.ttf]\ndocuments: [good, bad]\n",
		"labels/zh-CN.yaml":   "x: y\n",
		"documents/good.yaml": "id: good\nname: 好\nblocks:\n  - kind: text\n    text: \"{{ case.id }}\"\n",
		"documents/bad.yaml":  "id: bad\nname: 坏\nneeds: [/complaint]\nblocks:\n  - kind: text\n    text: \"{{ case.id \"\n",
	}
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

// Load reports a broken document at once; LoadLazy when it is asked for,
// with the same message, and the other documents still load.
func TestLoadLazy(t *testing.T) {
	_, loadErr := pack.Load(twoDocs())
	if loadErr == nil || !strings.Contains(loadErr.Error(), "documents/bad.yaml:6:") {
		t.Fatalf("Load: err = %v, want the bad template at documents/bad.yaml:6", loadErr)
	}
	p, err := pack.LoadLazy(twoDocs())
	if err != nil {
		t.Fatalf("LoadLazy: %v", err)
	}
	if !p.Has("good") || !p.Has("bad") || p.Has("nope") {
		t.Errorf("Has: good %v, bad %v, nope %v", p.Has("good"), p.Has("bad"), p.Has("nope"))
	}
	if d, err := p.Document("good"); err != nil || d.ID != "good" {
		t.Errorf("Document(good) = %v, %v", d, err)
	}
	// What a case needs is read without compiling: the broken template
	// does not stop the listing, only the render.
	if needs, err := p.Needs("bad"); err != nil || len(needs) != 1 || needs[0] != "/complaint" {
		t.Errorf("Needs(bad) = %v, %v; want [/complaint]", needs, err)
	}
	if _, err := p.Document("bad"); err == nil || err.Error() != loadErr.Error() {
		t.Errorf("Document(bad): err = %v, want what Load said: %v", err, loadErr)
	}
	if _, err := p.Document("nope"); err == nil || !strings.Contains(err.Error(), "good, bad") {
		t.Errorf("Document(nope): err = %v, want the list of documents", err)
	}
}

// Goroutines asking for the same document of a lazy pack share one
// compiled definition (run with -race in CI).
func TestLoadLazyConcurrent(t *testing.T) {
	p, err := pack.LoadLazy(templates.Default())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]*pack.Document, 8)
	for i := range got {
		wg.Go(func() {
			d, err := p.Document(p.Documents[i%len(p.Documents)])
			if err != nil {
				t.Error(err)
			}
			got[i] = d
		})
	}
	wg.Wait()
	for i, d := range got {
		if want, _ := p.Document(p.Documents[i%len(p.Documents)]); d != want {
			t.Errorf("goroutine %d got a different definition of %s", i, d.ID)
		}
	}
}

// The embedded pack is loaded lazily by every Generator; whole, it has no
// problem.
func TestDefaultPackLoads(t *testing.T) {
	if _, err := pack.Load(templates.Default()); err != nil {
		t.Fatal(err)
	}
}

// A pack author reads every problem at the line and column it is at.
func TestLoadPositions(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"block kind", "id: d\nname: D\nblocks:\n  - kind: heading\n    text: x\n  - kind: tabel\n",
			`documents/d.yaml:6:5: block 2: kind "tabel" is not one of`},
		{"misspelt key", "id: d\nname: D\nblocks:\n  - kind: text\n    txet: x\n",
			`documents/d.yaml:5:5: unknown key "txet"; did you mean "text"?`},
		{"rows", "id: d\nname: D\nblocks:\n  - kind: table\n    rows: items\n",
			`documents/d.yaml:4:5: block 1: "items" must name a list under case.`},
		{"numbering", "id: d\nname: D\nblocks:\n  - kind: text\n    numbering: roman\n    text: x\n",
			`documents/d.yaml:4:5: block 1: numbering "roman" is not one of`},
		{"wrong type", "id: d\nname: D\nblocks:\n  - kind: text\n    size: big\n",
			`documents/d.yaml:5:11: cannot construct !!str`},
		{"template", "id: d\nname: D\nblocks:\n  - kind: text\n    text: \"{{ case.id }\"\n",
			`documents/d.yaml:5:23: template: '}}' expected`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := twoDocs()
			fsys["pack.yaml"] = &fstest.MapFile{Data: []byte("name: t\nlocales: [zh-CN]\nfonts:\n  regular: [a.ttf]\ndocuments: [d]\n")}
			fsys["documents/d.yaml"] = &fstest.MapFile{Data: []byte(tt.doc)}
			_, err := pack.Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v\nwant …%s…", err, tt.want)
			}
		})
	}
}

// A language's labels are read when first asked for: a broken English
// file stops LoadLazy only when English is wanted, and Load at once.
func TestLabelsLazy(t *testing.T) {
	fsys := fstest.MapFS{
		"pack.yaml":         {Data: []byte("name: t\nlocales: [zh-CN, en]\nfonts:\n  regular: [a.ttf]\n")},
		"labels/zh-CN.yaml": {Data: []byte("a: 甲\n")},
		"labels/en.yaml":    {Data: []byte("a: [A\n")},
	}
	if _, err := pack.Load(fsys); err == nil || !strings.Contains(err.Error(), "labels/en.yaml:1:4") {
		t.Errorf("Load: err = %v, want labels/en.yaml:1:4", err)
	}
	p, err := pack.LoadLazy(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := p.Labels("zh-CN"); err != nil || m["a"] != "甲" {
		t.Errorf("Labels(zh-CN) = %v, %v", m, err)
	}
	if _, err := p.Labels("en"); err == nil || !strings.Contains(err.Error(), "labels/en.yaml:1:4") {
		t.Errorf("Labels(en): err = %v, want labels/en.yaml:1:4", err)
	}
	if m, err := p.Labels("fr"); m != nil || err != nil {
		t.Errorf("Labels(fr) = %v, %v; want nothing", m, err)
	}
}

// A calendar file with overlapping holidays or a malformed date is a pack
// error at its line; a pack that names a calendar it lacks says so; the
// default pack's calendar covers 2026.
func TestCalendarErrors(t *testing.T) {
	base := "name: t\nlocales: [zh-CN]\nfonts:\n  regular: [a.ttf]\npolicy: {calendar: cal.yaml}\n"
	cases := []struct{ cal, want string }{
		{"2026:\n  holidays:\n    - {name: A, from: 2026-01-01, to: 2026-01-03}\n    - {name: B, from: 2026-01-02, to: 2026-01-04}\n", "cal.yaml:4:7: overlaps A"},
		{"2026:\n  workdays: [2026-02-30]\n", "cal.yaml:2:14: \"2026-02-30\" is not a date"},
		{"", ""},
	}
	for _, tc := range cases {
		fsys := fstest.MapFS{"pack.yaml": {Data: []byte(base)}, "labels/zh-CN.yaml": {Data: []byte("x: y\n")}, "cal.yaml": {Data: []byte(tc.cal)}}
		_, err := pack.LoadLazy(fsys)
		if tc.want == "" {
			if err != nil {
				t.Errorf("an empty calendar: %v", err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("err = %v, want %q", err, tc.want)
		}
	}
	fsys := fstest.MapFS{"pack.yaml": {Data: []byte(base)}, "labels/zh-CN.yaml": {Data: []byte("x: y\n")}}
	if _, err := pack.LoadLazy(fsys); err == nil || !strings.Contains(err.Error(), "cal.yaml: not found") {
		t.Errorf("a named calendar missing: %v", err)
	}
	p, err := pack.LoadLazy(templates.Default())
	if err != nil {
		t.Fatal(err)
	}
	if ys := p.Calendar.Years(); len(ys) != 1 || ys[0] != 2026 {
		t.Errorf("default calendar years %v", ys)
	}
}
