package pack

import (
	"context"
	"testing"

	"github.com/flosch/pongo2/v6"
)

// TestPlainVariable: a template that prints one variable, looked up
// without pongo2, prints what pongo2 prints, whatever the variable holds,
// and spends the document's budget alike.
func TestPlainVariable(t *testing.T) {
	c, err := newCompiler(nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := pongo2.Context{
		"n": 7, "locale": "zh-CN",
		"row": map[string]any{"action": "隔离 <2,963> 台 & 复检", "owner": "", "qty": 12000, "price": 1.5, "ok": true,
			"none": nil, "list": []any{"a"}, "m": map[string]any{"x": "深"}, "s": map[string]string{"x": "y"}, "i64": int64(3)},
	}
	for _, src := range []string{"{{ n }}", "{{row.action}}", "{{ row.owner }}", "{{ row.qty }}", "{{ row.price }}",
		"{{ row.ok }}", "{{ row.none }}", "{{ row.list }}", "{{ row.m.x }}", "{{ row.s.x }}", "{{ row.i64 }}",
		"{{ row.missing }}", "{{ nothing.at.all }}", "{{ locale }}", "{{ row.action }} ", "{{ row.action|upper }}",
		"{{ n }}{{ locale }}", "{{ true }}", "{{ row.list.0 }}", "x{{ n }}", "{{ row.m.x}}"} {
		tp := &Tpl{Src: src}
		c.tpl(tp)
		if tp.t == nil {
			t.Fatalf("%s: did not compile: %v", src, c.errs)
		}
		want, err := tp.t.Execute(ctx)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got, err := tp.Exec(ctx)
		if err != nil || got != want {
			t.Errorf("%s: %q (%v), pongo2 prints %q", src, got, err, want)
		}
	}
	plain := &Tpl{Src: "{{ row.action }}"}
	c.tpl(plain)
	if plain.path == nil {
		t.Fatal("{{ row.action }} is not looked up plainly")
	}
	b := NewBudget(context.Background(), 10)
	ctx[BudgetKey] = b
	if _, err := plain.Exec(ctx); err == nil {
		t.Errorf("a 25-byte value within a 10-byte budget: no error")
	}
}
