package casefile

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/kesuhq/kesu/internal/cnfmt"
)

// rules checks what the case format says and a schema cannot: real
// calendar dates, money in 分, files that stay inside the case folder,
// dates in order, D5 actions that name an existing D4 cause, and terms
// paid by a party of the agreement.
type rules struct {
	c     *Case
	probs []Problem
}

func checkRules(c *Case) []Problem {
	r := &rules{c: c}
	r.walk(c.Root, "", "")
	r.order()
	r.status()
	r.causes()
	r.payers()
	return r.probs
}

func (r *rules) add(n *Node, pointer, format string, args ...any) {
	r.probs = append(r.probs, Problem{Line: n.Line, Col: n.Col, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

// Field names carry their type in the case format: *_on and date are
// dates, *_at and at are times, amount and unit_price are money, file and
// logo name files.
func isDateKey(k string) bool { return k == "date" || k == "on" || strings.HasSuffix(k, "_on") }
func isTimeKey(k string) bool { return k == "at" || strings.HasSuffix(k, "_at") }
func isMoneyKey(k string) bool {
	return k == "amount" || k == "unit_price"
}
func isFileKey(k string) bool { return k == "file" || k == "logo" }

func (r *rules) walk(n *Node, pointer, key string) {
	switch n.Kind {
	case Object:
		for i, k := range n.Keys {
			r.walk(n.Elems[i], Pointer(pointer, k), k)
		}
		return
	case Array:
		for i, e := range n.Elems {
			r.walk(e, pointer+"/"+strconv.Itoa(i), key)
		}
		return
	}
	switch {
	case n.Kind == String && isDateKey(key):
		if _, err := cnfmt.ParseDate(n.Text); err != nil {
			r.add(n, pointer, "%q is not a date: expected YYYY-MM-DD of a real day", n.Text)
		}
	case n.Kind == String && isTimeKey(key):
		if _, err := cnfmt.ParseDateTime(n.Text); err != nil {
			r.add(n, pointer, "%q is not a time: expected RFC 3339 with an offset, like 2026-11-03T10:20:00+08:00", n.Text)
		}
	case n.Kind == Number && isMoneyKey(key) && n.Written != "":
		// YAML reads 0x10, 1_000 and +5 as numbers; as money they are a
		// code or a slip, never what a clerk means.
		r.add(n, pointer, "amount %s: write plain digits such as 12800 or 12800.50 (no sign, base prefix or _)", n.Written)
	case (n.Kind == String || n.Kind == Number) && isMoneyKey(key):
		if _, err := cnfmt.ParseAmount(n.Text); err != nil {
			r.add(n, pointer, "%v", err)
		}
	case n.Kind == String && isFileKey(key):
		if msg := checkPath(n.Text); msg != "" {
			r.add(n, pointer, "%q %s", n.Text, msg)
		}
	}
}

// checkPath keeps attachment paths inside the case folder. It is the
// lexical check; opening the file later goes through os.Root, which also
// refuses symlinks that lead out.
func checkPath(p string) string {
	switch {
	case p == "":
		return "is empty: name a file relative to the case file"
	case strings.Contains(p, `\`):
		return `uses \; write paths with /`
	case path.IsAbs(p) || (len(p) > 1 && p[1] == ':'):
		return "is an absolute path; name the file relative to the case file's folder"
	}
	if c := path.Clean(p); c == ".." || strings.HasPrefix(c, "../") {
		return "climbs out of the case file's folder; attachments must be inside it"
	}
	return ""
}

// date returns the date a node holds (for a time: its date in its own
// offset), or false when the node is absent or not a valid date.
func date(n *Node) (time.Time, bool) {
	if n == nil || n.Kind != String {
		return time.Time{}, false
	}
	if t, err := cnfmt.ParseDate(n.Text); err == nil {
		return t, true
	}
	if t, err := cnfmt.ParseDateTime(n.Text); err == nil {
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), true
	}
	return time.Time{}, false
}

// order checks that nothing happens before it could: 8D steps before the
// 8D opened, the case closed before it was received.
func (r *rules) order() {
	root := r.c.Root
	notBefore := func(base *Node, basePtr string, ptr string) {
		b, ok := date(base)
		if !ok {
			return
		}
		n := root.Lookup(ptr)
		if t, ok := date(n); ok && t.Before(b) {
			r.add(n, ptr, "%s is before %s (%s); check the dates", n.Text, basePtr, base.Text)
		}
	}
	if e := root.Get("eightd"); e != nil {
		opened := e.Get("opened_on")
		for _, p := range []string{"/eightd/due_on", "/eightd/closed_on", "/eightd/d8/closed_on"} {
			notBefore(opened, "/eightd/opened_on", p)
		}
		for _, step := range []struct{ d, field string }{
			{"d3", "due_on"}, {"d3", "done_on"}, {"d5", "due_on"}, {"d6", "implemented_on"}, {"d7", "done_on"},
		} {
			if list := e.Get(step.d); list != nil && list.Kind == Array {
				for i := range list.Elems {
					notBefore(opened, "/eightd/opened_on", fmt.Sprintf("/eightd/%s/%d/%s", step.d, i, step.field))
				}
			}
		}
	}
	received := root.Lookup("/intake/received_at")
	notBefore(received, "/intake/received_at", "/closure/closed_on")
	// A purchase comes before the complaint about it (9999-12-31 would
	// also overflow the warranty's end).
	if p := root.Lookup("/purchase/purchased_on"); p != nil {
		if bought, ok := date(p); ok {
			if got, ok := date(received); ok && bought.After(got) {
				r.add(p, "/purchase/purchased_on", "%s is after /intake/received_at (%s): the purchase must come before the complaint about it", p.Text, received.Text)
			}
		}
	}
	// Nothing is done about a complaint before it was received.
	if log := root.Lookup("/handling/log"); log != nil && log.Kind == Array {
		for i := range log.Elems {
			notBefore(received, "/intake/received_at", fmt.Sprintf("/handling/log/%d/at", i))
		}
	}
	if fu := root.Lookup("/handling/follow_ups"); fu != nil && fu.Kind == Array {
		for i := range fu.Elems {
			notBefore(received, "/intake/received_at", fmt.Sprintf("/handling/follow_ups/%d/on", i))
		}
	}
	// Money is paid under an agreement once it is signed.
	if terms := root.Lookup("/settlement/terms"); terms != nil && terms.Kind == Array {
		signed := root.Lookup("/settlement/signed_on")
		for i := range terms.Elems {
			ptr := fmt.Sprintf("/settlement/terms/%d/paid_on", i)
			if b, ok := date(signed); ok {
				if n := root.Lookup(ptr); n != nil {
					if t, ok := date(n); ok && t.Before(b) {
						r.add(n, ptr, "%s is before /settlement/signed_on (%s): a payment under the agreement cannot come before it is signed", n.Text, signed.Text)
					}
				}
			}
			notBefore(received, "/intake/received_at", fmt.Sprintf("/settlement/terms/%d/performed_on", i))
		}
	}
	if e := root.Get("eightd"); e != nil {
		for _, step := range []struct{ d, field string }{
			{"d3", "done_on"}, {"d5", "done_on"}, {"d6", "implemented_on"}, {"d7", "done_on"},
		} {
			if list := e.Get(step.d); list != nil && list.Kind == Array {
				for i := range list.Elems {
					notBefore(received, "/intake/received_at", fmt.Sprintf("/eightd/%s/%d/%s", step.d, i, step.field))
				}
			}
		}
		notBefore(received, "/intake/received_at", "/eightd/d8/closed_on")
	}
}

// causes checks that every D5 action names a D4 cause by its 1-based
// position: an action that removes no known cause is a broken report.
func (r *rules) causes() {
	e := r.c.Root.Get("eightd")
	d5 := e.Get("d5")
	if d5 == nil || d5.Kind != Array {
		return
	}
	n := 0
	if d4 := e.Get("d4"); d4 != nil && d4.Kind == Array {
		n = len(d4.Elems)
	}
	for i, a := range d5.Elems {
		rc := a.Get("root_cause")
		if rc == nil || rc.Kind != Number {
			continue
		}
		ptr := fmt.Sprintf("/eightd/d5/%d/root_cause", i)
		k, err := strconv.Atoi(rc.Text)
		switch {
		case err == nil && k >= 1 && k <= n:
			r.foundFirst(a, i, e.Get("d4").Elems[k-1], k)
		case n == 0:
			r.add(rc, ptr, "refers to root cause %s, but eightd.d4 lists no causes", rc.Text)
		default:
			r.add(rc, ptr, "refers to root cause %s, but eightd.d4 lists %d (use 1 to %d)", rc.Text, n, n)
		}
	}
}

// foundFirst checks that D5 action i was not done before the cause it
// removes was found: a correction cannot precede its diagnosis.
func (r *rules) foundFirst(action *Node, i int, cause *Node, k int) {
	done := action.Get("done_on")
	found := cause.Get("found_on")
	d, ok1 := date(done)
	f, ok2 := date(found)
	if ok1 && ok2 && d.Before(f) {
		r.add(done, fmt.Sprintf("/eightd/d5/%d/done_on", i),
			"action done on %s, before its root cause (/eightd/d4/%d) was found on %s; check the dates", done.Text, k-1, found.Text)
	}
}

// payers checks that every term is paid by a party of the agreement: a
// payer the agreement does not bind cannot be made to pay by it.
func (r *rules) payers() {
	s := r.c.Root.Get("settlement")
	parties, terms := s.Get("parties"), s.Get("terms")
	if parties == nil || parties.Kind != Array || terms == nil || terms.Kind != Array {
		return
	}
	var roles []string
	count := map[string]int{}
	for _, p := range parties.Elems {
		role := text(p.Get("role"))
		if count[role] == 0 {
			roles = append(roles, role)
		}
		count[role]++
	}
	for i, t := range terms.Elems {
		ptr := fmt.Sprintf("/settlement/terms/%d", i)
		payer := t.Get("payer")
		switch who := text(payer); {
		case payer == nil:
			if PayerOf(parties, t) < 0 && t.Get("amount") != nil {
				r.add(t, ptr, "no party but the customer signs the agreement, so no one pays this term; name its payer")
			}
		case count[who] == 0:
			r.add(payer, ptr+"/payer", "names %s as the payer, but no party of the agreement is the %s (settlement.parties are %s)", who, who, strings.Join(roles, ", "))
		case count[who] > 1:
			r.add(payer, ptr+"/payer", "names %s as the payer, but %d parties of the agreement are the %s; the payer must be one party", who, count[who], who)
		}
		adv := t.Get("advance")
		advance := adv != nil && adv.Kind == Bool && adv.Text == "true"
		if rec := t.Get("recourse"); rec != nil {
			k := PayerOf(parties, t)
			switch {
			case !advance:
				r.add(rec, ptr+"/recourse", "recourse is for a payer paying in advance for another; set advance: true or remove recourse")
			case k >= 0 && text(rec) == text(parties.Elems[k].Get("role")):
				r.add(rec, ptr+"/recourse", "the payer (%s) cannot recover an advance payment from itself", text(rec))
			}
		}
	}
}

func nodeText(n *Node) string {
	if n == nil {
		return ""
	}
	return n.Text
}

// status checks a stated status against the data: closed is the one a
// document and an archive act on, so it must agree with closure.
func (r *rules) status() {
	root := r.c.Root
	st := root.Get("status")
	if st == nil || st.Kind != String {
		return
	}
	closure := root.Get("closure") != nil
	switch {
	case st.Text == "closed" && !closure:
		r.add(st, "/status", "says closed, but the case has no closure (closed_on, outcome); add it or state the status the case is in")
	case st.Text != "closed" && closure:
		r.add(st, "/status", "says %s, but the case has a closure (closed on %s); a closed case is closed", st.Text, nodeText(root.Lookup("/closure/closed_on")))
	}
}
