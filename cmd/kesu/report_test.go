package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/casegen"
)

// A report from the merged ledger of shards is the report from their case
// files: the same figures, 8D/CAR figures included, and the same bytes.
func TestReportLedgerIsCases(t *testing.T) {
	dir := t.TempDir()
	cases := filepath.Join(dir, "cases")
	files := casegen.Mixed(240, 3, casegen.Mix{Open: 0.15, Repeat: 0.15})
	for _, f := range append(casegen.Assets(), files...) {
		p := filepath.Join(cases, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Three shards' ledgers, as kesu batch --shard writes them.
	shards := make([][]generator.LedgerRow, 3)
	for i, f := range files {
		c, err := g.LoadFile(filepath.Join(cases, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		shards[i%3] = append(shards[i%3], g.LedgerRow(c))
	}
	for i, rows := range shards {
		if err := writeLedger(g, rows, dir, "ledger-"+string(rune('1'+i))+"-of-3.xlsx"); err != nil {
			t.Fatal(err)
		}
	}
	kesu := func(args ...string) string {
		t.Helper()
		var out, errs strings.Builder
		if code := run(args, strings.NewReader(""), &out, &errs); code != 0 {
			t.Fatalf("kesu %s: exit %d\n%s", strings.Join(args, " "), code, errs.String())
		}
		return out.String()
	}
	merged := filepath.Join(dir, "merged.xlsx")
	kesu("ledger", dir, "-o", merged)
	period := []string{"--from", "2026-04-01", "--to", "2026-09-30", "--json"}
	type figures struct {
		Cases    int             `json:"cases"`
		Figures  json.RawMessage `json:"figures"`
		Previous json.RawMessage `json:"previous"`
	}
	var fromCases, fromLedger figures
	if err := json.Unmarshal([]byte(kesu(append([]string{"report", cases, "-o", filepath.Join(dir, "a")}, period...)...)), &fromCases); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(kesu(append([]string{"report", merged, "-o", filepath.Join(dir, "b")}, period...)...)), &fromLedger); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fromCases.Figures, fromLedger.Figures) || !bytes.Equal(fromCases.Previous, fromLedger.Previous) {
		t.Errorf("the ledger's figures differ from the cases':\n ledger %s\n  cases %s", fromLedger.Figures, fromCases.Figures)
	}
	var k struct {
		Open  int `json:"open"`
		Steps []struct {
			Known int `json:"known"`
		} `json:"steps"`
		Opened []any `json:"eightd_opened"`
		Closed []any `json:"eightd_closed"`
	}
	if err := json.Unmarshal(fromCases.Figures, &k); err != nil {
		t.Fatal(err)
	}
	steps := 0
	for _, s := range k.Steps {
		steps += s.Known
	}
	if fromCases.Cases < 60 || k.Open == 0 || steps == 0 || len(k.Opened) == 0 || len(k.Closed) == 0 {
		t.Errorf("too thin to compare: %d cases, %d open, %d 8D steps known, %d 8D opened, %d closed",
			fromCases.Cases, k.Open, steps, len(k.Opened), len(k.Closed))
	}
	for _, ext := range []string{".pdf", ".xlsx"} {
		a, err := os.ReadFile(filepath.Join(dir, "a"+ext))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "b"+ext))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("the report's %s from the ledger differs from the one from the cases", ext)
		}
	}
}
