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
// its budget without panicking.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"id: d\nname: x\nblocks:\n  - kind: text\n    text: \"{{ case.id }}\"\n",
		"id: d\nname: x\nblocks:\n  - kind: text\n    text: \"{% for a in case.list %}{% set s = s + a %}{% endfor %}{{ s|ljust:20 }}\"\n",
		"id: d\nname: x\nblocks:\n  - kind: text\n    text: \"{% lorem 3 w %}{{ x|center:9 }}\"\n    when: case.id\n",
		"id: d\nname: x\nblocks:\n  - kind: table\n    rows: case.list\n    columns: [{title: a, value: \"{{ row }}\"}]\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		fsys := fstest.MapFS{
			"pack.yaml":         {Data: []byte("name: t\nlocales: [zh-CN]\nfonts:\n  regular: [a.ttf]\ndocuments: [d]\n")},
			"labels/zh-CN.yaml": {Data: []byte("x: y\n")},
			"documents/d.yaml":  {Data: []byte(doc)},
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
			b.Text.Exec(vars)
			b.When.True(vars)
		}
	})
}
