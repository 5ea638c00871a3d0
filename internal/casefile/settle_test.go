package casefile

import (
	"reflect"
	"strings"
	"testing"
)

// settlementCase is a case's settlement: the parties as flow mappings and
// the terms, so a table row reads as the agreement it describes.
func settlementCase(t *testing.T, customerKind string, parties []string, terms []string) *Case {
	t.Helper()
	src := "customer: {name: 甲, kind: " + customerKind + "}\nsettlement:\n  parties:\n"
	for _, p := range parties {
		src += "    - " + p + "\n"
	}
	src += "  terms:\n"
	for _, x := range terms {
		src += "    - " + x + "\n"
	}
	c, err := Parse("s.yaml", []byte(src), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSettlementPayers(t *testing.T) {
	person := "{role: customer, name: 张晓堃}"
	company := "{role: customer, name: 常州鼎泰}"
	merchant := "{role: merchant, name: 雅居家具}"
	mall := "{role: mall, name: 星河家居}"
	maker := "{role: manufacturer, name: 瑞驰}"
	tests := []struct {
		name     string
		kind     string
		parties  []string
		terms    []string
		law      string
		kinds    []string
		pays     []string
		advances []string
		problems []string // pointer: a word of the message
	}{
		{name: "default payer is the first party not the customer", kind: "individual",
			parties: []string{person, merchant, mall},
			terms:   []string{"{kind: refund, text: a, amount: 12800.00}", "{kind: compensation, text: b, amount: 600}"},
			law:     "consumer", kinds: []string{"individual", "company", "company"},
			pays: []string{"0.00", "13400.00", "0.00"}, advances: []string{"0.00", "0.00", "0.00"}},
		{name: "mall pays in advance with recourse", kind: "individual",
			parties: []string{person, merchant, mall},
			terms: []string{"{kind: refund, text: a, amount: 12800.00, payer: mall, advance: true, recourse: merchant}",
				"{kind: compensation, text: b, amount: 600, payer: merchant}"},
			law: "consumer", kinds: []string{"individual", "company", "company"},
			pays: []string{"0.00", "600.00", "12800.00"}, advances: []string{"0.00", "0.00", "12800.00"}},
		{name: "business customer", kind: "company",
			parties: []string{company, maker},
			terms:   []string{"{kind: compensation, text: a, amount: 10080.06}", "{kind: compensation, text: b, amount: 3198.65, payer: manufacturer}"},
			law:     "business", kinds: []string{"company", "company"},
			pays: []string{"0.00", "13278.71"}, advances: []string{"0.00", "0.00"}},
		{name: "a party's own kind wins", kind: "individual",
			parties: []string{"{role: customer, name: 某公司, kind: company}", "{role: other, name: 王师傅, kind: individual}"},
			terms:   []string{"{kind: repair, text: a}"},
			law:     "business", kinds: []string{"company", "individual"},
			pays: []string{"0.00", "0.00"}, advances: []string{"0.00", "0.00"}},
		{name: "payer not a party", kind: "individual",
			parties: []string{person, merchant},
			terms:   []string{"{kind: refund, text: a, amount: 1, payer: manufacturer}"},
			law:     "consumer", kinds: []string{"individual", "company"},
			pays: []string{"0.00", "0.00"}, advances: []string{"0.00", "0.00"},
			problems: []string{"/settlement/terms/0/payer: no party of the agreement is the manufacturer (settlement.parties are customer, merchant)"}},
		{name: "payer role held twice", kind: "individual",
			parties: []string{person, merchant, "{role: merchant, name: 另一商户}"},
			terms:   []string{"{kind: refund, text: a, amount: 1, payer: merchant}"},
			law:     "consumer", kinds: []string{"individual", "company", "company"},
			pays: []string{"0.00", "1.00", "0.00"}, advances: []string{"0.00", "0.00", "0.00"},
			problems: []string{"/settlement/terms/0/payer: 2 parties of the agreement are the merchant"}},
		{name: "recourse without advance, recourse against itself", kind: "individual",
			parties: []string{person, merchant, mall},
			terms:   []string{"{kind: refund, text: a, amount: 1, payer: mall, recourse: merchant}", "{kind: refund, text: b, amount: 1, payer: mall, advance: true, recourse: mall}"},
			law:     "consumer", kinds: []string{"individual", "company", "company"},
			pays: []string{"0.00", "0.00", "2.00"}, advances: []string{"0.00", "0.00", "1.00"},
			problems: []string{"/settlement/terms/0/recourse: set advance: true", "/settlement/terms/1/recourse: cannot recover an advance payment from itself"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := settlementCase(t, tc.kind, tc.parties, tc.terms)
			d := Derive(c)
			if d["agreement_kind"] != tc.law {
				t.Errorf("agreement_kind = %v, want %s", d["agreement_kind"], tc.law)
			}
			strs := func(key string) []string {
				var out []string
				for _, x := range d[key].([]any) {
					out = append(out, x.(string))
				}
				return out
			}
			kinds, pays, advances := strs("party_kinds"), strs("pays"), strs("advances")
			if !reflect.DeepEqual(kinds, tc.kinds) || !reflect.DeepEqual(pays, tc.pays) || !reflect.DeepEqual(advances, tc.advances) {
				t.Errorf("parties: kinds %v pays %v advances %v, want %v %v %v", kinds, pays, advances, tc.kinds, tc.pays, tc.advances)
			}
			var got []string
			for _, p := range checkRules(c) {
				got = append(got, p.Pointer+": "+p.Message)
			}
			if len(got) != len(tc.problems) {
				t.Fatalf("problems %q, want %d like %q", got, len(tc.problems), tc.problems)
			}
			for i, want := range tc.problems {
				ptr, word, _ := strings.Cut(want, ": ")
				if !strings.HasPrefix(got[i], ptr+": ") || !strings.Contains(got[i], word) {
					t.Errorf("problem %q, want %q", got[i], want)
				}
			}
		})
	}
}

func TestEightDDatesAgainstIntake(t *testing.T) {
	src := `intake: {received_at: "2026-11-03T10:20:00+08:00"}
handling:
  log:
    - {at: "2026-11-03T09:00:00+08:00", by: a, action: b}
    - {at: "2026-11-02T15:00:00+08:00", by: a, action: b}
eightd:
  opened_on: 2026-11-01
  d4:
    - {cause: x, found_on: 2026-11-12}
  d5:
    - {action: a, root_cause: 1, done_on: 2026-11-10}
    - {action: b, root_cause: 1, done_on: 2026-11-12}
  d7:
    - {action: c, done_on: 2026-11-02}
`
	c, err := Parse("e.yaml", []byte(src), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range checkRules(c) {
		got = append(got, p.Pointer)
	}
	// The first log entry is on the day received: a date, not a time, is
	// compared. The second D5 action is done the day its cause was found.
	want := []string{"/handling/log/1/at", "/eightd/d7/0/done_on", "/eightd/d5/0/done_on"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems at %q, want %q", got, want)
	}
}

// Each D5 and D7 action's status from its own dates, against the latest
// date the case records while the 8D is open.
func TestActionStatus(t *testing.T) {
	tests := []struct {
		name, extra string
		want        []string
	}{
		{"open 8D", "", []string{"on_time", "late", "done", "overdue", "open"}},
		{"closed 8D", "  closed_on: 2026-11-28\n", []string{"on_time", "late", "done", "not_done", "not_done"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "eightd:\n  opened_on: 2026-11-04\n" + tc.extra + `  d5:
    - {action: a, due_on: 2026-11-20, done_on: 2026-11-20}
    - {action: b, due_on: 2026-11-15, done_on: 2026-11-16}
    - {action: c, done_on: 2026-11-16}
    - {action: d, due_on: 2026-11-15}
    - {action: e, due_on: 2026-12-15}
`
			c, err := Parse("a.yaml", []byte(src), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range Derive(c)["d5_status"].([]any) {
				got = append(got, s.(string))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("d5_status = %v, want %v", got, tc.want)
			}
		})
	}
}
