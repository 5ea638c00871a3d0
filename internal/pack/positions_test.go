package pack_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/pack"
)

// TestTemplateErrorPositions: a template that fails, when the pack loads
// or when it renders, is reported at the tag or filter that failed, in the
// file its author wrote — the document, a block's template file or a file
// it includes — whatever kesu wraps around it and renames inside it.
func TestTemplateErrorPositions(t *testing.T) {
	const render = "ljust:99999" // fails only when it runs
	plus := strings.Repeat("case.kb+", 9) + "x"
	for _, tc := range []struct {
		name string
		// block is the document's block, at line 4; files are the
		// pack's other files.
		block string
		files map[string]string
		// the error is in file at line, at the first marker on it.
		file   string
		line   int
		marker string
	}{
		{name: "render, quoted", block: `text: "ab {{ case.kb|` + render + ` }}"`, file: "documents/d.yaml", line: 5, marker: "ljust"},
		{name: "render, plain, after a for", block: `text: ab {% for c in case.kb %}{{ c|upper }}{% endfor %} {{ case.kb|` + render + ` }}`, file: "documents/d.yaml", line: 5, marker: "ljust"},
		{name: "render, a condition", block: "when: case.kb|" + render + "\n    text: x", file: "documents/d.yaml", line: 5, marker: "ljust"},
		{name: "render, | block line 1", block: "text: |\n      ab {{ case.kb|" + render + " }}\n      cd", file: "documents/d.yaml", line: 6, marker: "ljust"},
		{name: "render, | block line 3", block: "text: |\n      ab\n      {% for c in case.kb %}\n        {{ c|" + render + " }}{% endfor %}", file: "documents/d.yaml", line: 8, marker: "ljust"},
		{name: "load, | block line 2", block: "text: |\n      ab\n      cd {{ case.kb|nosuch }}", file: "documents/d.yaml", line: 7, marker: "nosuch"},
		{name: "render, template file line 1", block: "template: t.{locale}.tpl", files: map[string]string{"t.zh-CN.tpl": "ab {{ case.kb|" + render + " }}\n"}, file: "t.zh-CN.tpl", line: 1, marker: "ljust"},
		{name: "render, template file line 3", block: "template: t.{locale}.tpl", files: map[string]string{"t.zh-CN.tpl": "a\n{% for c in case.kb %}\n {{ c|upper }}{{ case.kb|" + render + " }}{% endfor %}\n"}, file: "t.zh-CN.tpl", line: 3, marker: "ljust"},
		{name: "render, included line 1", block: `text: "a {% include \"inc/x.tpl\" %}"`, files: map[string]string{"inc/x.tpl": "abc {{ case.kb|" + render + " }}"}, file: "inc/x.tpl", line: 1, marker: "ljust"},
		{name: "render, included line 2", block: `text: "a {% include \"inc/x.tpl\" %}"`, files: map[string]string{"inc/x.tpl": "ab\n{% with y=case.kb|upper %}{{ y|" + render + " }}{% endwith %}"}, file: "inc/x.tpl", line: 2, marker: "ljust"},
		{name: "load, quoted", block: `text: "{{ x|upper }}{{ case.kb|nosuch }}"`, file: "documents/d.yaml", line: 5, marker: "nosuch"},
		{name: "load, template file line 2", block: "template: t.{locale}.tpl", files: map[string]string{"t.zh-CN.tpl": "a\n{% for c in case.kb %}{{ c|nosuch }}{% endfor %}"}, file: "t.zh-CN.tpl", line: 2, marker: "nosuch"},
		{name: "load, included line 1", block: `text: "a {% include \"inc/x.tpl\" %}"`, files: map[string]string{"inc/x.tpl": "abc {{ case.kb|nosuch }}"}, file: "inc/x.tpl", line: 1, marker: "nosuch"},
		{name: "load, included line 2", block: `text: "a {% include \"inc/x.tpl\" %}"`, files: map[string]string{"inc/x.tpl": "ab\ncd {{ case.kb|nosuch }}"}, file: "inc/x.tpl", line: 2, marker: "nosuch"},
		{name: "load, too many +", block: `text: "{{ x|upper }}{{ ` + plus + ` }}"`, file: "documents/d.yaml", line: 5, marker: "+x"},
		{name: "load, too many + included", block: `text: "a {% include \"inc/x.tpl\" %}"`, files: map[string]string{"inc/x.tpl": "ab\n{{ " + plus + " }}"}, file: "inc/x.tpl", line: 2, marker: "+x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := "id: d\nname: x\nblocks:\n  - kind: text\n    " + tc.block + "\n"
			fsys := fstest.MapFS{
				"pack.yaml":         {Data: []byte("name: t\nlocales: [zh-CN]\nfonts:\n  regular: [a.ttf]\ndocuments: [d]\n")},
				"labels/zh-CN.yaml": {Data: []byte("x: y\n")},
				"documents/d.yaml":  {Data: []byte(doc)},
			}
			for k, v := range tc.files {
				fsys[k] = &fstest.MapFile{Data: []byte(v)}
			}
			lines := strings.Split(string(fsys[tc.file].Data), "\n")
			want := fmt.Sprintf("%s:%d:%d: ", tc.file, tc.line, strings.Index(lines[tc.line-1], tc.marker)+1)
			p, err := pack.Load(fsys)
			if err == nil {
				d, _ := p.Document("d")
				b := &d.Blocks[0]
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				vars := pongo2.Context{"case": map[string]any{"kb": "xy"}, pack.BudgetKey: pack.NewBudget(ctx, pack.MaxText)}
				if _, err = b.When.True(vars); err != nil {
					err = b.When.At("documents/d.yaml", err)
				} else if tpl := b.TextFor("zh-CN"); tpl != nil {
					if _, err = tpl.Exec(vars); err != nil {
						err = tpl.At("documents/d.yaml", err)
					}
				}
			}
			var pe *pack.Error
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("err = %v; want one at %s", err, want)
			}
		})
	}
}
