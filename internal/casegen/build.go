package casegen

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// plan is what is decided about a case before the cases are numbered:
// who received it and when. Cases are numbered in the order they came in.
type plan struct {
	o   *org
	rcv time.Time
	idx int
}

// Month weights of a retail year: New Year and Spring Festival, 3·15,
// 618, National Day, Double 11 and the year-end sales.
var monthW = []int{9, 7, 9, 7, 8, 10, 7, 7, 7, 9, 13, 11}

const year = 2026

func (g *gen) plan(idx int) *plan {
	w := make([]int, len(orgs))
	for i, o := range orgs {
		w[i] = o.weight
	}
	o := orgs[g.weighted(w)]
	m := time.Month(1 + g.weighted(monthW))
	days := time.Date(year, m+1, 0, 0, 0, 0, 0, cst).Day()
	d := g.between(1, days)
	var h int
	switch o.kind {
	case kEcom:
		h = g.between(8, 22)
	case kManuf:
		h = g.between(7, 19)
	default:
		h = g.between(9, 20)
	}
	return &plan{o: o, rcv: time.Date(year, m, d, h, g.intn(60), 0, 0, cst), idx: idx}
}

// b2bCustomer is a business customer of the manufacturer.
type b2bCustomer struct {
	name, city, street, prefix, line string
	prods                            []string // what they buy from the supplier
}

var b2bCustomers = []b2bCustomer{
	{"常州鼎泰热管理系统有限公司", "常州", "武进区常武中路18号鼎泰工业园3号厂房", "DT", "EWP-3线", []string{"housing"}},
	{"苏州博远汽车零部件有限公司", "苏州", "吴中区东吴北路66号", "BY", "门护板总成线", []string{"clip", "housing"}},
	{"重庆渝安动力总成有限公司", "重庆", "渝北区金开大道1288号", "YA", "变速箱装配线", []string{"gasket", "housing"}},
	{"广州粤驰新能源汽车有限公司", "广州", "番禺区市桥街大北路200号", "YC", "总装车间A线", []string{"harness", "clip", "bracket"}},
	{"武汉楚天座椅系统有限公司", "武汉", "洪山区珞喻路999号", "CT", "座椅骨架焊装线", []string{"bracket"}},
	{"北京京瑞汽车电子有限公司", "北京", "丰台区丰台北路18号", "JR", "线束装配线", []string{"harness"}},
}

var companyWords = []string{"晨曦", "恒信", "锦程", "新元", "博雅", "天成", "嘉禾", "瑞丰"}
var companyTrades = []string{"广告", "物业服务", "科技", "贸易", "餐饮管理", "装饰工程"}

type customer struct {
	p       person
	name    string
	company bool
	contact string // a company's contact, "质量部 欧阳珺"
	rep     person // a company's representative for agreements
	phone   string
	idNum   string
	address string
	credit  string
	city    int
	b2b     *b2bCustomer
}

// cs is one case being built.
type cs struct {
	g     *gen
	o     *org
	id    string
	seq   int
	rcv   time.Time
	cat   string
	money int // 0: 12800.00, 1: 12800 when whole, 2: "12800.00"
	cust  customer

	prod  *product
	brand brand
	merch *merchant
	def   *defect
	sc    *scenario

	bought, delivered time.Time
	amount            fen
	unitPrice         fen
	qty               int
	lot               string
	items             []any
	diff              fen // a price difference, for price complaints
	line              string

	channel     string
	receiver    string
	level       string
	hours       int
	party       string // responsibility
	custAtFault bool
	orgFault    bool
	has8D       bool
	outcome     string

	termsOut []termT
	termAmts []fen
	signed   time.Time

	rep *strings.Replacer
}

func (c *cs) x(s string) string { return c.rep.Replace(s) }

func (c *cs) money2(f fen) any {
	switch {
	case c.money == 2:
		return f.String()
	case c.money == 1 && f%100 == 0:
		return num(fmt.Sprint(int64(f / 100)))
	}
	return num(f.String())
}

func (o *org) credit() string { return creditCode(o.name, o.region) }

// ids: every organisation numbers its cases its own way.
func (o *org) caseID(rcv time.Time, seq int) string {
	switch o.key {
	case "jingui":
		return fmt.Sprintf("JG-%s-%04d", rcv.Format("20060102"), seq)
	case "youxuan":
		return fmt.Sprintf("YX-TS-%s-%03d", rcv.Format("20060102"), seq)
	case "xianfeng":
		return fmt.Sprintf("XF-KS-%d-%05d", rcv.Year(), seq)
	case "hengtai":
		return fmt.Sprintf("HT-QC-%d-%04d", rcv.Year(), seq)
	case "bailian":
		return fmt.Sprintf("BL_%d_%06d", rcv.Year(), seq)
	}
	return fmt.Sprintf("KS-%d-%06d", rcv.Year(), seq)
}

func productsOf(fam family) []*product {
	var out []*product
	for i := range products {
		if products[i].fam == fam {
			out = append(out, &products[i])
		}
	}
	return out
}

func defectsOf(p *product) []*defect {
	var out []*defect
	for i := range defects {
		if slices.Contains(defects[i].prods, p.key) {
			out = append(out, &defects[i])
		}
	}
	return out
}

func scenariosOf(cat string, k orgKind) []*scenario {
	var out []*scenario
	for i := range scenarios {
		if scenarios[i].cat == cat && scenarios[i].kinds.has(k) {
			out = append(out, &scenarios[i])
		}
	}
	return out
}

// forced settles what a broken variant needs its base case to have.
type forced struct {
	cat        string
	settlement bool
	eightd     bool
	evidence   bool
	json       int // 0 free, 1 YAML, 2 JSON
}

// caseFile builds one case.
func (g *gen) caseFile(p *plan, seq int, fx forced) (*obj, *cs) {
	c := &cs{g: g, o: p.o, seq: seq, rcv: p.rcv}
	c.id = p.o.caseID(p.rcv, seq)
	c.money = g.weighted([]int{80, 17, 3})
	c.cat = categories[g.weighted(p.o.catW)]
	if fx.cat != "" {
		c.cat = fx.cat
	}
	if (fx.eightd || fx.evidence) && c.cat != "product_quality" {
		c.cat = "product_quality"
	}
	if c.cat != "product_quality" {
		if s := scenariosOf(c.cat, p.o.kind); len(s) > 0 {
			c.sc = pick(g, s)
		} else {
			c.cat = "product_quality"
		}
	}
	if c.sc == nil || !c.sc.noBuy {
		c.prod = pick(g, productsOf(p.o.fams[g.weighted(p.o.famW)]))
		if c.sc != nil && c.sc.install && !c.prod.install {
			var inst []*product
			for _, fam := range p.o.fams {
				for _, q := range productsOf(fam) {
					if q.install {
						inst = append(inst, q)
					}
				}
			}
			if len(inst) > 0 {
				c.prod = pick(g, inst)
			}
		}
		if c.sc != nil && c.cat == "delivery_installation" && !c.prod.install && p.o.kind != kManuf && g.chance(0.7) {
			// what gets delivered and installed is mostly big
			for _, fam := range []family{famFurniture, famAppliance} {
				if slices.Contains(p.o.fams, fam) {
					c.prod = pick(g, productsOf(fam))
					break
				}
			}
		}
		c.brand = brandNamed(c.prod.brand)
		c.merch = merchantOf(p.o, c.brand)
		if c.sc == nil {
			c.def = pick(g, defectsOf(c.prod))
		}
	}
	c.customer()
	c.purchaseFacts()
	c.replacer()

	root := o("schema", "kesu/case/v1", "id", c.id)
	if g.chance(0.95) {
		root.set("title", c.title())
	}
	if g.chance(0.7) {
		root.set("locale", "zh-CN")
	}
	root.set("organization", c.organization())
	root.set("customer", c.customerObj())
	root.set("intake", c.intake())
	if c.prod != nil {
		root.set("purchase", c.purchase())
	}
	cmp := c.complaint(fx.evidence)
	root.set("complaint", cmp)

	tl := c.timeline(fx)
	root.set("handling", tl.handling)
	if tl.settlement != nil {
		root.set("settlement", tl.settlement)
	}
	if tl.apology != nil {
		root.set("apology", tl.apology)
	}
	if tl.eightd != nil {
		root.set("eightd", tl.eightd)
	}
	root.set("closure", tl.closure)
	if atts := c.attachments(cmp); len(atts) > 0 {
		root.set("attachments", atts)
	}
	return root, c
}

func (c *cs) customer() {
	g, o := c.g, c.o
	cu := &c.cust
	if o.kind == kManuf {
		var fit []*b2bCustomer
		for i := range b2bCustomers {
			if c.prod == nil || slices.Contains(b2bCustomers[i].prods, c.prod.key) {
				fit = append(fit, &b2bCustomers[i])
			}
		}
		b := pick(g, fit)
		cu.b2b = b
		cu.company = true
		cu.city = cityNamed(b.city)
		cu.name = b.name
		cu.p = g.person()
		cu.rep = g.person()
		cu.contact = pick(g, []string{"质量部 ", "供应商质量部 ", "采购部 "}) + cu.p.name
		cu.phone = g.landline(cu.city)
		cu.address = cities[cu.city].prefix + b.street
		cu.credit = creditCode(b.name, cities[cu.city].dists[0].code)
		c.line = b.line
		return
	}
	cu.city = o.city
	if o.kind == kEcom && g.chance(0.6) {
		cu.city = g.intn(len(cities))
	}
	cu.p = g.person()
	addr, region := g.address(cu.city)
	cu.address = addr
	if g.chance(0.04) {
		cu.company = true
		cu.name = cities[cu.city].name + pick(g, companyWords) + pick(g, companyTrades) + "有限公司"
		cu.rep = cu.p
		cu.contact = pick(g, []string{"行政部 ", "办公室 ", "后勤部 "}) + cu.p.name
		cu.phone = g.landline(cu.city)
		cu.credit = creditCode(cu.name, region)
		return
	}
	cu.name = cu.p.name
	cu.phone = g.mobile()
	if g.chance(0.45) {
		cu.idNum = g.idNumber(region, cu.p.male)
	}
}

// purchaseFacts decides dates, quantities and amounts of what was bought.
func (c *cs) purchaseFacts() {
	g, p := c.g, c.prod
	if p == nil {
		return
	}
	var ago int
	switch p.fam {
	case famFood:
		ago = g.between(0, 12)
	case famApparel:
		ago = g.between(3, 120)
	case famFurniture:
		ago = g.between(10, 420)
	case famAppliance:
		ago = g.between(4, 560)
	case famDigital:
		ago = g.between(3, 300)
	case famAuto:
		ago = g.between(25, 80)
	}
	if c.cat == "price" || c.cat == "policy_process" {
		ago = min(ago, g.between(2, 30))
	}
	if c.cat == "delivery_installation" || c.sc != nil && c.sc.install {
		ago = g.between(3, 25)
	}
	if c.sc != nil && c.sc.recent {
		ago = g.between(0, 1)
	}
	c.bought = dateOf(addDays(c.rcv, -ago))
	switch {
	case p.fam == famAuto:
		c.delivered = addDays(c.bought, g.between(10, ago-3))
	case p.install || p.fam == famFurniture || c.o.kind == kEcom:
		c.delivered = addDays(c.bought, g.between(1, min(max(ago-1, 1), 12)))
		if c.delivered.After(dateOf(c.rcv)) {
			c.delivered = dateOf(c.rcv)
		}
	}
	// unit price
	lo, hi := fen(p.price[0])*100, fen(p.price[1])*100
	switch {
	case p.fam == famAuto:
		c.unitPrice = fen(g.between(int(max(lo, 30)), int(hi+99)))
	case p.cents:
		c.unitPrice = fen(g.between(p.price[0], p.price[1]))*100 + fen(pick(g, []int{90, 80, 50, 0, 99, 60}))
	default:
		y := g.between(p.price[0], p.price[1])
		c.unitPrice = fen(y/10*10+pick(g, []int{0, 0, 9, -1, 8})) * 100
		if c.unitPrice <= 0 {
			c.unitPrice = fen(y) * 100
		}
	}
	c.qty = g.between(p.qty[0], p.qty[1])
	if p.fam == famAuto {
		c.qty = c.qty / 100 * 100
	}
	c.amount = c.unitPrice * fen(c.qty)
	// lots
	prod := addDays(c.bought, -g.between(15, 90))
	switch p.fam {
	case famFurniture:
		c.lot = fmt.Sprintf("L%s-%02d", prod.Format("2006-01-02"), g.between(1, 6))
	case famFood:
		c.lot = fmt.Sprintf("P%s-%d", addDays(c.bought, -g.between(1, 20)).Format("20060102"), g.between(1, 4))
	case famApparel:
		c.lot = fmt.Sprintf("%s%s-%c", strings.Split(p.model, "-")[0], prod.Format("0601"), 'A'+rune(g.intn(4)))
	case famAuto:
		pre := map[string]string{"housing": "DC", "gasket": "XJ", "bracket": "CY", "harness": "WH", "clip": "ZS"}[p.key]
		c.lot = fmt.Sprintf("%s%s-%02d", pre, addDays(c.delivered, -g.between(3, 12)).Format("060102"), g.between(1, 4))
	default:
		c.lot = fmt.Sprintf("%s-%s%02d", strings.ReplaceAll(strings.ReplaceAll(p.model, " ", ""), "-", ""), prod.Format("0601"), g.between(1, 30))
	}
	// items, and what was paid: coupons and points leave 分 in the total
	item := f("name", p.name, "model", p.model)
	if p.frac {
		kg := g.between(40, 280)
		item.set("quantity", num(fmt.Sprintf("%d.%02d", kg/100, kg%100)))
		c.amount = (c.unitPrice*fen(kg) + 50) / 100
	} else {
		item.set("quantity", c.qty)
	}
	item.set("unit_price", c.money2(c.unitPrice))
	if p.fam != famDigital && p.fam != famAppliance || g.chance(0.3) {
		item.set("lot", c.lot)
	}
	if p.serial && g.chance(0.8) {
		item.set("serial", fmt.Sprintf("%s-%s-%06d", strings.ReplaceAll(p.model, " ", ""), c.bought.Format("0601"), g.intn(1000000)))
	}
	items := []any{item}
	if p.fam != famAuto && c.def == nil && g.chance(0.15) || (p.fam == famFurniture || p.fam == famFood) && g.chance(0.15) {
		others := productsOf(p.fam)
		q := pick(g, others)
		if q.key != p.key {
			up := fen(g.between(q.price[0], q.price[1])) * 100
			if q.cents {
				up += 90
			}
			items = append(items, f("name", q.name, "model", q.model, "quantity", 1, "unit_price", c.money2(up)))
			c.amount += up
		}
	}
	if p.fam != famAuto && g.chance(0.4) {
		off := c.amount * fen(g.between(1, 12)) / 100
		if g.chance(0.6) {
			off += fen(g.between(1, 99)) // coupons and points: 分
		}
		c.amount -= min(off, c.amount/2)
	}
	c.items = items
	if c.cat == "price" {
		switch {
		case c.sc != nil && strings.Contains(c.sc.short, "标价"):
			c.diff = fen(g.between(350, 8000))
		case c.sc != nil && strings.Contains(c.sc.short, "满减"):
			c.diff = max(c.amount/100000, 1) * 20000
		default:
			c.diff = c.amount * fen(g.between(5, 25)) / 100
		}
		if c.diff <= 0 {
			c.diff = 100
		}
	}
}

func (c *cs) replacer() {
	g := c.g
	v := []string{
		"{rdate}", cnDay(c.rcv),
		"{year}", fmt.Sprint(c.rcv.Year()),
		"{nn}", fmt.Sprintf("%02d", g.between(1, 40)),
		"{len}", fmt.Sprint(g.between(3, 15)),
		"{n}", fmt.Sprint(g.between(2, 6)),
		"{ppm}", fmt.Sprint(g.between(12, 35)),
		"{ppm2}", fmt.Sprint(g.between(11, 19)),
		"{db}", fmt.Sprint(g.between(52, 65)),
		"{temp}", fmt.Sprint(g.between(10, 16)),
		"{down}", fmt.Sprint(g.between(58, 80)),
		"{shortpct}", fmt.Sprint(g.between(5, 15)),
		"{cset}", fmt.Sprint(g.between(32, 48)),
		"{wash}", pick(g, []string{"手洗", "按洗涤标识干洗", "机洗（轻柔模式）"}),
		"{foreign}", pick(g, []string{"金属丝", "头发", "塑料丝", "尼龙丝"}),
		"{leak}", fmt.Sprintf("%d.%d～%d.%d", g.between(6, 8), g.intn(10), g.between(10, 14), g.intn(10)),
		"{dev}", fmt.Sprintf("0.%02d", g.between(15, 45)),
		"{staffno}", fmt.Sprintf("A%04d", g.between(1000, 3999)),
		"{sec}", fmt.Sprint(g.between(15, 40)),
		"{hours}", fmt.Sprint(g.between(2, 5)),
		"{points}", fmt.Sprint(g.between(12, 480) * 100),
		"{fee}", fmt.Sprint(g.between(2, 30) * 50),
		"{plate}", plate(g, c.o.city),
		"{damage}", pick(g, []string{"侧面有明显凹坑", "表面划伤严重", "面板碎裂", "边角撞裂"}),
		"{install}", c.installProblem(),
		"{extras}", c.installExtras(),
		"{injury}", pick(g, []string{"右手腕骨裂", "膝盖擦伤、软组织挫伤", "尾椎骨挫伤"}),
		"{store}", c.o.store,
		"{eat}", map[bool]string{true: "饮用", false: "食用"}[c.prod != nil && c.prod.key == "milk"],
		"{org}", c.o.name,
		"{line}", c.line,
	}
	if c.prod != nil {
		daysSince := int(dateOf(c.rcv).Sub(c.useFrom()).Hours() / 24)
		v = append(v,
			"{product}", c.prod.name,
			"{model}", c.prod.model,
			"{brand}", c.brand.name,
			"{unit}", c.prod.unit,
			"{part}", c.prod.part,
			"{lot}", c.lot,
			"{pdate}", cnDate(c.bought),
			"{amount}", c.amount.plain(),
			"{qty}", fmt.Sprint(c.qty),
			"{days}", fmt.Sprint(max(daysSince, 1)),
			"{weeks}", fmt.Sprint(max(daysSince/7, 1)),
			"{diff}", c.diff.String(),
			"{merchant}", c.merchantText(),
		)
		if !c.delivered.IsZero() {
			promised := later(addDays(c.delivered, -g.between(2, 7)), addDays(c.bought, 1))
			v = append(v, "{ddate}", cnDate(c.delivered), "{promised}", cnDate(promised))
		} else {
			v = append(v, "{ddate}", cnDate(c.bought), "{promised}", cnDate(addDays(c.bought, 3)))
		}
	} else {
		v = append(v, "{product}", "", "{days}", fmt.Sprint(g.between(3, 20)), "{merchant}", c.o.store, "{qty}", "", "{lot}", "")
	}
	c.rep = strings.NewReplacer(v...)
}

func (c *cs) installProblem() string {
	if c.prod == nil {
		return ""
	}
	switch c.prod.key {
	case "aircon":
		return pick(c.g, []string{"室外机支架松动、有坠落风险", "冷凝水管坡度不够，内机滴水泡坏墙面"})
	case "washer", "heater":
		return pick(c.g, []string{"进水管接头未拧紧，漏水泡坏地板", "墙面打孔位置错误致瓷砖开裂"})
	case "fridge":
		return "搬运时划伤入户门及地板，且冰箱未调平、运行震动明显"
	}
	return pick(c.g, []string{"柜体未与墙体固定、晃动明显", "墙面打孔位置错误致瓷砖开裂", "安装时划伤木地板多处"})
}

func (c *cs) installExtras() string {
	if c.prod != nil && c.prod.fam == famAppliance {
		return "空调支架、加长管、打孔"
	}
	return "搬运上楼、拆除旧家具、打孔固定"
}

func (c *cs) useFrom() time.Time {
	if !c.delivered.IsZero() {
		return c.delivered
	}
	return c.bought
}

func (c *cs) merchantText() string {
	if c.merch != nil {
		return c.merch.label
	}
	if c.o.store != "" {
		return c.o.store
	}
	return c.o.name
}

func plate(g *gen, city int) string {
	pre := map[string]string{"上海": "沪A", "杭州": "浙A", "南京": "苏A", "成都": "川A", "宁波": "浙B"}[cities[city].name]
	if pre == "" {
		pre = "沪B"
	}
	const chars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	s := pre + "·"
	for range 5 {
		s += string(chars[g.intn(len(chars))])
	}
	return s
}

func (c *cs) title() string {
	switch {
	case c.def != nil && c.o.kind == kManuf:
		return fmt.Sprintf("%s%s（批号%s）", c.prod.name, c.def.short, c.lot)
	case c.def != nil:
		name := c.prod.name
		if i := strings.IndexAny(name, "（ "); i > 0 && c.g.chance(0.5) {
			name = name[:i]
		}
		return name + c.def.short
	case c.prod != nil && c.g.chance(0.4):
		name := c.prod.name
		if i := strings.Index(name, "（"); i > 0 {
			name = name[:i]
		}
		return c.sc.short + "（" + name + "）"
	}
	return c.sc.short
}

func (c *cs) organization() *obj {
	og := c.o
	m := o("name", og.name)
	if c.g.chance(0.9) {
		m.set("department", og.dept)
	}
	m.set("address", og.address)
	m.set("phone", og.phone)
	if c.g.chance(0.7) {
		m.set("credit_code", og.credit())
	}
	if c.g.chance(0.85) {
		m.set("logo", "assets/logo-"+og.key+".png")
	}
	return m
}

func (c *cs) customerObj() *obj {
	cu := c.cust
	m := o("name", cu.name)
	if cu.company {
		m.set("contact", cu.contact)
	}
	m.set("phone", cu.phone)
	m.set("id_number", cu.idNum)
	m.set("address", cu.address)
	switch {
	case cu.company:
		m.set("kind", "company")
	case c.g.chance(0.6):
		m.set("kind", "individual")
	}
	return m
}

func (c *cs) intake() *obj {
	g, og := c.g, c.o
	c.channel = channels[g.weighted(og.chanW)]
	lw := []int{64, 26, 10}
	switch {
	case og.kind == kManuf:
		lw = []int{20, 45, 35}
	case c.channel == "regulator" || c.channel == "social_media" || c.channel == "group_visit":
		lw = []int{30, 42, 28}
	case c.def != nil && (strings.Contains(c.def.short, "异物") || strings.Contains(c.def.short, "甲醛")):
		lw = []int{25, 50, 25}
	}
	c.level = []string{"normal", "major", "urgent"}[g.weighted(lw)]
	rcvr := pick(g, og.receivers)
	c.receiver = rcvr.name
	m := o("channel", c.channel, "received_at", rfc(c.rcv))
	m.set("receiver", f("name", rcvr.name, "role", rcvr.role))
	if g.chance(0.95) {
		m.set("level", c.level)
	}
	m.set("category", c.cat)
	if ref := c.referral(); ref != nil {
		m.set("referral", ref)
	}
	switch c.level {
	case "urgent":
		c.hours = pick(g, []int{2, 4, 12, 24})
	case "major":
		c.hours = pick(g, []int{12, 24, 24, 48})
	default:
		c.hours = pick(g, []int{24, 24, 48, 72})
	}
	if og.kind == kManuf {
		c.hours = 24
	}
	if g.chance(0.92) {
		m.set("promised_reply_hours", c.hours)
	}
	return m
}

func (c *cs) referral() *obj {
	g, og := c.g, c.o
	d := pick(g, cities[og.city].dists)
	switch c.channel {
	case "regulator":
		from := pick(g, []string{d.name + "市场监督管理局（12315转办）", cities[og.city].name + "市消费者权益保护委员会", d.name + "市场监督管理局" + pick(g, []string{"湖滨", "中心", "城东", "新城"}) + "所"})
		return o2("from", from, "reference", fmt.Sprintf("12315-%d-%s-%04d", c.rcv.Year(), c.rcv.Format("0102"), g.between(1, 9999)))
	case "group_staff":
		return o2("from", og.group+pick(g, []string{"客户服务中心", "质量管理部", "总裁办"}), "reference", fmt.Sprintf("JT-%s-%03d", c.rcv.Format("20060102"), g.between(1, 300)))
	case "social_media":
		if g.chance(0.5) {
			cn := cities[og.city].name
			m := o2("from", pick(g, []string{"《" + cn + "晚报》民生热线", cn + "广播电视台《民生直通车》栏目", "「" + cn + "消费维权」微信公众号"}))
			if g.chance(0.5) {
				m.set("reference", fmt.Sprintf("MS%s%02d", c.rcv.Format("060102"), g.between(1, 40)))
			}
			return m
		}
	}
	return nil
}

// o2 is o for small objects that read well on one line.
func o2(pairs ...any) *obj { return f(pairs...) }

func (c *cs) purchase() *obj {
	g, p := c.g, c.prod
	m := o()
	if c.o.kind != kManuf {
		m.set("city", cities[c.o.city].name)
		m.set("store", c.o.store)
	} else {
		m.set("city", cities[c.cust.city].name)
	}
	if c.merch != nil {
		m.set("merchant", c.merch.label)
	}
	m.set("brand", c.brand.name)
	if g.chance(0.85) {
		m.set("order_no", c.orderNo())
	}
	m.set("purchased_on", isoDate(c.bought))
	if !c.delivered.IsZero() {
		m.set("delivered_on", isoDate(c.delivered))
		addr := c.cust.address
		if p.fam == famAuto {
			addr += "收货仓库"
		}
		m.set("delivery_address", addr)
	}
	m.set("amount", c.money2(c.amount))
	m.set("items", c.items)
	if p.warranty > 0 && g.chance(0.9) {
		m.set("warranty_months", p.warranty)
	}
	if p.fam == famAuto && g.chance(0.8) {
		m.set("warranty_months", 24)
	}
	return m
}

func (c *cs) orderNo() string {
	g := c.g
	switch c.o.kind {
	case kEcom:
		return fmt.Sprintf("YX%s%08d", c.bought.Format("200601021504"), g.intn(100000000))
	case kSuper:
		return fmt.Sprintf("POS%02d-%s-%04d", g.between(1, 24), c.bought.Format("20060102"), g.between(1, 2000))
	case kManuf:
		return fmt.Sprintf("PO45%08d", g.intn(100000000))
	case kDept:
		return fmt.Sprintf("JG%s%06d", c.bought.Format("060102"), g.intn(1000000))
	case kAppliance:
		return fmt.Sprintf("BL-%s-%05d", c.bought.Format("20060102"), g.intn(100000))
	}
	initials := map[string]string{"雅居": "YJ", "林木坊": "LMF", "梦途": "MT", "欧晟": "OS", "宜和": "YH"}[c.brand.name]
	return fmt.Sprintf("%s%s-%04d", initials, c.bought.Format("20060102"), g.between(1, 300))
}

var emotions = []string{
	"顾客情绪较为激动，表示已多次联系商户未获答复。",
	"顾客要求商场尽快给出处理意见。",
	"顾客表示如不能妥善处理，将向12315投诉并在网上曝光！",
	"顾客态度平和，希望尽快解决。",
	"顾客称此前已自行与商户沟通两次，对方一直推诿。",
	"",
}

var scenarioEmotions = []string{
	"顾客表示如不能妥善处理，将向12315投诉并在网上曝光！",
	"顾客要求尽快给出书面答复。",
	"顾客情绪激动，要求负责人出面处理。",
}

var usageNotes = map[family][]string{
	famFurniture: {"顾客称日常使用正常。", "顾客称按说明书保养，未自行拆装。", "顾客称家中无宠物，家具未受阳光直射。"},
	famAppliance: {"顾客称按说明书安装使用，未自行拆修。", "顾客称已重启、复位均无效。"},
	famApparel:   {"顾客称按洗涤标识要求护理。", "顾客保留了购物小票及吊牌。"},
	famFood:      {"顾客保留了剩余商品及外包装。", "顾客提供了购物小票。"},
	famDigital:   {"顾客称无摔落、无进水，未自行拆机。", "顾客称仅使用原装充电器。"},
}

func (c *cs) complaint(forceEvidence bool) *obj {
	g := c.g
	var desc, expect string
	var ev []evid
	switch {
	case c.def != nil && c.o.kind == kManuf:
		checked := c.qty * g.between(20, 70) / 100
		bad := max(checked*g.between(5, 60)/1000, 3)
		desc = c.x(fmt.Sprintf("%s，客户在%s中发现我司%s供货的%s %s（批号%s，到货%d件）%s。截至%s，已检%d件中%d件不良，不良率%.1f%%。",
			cnDate(addDays(dateOf(c.rcv), -g.between(0, 1))), c.line+pick(g, []string{"终检", "装配", "来料检验"}), cnDay(c.delivered),
			c.prod.name, c.prod.model, c.lot, c.qty, c.def.symptom, cnDay(c.rcv), checked, bad, float64(bad)*100/float64(checked)))
		desc += "\n" + pick(g, []string{
			"客户依据《供应商质量协议》发出质量投诉，要求「24小时内提交D3围堵措施，7日内提交D4根本原因分析」。",
			"客户要求立即对在途及在库产品100%挑选，并按期提交8D报告。",
			"客户指出同类问题去年已出现过一次，要求说明为何再次发生，并评估停线风险！",
		})
		expect = "立即补发合格品并对线边、在库及在途产品100%挑选；赔偿挑选返工工时及报废损失；按期提交8D报告。"
		ev = c.def.evidence
	case c.def != nil:
		where := map[orgKind]string{kFurniture: "本商场", kDept: "本商场", kEcom: "优选汇App", kSuper: "本店", kAppliance: "本店"}[c.o.kind]
		if c.merch != nil {
			where += c.merch.label
		}
		lotInfo := ""
		if c.prod.fam == famFurniture || c.prod.fam == famFood || g.chance(0.3) {
			lotInfo = "，批号" + c.lot
		}
		usage := c.x(c.def.usage)
		desc = c.x(fmt.Sprintf("顾客反映：%s在%s购买的%s（型号%s%s），%s%s。", cnDate(c.bought), where, c.prod.name, c.prod.model, lotInfo, usage, c.def.symptom))
		if notes := usageNotes[c.prod.fam]; notes != nil && g.chance(0.7) {
			desc += pick(g, notes)
		}
		if e := pick(g, emotions); e != "" {
			if g.chance(0.3) {
				desc += "\n"
			}
			desc += e
		}
		expect = c.pqExpectation()
		ev = c.def.evidence
	default:
		desc = c.x(c.sc.desc)
		if e := pick(g, scenarioEmotions); c.o.kind != kManuf && g.chance(0.4) {
			desc += "\n" + e
		}
		expect = c.sc.expect
		ev = c.sc.evidence
	}
	switch c.channel {
	case "group_visit":
		// 集团来访: the customer came to group headquarters in person.
		if c.o.kind == kManuf {
			desc = fmt.Sprintf("客户质量部一行%d人来集团总部现场反映：", g.between(2, 5)) + desc
		} else {
			desc = strings.Replace(desc, "顾客反映：", "顾客到集团总部来访反映：", 1)
		}
	case "regulator":
		if !strings.HasPrefix(desc, "顾客反映") {
			break
		}
		desc = "经市场监管部门转办，" + desc
	}
	m := o("description", desc)
	if g.chance(0.9) {
		m.set("expectation", expect)
	}
	if len(ev) > 0 && (forceEvidence || g.chance(0.7)) {
		k := g.between(1, len(ev))
		if forceEvidence {
			k = len(ev)
		}
		var list []any
		for _, e := range subset(g, ev, k) {
			list = append(list, f("file", e.file, "caption", e.caption))
		}
		m.set("evidence", list)
	}
	return m
}

func (c *cs) pqExpectation() string {
	g := c.g
	switch c.prod.fam {
	case famFood:
		return pick(g, []string{"退款并按《食品安全法》规定赔偿。", "要求退一赔十。", "退款，并要求商家说明原因。"})
	case famFurniture:
		return pick(g, []string{"退货退款，并赔偿往返误工损失。", "更换新品，并上门重新安装。", "退货退款。"})
	case famAppliance, famDigital:
		return pick(g, []string{"换新机。", "退货退款。", "换新机，并补偿误工损失。"})
	}
	return pick(g, []string{"退货退款。", "换货。", "退款并赔偿损失。"})
}
