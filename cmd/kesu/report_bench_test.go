package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/casegen"
)

// BenchmarkReport10000 times kesu report over a year of 10,000 generated
// cases: from the case files (each parsed, validated and turned into a
// ledger row, a core each), and from the merged ledger kesu ledger
// writes. The goals: 10 s and 2 s on the 2-core development machine.
//
//	go test ./cmd/kesu -run '^$' -bench Report10000 -benchtime 1x -timeout 20m
func BenchmarkReport10000(b *testing.B) {
	dir := b.TempDir()
	cases := filepath.Join(dir, "cases")
	files := casegen.Mixed(10000, 11, casegen.Mix{Open: 0.1, Repeat: 0.1})
	for _, f := range append(casegen.Assets(), files...) {
		p := filepath.Join(cases, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	kesu := func(args ...string) {
		b.Helper()
		var out strings.Builder
		if code := run(args, strings.NewReader(""), &out, &out); code != 0 {
			b.Fatalf("kesu %s: exit %d\n%s", strings.Join(args, " "), code, out.String())
		}
	}
	period := []string{"--from", "2026-11-01", "--to", "2026-11-30"}
	b.Run("cases", func(b *testing.B) {
		for b.Loop() {
			kesu(append([]string{"report", cases, "-o", filepath.Join(dir, "from-cases")}, period...)...)
		}
	})
	b.Run("ledger", func(b *testing.B) {
		// The ledger a sharded batch leaves, merged: written here from
		// the same cases without rendering their bundles (b.Loop times
		// only the loop).
		ledger := filepath.Join(dir, "ledger.xlsx")
		g, err := generator.New(generator.Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows := make([]generator.LedgerRow, 0, len(files))
		for _, f := range files {
			c, err := g.LoadFile(filepath.Join(cases, f.Name))
			if err != nil {
				b.Fatal(err)
			}
			rows = append(rows, g.LedgerRow(c))
		}
		if err := writeLedger(g, rows, dir, filepath.Base(ledger)); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			kesu(append([]string{"report", ledger, "-o", filepath.Join(dir, "from-ledger")}, period...)...)
		}
	})
}
