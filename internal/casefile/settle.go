package casefile

import (
	"github.com/kesuhq/kesu/internal/cnfmt"
)

// deriveSettlement adds what the agreement and the apology letter say about
// who is who and who pays, so that templates choose their words from data.
// Lists run parallel to settlement.parties or settlement.terms, flat because
// templates index them (d.party_kinds[n-1]):
//
//	agreement_kind  "consumer" when the customer party is a person (消费者:
//	                the 消费者权益保护法 governs), "business" when it is a company
//	party_kinds     per party: individual (signs) | company (seals)
//	pays            per party: the sum of the terms it pays, "0.00" when none
//	advances        per party: the part of pays it pays in advance for another
//	payers          how many parties pay an amount
//	payer           1-based position of the party paying, when only one does
//	payee           1-based position of the customer party (0 when none)
//	us              1-based position of the party that is the organization
//	                issuing the documents (0: none is)
//	term_payers     per term: 1-based position of its payer (0: none)
//	term_recourse   per term: 1-based position of the party an advance is
//	                recovered from (0 when that party does not sign)
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
	var termPayers, termRecourse []any
	if list := s.Get("terms"); list != nil && list.Kind == Array {
		for _, t := range list.Elems {
			i := PayerOf(parties, t)
			recourse := 0
			if who := text(t.Get("recourse")); who != "" {
				for j, p := range parties.Elems {
					if text(p.Get("role")) == who {
						recourse = j + 1
						break
					}
				}
			}
			termPayers, termRecourse = append(termPayers, i+1), append(termRecourse, recourse)
			if i < 0 {
				continue
			}
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
	kindList, pays, advances := make([]any, len(tallies)), make([]any, len(tallies)), make([]any, len(tallies))
	payers, payer := 0, 0
	for i, t := range tallies {
		if t.pays.String() != "0.00" {
			payers++
			payer = i + 1
		}
		kindList[i], pays[i], advances[i] = kinds[i], t.pays.String(), t.advances.String()
	}
	d["party_kinds"], d["pays"], d["advances"] = kindList, pays, advances
	d["payers"] = payers
	if payers == 1 {
		d["payer"] = payer
	}
	d["payee"] = payee
	// "We" in the apology letter: the party that is the organization
	// writing it.
	org := text(root.Lookup("/organization/name"))
	for i, p := range parties.Elems {
		if org != "" && text(p.Get("name")) == org {
			d["us"] = i + 1
			break
		}
	}
	d["term_payers"], d["term_recourse"] = termPayers, termRecourse
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
