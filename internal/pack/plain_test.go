package pack

import (
	"context"
	"testing"

	"github.com/flosch/pongo2/v6"
)

var plainCtx = pongo2.Context{
	"n": 7, "locale": "zh-CN", "zero": 0, "empty": "", "yes": true, "no": false, "nil": nil,
	"L":  map[string]any{"p": map[string]any{"colon": "：", "list": "、"}, "eightd": map[string]any{"name": "8D 报告", "steps": map[string]any{}}},
	"en": "en", "d": map[string]any{"date": "2026-01-05", "at": "2026-01-05T09:30:00+08:00", "bad": "yesterday", "amt": "12800.50", "n": 3,
		"ka": "a", "kn": "n", "km": "m", "kz": "zz"},
	"K": map[string]any{"a": "甲", "": "空", "n": 5, "m": map[string]any{"x": 1}, "7": "七"},
	"row": map[string]any{"action": "隔离 <2,963> 台 & 复检", "owner": "", "qty": 12000, "price": 1.5, "ok": true, "off": false,
		"none": nil, "list": []any{"a"}, "nolist": []any{}, "m": map[string]any{"x": "深"}, "s": map[string]string{"x": "y"}, "i64": int64(3),
		"f0": 0.0, "ms": map[string]any{}},
}

// TestPlainVariable: a template of texts and one-variable prints, written
// without pongo2, prints what pongo2 prints, whatever the variables hold,
// and spends the document's budget alike.
func TestPlainVariable(t *testing.T) {
	c, err := newCompiler(nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := plainCtx
	for _, src := range []string{"{{ n }}", "{{row.action}}", "{{ row.owner }}", "{{ row.qty }}", "{{ row.price }}",
		"{{ row.ok }}", "{{ row.none }}", "{{ row.list }}", "{{ row.m.x }}", "{{ row.s.x }}", "{{ row.i64 }}",
		"{{ row.missing }}", "{{ nothing.at.all }}", "{{ locale }}", "{{ row.action }} ", "{{ row.action|upper }}",
		"{{ n }}{{ locale }}", "{{ true }}", "{{ row.list.0 }}", "x{{ n }}", "{{ row.m.x}}", "{{ nil }}",
		"D0 {{ L.eightd.name }}", "{{ L.eightd.name }}{{ L.p.colon }}{{ n }}", "{{ L.eightd.name }}{{ row.price }}",
		"{{ row.action.x }}", "{{ row.owner }} & {{ row.none }}!", "a}}b{{ n }}", "{{ pongo2.version }}",
		"{{ L.eightd.steps.D9 }}（{{ zero }}）",
		"{{ d.date|ymd:locale }}", "{{ d.date|ymd:en }}", "{{ d.date|ymd:'en' }}", `{{ d.date|ymd:"en" }}`, "{{ d.at|ymdhm:locale }}",
		"{{ d.at|ymdhm:en }}", "{{ d.bad|ymd:locale }}", "{{ row.missing|ymd:locale }}", "{{ row.none|ymd }}", "{{ row.owner|ymd }}",
		"{{ row.price|ymd }}", "{{ d.date|ymd:row.qty }}", "{{ d.date|ymd:row.price }}", "{{ d.date|ymd:row.missing }}", "{{ d.date | ymd }}",
		"x {{ d.date|ymd:locale }} y", "{{ d.amt|money }}", "{{ d.amt|daxie }}", `{{ d.amt|daxie:"minimal" }}`, "{{ d.amt|amount_words }}",
		"{{ row.qty|money }}", "{{ zero|money }}", "{{ d.n|numeral }}", "{{ d.n|copies }}", "{{ d.bad|money }}", "{{ d.date|upper }}",
		"{{ d.date|ymd|money }}",
		"{{ K[d.ka|default:''] }}", `{{ K[d.ka|default:""] }}`, "{{ K[d.kn|default:''] }}", "{{ K[d.km|default:''] }}", "{{ K[d.kz|default:''] }}",
		"{{ K[row.owner|default:''] }}", "{{ K[row.missing|default:''] }}", "{{ K[row.none|default:''] }}", "{{ K[zero|default:''] }}",
		"{{ K[n|default:''] }}", "{{ K[row.ok|default:''] }}", "{{ K[row.off|default:''] }}", "{{ K[row.list|default:''] }}",
		"{{ K[row.nolist|default:''] }}", "{{ K[row.m|default:''] }}", "{{ K[row.ms|default:''] }}", "{{ nothing[d.ka|default:''] }}",
		"{{ row.action[d.ka|default:''] }}", "{{ row.list[d.ka|default:''] }}", "{{ row.none[d.ka|default:''] }}",
		"{{ K[d.ka] }}", "{{ K[d.ka|default:'a'] }}", "x{{ K[d.ka|default:''] }}（{{ d.date|ymd:locale }}）"} {
		lazy := &Tpl{Src: src}
		c.tpl(lazy)
		if lazy.t == nil && lazy.lazy == nil {
			t.Fatalf("%s: did not compile: %v", src, c.errs)
		}
		eager := &Tpl{Src: src}
		c.compile(eager, wrapOpen, src, wrapClose, false)
		if eager.t == nil {
			t.Fatalf("%s: pongo2 did not compile it: %v", src, c.errs)
		}
		want, wantErr := eager.Exec(ctx)
		got, err := lazy.Exec(ctx)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Errorf("%s: %q (%v), pongo2 prints %q (%v)", src, got, err, want, wantErr)
		}
	}
	// What pongo2 refuses, it refuses when the pack loads.
	for _, src := range []string{"{{ row.in }}", "{{ d.date|ymd: }}", "{{ d.date|nosuch }}", "{{ d.date|ymd:in }}"} {
		c.errs = nil
		c.tpl(&Tpl{Src: src})
		if len(c.errs) != 1 {
			t.Errorf("%s: %d errors when compiled, want pongo2's one", src, len(c.errs))
		}
	}
	plain := &Tpl{Src: "{{ L.eightd.name }}：{{ row.action }}（{{ d.date|ymd:locale }}）{{ K[d.ka|default:''] }}"}
	c.tpl(plain)
	if plain.parts == nil || plain.t != nil {
		t.Fatalf("%s is compiled by pongo2, not written plainly", plain.Src)
	}
	if s, err := plain.Exec(ctx); err != nil || s != "8D 报告：隔离 <2,963> 台 & 复检（2026年1月5日）甲" {
		t.Fatalf("%q, %v", s, err)
	}
	if plain.lazy.t != nil {
		t.Error("a template written plainly was compiled by pongo2 all the same")
	}
	b := NewBudget(context.Background(), 30)
	bctx := pongo2.Context{BudgetKey: b}
	for k, v := range ctx {
		bctx[k] = v
	}
	if _, err := plain.Exec(bctx); err == nil {
		t.Errorf("a 63-byte text within a 30-byte budget: no error")
	}
}

// TestPlainCondition: a condition that is one variable is as true as
// pongo2's {% if %} finds it.
func TestPlainCondition(t *testing.T) {
	c, err := newCompiler(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"n", "zero", "empty", "yes", "no", "nil", "missing", "row.missing.deeper", "row.action", "row.owner",
		"row.ok", "row.off", "row.none", "row.list", "row.nolist", "row.m", "row.ms", "row.s", "row.i64", "row.price", "row.f0",
		"row.action.x", "L.eightd.steps", "true", "row.qty"} {
		lazy := &Cond{Tpl: Tpl{Src: src}}
		c.cond(lazy)
		eager := &Cond{Tpl: Tpl{Src: src}}
		c.compile(&eager.Tpl, "{% if ", src, " %}1{% endif %}", false)
		if eager.t == nil || len(c.errs) > 0 {
			t.Fatalf("%s: pongo2 did not compile it: %v", src, c.errs)
		}
		want, wantErr := eager.True(plainCtx)
		got, err := lazy.True(plainCtx)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Errorf("when: %s: %v (%v), pongo2 finds %v (%v)", src, got, err, want, wantErr)
		}
	}
}
