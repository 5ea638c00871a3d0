package casegen

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
)

func newGenerator(t testing.TB) *generator.Generator {
	t.Helper()
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// Every generated case validates, and the documents accept it.
func TestCasesValidate(t *testing.T) {
	g := newGenerator(t)
	for _, seed := range []int64{1, 2, 20260315} {
		dir := t.TempDir()
		paths, err := Write(dir, 300, seed)
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 300 {
			t.Fatalf("seed %d: %d paths, want 300", seed, len(paths))
		}
		bad := 0
		var loaded []*generator.Case
		for i, p := range paths {
			c, err := g.LoadFile(p)
			if err != nil {
				if bad++; bad <= 10 {
					t.Errorf("seed %d: %v", seed, err)
				}
				continue
			}
			loaded = append(loaded, c)
			if i%60 == 0 {
				// the closure bundle: every document, every file the case names
				if _, err := g.Bundle(context.Background(), c, io.Discard); err != nil {
					t.Errorf("seed %d: %s: bundle: %v", seed, filepath.Base(p), err)
				}
			}
			if i%30 != 0 {
				continue
			}
			for _, id := range g.Documents(c) {
				res, err := g.Render(context.Background(), c, id, generator.PDF, io.Discard)
				if err != nil {
					t.Errorf("seed %d: %s: %s: %v", seed, filepath.Base(p), id, err)
					continue
				}
				for _, w := range res.Warnings {
					t.Errorf("seed %d: %s: %s: %s", seed, filepath.Base(p), id, w)
				}
			}
		}
		if bad > 0 {
			t.Errorf("seed %d: %d of 300 cases do not validate", seed, bad)
		}
		// the ledger of the whole set
		rows := make([]generator.LedgerRow, 0, len(loaded))
		for _, c := range loaded {
			rows = append(rows, g.LedgerRow(c))
		}
		if err := g.WriteLedger(io.Discard, rows); err != nil {
			t.Errorf("seed %d: ledger: %v", seed, err)
		}
	}
}

// Every document the pack has renders for some generated case, in both
// formats.
func TestEveryDocumentRenders(t *testing.T) {
	g := newGenerator(t)
	dir := t.TempDir()
	paths, err := Write(dir, 200, 5)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]bool{}
	for _, p := range paths {
		c, err := g.LoadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range g.Documents(c) {
			if done[id] {
				continue
			}
			done[id] = true
			for _, format := range generator.Formats() {
				if _, err := g.Render(context.Background(), c, id, format, io.Discard); err != nil {
					t.Errorf("%s: %s %s: %v", filepath.Base(p), id, format, err)
				}
			}
		}
	}
	for _, id := range g.Pack().Documents {
		if !done[id] {
			t.Errorf("no case of 200 has the data for %s", id)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Cases(200, 7), Cases(200, 7)
	if len(a) != len(b) {
		t.Fatal("different lengths")
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("case %d differs between two calls with the same seed", i)
		}
	}
	c := Cases(200, 8)
	same := 0
	for i := range a {
		if bytes.Equal(a[i].Data, c[i].Data) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d cases are identical for seeds 7 and 8", same)
	}
	x, y := drawAssets(), drawAssets()
	for i := range x {
		if x[i].Name != y[i].Name || !bytes.Equal(x[i].Data, y[i].Data) {
			t.Errorf("asset %s differs between two draws", x[i].Name)
		}
	}
	ba, bb := BrokenCases(40, 3), BrokenCases(40, 3)
	for i := range ba {
		if ba[i].Name != bb[i].Name || !bytes.Equal(ba[i].Data, bb[i].Data) || ba[i].Pointer != bb[i].Pointer {
			t.Errorf("broken case %d differs between two calls", i)
		}
	}
}

func TestAssets(t *testing.T) {
	files := Assets()
	names := map[string]bool{}
	for _, f := range files {
		names[f.Name] = true
		if !strings.HasPrefix(f.Name, "assets/") {
			t.Errorf("%s is not under assets/", f.Name)
		}
		if len(f.Data) > 24<<10 {
			t.Errorf("%s is %d bytes; pictures should be a few KB", f.Name, len(f.Data))
		}
	}
	// every file a case names is there
	re := regexp.MustCompile(`assets/[A-Za-z0-9_.-]+`)
	for _, c := range Cases(300, 11) {
		for _, m := range re.FindAll(c.Data, -1) {
			if !names[string(m)] {
				t.Errorf("%s names %s, which Assets does not provide", c.Name, m)
			}
		}
	}
}

// summary is what TestVariety counts over a generated set.
type summary struct {
	category, channel, level, outcome, party, cause, month map[string]int
	settlement, apology, eightd8d, car, evidence, attach   int
	json, late, replies, rare, fen, company, referral      int
	ids                                                    map[string]bool
}

func summarize(t testing.TB, files []File) *summary {
	g := newGenerator(t)
	s := &summary{category: map[string]int{}, channel: map[string]int{}, level: map[string]int{}, outcome: map[string]int{},
		party: map[string]int{}, cause: map[string]int{}, month: map[string]int{}, ids: map[string]bool{}}
	rare := regexp.MustCompile(`[堃喆珺彧]`)
	fen := regexp.MustCompile(`(?m)amount"?: "?\d+\.(0[1-9]|[1-9]\d)\b`)
	for _, f := range files {
		c, err := g.Parse(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		v := c.Value()
		get := func(path ...string) any {
			var cur any = v
			for _, p := range path {
				m, ok := cur.(map[string]any)
				if !ok {
					return nil
				}
				cur = m[p]
			}
			return cur
		}
		str := func(path ...string) string { s, _ := get(path...).(string); return s }
		if s.ids[c.ID()] {
			t.Errorf("id %s twice", c.ID())
		}
		s.ids[c.ID()] = true
		s.category[str("intake", "category")]++
		s.channel[str("intake", "channel")]++
		if l := str("intake", "level"); l != "" {
			s.level[l]++
		}
		s.outcome[str("closure", "outcome")]++
		if p := str("handling", "responsibility", "party"); p != "" {
			s.party[p]++
		}
		received, _ := time.Parse(time.RFC3339, str("intake", "received_at"))
		s.month[received.Format("01")]++
		if get("settlement") != nil {
			s.settlement++
		}
		if get("apology") != nil {
			s.apology++
		}
		if e, ok := get("eightd").(map[string]any); ok {
			if e["d8"] != nil {
				s.eightd8d++
			} else {
				s.car++
			}
			for _, d := range e["d4"].([]any) {
				s.cause[d.(map[string]any)["category"].(string)]++
			}
		}
		if get("complaint", "evidence") != nil {
			s.evidence++
		}
		if get("attachments") != nil {
			s.attach++
		}
		if get("intake", "referral") != nil {
			s.referral++
		}
		if str("customer", "kind") == "company" {
			s.company++
		}
		if strings.HasSuffix(c.File(), ".json") {
			s.json++
		}
		if rare.MatchString(str("customer", "name")) {
			s.rare++
		}
		if fen.Match(f.Data) {
			s.fen++
		}
		// the first reply is the earliest entry of the handling log, as the
		// ledger counts it
		if h := get("intake", "promised_reply_hours"); h != nil {
			var first time.Time
			for _, e := range get("handling", "log").([]any) {
				at, _ := time.Parse(time.RFC3339, e.(map[string]any)["at"].(string))
				if first.IsZero() || at.Before(first) {
					first = at
				}
			}
			s.replies++
			if first.After(received.Add(time.Duration(toInt(h)) * time.Hour)) {
				s.late++
			}
		}
	}
	return s
}

func toInt(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case float64:
		return int(x)
	case interface{ String() string }:
		var n int
		for _, r := range x.String() {
			n = n*10 + int(r-'0')
		}
		return n
	}
	return 0
}

func TestVariety(t *testing.T) {
	files := Cases(1000, 1)
	s := summarize(t, files)
	for _, cat := range categories {
		if s.category[cat] == 0 {
			t.Errorf("no case of category %s", cat)
		}
	}
	for cat, n := range s.category {
		if cat != "product_quality" && n >= s.category["product_quality"] {
			t.Errorf("%s (%d) is as common as product_quality (%d)", cat, n, s.category["product_quality"])
		}
	}
	for _, ch := range channels {
		if s.channel[ch] == 0 {
			t.Errorf("no case came in by %s", ch)
		}
	}
	for _, l := range []string{"normal", "major", "urgent"} {
		if s.level[l] == 0 {
			t.Errorf("no case of level %s", l)
		}
	}
	for _, o := range []string{"resolved", "partially_resolved", "withdrawn", "unresolved"} {
		if s.outcome[o] == 0 {
			t.Errorf("no case with outcome %s", o)
		}
	}
	for _, p := range []string{"merchant", "mall", "manufacturer", "logistics", "customer", "shared", "undetermined"} {
		if s.party[p] == 0 {
			t.Errorf("no case with responsibility %s", p)
		}
	}
	for _, m := range []string{"man", "machine", "material", "method", "environment", "measurement"} {
		if s.cause[m] == 0 {
			t.Errorf("no 8D cause of category %s", m)
		}
	}
	if len(s.month) != 12 {
		t.Errorf("cases received in %d months, want 12", len(s.month))
	}
	for what, n := range map[string]int{"settlement": s.settlement, "apology": s.apology, "8D (kind 8d)": s.eightd8d, "CAR": s.car,
		"evidence": s.evidence, "attachments": s.attach, "JSON": s.json, "late reply": s.late, "rare name character": s.rare,
		"amount with 分": s.fen, "company customer": s.company, "referral": s.referral} {
		if n == 0 {
			t.Errorf("no case with %s", what)
		}
	}
	if s.json < 150 || s.json > 250 {
		t.Errorf("%d of 1000 cases are JSON, want about 1 in 5", s.json)
	}
	if s.late*100 < s.replies*5 || s.late*100 > s.replies*35 {
		t.Errorf("%d of %d replies late; want some, not most", s.late, s.replies)
	}
	if len(s.ids) != len(files) {
		t.Errorf("%d ids for %d files", len(s.ids), len(files))
	}
	t.Logf("categories %v", s.category)
	t.Logf("channels %v", s.channel)
	t.Logf("levels %v, outcomes %v", s.level, s.outcome)
	t.Logf("responsibility %v", s.party)
	t.Logf("months %v", s.month)
	t.Logf("settlement %d, apology %d, 8d %d, car %d, evidence %d, attachments %d, json %d, late replies %d/%d, rare names %d, 分 %d, companies %d, referrals %d",
		s.settlement, s.apology, s.eightd8d, s.car, s.evidence, s.attach, s.json, s.late, s.replies, s.rare, s.fen, s.company, s.referral)
	var total int
	var sizes []int
	for _, f := range files {
		total += len(f.Data)
		sizes = append(sizes, len(f.Data))
	}
	slices.Sort(sizes)
	t.Logf("sizes: total %d bytes, min %d, median %d, max %d", total, sizes[0], sizes[len(sizes)/2], sizes[len(sizes)-1])
}

// Dates follow each other as they do in an office: received, handled,
// agreed, closed; 8D steps after the 8D opened.
func TestDatesInOrder(t *testing.T) {
	g := newGenerator(t)
	for _, f := range Cases(400, 9) {
		c, err := g.Parse(f.Name, f.Data)
		if err != nil {
			t.Fatal(err)
		}
		v := c.Value()
		m := func(x any, k string) any {
			if mm, ok := x.(map[string]any); ok {
				return mm[k]
			}
			return nil
		}
		day := func(x any) string { s, _ := x.(string); return s[:min(len(s), 10)] }
		received := day(m(v["intake"], "received_at"))
		rt := m(v["intake"], "received_at").(string)
		last := received
		for _, e := range m(v["handling"], "log").([]any) {
			at := m(e, "at").(string)
			if at <= rt {
				t.Errorf("%s: log entry at %s not after received_at %s", f.Name, at, rt)
			}
			last = max(last, day(at))
		}
		closed := day(m(v["closure"], "closed_on"))
		if s := v["settlement"]; s != nil {
			signed := day(m(s, "signed_on"))
			if signed < last || signed >= closed {
				t.Errorf("%s: signed %s, last log %s, closed %s", f.Name, signed, last, closed)
			}
		}
		if closed <= received || closed < last {
			t.Errorf("%s: closed %s, received %s, last log %s", f.Name, closed, received, last)
		}
		if a := v["apology"]; a != nil && (day(m(a, "date")) < received || day(m(a, "date")) > closed) {
			t.Errorf("%s: apology dated %s", f.Name, day(m(a, "date")))
		}
		if e := v["eightd"]; e != nil {
			opened := day(m(e, "opened_on"))
			if opened < received {
				t.Errorf("%s: 8D opened %s before received %s", f.Name, opened, received)
			}
			if cl := m(e, "closed_on"); cl != nil && day(cl) > closed {
				t.Errorf("%s: 8D closed %s after the case closed %s", f.Name, day(cl), closed)
			}
			n := len(m(e, "d4").([]any))
			for _, a := range m(e, "d5").([]any) {
				if k := toInt(m(a, "root_cause")); k < 1 || k > n {
					t.Errorf("%s: root_cause %d of %d", f.Name, k, n)
				}
			}
		}
		if p := v["purchase"]; p != nil && day(m(p, "purchased_on")) > received {
			t.Errorf("%s: bought %s after the complaint %s", f.Name, day(m(p, "purchased_on")), received)
		}
	}
}

// Each broken case fails where it says, with a message that says so.
func TestBrokenCases(t *testing.T) {
	g := newGenerator(t)
	dir := t.TempDir()
	if err := writeFiles(dir, Assets()); err != nil {
		t.Fatal(err)
	}
	broken := BrokenCases(3*len(mistakes), 4)
	names := map[string]bool{}
	for i, b := range broken {
		if names[b.Name] {
			t.Errorf("%s twice", b.Name)
		}
		names[b.Name] = true
		p := filepath.Join(dir, b.Name)
		if err := os.WriteFile(p, b.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		kind := mistakes[i%len(mistakes)].name
		c, err := g.LoadFile(p)
		if err == nil {
			// a missing picture is found when the bundle collects it
			_, err = g.Bundle(context.Background(), c, io.Discard)
		}
		var ve *generator.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s (%s): %v, want a validation error at %q", b.Name, kind, err, b.Pointer)
			continue
		}
		found := false
		for _, pr := range ve.Problems {
			if pr.Pointer == b.Pointer && strings.Contains(pr.Message, b.Want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s (%s): no problem at %q containing %q in:\n%v", b.Name, kind, b.Pointer, b.Want, ve)
		}
	}
}

func BenchmarkCases1000(b *testing.B) {
	var n int
	for b.Loop() {
		for _, f := range Cases(1000, 1) {
			n += len(f.Data)
		}
	}
	_ = n
}
