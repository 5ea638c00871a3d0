package generator_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
)

// TestFontWarningsWhereDrawn: a character no font has is warned of where
// the case writes it — a table cell, a fishbone cause — and, in the pack's
// own words (a label), at the document's file; once each, in order.
func TestFontWarningsWhereDrawn(t *testing.T) {
	g, err := withPack(t, map[string]string{
		"pack.yaml":         "name: xinghe\nversion: 1.0.0\nextends: default\n",
		"labels/zh-CN.yaml": "eightd:\n  customer_ref: 客诉编号𠀂\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../samples/manufacturer-8d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct{ old, new string }{
		{"effectiveness: 100%}", "effectiveness: 100%𠀀}"},                     // a D3 table cell
		{"超过30%的上限", "超过30%的上限𠀁"},                                             // a D4 cause on the fishbone
		{"owner: 宋晓喆, due_on: 2026-03-10", "owner: 宋晓喆𠀁, due_on: 2026-03-10"}, // the same again, elsewhere
	} {
		if !bytes.Contains(src, []byte(r.old)) {
			t.Fatalf("the sample no longer has %q", r.old)
		}
		src = bytes.Replace(src, []byte(r.old), []byte(r.new), 1)
	}
	c, err := g.Load("8d.yaml", src, generator.WithAssets(generator.DirFS("../samples")))
	if err != nil {
		t.Fatal(err)
	}
	_, res := render(t, g, c, "8d", generator.PDF)
	var got []string
	for _, w := range res.Warnings {
		if strings.Contains(w.Message, "is in no font") {
			if w.File == "8d.yaml" && w.Line == 0 {
				t.Errorf("no line for %v", w)
			}
			got = append(got, w.File+" "+w.Pointer+" "+w.Message)
		}
	}
	want := []string{
		"8d.yaml /eightd/d3/0/owner character 𠀁 (U+20001) is in no font of pack xinghe; the PDF shows 〓 in its place",
		"8d.yaml /eightd/d3/0/effectiveness character 𠀀 (U+20000) is in no font of pack xinghe; the PDF shows 〓 in its place",
		"8d.yaml /eightd/d4/3/cause character 𠀁 (U+20001) is in no font of pack xinghe; the PDF shows 〓 in its place",
		"documents/8d.yaml  document 8d: character 𠀂 (U+20002) is in no font of pack xinghe; the PDF shows 〓 in its place",
	}
	if !slices.Equal(got, want) {
		t.Errorf("font warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
