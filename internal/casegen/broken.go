package casegen

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Broken is a case file with one realistic mistake: Pointer is the JSON
// pointer of the value at fault ("" for a syntax error, which has no
// value), and Want a word the problem's message contains.
type Broken struct {
	File
	Pointer string
	Want    string
}

// mistake is one way clerks get a case file wrong.
type mistake struct {
	name string
	need forced
	// apply changes the tree; it may return a change of the written bytes
	// too. It returns the pointer and the word.
	apply func(m *mut) (ptr, want string)
}

type mut struct {
	g    *gen
	root *obj
	c    *cs
	post func([]byte) []byte
}

var mistakes = []mistake{
	{"bad-date", forced{settlement: true}, func(m *mut) (string, string) {
		bad := []struct{ ptr, val string }{
			{"/purchase/purchased_on", fmt.Sprintf("%d-02-30", year)},
			{"/settlement/signed_on", fmt.Sprintf("%d-04-31", year)},
			{"/closure/closed_on", fmt.Sprintf("%d-11-31", year)},
		}
		for {
			b := pick(m.g, bad)
			if lookup(m.root, b.ptr) != nil {
				setAt(m.root, b.ptr, day(b.val))
				return b.ptr, "date"
			}
		}
	}},
	{"unknown-channel", forced{}, func(m *mut) (string, string) {
		setAt(m.root, "/intake/channel", pick(m.g, []string{"wechat", "phone", "walk_in", "微信"}))
		return "/intake/channel", "allowed"
	}},
	{"unknown-category", forced{}, func(m *mut) (string, string) {
		setAt(m.root, "/intake/category", pick(m.g, []string{"quality", "产品质量", "service"}))
		return "/intake/category", "allowed"
	}},
	{"unknown-outcome", forced{}, func(m *mut) (string, string) {
		setAt(m.root, "/closure/outcome", pick(m.g, []string{"closed", "solved", "done"}))
		return "/closure/outcome", "allowed"
	}},
	{"amount-three-decimals", forced{cat: "product_quality", settlement: true}, func(m *mut) (string, string) {
		v := num(fmt.Sprintf("%d.%03d", m.g.between(10, 20000), m.g.between(1, 999)|1))
		for i, t := range m.root.obj("settlement").list("terms") {
			if t.(*obj).get("amount") != nil {
				ptr := fmt.Sprintf("/settlement/terms/%d/amount", i)
				setAt(m.root, ptr, v)
				return ptr, "decimals"
			}
		}
		setAt(m.root, "/purchase/amount", v)
		return "/purchase/amount", "decimals"
	}},
	{"missing-customer-name", forced{}, func(m *mut) (string, string) {
		m.root.obj("customer").del("name")
		return "/customer/name", "missing"
	}},
	{"missing-received-at", forced{}, func(m *mut) (string, string) {
		m.root.obj("intake").del("received_at")
		return "/intake/received_at", "missing"
	}},
	{"missing-outcome", forced{}, func(m *mut) (string, string) {
		m.root.obj("closure").del("outcome")
		return "/closure/outcome", "missing"
	}},
	{"missing-term-text", forced{settlement: true}, func(m *mut) (string, string) {
		m.root.obj("settlement").list("terms")[0].(*obj).del("text")
		return "/settlement/terms/0/text", "missing"
	}},
	{"yaml-colon-in-title", forced{json: 1}, func(m *mut) (string, string) {
		m.root.set("title", m.c.title())
		m.post = func(b []byte) []byte {
			return replaceLine(b, "title: ", func(l string) string { return "title: 投诉: " + strings.Trim(strings.TrimPrefix(l, "title: "), `"`) })
		}
		return "", "syntax"
	}},
	{"yaml-unclosed-brace", forced{json: 1}, func(m *mut) (string, string) {
		m.post = func(b []byte) []byte {
			return replaceLine(b, "    - {at: ", func(l string) string { return strings.TrimSuffix(l, "}") })
		}
		return "", "syntax"
	}},
	{"yaml-tab-indent", forced{json: 1}, func(m *mut) (string, string) {
		m.post = func(b []byte) []byte {
			return replaceLine(b, "  channel: ", func(l string) string { return "\t" + strings.TrimPrefix(l, "  ") })
		}
		return "", "syntax"
	}},
	{"json-trailing-comma", forced{json: 2}, func(m *mut) (string, string) {
		m.post = func(b []byte) []byte {
			// the last field of the customer object gets a comma
			i := bytes.Index(b, []byte(`"customer": {`))
			j := i + bytes.Index(b[i:], []byte("\n  },"))
			return append(append(append([]byte{}, b[:j]...), ','), b[j:]...)
		}
		return "", "syntax"
	}},
	{"dangling-root-cause", forced{eightd: true}, func(m *mut) (string, string) {
		e := m.root.obj("eightd")
		d5 := e.list("d5")
		i := m.g.intn(len(d5))
		d5[i].(*obj).set("root_cause", len(e.list("d4"))+m.g.between(1, 2))
		return fmt.Sprintf("/eightd/d5/%d/root_cause", i), "root cause"
	}},
	{"missing-evidence-file", forced{evidence: true}, func(m *mut) (string, string) {
		ev := m.root.obj("complaint").list("evidence")
		ev[0].(*obj).set("file", "assets/"+pick(m.g, []string{"IMG_20260312_093115.jpg", "crack-09.jpg", "微信图片_20260405.jpg"}))
		return "/complaint/evidence/0/file", "no such file"
	}},
	{"path-leaves-folder", forced{evidence: true}, func(m *mut) (string, string) {
		ev := m.root.obj("complaint").list("evidence")
		ev[0].(*obj).set("file", pick(m.g, []string{"../photos/crack.jpg", "assets/../../crack-01.jpg"}))
		return "/complaint/evidence/0/file", "folder"
	}},
	{"closed-before-received", forced{}, func(m *mut) (string, string) {
		setAt(m.root, "/closure/closed_on", isoDate(addDays(dateOf(m.c.rcv), -m.g.between(1, 30))))
		return "/closure/closed_on", "before"
	}},
	{"d3-before-opened", forced{eightd: true}, func(m *mut) (string, string) {
		e := m.root.obj("eightd")
		opened := string(e.get("opened_on").(day))
		y, _ := strconv.Atoi(opened[:4])
		setAt(m.root, "/eightd/d3/0/due_on", day(fmt.Sprintf("%d%s", y-1, opened[4:])))
		return "/eightd/d3/0/due_on", "before"
	}},
	{"phone-not-quoted", forced{json: 1}, func(m *mut) (string, string) {
		setAt(m.root, "/customer/phone", num(m.g.mobile()))
		return "/customer/phone", "quotes"
	}},
	{"misspelt-field", forced{}, func(m *mut) (string, string) {
		m.root.obj("intake").rename("received_at", "recieved_at")
		return "/intake/recieved_at", "received_at"
	}},
	{"time-without-offset", forced{}, func(m *mut) (string, string) {
		at := string(m.root.obj("intake").get("received_at").(stamp))
		setAt(m.root, "/intake/received_at", stamp(strings.TrimSuffix(at, "+08:00")))
		return "/intake/received_at", "time"
	}},
	{"score-out-of-range", forced{}, func(m *mut) (string, string) {
		cl := m.root.obj("closure")
		if cl.obj("satisfaction") == nil {
			cl.set("satisfaction", f("method", "电话回访"))
		}
		cl.obj("satisfaction").set("score", pick(m.g, []int{6, 10}))
		return "/closure/satisfaction/score", "maximum"
	}},
	{"negative-cost", forced{}, func(m *mut) (string, string) {
		cl := m.root.obj("closure")
		item := f("item", "上门取件运费", "amount", num("-150.00"))
		cl.set("costs", append([]any{item}, cl.list("costs")...))
		return "/closure/costs/0/amount", "negative"
	}},
	{"bad-id", forced{}, func(m *mut) (string, string) {
		m.root.set("id", m.c.id+pick(m.g, []string{" 补", "（补录）", "/2"}))
		return "/id", "form"
	}},
	{"wrong-schema-version", forced{}, func(m *mut) (string, string) {
		m.root.set("schema", "kesu/case/v2")
		return "/schema", "kesu/case/v1"
	}},
	{"unknown-section", forced{}, func(m *mut) (string, string) {
		m.root.set("remarks", "顾客要求加急处理")
		return "/remarks", "unknown field"
	}},
}

// BrokenCases returns k broken variants, one realistic mistake each,
// cycling through every kind of mistake; deterministic for a seed.
func BrokenCases(k int, seed int64) []Broken {
	g := newGen(seed, 0x6b657375_62726b6e)
	out := make([]Broken, 0, max(k, 0))
	for i := range max(k, 0) {
		mk := mistakes[i%len(mistakes)]
		p := g.plan(i)
		fx := mk.need
		if fx.eightd || fx.cat == "product_quality" {
			// an 8D comes with a product complaint; the supplier has them most
			if g.chance(0.5) {
				p.o = orgs[4]
			}
		}
		root, c := g.caseFile(p, 900001+i, fx)
		m := &mut{g: g, root: root, c: c}
		ptr, want := mk.apply(m)
		asJSON := g.chance(0.2)
		switch fx.json {
		case 1:
			asJSON = false
		case 2:
			asJSON = true
		}
		file := emit(root, c.id, asJSON)
		if m.post != nil {
			file.Data = m.post(file.Data)
		}
		out = append(out, Broken{File: file, Pointer: ptr, Want: want})
	}
	return out
}

// replaceLine changes the first line that starts with prefix.
func replaceLine(b []byte, prefix string, change func(string) string) []byte {
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			lines[i] = change(l)
			break
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

// ---- pointers into the tree ----

func lookup(root *obj, ptr string) any {
	var cur any = root
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		switch x := cur.(type) {
		case *obj:
			cur = x.get(tok)
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			cur = x[i]
		default:
			return nil
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}

func setAt(root *obj, ptr string, v any) {
	i := strings.LastIndexByte(ptr, '/')
	parent, key := lookup(root, ptr[:i]), ptr[i+1:]
	if ptr[:i] == "" {
		parent = root
	}
	switch x := parent.(type) {
	case *obj:
		x.set(key, v)
	case []any:
		n, _ := strconv.Atoi(key)
		x[n] = v
	default:
		panic("casegen: no " + ptr)
	}
}
