package pack_test

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/pack"
)

// FuzzLoad: no document definition or template, however formed, makes
// loading and compiling a pack panic, and whatever compiles runs within
// its budget without panicking, and its errors are placed without
// panicking either.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"id: d\nname: x\nblocks:\n  - kind: text\n    text: \"{{ case.id }}\"\n",
		"id: d\nname: x\nblocks:\n  - kind: text\n    text: \"{% for a in case.list %}{% set s = s + a %}{% endfor %}{{ s|ljust:20 }}\"\n",
		"id: d\nname: x\nblocks:\n  - kind: text\n    text: \"{% lorem 3 w %}{{ x|center:9 }}\"\n    when: case.id\n",
		"id: d\nname: x\nblocks:\n  - kind: text\n    text: |\n      a {{ case.id+case.id+'+' }}\n      {% include \"inc.tpl\" %}{{ case.id|ljust:99999 }}\n",
		"id: d\nname: x\nblocks:\n  - kind: table\n    rows: case.list\n    columns: [{title: a, value: \"{{ row }}\"}]\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		fsys := fstest.MapFS{
			"pack.yaml":         {Data: []byte("name: t\nlocales: [zh-CN]\nfonts:\n  regular: [a.ttf]\ndocuments: [d]\n")},
			"labels/zh-CN.yaml": {Data: []byte("x: y\n")},
			"documents/d.yaml":  {Data: []byte(doc)},
			"inc.tpl":           {Data: []byte("a\n{{ case.id|rjust:99999 }}")},
		}
		p, err := pack.Load(fsys)
		if err != nil {
			return
		}
		d, err := p.Document("d")
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		vars := pongo2.Context{"case": map[string]any{"id": "KS-1", "list": []any{"a", "b"}}, pack.BudgetKey: pack.NewBudget(ctx, 1<<16)}
		for _, b := range d.Blocks {
			if _, err := b.Text.Exec(vars); err != nil {
				b.Text.At("documents/d.yaml", err)
			}
			if _, err := b.When.True(vars); err != nil {
				b.When.At("documents/d.yaml", err)
			}
		}
	})
}
