package ledger_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/casegen"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/ledger"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/workday"
	"github.com/kesuhq/kesu/schemas"
	"github.com/kesuhq/kesu/templates"
	"go.yaml.in/yaml/v4"
)

// mixed is a year of generated cases, some open and some repeat
// complaints, as files, as plain values and as ledger rows.
type mixed struct {
	raw  []map[string]any
	rows []ledger.Row
}

var (
	mixOnce sync.Once
	mixSet  mixed
	mixErr  error
)

func mixedSet(t *testing.T) mixed {
	t.Helper()
	mixOnce.Do(func() {
		files := casegen.Mixed(700, 16, casegen.Mix{Open: 0.15, Repeat: 0.12})
		dir := t.TempDir()
		for _, f := range append(casegen.Assets(), files...) {
			p := filepath.Join(dir, filepath.FromSlash(f.Name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if mixErr = os.WriteFile(p, f.Data, 0o644); mixErr != nil {
				return
			}
		}
		g, err := generator.New(generator.Options{})
		if err != nil {
			mixErr = err
			return
		}
		for _, f := range files {
			c, err := g.LoadFile(filepath.Join(dir, f.Name))
			if err != nil {
				mixErr = err
				return
			}
			mixSet.rows = append(mixSet.rows, rowOf(t, c.File(), f.Data))
			var m map[string]any
			if strings.HasSuffix(f.Name, ".json") {
				err = json.Unmarshal(f.Data, &m)
			} else {
				err = yaml.Unmarshal(f.Data, &m)
			}
			if err != nil {
				mixErr = err
				return
			}
			mixSet.raw = append(mixSet.raw, m)
		}
	})
	if mixErr != nil {
		t.Fatal(mixErr)
	}
	return mixSet
}

// at reads a value of a plain case by a path of keys and indexes.
func at(m any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			mm, ok := m.(map[string]any)
			if !ok {
				return nil
			}
			m = mm[k]
		case int:
			l, ok := m.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			m = l[k]
		}
	}
	return m
}

// s is a value as text as the case wrote it: YAML reads a date or a
// time as time.Time, JSON keeps strings.
func s(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Location() == time.UTC {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.RFC3339)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	}
	return ""
}

func instant(t *testing.T, v any) time.Time {
	t.Helper()
	x, err := time.Parse(time.RFC3339, s(v))
	if err != nil {
		t.Fatalf("not a time: %v", v)
	}
	return x
}

func day(t *testing.T, v any) time.Time {
	t.Helper()
	x, err := time.Parse(time.DateOnly, s(v))
	if err != nil {
		t.Fatalf("not a date: %v", v)
	}
	return x
}

func fen(t *testing.T, v any) cnfmt.Amount {
	t.Helper()
	if v == nil {
		return 0
	}
	a, err := cnfmt.ParseAmount(s(v))
	if err != nil {
		t.Fatalf("not an amount: %v", v)
	}
	return a
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// Every figure of a period, worked out here straight from the case files,
// equals the one the ledger rows give.
func TestKPIsGolden(t *testing.T) {
	set := mixedSet(t)
	p := ledger.Period{From: "2026-04-01", To: "2026-09-30"}
	const window = 45
	got := ledger.Compute(set.rows, ledger.Options{Period: p, RepeatDays: window,
		Base: []ledger.Base{{Month: "2026-05", N: 20000}, {Month: "2026-09", N: 30000}, {Month: "2027-01", N: 5}}}, ledger.ZhCN)

	asOf, _ := time.Parse(time.DateOnly, p.To)
	calData, err := os.ReadFile("../../templates/default/calendar/cn.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cal := workday.MustParse(calData)
	var (
		cases, closed, days, open, overdue, ages, maxAge     int
		responses, satisfied, scoreSum                       int
		replyOK, replyKnown                                  int
		stepOK, stepKnown                                    [3]int
		termCases                                            [4]int
		termSum                                              [4]cnfmt.Amount
		paid                                                 [4]cnfmt.Amount
		settlement, costs                                    cnfmt.Amount
		merchants, handlers, kinds, models, months, outcomes = map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		opened8D, closed8D                                   int
		inPeriod                                             []map[string]any
	)
	kindLabel := map[string]string{"individual": "个人", "company": "单位", "": "个人"}
	outcomeLabel := map[string]string{"resolved": "已解决", "partially_resolved": "部分解决", "withdrawn": "顾客撤诉", "unresolved": "未解决"}
	termKinds := []string{"refund", "replacement", "repair", "compensation"}
	payers := map[string]int{"merchant": 0, "mall": 1, "manufacturer": 2}
	for _, c := range set.raw {
		if e := at(c, "eightd"); e != nil {
			o := day(t, at(e, "opened_on"))
			if !o.Before(day(t, p.From)) && !o.After(asOf) {
				opened8D++
			}
			if cl := at(e, "closed_on"); cl != nil {
				if d := day(t, cl); !d.Before(day(t, p.From)) && !d.After(asOf) {
					closed8D++
				}
			}
		}
		rcv := instant(t, at(c, "intake", "received_at"))
		if d := rcv.Format(time.DateOnly); d < p.From || d > p.To {
			continue
		}
		inPeriod = append(inPeriod, c)
		cases++
		rday, _ := time.Parse(time.DateOnly, rcv.Format(time.DateOnly))
		months[rcv.Format("2006-01")]++
		isClosed := false
		if cl := at(c, "closure", "closed_on"); cl != nil && !day(t, cl).After(asOf) {
			isClosed = true
			closed++
			days += int(day(t, cl).Sub(rday).Hours() / 24)
			outcomes[outcomeLabel[s(at(c, "closure", "outcome"))]]++
		} else {
			outcomes["（未填）"]++
		}
		// the first reply: the earliest log entry after the intake entry
		var first time.Time
		log, _ := at(c, "handling", "log").([]any)
		for i, e := range log {
			if x := instant(t, at(e, "at")); i > 0 && (first.IsZero() || x.Before(first)) {
				first = x
			}
		}
		var due time.Time
		if h := at(c, "intake", "promised_reply_hours"); h != nil {
			n, _ := strconv.Atoi(s(h))
			due = rcv.Add(time.Duration(n) * time.Hour)
		}
		if !first.IsZero() && !due.IsZero() {
			replyKnown++
			if !first.After(due) {
				replyOK++
			}
		}
		if !isClosed {
			open++
			age := int(asOf.Sub(rday).Hours() / 24)
			ages += age
			maxAge = max(maxAge, age)
			end := asOf.Add(24*time.Hour - time.Minute)
			// or its solution is due before the day ends: a case still open
			// in its file has the pack policy's solution deadline, so many
			// working days after the day received by level
			solutionLate := false
			if at(c, "closure") == nil {
				n := map[string]int{"major": 2, "urgent": 1}[s(at(c, "intake", "level"))]
				if n == 0 {
					n = 3
				}
				solutionLate = cal.AddWorkdays(rcv, n).Date.Format(time.DateOnly) < asOf.Format(time.DateOnly)
			}
			if !due.IsZero() && wallBefore(due, end) && (first.IsZero() || wallAfter(first, due)) || solutionLate {
				overdue++
			}
		}
		if sc := at(c, "closure", "satisfaction", "score"); sc != nil {
			n, _ := strconv.Atoi(s(sc))
			responses++
			scoreSum += n
			if n >= 4 {
				satisfied++
			}
		}
		if e := at(c, "eightd"); e != nil {
			o := day(t, at(e, "opened_on"))
			last := func(list, key string, all bool) (time.Time, bool) {
				var l time.Time
				items, _ := at(e, list).([]any)
				for _, it := range items {
					v := at(it, key)
					if v == nil {
						if all {
							return time.Time{}, false
						}
						continue
					}
					if d := day(t, v); d.After(l) {
						l = d
					}
				}
				return l, !l.IsZero()
			}
			// a step not done is late once its deadline is before the 8D's
			// closing day, or else its latest date
			var now time.Time
			var walk func(v any, k string)
			walk = func(v any, k string) {
				switch x := v.(type) {
				case map[string]any:
					for kk, vv := range x {
						walk(vv, kk)
					}
				case []any:
					for _, vv := range x {
						walk(vv, k)
					}
				default:
					if strings.HasSuffix(k, "_on") {
						if d := day(t, x); d.After(now) {
							now = d
						}
					}
				}
			}
			walk(e, "")
			if cl := at(e, "closed_on"); cl != nil {
				now = day(t, cl)
			}
			// The policy's semantics: D3 24 hours (the next day), D5 10 and
			// D8 60 days moved past days off; a step finished with no date
			// to judge it by is unknown; one never finished counts as late
			// once the 8D is closed or its deadline has passed.
			closed8D := at(e, "closed_on") != nil || at(e, "d8", "closed_on") != nil || at(c, "closure") != nil
			check := func(i int, done time.Time, ok, finished bool, dueOn time.Time) {
				switch {
				case ok:
					stepKnown[i]++
					if !done.After(dueOn) {
						stepOK[i]++
					}
				case finished:
				case closed8D || dueOn.Before(now):
					stepKnown[i]++
				}
			}
			days := func(n int) time.Time {
				d := cal.AddDays(o, n).Date
				return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, o.Location())
			}
			d3, ok3 := last("d3", "done_on", true)
			check(0, d3, ok3, false, o.AddDate(0, 0, 1))
			d5, ok5 := last("d5", "done_on", true)
			items, _ := at(e, "d5").([]any)
			check(1, d5, ok5, len(items) > 0, days(10))
			d8, ok8 := time.Time{}, false
			if v := at(e, "d8", "closed_on"); v != nil {
				d8, ok8 = day(t, v), true
			}
			check(2, d8, ok8, false, days(60))
		}
		byDefault := ""
		parties, _ := at(c, "settlement", "parties").([]any)
		for _, p := range parties {
			if r := s(at(p, "role")); r != "customer" && byDefault == "" {
				byDefault = r
			}
		}
		seen := [4]bool{}
		terms, _ := at(c, "settlement", "terms").([]any)
		for _, tm := range terms {
			a := fen(t, at(tm, "amount"))
			who := s(at(tm, "payer"))
			if who == "" {
				who = byDefault
			}
			payer, ok := payers[who]
			if !ok {
				payer = 3
			}
			paid[payer] += a
			settlement += a
			if k := slices.Index(termKinds, s(at(tm, "kind"))); k >= 0 {
				termSum[k] += a
				if !seen[k] {
					seen[k] = true
					termCases[k]++
				}
			}
		}
		cs, _ := at(c, "closure", "costs").([]any)
		for _, x := range cs {
			costs += fen(t, at(x, "amount"))
		}
		merchants[s(at(c, "purchase", "merchant"))]++
		handlers[s(at(c, "intake", "receiver", "name"))]++
		kinds[kindLabel[s(at(c, "customer", "kind"))]]++
		model := s(at(c, "purchase", "items", 0, "model"))
		if model == "" && s(at(c, "purchase", "items", 0, "name")) == "" {
			model = s(at(c, "eightd", "product", "part_number"))
		}
		models[model]++
	}
	if cases < 200 || open < 20 {
		t.Fatalf("the generated set is too thin to test: %d cases, %d open", cases, open)
	}

	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	checkInt := func(name string, got, want int) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %d, want %d", name, got, want)
		}
	}
	checkF := func(name string, got, want float64) {
		t.Helper()
		if !near(got, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	checkInt("cases", got.Cases, cases)
	checkInt("closed", got.Closed, closed)
	checkF("closure rate", got.ClosureRate, ratio(closed, cases))
	checkF("average days to close", got.AvgDaysToClose, ratio(days, closed))
	checkInt("open", got.Open, open)
	checkInt("open cases listed", len(got.OpenCases), open)
	checkF("open average age", got.OpenAvgAge, ratio(ages, open))
	checkInt("open max age", got.OpenMaxAge, maxAge)
	checkInt("overdue", got.Overdue, overdue)
	checkInt("satisfaction responses", got.Satisfaction.Responses, responses)
	checkF("satisfaction average", got.Satisfaction.Average, ratio(scoreSum, responses))
	checkF("satisfied share", got.Satisfaction.Share, ratio(satisfied, responses))
	checkInt("first reply known", got.FirstReply.Known, replyKnown)
	checkInt("first reply on time", got.FirstReply.OnTime, replyOK)
	for i := range 3 {
		checkInt(got.Steps[i].Label+" known", got.Steps[i].Known, stepKnown[i])
		checkInt(got.Steps[i].Label+" on time", got.Steps[i].OnTime, stepOK[i])
	}
	for i := range 4 {
		checkInt(got.Terms[i].Label+" cases", got.Terms[i].Cases, termCases[i])
		if got.Terms[i].Amount != termSum[i] {
			t.Errorf("%s amount = %v, want %v", got.Terms[i].Label, got.Terms[i].Amount, termSum[i])
		}
		if got.Payers[i].Amount != paid[i] {
			t.Errorf("%s = %v, want %v", got.Payers[i].Label, got.Payers[i].Amount, paid[i])
		}
	}
	if got.Settlement != settlement || got.Costs != costs {
		t.Errorf("settlement, costs = %v, %v; want %v, %v", got.Settlement, got.Costs, settlement, costs)
	}
	checkInt("8D opened", len(got.EightDOpened), opened8D)
	checkInt("8D closed", len(got.EightDClosed), closed8D)
	for _, c := range []struct {
		name string
		got  []ledger.Count
		want map[string]int
	}{{"merchant", got.ByMerchant, merchants}, {"handler", got.ByHandler, handlers},
		{"customer kind", got.ByCustomerKind, kinds}, {"model", got.ByModel, models},
		{"month", got.Months, months}, {"outcome", got.Outcomes, outcomes}} {
		m := map[string]int{}
		for _, x := range c.got {
			if x.N > 0 {
				m[strings.ReplaceAll(x.Label, "（未填）", "")] += x.N
			}
		}
		want := map[string]int{}
		for k, v := range c.want {
			want[strings.ReplaceAll(k, "（未填）", "")] += v
		}
		if !mapsEqual(m, want) {
			t.Errorf("by %s:\n got %v\nwant %v", c.name, m, want)
		}
	}

	// Repeats: a case of the period is a repeat when an earlier case (by
	// day received, then ID) shares its phone, ID number, order or a lot
	// and came in at most the window's days before.
	type key struct{ by, v string }
	keysOf := func(c map[string]any) []key {
		var out []key
		if ph := digitsOf(s(at(c, "customer", "phone"))); ph != "" {
			out = append(out, key{"phone", ph})
		}
		if id := strings.ToUpper(s(at(c, "customer", "id_number"))); id != "" {
			out = append(out, key{"id", id})
		}
		if o := s(at(c, "purchase", "order_no")); o != "" {
			out = append(out, key{"order", o})
		}
		items, _ := at(c, "purchase", "items").([]any)
		for _, it := range items {
			if l := s(at(it, "lot")); l != "" {
				out = append(out, key{"lot", l})
			}
		}
		lots, _ := at(c, "eightd", "product", "lots").([]any)
		for _, l := range lots {
			out = append(out, key{"lot", s(l)})
		}
		return out
	}
	order := func(c map[string]any) string {
		return instant(t, at(c, "intake", "received_at")).Format(time.DateOnly) + " " + s(c["id"])
	}
	repeatsWant := 0
	for _, c := range inPeriod {
		mine := keysOf(c)
		cday := day(t, order(c)[:10])
		found := false
		for _, e := range set.raw {
			if found || s(e["id"]) == s(c["id"]) || order(e) >= order(c) {
				continue
			}
			if int(cday.Sub(day(t, order(e)[:10])).Hours()/24) > window {
				continue
			}
			for _, k := range keysOf(e) {
				if slices.Contains(mine, k) {
					found = true
					break
				}
			}
		}
		if found {
			repeatsWant++
		}
	}
	if repeatsWant < 10 {
		t.Fatalf("only %d repeat complaints generated", repeatsWant)
	}
	checkInt("repeat cases", got.RepeatCases, repeatsWant)

	// the complaint rate of the months with a base inside the period
	if len(got.Rates) != 2 || got.Rates[0].Month != "2026-05" || got.Rates[0].Cases != months["2026-05"] ||
		!near(got.Rates[0].Per10k, float64(months["2026-05"])*10000/20000) {
		t.Errorf("rates = %+v", got.Rates)
	}
	if got.RateTotal == nil || got.RateTotal.Base != 50000 || got.RateTotal.Cases != months["2026-05"]+months["2026-09"] {
		t.Errorf("rate total = %+v", got.RateTotal)
	}
}

// wallBefore compares two times by their wall clocks, as the ledger does
// (its times are the wall times the cases wrote).
func wallBefore(a, b time.Time) bool { return wall(a) < wall(b) }
func wallAfter(a, b time.Time) bool  { return wall(a) > wall(b) }
func wall(x time.Time) string        { return x.Format("2006-01-02 15:04") }

func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The ledgers of shards, written and read back and merged, give the same
// figures as the rows of one batch.
func TestKPIsMergedShards(t *testing.T) {
	set := mixedSet(t)
	o := ledger.Options{Period: ledger.Period{From: "2026-01-01", To: "2026-12-31"}, RepeatDays: 60}
	want := ledger.Compute(set.rows, o, ledger.ZhCN)
	var shards [][]ledger.Row
	for i := range 3 {
		var part []ledger.Row
		for j, r := range set.rows {
			if j%3 == i {
				part = append(part, r)
			}
		}
		var b bytes.Buffer
		if err := ledger.Write(&b, part, ledger.ZhCN, o); err != nil {
			t.Fatal(err)
		}
		rows, err := ledger.Read(bytes.NewReader(b.Bytes()), int64(b.Len()))
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, rows)
	}
	got := ledger.Compute(ledger.Merge(shards...), o, ledger.ZhCN)
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if !bytes.Equal(gj, wj) {
		t.Errorf("figures of the merged shards differ from one batch:\n got %s\nwant %s", gj, wj)
	}
	if want.Cases != len(set.rows) || want.RepeatCases == 0 || want.Open == 0 || want.Satisfaction.Responses == 0 {
		t.Errorf("the batch's figures are too thin to compare: %+v", want)
	}
	// The 8D's figures come through the ledger too.
	steps := 0
	for _, s := range want.Steps {
		steps += s.Known
	}
	if steps == 0 || len(want.EightDOpened) == 0 || len(want.EightDClosed) == 0 {
		t.Errorf("the batch has no 8D figures to compare: steps %+v, %d opened, %d closed", want.Steps, len(want.EightDOpened), len(want.EightDClosed))
	}
}

// A case counts in the period of the day it was received on its own
// clock: 23:59:59+08:00 on 31 October is October's, though it is 15:59 UTC,
// and 00:00+08:00 on 1 November is November's, though it is still 31
// October in UTC.
func TestPeriodDayBoundary(t *testing.T) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	src := []byte(`{"schema": "kesu/case/v1", "id": "KS-1", "customer": {"name": "张晓堃"},
		"intake": {"channel": "hotline", "received_at": "AT"}, "complaint": {"description": "送货延误"}}`)
	oct := ledger.Period{From: "2026-10-01", To: "2026-10-31"}
	nov := ledger.Period{From: "2026-11-01", To: "2026-11-30"}
	for _, c := range []struct {
		at       string
		oct, nov bool
	}{
		{"2026-10-31T23:59:59+08:00", true, false},
		{"2026-11-01T00:00:00+08:00", false, true},
		{"2026-10-31T16:00:00Z", true, false}, // 1 November 00:00 in +08:00, but this case's clock is UTC
		{"2026-09-30T23:59:00+08:00", false, false},
		{"2026-12-01T00:00:00+08:00", false, false},
	} {
		data := bytes.Replace(src, []byte("AT"), []byte(c.at), 1)
		cs, err := g.Load("case.json", data)
		if err != nil {
			t.Fatalf("%s: %v", c.at, err)
		}
		r := rowOf(t, cs.File(), data)
		if got := oct.Has(&r); got != c.oct {
			t.Errorf("%s in October: %v", c.at, got)
		}
		if got := nov.Has(&r); got != c.nov {
			t.Errorf("%s in November: %v", c.at, got)
		}
		k := ledger.Compute([]ledger.Row{r}, ledger.Options{Period: nov}, ledger.ZhCN)
		if want := map[bool]int{true: 1}[c.nov]; k.Cases != want {
			t.Errorf("%s: November has %d cases, want %d", c.at, k.Cases, want)
		}
	}
}

// defaultPack is the embedded pack, for the labels and policy a row is
// made with.
var defaultPack = sync.OnceValues(func() (*pack.Pack, error) { return pack.LoadLazy(templates.Default()) })

var caseSchema = sync.OnceValues(func() (*casefile.Validator, error) {
	return casefile.NewValidator(schemas.CaseID, schemas.Case)
})

// rowOf is the ledger row of a case file, made as the generator makes it.
func rowOf(t testing.TB, name string, data []byte) ledger.Row {
	t.Helper()
	p, err := defaultPack()
	if err != nil {
		t.Fatal(err)
	}
	c, err := casefile.Parse(name, data, casefile.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	v, err := caseSchema()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Validate(c); err != nil { // validating derives what rows read
		t.Fatal(err)
	}
	labels, err := p.Labels(p.DefaultLocale)
	if err != nil {
		t.Fatal(err)
	}
	return ledger.RowOf(c, labels, p.Policy)
}
