package generator_test

import (
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kesuhq/kesu/generator"
)

// TestPackTemplatesBounded: what a pack's templates may cost is bounded
// at every render — text written, one variable's size, width filters —
// and they are stopped, not abandoned, at the deadline: no goroutine is
// left running them.
func TestPackTemplatesBounded(t *testing.T) {
	pack := func(text string) fstest.MapFS {
		return fstest.MapFS{
			"pack.yaml":                   {Data: []byte("name: evil\nversion: 1.0.0\nextends: default\n")},
			"documents/registration.yaml": {Data: []byte("id: registration\nname: x\nblocks:\n  - kind: text\n    text: '" + text + "'\n")},
		}
	}
	src := "schema: kesu/case/v1\nid: KS-1\ncustomer: {name: 张三}\nintake: {channel: hotline, received_at: 2026-11-03T10:20:00+08:00}\ncomplaint: {description: " + strings.Repeat("长", 300) + "}\n"
	list := `case.complaint.description|make_list`
	for _, tc := range []struct {
		name, text, want string
	}{
		{"ljust", `{{ case.id|ljust:2000000000 }}`, "width 2000000000"},
		{"rjust", `{{ case.id|rjust:2000000000 }}`, "width 2000000000"},
		{"center", `{{ case.id|center:2000000000 }}`, "width 2000000000"},
		{"doubling set", `{% set s = case.complaint.description %}{% for i in ` + list + ` %}{% set s = s + s %}{% endfor %}{{ s|length }}`, "more than 2 MiB"},
		{"text written", `{% for a in ` + list + ` %}{% for b in ` + list + ` %}{{ case.complaint.description }}{% endfor %}{% endfor %}`, "more than 2 MiB"},
		{"nested with", `{% with a=case.complaint.description %}` + strings.Repeat(`{% with a=a|add:a %}`, 40) + `{{ a|length }}` + strings.Repeat(`{% endwith %}`, 41), "more than 2 MiB"},
		{"filter applied again", `{{ "\\"` + strings.Repeat(`|addslashes`, 40) + ` }}`, "more than 2 MiB"},
		{"loop in a filter", `{% filter upper %}{% for a in ` + list + ` %}{% for b in ` + list + ` %}{{ case.complaint.description }}{% endfor %}{% endfor %}{% endfilter %}`, "more than 2 MiB"},
		{"silent loop", `{% for a in ` + list + ` %}{% for b in ` + list + ` %}{% for c in ` + list + ` %}{% set x = a %}{% endfor %}{% endfor %}{% endfor %}`, "stopped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := generator.New(generator.Options{Pack: pack(tc.text), TemplateTimeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			c, err := g.Load("case.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			goroutines := runtime.NumGoroutine()
			var rerr error
			alloc, took := peakAlloc(func() {
				_, rerr = g.Render(context.Background(), c, "registration", generator.PDF, io.Discard)
			})
			t.Logf("%v; allocated %.1f MB in %v", rerr, float64(alloc)/(1<<20), took)
			if rerr == nil || !strings.Contains(rerr.Error(), tc.want) || !strings.Contains(rerr.Error(), "registration.yaml") {
				t.Errorf("render: %v; want an error of documents/registration.yaml saying %q", rerr, tc.want)
			}
			// A silent loop allocates as it turns (garbage, not a peak): its
			// bound is the deadline.
			if alloc > 64<<20 && tc.name != "silent loop" || took > 2*time.Second {
				t.Errorf("allocated %d MB in %v; want under 64 MB and 2 s", alloc>>20, took)
			}
			time.Sleep(50 * time.Millisecond)
			if n := runtime.NumGoroutine(); n > goroutines {
				t.Errorf("%d goroutines after the render, %d before: the templates are still running", n, goroutines)
			}
		})
	}
}

// TestPackTemplatesDeterministic: what makes two renders of one case
// differ, or fills a document with placeholder text, is refused when the
// pack loads and by kesu pack lint, at its line.
func TestPackTemplatesDeterministic(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{`{{ case.customer.name|random }}`, "random"},
		{`{% lorem 3 w random %}`, "different text at every render"},
		{`{% lorem 100000000 w %}`, "at most 1000"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			fsys := fstest.MapFS{
				"pack.yaml":                   {Data: []byte("name: evil\nversion: 1.0.0\nextends: default\n")},
				"documents/registration.yaml": {Data: []byte("id: registration\nname: x\nblocks:\n  - kind: text\n    text: '" + tc.text + "'\n")},
			}
			_, err := generator.New(generator.Options{Pack: fsys})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "registration.yaml:5:") {
				t.Errorf("New: %v; want documents/registration.yaml:5: …%s…", err, tc.want)
			}
			probs, err := generator.LintPack(fsys)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range probs {
				found = found || strings.Contains(p.String(), tc.want)
			}
			if !found {
				t.Errorf("lint: %v; want a problem saying %q", probs, tc.want)
			}
		})
	}
}
