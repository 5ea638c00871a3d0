package casegen

import (
	"fmt"
	"slices"
	"time"
)

var recognitions = []string{
	"感谢8D小组快速响应，24小时内完成围堵。",
	"感谢品质部与各相关部门的通力配合。",
	"感谢检测中心的分析支持和生产部门的连夜整改。",
	"小组按期完成全部措施，予以通报表扬。",
}

// eightd writes the 8D report (or, for kind car, the corrective action
// report with D1-D5) and returns the date it closed.
func (c *cs) eightd(full bool) (*obj, time.Time) {
	g := c.g
	kind := "8d"
	switch {
	case full:
	case c.def != nil && c.o.kind == kManuf:
		kind = []string{"8d", "car"}[g.weighted([]int{85, 15})]
	case c.def != nil:
		kind = []string{"8d", "car"}[g.weighted([]int{55, 45})]
	default:
		kind = []string{"8d", "car"}[g.weighted([]int{25, 75})]
	}
	prefix := map[string]string{"8d": "8D", "car": "CAR"}[kind]
	m := o("number", fmt.Sprintf("%s-%s-%d-%04d", prefix, upperKey(c.o.key), c.rcv.Year(), c.seq%10000))
	if g.chance(0.8) {
		m.set("kind", kind)
	}
	if c.cust.b2b != nil {
		m.set("customer_ref", fmt.Sprintf("%s-QN-%d-%04d", c.cust.b2b.prefix, c.rcv.Year(), g.between(1, 999)))
	} else if g.chance(0.7) {
		m.set("customer_ref", c.id)
	}
	// product and quantities
	var affected, checked, rejected int
	if c.prod != nil {
		pr := f("name", c.prod.name, "part_number", c.prod.model)
		if c.def != nil {
			lots := flowList{c.lot}
			if next := nextLot(c.lot); next != "" && g.chance(0.3) {
				lots = append(lots, next)
			}
			pr.set("lots", lots)
		}
		m.set("product", pr)
	} else {
		m.set("product", f("name", c.sc.short+"相关服务流程"))
	}
	switch {
	case c.def != nil && c.o.kind == kManuf:
		affected = c.qty + g.between(30, 200)*10
		checked = affected
		rejected = max(checked*g.between(5, 40)/1000, 3)
		m.set("quantity", f("affected", affected, "checked", checked, "rejected", rejected))
	case c.def != nil:
		affected = g.between(6, 300)
		checked = g.between(max(affected/2, 1), affected)
		rejected = g.between(1, max(1, checked/4))
		m.set("quantity", f("affected", affected, "checked", checked, "rejected", rejected))
	case g.chance(0.5):
		checked = g.between(200, 3000)
		rejected = g.between(2, 15)
		m.set("quantity", f("checked", checked, "rejected", rejected))
	}
	opened := addDays(dateOf(c.rcv), g.between(0, 1))
	m.set("opened_on", isoDate(opened))
	due := addDays(opened, pick(g, []int{30, 30, 45, 60}))
	m.set("due_on", isoDate(due))
	closedAt := len(m.keys) // closed_on goes here once known
	// D0
	if g.chance(0.8) {
		if c.def != nil {
			acts := []string{"通知厂家，冻结同批次库存", "暂停同批次产品销售"}
			if c.o.kind == kManuf {
				acts = []string{"评估客户停线风险，安排专车补货", "暂停同批次产品发货，通知生产部及模具科"}
			}
			m.set("d0", fmt.Sprintf("接到投诉后%d小时内启动紧急反应：%s。", g.between(1, 4), pick(g, acts)))
		} else {
			m.set("d0", "接到投诉后当日启动纠正措施程序，评估影响范围。")
		}
	}
	// D1: the team
	team := c.team()
	var d1 []any
	for i, t := range team {
		mm := f("name", t.name, "role", t.role, "department", t.dept)
		if i == 0 && g.chance(0.6) {
			mm.set("contact", g.mobile())
		}
		d1 = append(d1, mm)
	}
	m.set("d1", d1)
	owner := func() string { return team[g.intn(len(team))].name }
	// D2
	d2 := o()
	if c.def != nil {
		usage := c.x(c.def.usage)
		d2.set("statement", c.x(fmt.Sprintf("批号{lot}的{product}%s出现%s：%s。", usage, c.def.what, c.def.symptom)))
		if g.chance(0.8) {
			who, when, howMany := "终端顾客", usage, fmt.Sprintf("已售%d件中%d件", affected, rejected)
			why := pick(g, []string{"待分析", "影响使用，存在安全隐患", "影响顾客正常使用"})
			if c.o.kind == kManuf {
				who = "客户" + c.line + "发现"
				when = cnDate(c.rcv) + "在客户处发现"
				howMany = fmt.Sprintf("%d件中%d件不良（%.1f%%）", checked, rejected, float64(rejected)*100/float64(checked))
				why = pick(g, []string{"影响客户装配，存在停线风险", "可能流入整车，影响安全", "待分析"})
			}
			w := o("what", c.def.what, "where", c.x(c.def.where), "when", when, "who", who,
				"why", why, "how", c.x(c.def.how), "how_many", howMany)
			if g.chance(0.5) {
				w.flow = true
			}
			d2.set("w5h2", w)
		}
		if g.chance(0.75) {
			var rows []any
			for _, r := range c.def.isnot {
				rows = append(rows, f("dimension", r[0], "is", c.x(r[1]), "is_not", c.x(r[2])))
			}
			d2.set("is_is_not", rows)
		}
	} else {
		d2.set("statement", fmt.Sprintf("%s顾客投诉「%s」，经调查核实属实。%s", cnDay(c.rcv), c.sc.short, c.x(c.sc.summary)))
	}
	m.set("d2", d2)
	// D3
	contain := c.sc.containOr(c.def)
	var d3 []any
	last := opened
	for _, a := range subset(g, contain, g.between(1, len(contain))) {
		dd := addDays(opened, g.between(0, 5))
		done := addDays(dd, g.between(-1, 1))
		if g.chance(0.15) {
			done = addDays(dd, g.between(1, 3)) // late
		}
		done = later(done, opened)
		last = later(last, done)
		step := f("action", c.x(a), "owner", owner(), "due_on", isoDate(dd))
		if g.chance(0.9) {
			step.set("done_on", isoDate(done))
		}
		eff := []string{"100%", "已完成", "有效"}
		if checked > 0 {
			eff = append(eff, fmt.Sprintf("已检查%d件，发现%d件不良", checked, rejected))
		}
		step.set("effectiveness", pick(g, eff))
		d3 = append(d3, step)
	}
	m.set("d3", d3)
	// D4, D5
	causes := c.sc.causesOr(c.def)
	var d4, d5 []any
	var d5due []time.Time
	for i, k := range causes {
		ca := f("kind", k.kind, "category", k.cat, "cause", c.x(k.text))
		ca.set("whys", flowList(anys(k.whys)))
		ca.set("verified", g.chance(0.88))
		if len(k.whys) > 3 && g.chance(0.5) {
			ca.flow = false
		}
		d4 = append(d4, ca)
		dd := addDays(opened, g.between(5, 25))
		d5due = append(d5due, dd)
		d5 = append(d5, f("action", c.x(k.fix), "root_cause", i+1, "owner", owner(), "due_on", isoDate(dd), "verification", c.x(k.verify)))
	}
	m.set("d4", d4)
	m.set("d5", d5)
	closed := addDays(slices.MaxFunc(d5due, func(a, b time.Time) int { return a.Compare(b) }), g.between(2, 10))
	if kind == "8d" {
		var d6 []any
		var lastD6 time.Time
		for i, k := range causes {
			impl := later(addDays(d5due[i], g.between(-4, 4)), opened)
			lastD6 = later(lastD6, impl)
			d6 = append(d6, f("action", c.x(k.fix), "implemented_on", isoDate(impl), "result", c.x(k.result)))
		}
		m.set("d6", d6)
		prev := c.preventions()
		var d7 []any
		var lastD7 time.Time
		for _, p := range prev {
			done := addDays(lastD6, g.between(2, 10))
			lastD7 = later(lastD7, done)
			d7 = append(d7, f("action", c.x(p.action), "document", c.x(p.doc), "owner", owner(), "done_on", isoDate(done)))
		}
		m.set("d7", d7)
		closed = addDays(lastD7, g.between(1, 5))
		d8 := f("closed_on", isoDate(closed), "recognition", pick(g, recognitions), "approved_by", c.o.manager.name)
		m.set("d8", d8)
	}
	closed = later(closed, last)
	if kind == "8d" || g.chance(0.85) {
		// closed_on sits after due_on, as in the spec
		m.keys = slices.Insert(m.keys, closedAt, "closed_on")
		m.vals = slices.Insert(m.vals, closedAt, any(isoDate(closed)))
	}
	return m, closed
}

func upperKey(k string) string {
	return map[string]string{"xinghe": "XH", "jingui": "JG", "youxuan": "YX", "xianfeng": "XF", "hengtai": "HT", "bailian": "BL"}[k]
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

type member struct{ name, role, dept string }

func (c *cs) team() []member {
	g, og := c.g, c.o
	var t []member
	add := func(name, role, dept string) {
		for _, m := range t {
			if m.name == name {
				return
			}
		}
		t = append(t, member{name, role, dept})
	}
	if c.def != nil && og.kind != kManuf {
		add(c.brand.rep, "leader", c.brand.name+"厂家 品质部")
	} else {
		add(og.quality[0].name, "leader", og.quality[0].role)
	}
	if g.chance(0.5) {
		add(og.manager.name, "champion", og.manager.role)
	}
	for _, q := range subset(g, og.quality, g.between(1, len(og.quality))) {
		add(q.name, "member", q.role)
	}
	if c.def != nil && og.kind != kManuf && g.chance(0.5) {
		add(g.person().name, "member", c.brand.name+"厂家 生产部")
	}
	return t
}

func (sc *scenario) containOr(d *defect) []string {
	if sc != nil {
		return sc.contain
	}
	return d.contain
}

func (sc *scenario) causesOr(d *defect) []cause {
	if sc != nil {
		return sc.causes
	}
	return d.causes
}

func (c *cs) preventions() []prevent {
	g := c.g
	var p []prevent
	if c.def != nil {
		p = subset(g, c.def.prevent, g.between(1, len(c.def.prevent)))
	} else {
		p = []prevent{{"修订相关管理制度并组织全员培训", "管理制度QP-{nn} Rev.B"}}
	}
	if g.chance(0.4) {
		p = append(p, prevent{"将本案纳入经验教训库", "LL-{year}-{nn}"})
	}
	return p
}

// nextLot is the lot made after lot: L2026-08-17-03 → L2026-08-17-04.
func nextLot(lot string) string {
	last := lot[len(lot)-1]
	if last >= '0' && last < '9' || last >= 'A' && last < 'Z' {
		return lot[:len(lot)-1] + string(rune(last+1))
	}
	return ""
}
