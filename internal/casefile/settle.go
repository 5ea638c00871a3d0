package casefile

import (
	"github.com/kesuhq/kesu/internal/cnfmt"
)

// deriveSettlement adds what the agreement and the apology letter say about
// who is who and who pays, so that templates choose their words from data:
//
//	agreement_kind  "consumer" when the customer party is a person (消费者:
//	                the 消费者权益保护法 governs), "business" when it is a company
//	parties         one map per settlement party, in order: kind (individual |
//	                company), pays (the sum of the terms it pays, "0.00" when
//	                none), advances (the part of pays it pays in advance for
//	                another), terms (how many terms name it as payer)
//	payers          how many parties pay an amount
//	payee           1-based position of the customer party (0 when none)
//	terms           one map per term: party (1-based position of its payer)
func deriveSettlement(root *Node, d map[string]any) {
	s := root.Get("settlement")
	if s == nil {
		return
	}
	parties := s.Get("parties")
	if parties == nil || parties.Kind != Array {
		return
	}
	customerKind := "individual"
	if k := root.Lookup("/customer/kind"); k != nil && k.Kind == String {
		customerKind = k.Text
	}
	type tally struct {
		pays, advances cnfmt.Amount
		terms          int
	}
	tallies := make([]tally, len(parties.Elems))
	kinds := make([]string, len(parties.Elems))
	payee := 0
	d["agreement_kind"] = "consumer"
	for i, p := range parties.Elems {
		role := text(p.Get("role"))
		kinds[i] = "company"
		if role == "customer" {
			kinds[i] = customerKind
		}
		if k := text(p.Get("kind")); k != "" {
			kinds[i] = k
		}
		if role == "customer" && payee == 0 {
			payee = i + 1
			if kinds[i] == "company" {
				d["agreement_kind"] = "business"
			}
		}
	}
	var terms []any
	if list := s.Get("terms"); list != nil && list.Kind == Array {
		for _, t := range list.Elems {
			i := PayerOf(parties, t)
			terms = append(terms, map[string]any{"party": i + 1})
			if i < 0 {
				continue
			}
			tallies[i].terms++
			n := t.Get("amount")
			if n == nil {
				continue
			}
			a, err := cnfmt.ParseAmount(n.Text)
			if err != nil {
				continue
			}
			if sum, err := cnfmt.Sum(tallies[i].pays, a); err == nil {
				tallies[i].pays = sum
			}
			if b := t.Get("advance"); b != nil && b.Kind == Bool && b.Text == "true" {
				if sum, err := cnfmt.Sum(tallies[i].advances, a); err == nil {
					tallies[i].advances = sum
				}
			}
		}
	}
	out := make([]any, len(tallies))
	payers := 0
	for i, t := range tallies {
		if t.pays.String() != "0.00" {
			payers++
		}
		out[i] = map[string]any{"kind": kinds[i], "pays": t.pays.String(), "advances": t.advances.String(), "terms": t.terms}
	}
	d["parties"] = out
	d["payers"] = payers
	d["payee"] = payee
	if terms != nil {
		d["terms"] = terms
	}
}

// PayerOf is the 0-based position among parties of the party that pays term
// t: the one whose role its payer names, or by default the first party
// that is not the customer. It is -1 when no party fits (the rules report
// a payer that names no party).
func PayerOf(parties, t *Node) int {
	want := text(t.Get("payer"))
	for i, p := range parties.Elems {
		role := text(p.Get("role"))
		if (want != "" && role == want) || (want == "" && role != "customer") {
			return i
		}
	}
	return -1
}

func text(n *Node) string {
	if n == nil || n.Kind != String {
		return ""
	}
	return n.Text
}
