package generator_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kesuhq/kesu/generator"
)

// TestInputRules: what validate lets through, render must be able to use,
// and what it refuses it says at the field that is wrong.
func TestInputRules(t *testing.T) {
	g := newGen(t)
	sofa := mustRead(t, "../samples/furniture-sofa.yaml")
	for _, tc := range []struct {
		name, old, new string
		ptr, want      string
	}{
		{"hex amount", "amount: 12800.00", "amount: 0x10", "/purchase/amount", "plain digits"},
		{"underscore amount", "amount: 12800.00", "amount: 1_000", "/purchase/amount", "plain digits"},
		{"signed amount", "amount: 12800.00", "amount: +5", "/purchase/amount", "plain digits"},
		{"year 0000", "purchased_on: 2026-09-12", "purchased_on: 0000-09-18", "/purchase/purchased_on", "is not a date"},
		{"purchase after receipt", "purchased_on: 2026-09-12", "purchased_on: 9999-12-31", "/purchase/purchased_on", "after /intake/received_at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(sofa, []byte(tc.old)) {
				t.Fatalf("the sample has no %q", tc.old)
			}
			_, err := g.Load("sofa.yaml", bytes.Replace(sofa, []byte(tc.old), []byte(tc.new), 1))
			var ve *generator.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("validate: %v; want a problem at %s", err, tc.ptr)
			}
			for _, p := range ve.Problems {
				if p.Line > 0 && (p.Pointer == tc.ptr || p.Pointer == "") && strings.Contains(p.Message, tc.want) {
					return
				}
			}
			t.Errorf("problems %+v; want one at %s saying %q", ve.Problems, tc.ptr, tc.want)
		})
	}

	t.Run("control character", func(t *testing.T) {
		src := bytes.Replace(sofa, []byte("expectation: 退货退款，并赔偿往返误工损失。"), []byte(`expectation: "退货\a退款"`), 1)
		c, err := g.Load("sofa.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		res, err := g.Render(context.Background(), c, "registration", generator.PDF, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range res.Warnings {
			if w.Pointer == "/complaint/expectation" && strings.Contains(w.Message, "U+0007") {
				return
			}
		}
		t.Errorf("warnings %v; want one about U+0007 at /complaint/expectation", res.Warnings)
	})

	t.Run("a long list is not an alias bomb", func(t *testing.T) {
		src := append(bytes.Clone(sofa), []byte("x-list:\n"+strings.Repeat("  - 1\n", 210_000))...)
		_, err := g.Load("sofa.yaml", src)
		if err == nil || strings.Contains(err.Error(), "alias") || !strings.Contains(err.Error(), "more than 200000 values") {
			t.Errorf("err = %v; want a message about the number of values that does not blame aliases", err)
		}
	})

	t.Run("include depth", func(t *testing.T) {
		fsys := fstest.MapFS{
			"pack.yaml":                   {Data: []byte("name: deep\nversion: 1.0.0\nextends: default\n")},
			"documents/registration.yaml": {Data: []byte("id: registration\nname: x\nblocks:\n  - kind: text\n    text: '{% include \"a.tpl\" %}'\n")},
			"a.tpl":                       {Data: []byte(`{% include "a.tpl" %}`)},
		}
		_, err := generator.New(generator.Options{Pack: fsys})
		if err == nil || strings.Contains(err.Error(), "no such file") || !strings.Contains(err.Error(), "more than 64 deep") {
			t.Errorf("err = %v; want a message about include depth", err)
		}
	})
}
