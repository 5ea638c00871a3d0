package pack_test

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/memtest"
	"github.com/kesuhq/kesu/internal/pack"
)

// TestTemplateBombs: whatever construct a pack's template grows text
// with — nested with, include … with, includes that fan out, filters
// applied again and again, a loop inside a filter's buffer — it stops at
// the document's budget with an error saying so, quickly and in little
// memory, not when the machine runs out of either.
func TestTemplateBombs(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "{{ a|length }}" + strings.Repeat(close, n)
	}
	chain := func(file string, n int, body func(i int) string) fstest.MapFS {
		fs := fstest.MapFS{}
		for i := range n {
			fs[fmt.Sprintf("%s%d.tpl", file, i)] = &fstest.MapFile{Data: []byte(body(i))}
		}
		return fs
	}
	list := `case.kb|make_list`
	// half a MiB held, and 200 copies of it added in one expression.
	big := `{% with k=case.kb+case.kb %}` + strings.Repeat(`{% with k=k+k %}`, 8)
	endBig := strings.Repeat(`{% endwith %}`, 9)
	terms := strings.TrimSuffix(strings.Repeat("k+", 200), "+")
	for _, tc := range []struct {
		name, text string
		files      fstest.MapFS
		want       string
	}{
		{name: "nested with add", text: `{% with a=case.kb %}` + nest(`{% with a=a|add:a %}`, `{% endwith %}`, 40) + `{% endwith %}`, want: "more than 2 MiB"},
		{name: "nested with plus", text: `{% with a=case.kb %}` + nest(`{% with a=a+a %}`, `{% endwith %}`, 40) + `{% endwith %}`, want: "more than 2 MiB"},
		{name: "old-style with", text: `{% with case.kb as a %}` + nest(`{% with a+a as a %}`, `{% endwith %}`, 40) + `{% endwith %}`, want: "more than 2 MiB"},
		{name: "withs held at once", text: `{% with k=case.kb|add:case.kb %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}` +
			nest(`{% with a=k|add:"x" %}`, `{% endwith %}`, 300) + strings.Repeat(`{% endwith %}`, 9), want: "hold more than 2 MiB"},
		{name: "sets held at once", text: `{% with k=case.kb|add:case.kb %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}{% with k=k+k %}` +
			nest(`{% with x=1 %}{% set a = k|add:"x" %}`, `{% endwith %}`, 300) + strings.Repeat(`{% endwith %}`, 9), want: "hold more than 2 MiB"},
		{name: "include with", text: `{% include "inc/0.tpl" with a=case.kb %}`, files: chain("inc/", 40, func(i int) string {
			if i == 39 {
				return `{{ a|length }}`
			}
			return fmt.Sprintf(`{%% include "%d.tpl" with a=a+a %%}`, i+1)
		}), want: "more than 2 MiB"},
		// pongo2 parses a file anew at each include: the includes of one
		// template are at most 64, and only a loop repeats them.
		{name: "include in a loop", text: `{% for a in ` + list + ` %}{% for b in ` + list + ` %}{% include "x.tpl" %}{% endfor %}{% endfor %}`,
			files: fstest.MapFS{"x.tpl": {Data: []byte(`{% filter upper %}{{ case.kb }}{% endfilter %}`)}}, want: "more than 2 MiB"},
		{name: "addslashes", text: `{{ case.slash` + strings.Repeat(`|addslashes`, 40) + ` }}`, want: "more than 2 MiB"},
		{name: "stringformat", text: `{{ case.kb|stringformat:"%0999999999s" }}`, want: "at most 10000"},
		{name: "floatformat", text: `{{ 1.5|floatformat:999999999 }}`, want: "at most 10000"},
		{name: "join", text: `{% with s=case.kb+case.kb+case.kb+case.kb %}{{ s|make_list|join:s }}{% endwith %}`, want: "more than 2 MiB"},
		{name: "loop in a filter", text: `{% filter upper %}{% for a in ` + list + ` %}{% for b in ` + list + ` %}{{ case.kb }}{% endfor %}{% endfor %}{% endfilter %}`, want: "more than 2 MiB"},
		{name: "plus chain", text: big + `{{ ` + terms + ` }}` + endBig, want: "more than 8 '+' in one expression"},
		{name: "plus chain in if", text: big + `{% if ` + terms + ` == "" %}x{% endif %}` + endBig, want: "more than 8 '+' in one expression"},
		{name: "plus chain in set", text: big + `{% set s = ` + terms + ` %}` + endBig, want: "more than 8 '+' in one expression"},
		{name: "plus chain included", text: big + `{% include "x.tpl" %}` + endBig, files: fstest.MapFS{"x.tpl": {Data: []byte(`{{ ` + terms + ` }}`)}}, want: "more than 8 '+' in one expression"},
		{name: "include only", text: `{% include "x.tpl" only %}`, files: fstest.MapFS{"x.tpl": {Data: []byte("x")}}, want: "only %} is not allowed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"pack.yaml":         {Data: []byte("name: t\nlocales: [zh-CN]\nfonts:\n  regular: [a.ttf]\ndocuments: [d]\n")},
				"labels/zh-CN.yaml": {Data: []byte("x: y\n")},
				"documents/d.yaml":  {Data: []byte("id: d\nname: x\nblocks:\n  - kind: text\n    text: '" + tc.text + "'\n")},
			}
			for k, v := range tc.files {
				fsys[k] = v
			}
			var err error
			alloc, took := allocated(func() {
				var p *pack.Pack
				var d *pack.Document
				if p, err = pack.Load(fsys); err != nil {
					return
				}
				if d, err = p.Document("d"); err != nil {
					return
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				defer cancel()
				vars := pongo2.Context{"case": map[string]any{"kb": strings.Repeat("长", 342), "slash": `\`}, pack.BudgetKey: pack.NewBudget(ctx, pack.MaxText)}
				_, err = d.Blocks[0].Text.Exec(vars)
			})
			t.Logf("%v; allocated %.1f MB in %v of CPU", err, float64(alloc)/(1<<20), took)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v; want one saying %q", err, tc.want)
			}
			if alloc > 64<<20 || took > 2*time.Second {
				t.Errorf("allocated %d MB in %v of CPU; want under 64 MB and 2 s", alloc>>20, took)
			}
		})
	}
}

// allocated is what f allocates in all, a bound of its peak, and the CPU
// time the process spent on it: not the wall time, which a loaded machine
// stretched past the bound (3.4 s at load 23 for what takes 0.03 s), while
// the bombs this catches burnt 7–25 s of CPU.
func allocated(f func()) (uint64, time.Duration) {
	start := cpuTime()
	n := memtest.Allocated(f)
	return n, cpuTime() - start
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
