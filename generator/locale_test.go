package generator_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/doc"
)

// TestLocalePrecedence: the generator's locale (the CLI's --locale,
// KESU_LOCALE or kesu.yaml) over the case's locale field over the pack's
// default, for a case's documents; for documents of many cases (tracking
// table) the locale asked for that document over the generator's over
// the default. A locale the pack lacks is an error where it was asked.
func TestLocalePrecedence(t *testing.T) {
	path := filepath.Join("..", "samples", "furniture-sofa.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte("\nlocale: zh-CN")) {
		t.Fatal("the sample no longer states locale: zh-CN")
	}
	gens := map[string]*generator.Generator{}
	gen := func(loc string) *generator.Generator {
		if gens[loc] == nil {
			g, err := generator.New(generator.Options{Locale: loc})
			if err != nil {
				t.Fatal(err)
			}
			gens[loc] = g
		}
		return gens[loc]
	}
	for _, tc := range []struct {
		option, field string // field "": the case states none
		want          string // "": a problem at /locale
	}{
		{"", "", "zh-CN"},
		{"", "zh-CN", "zh-CN"},
		{"", "en", "en"},
		{"", "fr", ""}, // the case format allows zh-CN and en only
		{"en", "", "en"},
		{"en", "zh-CN", "en"},
		{"zh-CN", "en", "zh-CN"},
	} {
		t.Run(tc.option+"/"+tc.field, func(t *testing.T) {
			data := src
			if tc.field == "" {
				data = bytes.Replace(src, []byte("\nlocale: zh-CN"), nil, 1)
			} else {
				data = bytes.Replace(src, []byte("\nlocale: zh-CN"), []byte("\nlocale: "+tc.field), 1)
			}
			g := gen(tc.option)
			c, err := g.Load(path, data, generator.WithAssets(generator.DirFS(filepath.Dir(path))))
			var d *doc.Document
			if err == nil {
				d, err = g.Resolve(c, "agreement")
			}
			if tc.want == "" {
				var ve *generator.ValidationError
				if !errors.As(err, &ve) || ve.Problems[0].Pointer != "/locale" || !strings.Contains(ve.Problems[0].Message, `"fr"`) {
					t.Fatalf("locale %q: %v; want a problem at /locale naming it", tc.field, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(d.Locale) != tc.want {
				t.Errorf("option %q, case %q: the document is in %q, want %q", tc.option, tc.field, d.Locale, tc.want)
			}
		})
	}

	// A pack written in Chinese only: a case asking for English is told
	// so at its locale field, unless the generator decides.
	zh := fstest.MapFS{"pack.yaml": {Data: []byte("name: zh-only\nversion: 1.0.0\nextends: default\nlocales: [zh-CN]\n")}}
	for _, option := range []string{"", "zh-CN"} {
		g, err := generator.New(generator.Options{Pack: zh, Locale: option})
		if err != nil {
			t.Fatal(err)
		}
		c, err := g.Load(path, bytes.Replace(src, []byte("\nlocale: zh-CN"), []byte("\nlocale: en"), 1), generator.WithAssets(generator.DirFS(filepath.Dir(path))))
		if err != nil {
			t.Fatal(err)
		}
		d, err := g.Resolve(c, "agreement")
		var ve *generator.ValidationError
		switch {
		case option == "" && (!errors.As(err, &ve) || ve.Problems[0].Pointer != "/locale" || ve.Problems[0].Line != 7 || !strings.Contains(ve.Problems[0].Message, `no locale "en"`)):
			t.Errorf("a case in en, a pack in zh-CN: %v; want a problem at line 7, /locale", err)
		case option != "" && (err != nil || d.Locale != "zh-CN"):
			t.Errorf("a case in en, a pack and generator in zh-CN: %v; want the document in zh-CN", err)
		}
	}

	if _, err := generator.New(generator.Options{Locale: "fr"}); err == nil || !strings.Contains(err.Error(), `"fr"`) {
		t.Errorf("a generator in fr: %v; want a usage error naming fr", err)
	} else if ue := (*generator.UsageError)(nil); !errors.As(err, &ue) {
		t.Errorf("a generator in fr: %T, want *UsageError", err)
	}

	// The tracking table: one document of many cases.
	g := gen("")
	c, err := g.Load(path, bytes.Replace(src, []byte("\nlocale: zh-CN"), []byte("\nlocale: en"), 1))
	if err != nil {
		t.Fatal(err)
	}
	tr := g.Track([]*generator.Case{c}, time.Time{}, 30)
	for _, tc := range []struct {
		g      *generator.Generator
		asked  string
		marker string // a word of the table's title
	}{
		{g, "", "跟踪"},               // the pack's default, whatever the case says
		{gen("en"), "", "Tracking"}, // the generator's
		{gen("en"), "zh-CN", "跟踪"},  // the document's over the generator's
		{g, "en", "Tracking"},
	} {
		var out bytes.Buffer
		if err := tc.g.RenderTrack(tr, tc.asked, generator.XLSX, &out); err != nil {
			t.Fatal(err)
		}
		if text := xlsxText(t, out.Bytes()); !strings.Contains(text, tc.marker) {
			t.Errorf("tracking table asked %q: no %q in %.80q", tc.asked, tc.marker, text)
		}
	}
	var out bytes.Buffer
	if err := g.RenderTrack(tr, "fr", generator.PDF, &out); err == nil || out.Len() != 0 {
		t.Errorf("a tracking table in fr: %v, %d bytes; want a usage error and nothing written", err, out.Len())
	}
}
