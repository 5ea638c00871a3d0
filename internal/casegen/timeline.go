package casegen

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

type timeline struct {
	handling, settlement, apology, eightd, closure *obj
}

type entry struct {
	at         time.Time
	by, action string
}

var receptionActs = map[string][]string{
	"service_desk": {"在服务台接待顾客，登记投诉内容，安抚顾客情绪", "接待顾客，引导至客服接待室，记录投诉内容"},
	"front_desk":   {"前台接待顾客并引导至客服接待室，记录投诉内容", "前台登记顾客投诉，通知客诉专员接待"},
	"merchant":     {"接收商户转来的投诉，联系顾客核实情况", "商户反映无法与顾客达成一致，转交客服中心处理"},
	"regulator":    {"接收市场监管部门转办的投诉工单，联系顾客核实诉求", "登记12315转办工单，电话联系顾客了解情况"},
	"social_media": {"舆情监测发现顾客发帖投诉，私信联系顾客并登记", "接媒体转来的顾客投诉线索，联系顾客核实"},
	"hotline":      {"接听顾客来电，记录投诉内容并告知处理时限", "热线受理顾客投诉，安抚顾客情绪并登记"},
	"group_staff":  {"接收集团转办的投诉，联系顾客核实情况", "集团员工转来顾客投诉，登记并联系顾客"},
	"group_visit":  {"在集团总部接待来访顾客，安排至接待室，登记诉求", "集团总部接待顾客来访，记录诉求并转交所属门店处理"},
	"email":        {"收到投诉邮件及附件照片，回复确认收悉并登记", "收到顾客邮件投诉，登记并电话联系顾客"},
	"app":          {"收到App在线投诉工单，联系顾客核实情况", "小程序投诉工单转人工处理，联系顾客核实"},
	"other":        {"收到顾客来信投诉，登记并电话联系顾客", "顾客委托家属代为投诉，登记并联系顾客本人确认"},
}

// immediate channels: the customer is there, or on the line
var immediate = map[string]bool{"service_desk": true, "front_desk": true, "hotline": true, "group_visit": true}

var investigateActs = map[family][]string{
	famFurniture: {"上门查看，拍照取证，确认{short}属实", "约商户及厂家技术人员到场检测", "联系商户调取出厂检验记录"},
	famAppliance: {"安排厂家售后工程师上门检测，确认{short}属实", "联系{merchant}协商处理方案", "调取同批次产品售后记录"},
	famApparel:   {"查看实物，确认{short}属实，送第三方检测机构检测", "约{merchant}负责人协商处理方案"},
	famFood:      {"封存顾客提供的剩余商品，下架同批次商品", "通知供应商追溯同批次产品生产记录", "检查同批次在库商品"},
	famDigital:   {"送官方售后检测，确认{short}属实", "联系{merchant}协商处理方案"},
	famAuto: {"冻结厂内同批次库存，发出停止发货通知", "派检验员赴客户现场，会同客户对线边及在库产品100%复检",
		"完成不良品分析，确认不良原因", "专车补发经100%检测的合格品"},
}

var replies = map[family][]string{
	famFurniture: {"已确认问题属实，将在3个工作日内给出处理方案", "已安排厂家检测，检测结论出来后第一时间告知"},
	famAppliance: {"已确认故障属实，将为您办理换机或退货", "厂家检测结论已出，属产品质量问题，将按三包规定处理"},
	famApparel:   {"已确认问题属实，可为您办理退换货", "已送检，检测结果出来后告知处理方案"},
	famFood:      {"已确认问题属实，同批次商品已下架，将按规定赔偿", "已通知供应商追溯，将按《食品安全法》规定处理"},
	famDigital:   {"检测确认属产品质量问题，将为您换新", "已送检，检测结论出来后告知处理方案"},
	famAuto:      {"提交D3围堵报告，说明挑选及补货安排", "已冻结可疑库存并安排现场挑选，D4分析将按期提交"},
}

// responsibility decides who is answerable, and whether it is the
// customer's own doing.
func (c *cs) responsibility() {
	g := c.g
	switch {
	case c.def != nil:
		c.party = c.def.party
	case c.sc.party != "":
		c.party = c.sc.party
	default:
		c.party = c.o.role
	}
	if c.party == "merchant" && c.merch == nil && c.o.role == "mall" {
		c.party = "mall"
	}
	// the organisation answers itself when its own staff or rules are at
	// fault, or when it is the seller
	c.orgFault = c.sc != nil && c.sc.party == "" || c.party == "mall" || c.party == c.o.role && c.merch == nil
	if c.def != nil && c.prod.fam != famFood {
		switch r := g.intn(100); {
		case r < 7:
			c.party, c.custAtFault = "customer", true
		case r < 10:
			c.party = "undetermined"
		case r < 15 && c.o.kind != kManuf:
			c.party = "shared"
		}
	}
}

func (c *cs) partyLabel() string {
	return map[string]string{"merchant": "商户", "mall": "商场", "manufacturer": "厂家", "logistics": "物流公司", "customer": "顾客", "shared": "多方"}[c.party]
}

func (c *cs) timeline(fx forced) timeline {
	g := c.g
	c.responsibility()
	switch {
	case fx.settlement || fx.eightd:
		c.outcome = "resolved"
	case c.custAtFault:
		c.outcome = []string{"withdrawn", "unresolved", "partially_resolved"}[g.weighted([]int{40, 30, 30})]
	case c.party == "undetermined":
		c.outcome = []string{"unresolved", "partially_resolved", "withdrawn"}[g.weighted([]int{45, 35, 20})]
	default:
		c.outcome = []string{"resolved", "partially_resolved", "withdrawn", "unresolved"}[g.weighted([]int{79, 12, 5, 4})]
	}
	hasTerms := c.def != nil || len(c.sc.terms) > 0
	settle := fx.settlement || hasTerms && !c.custAtFault && c.party != "undetermined" &&
		(c.outcome == "resolved" && g.chance(0.72) || c.outcome == "partially_resolved" && g.chance(0.5))

	// the handling log. Its first entry is the first response to the
	// customer (what the ledger measures against the promised hours):
	// at once at a desk or on the phone, within hours for what comes in
	// writing or is passed on, and in about one case in six too late.
	var log []entry
	hours := time.Duration(c.hours) * time.Hour
	deadline := c.rcv.Add(hours)
	late := g.chance(0.17)
	var recv time.Time
	switch {
	case late:
		recv = g.office(deadline.Add(time.Duration(g.uniform(0.05, 1.5) * float64(hours))))
	case immediate[c.channel]:
		recv = c.rcv.Add(time.Duration(g.between(5, 40)) * time.Minute)
	default:
		recv = g.office(c.rcv.Add(time.Duration(g.uniform(0.03, 0.6) * float64(hours))))
		if recv.After(deadline) {
			recv = c.rcv.Add(time.Duration(g.between(10, 60)) * time.Minute)
		}
	}
	recv = recv.Truncate(time.Minute)
	if !recv.After(c.rcv) {
		recv = c.rcv.Add(time.Duration(g.between(5, 40)) * time.Minute)
	}
	act := pick(g, receptionActs[c.channel])
	if late {
		act = pick(g, []string{"回电顾客，就未及时联系致歉，核实投诉内容", "首次联系顾客，说明处理流程并核实诉求", "联系顾客，告知已安排专人处理（超出承诺回复时限）"})
	}
	if c.o.kind == kManuf && c.channel == "email" && !late {
		act = "收到客户质量投诉邮件及不良照片，通知质量保证部长和生产部，启动8D并成立小组"
	}
	log = append(log, entry{recv, c.receiver, act})
	var inv []string
	if c.def != nil {
		inv = subset(g, investigateActs[c.prod.fam], g.between(1, min(3, len(investigateActs[c.prod.fam]))))
	} else {
		inv = slices.Clone(c.sc.logs)
	}
	if c.custAtFault {
		inv = append(inv, pick(g, []string{
			"检测结论：系使用不当所致，不属于产品质量问题，向顾客出示检测报告并解释",
			"厂家检测认定为人为损坏，向顾客说明检测结论，顾客表示异议",
		}))
	}
	// the answer, after looking into it
	reply := recv.Add(time.Duration(g.uniform(0.1, 1.0) * float64(hours))).Truncate(time.Minute)
	if h := reply.Hour(); h < 8 || h >= 21 {
		// nobody answers at night: the evening before, or the next morning
		ev := time.Date(reply.Year(), reply.Month(), reply.Day(), 20, g.between(0, 50), 0, 0, cst)
		if h < 8 {
			ev = ev.AddDate(0, 0, -1)
		}
		if ev.After(recv) && g.chance(0.6) {
			reply = ev
		} else {
			reply = g.office(reply)
		}
	}
	if !reply.After(recv) {
		reply = recv.Add(time.Duration(g.between(10, 50)) * time.Minute)
	}
	// the investigation comes before the answer when there is time for it;
	// when there is not, the answer only says the complaint is being looked into
	interim := reply.Sub(recv) < time.Duration(len(inv)+1)*25*time.Minute
	t := recv
	if interim {
		t = reply
	}
	fracs := make([]float64, len(inv))
	for i := range fracs {
		fracs[i] = g.uniform(0.08, 0.95)
	}
	slices.Sort(fracs)
	for i, a := range inv {
		if interim {
			t = g.office(t.Add(time.Duration(g.between(30, 20*60)) * time.Minute))
		} else {
			t = recv.Add(time.Duration(fracs[i] * float64(reply.Sub(recv)))).Truncate(time.Minute)
			if o := g.office(t); o.Before(reply) {
				t = o
			}
			if !t.After(recv) {
				t = recv.Add(time.Minute)
			}
		}
		if prev := log[len(log)-1].at; !t.After(prev) {
			t = prev.Add(time.Duration(g.between(5, 40)) * time.Minute) // one thing after another
		}
		a = strings.ReplaceAll(c.x(a), "{short}", c.short())
		log = append(log, entry{t, pick(g, c.o.handlers), a})
	}
	how := pick(g, []string{"电话答复顾客：", "电话答复顾客：", "短信答复顾客：", "当面答复顾客："})
	switch {
	case c.o.kind == kManuf:
		how = "邮件答复客户："
	case c.channel == "app" || c.channel == "social_media":
		how = "通过在线消息答复顾客："
	}
	answer := ""
	switch {
	case interim:
		answer = pick(g, []string{"投诉已受理，正在核实情况，将尽快给出处理意见", "已安排专人跟进，核实后第一时间联系您"})
	case c.custAtFault:
		answer = "经检测，问题系使用不当所致，可提供有偿维修"
	case c.def != nil:
		answer = c.x(pick(g, replies[c.prod.fam]))
	default:
		answer = c.x(c.sc.reply)
	}
	log = append(log, entry{reply, c.receiver, how + answer})
	slices.SortStableFunc(log, func(a, b entry) int { return a.at.Compare(b.at) })
	last := log[len(log)-1].at

	var end time.Time // the last thing before closure
	tl := timeline{}
	switch {
	case settle:
		neg := g.office(last.Add(time.Duration(g.between(60, 72*60)) * time.Minute))
		who := "顾客"
		if c.cust.company {
			who = "客户"
		}
		parties := c.parties()
		act := pick(g, []string{"与" + who + "协商一致，签订处理协议书", "与" + who + "就处理方案达成一致，签订协议"})
		if others := c.otherParties(parties); others != "" {
			act = pick(g, []string{"组织" + who + "与" + others + "协商，达成处理协议", "约" + who + "与" + others + "协商，签订处理协议书"})
		}
		log = append(log, entry{neg, pick(g, c.o.handlers), act})
		tl.settlement = c.settlement(parties, dateOf(neg))
		end = dateOf(neg)
	case c.outcome == "withdrawn":
		w := g.office(last.Add(time.Duration(g.between(4*60, 10*24*60)) * time.Minute))
		log = append(log, entry{w, c.receiver, pick(g, []string{"顾客来电表示问题已与商户自行协商解决，撤回投诉", "顾客表示不再追究，撤回投诉"})})
		end = dateOf(w)
	case c.outcome == "unresolved":
		w := g.office(last.Add(time.Duration(g.between(4*60, 10*24*60)) * time.Minute))
		log = append(log, entry{w, c.receiver, pick(g, []string{"顾客不接受处理方案，已告知其可向消费者协会申请调解或依法起诉", "双方协商未果，建议顾客通过12315调解"})})
		end = dateOf(w)
	default:
		end = dateOf(last)
	}
	var logList []any
	for _, e := range log {
		if c.cust.company && c.o.kind == kManuf {
			e.action = strings.ReplaceAll(e.action, "顾客", "客户")
		}
		logList = append(logList, f("at", rfc(e.at), "by", e.by, "action", e.action))
	}
	h := o("log", logList)
	if c.party != "" && g.chance(0.9) {
		r := o2("party", c.party)
		r.set("basis", c.basis())
		h.set("responsibility", r)
	}
	if s := c.summary(); s != "" && g.chance(0.85) {
		h.set("root_cause_summary", s)
	}
	tl.handling = h

	// 8D
	want8D := fx.eightd
	if !want8D && !c.custAtFault && c.party != "undetermined" {
		switch {
		case c.def != nil && c.o.kind == kManuf:
			want8D = g.chance(0.95)
		case c.def != nil:
			want8D = g.chance(0.2)
		case c.o.kind == kManuf:
			want8D = g.chance(0.5)
		default:
			want8D = g.chance(0.05)
		}
	}
	if want8D {
		var closed time.Time
		tl.eightd, closed = c.eightd(fx.eightd)
		c.has8D = true
		end = later(end, closed)
	}
	// apology
	if !c.custAtFault && c.party != "undetermined" && c.outcome != "unresolved" {
		p := 0.2
		switch {
		case c.cat == "service_attitude":
			p = 0.75
		case c.o.kind == kManuf && c.def != nil:
			p = 0.5
		case c.level != "normal":
			p = 0.35
		}
		if g.chance(p) {
			d := addDays(dateOf(reply), g.between(0, 3))
			if d.After(end) {
				end = d
			}
			tl.apology = c.apology(d, tl.settlement)
		}
	}
	tl.closure = c.closure(end, tl.settlement, tl.apology != nil)
	return tl
}

func (c *cs) short() string {
	if c.def != nil {
		return c.def.short
	}
	return c.sc.short
}

func (c *cs) basis() string {
	switch {
	case c.custAtFault:
		return c.x(pick(c.g, []string{"经厂家检测，{product}损坏系使用不当所致，不属于产品质量问题。", "经第三方检测，未发现产品质量缺陷，损坏系人为原因造成。"}))
	case c.party == "undetermined":
		return "双方对检测结论存在分歧，已委托第三方检测机构检测，责任尚未确定。"
	case c.party == "shared":
		return "经查验，产品存在质量问题，" + c.partyLabel() + "处理过程中亦存在延误，商户与商场共同承担责任。"
	case c.def != nil:
		return c.x(c.def.basis)
	}
	return c.x(c.sc.basis)
}

func (c *cs) summary() string {
	switch {
	case c.custAtFault:
		return "顾客使用不当造成损坏。"
	case c.party == "undetermined":
		return ""
	case c.def != nil:
		return c.x(c.def.summary)
	}
	return c.x(c.sc.summary)
}

// ---- settlement ----

var logistics = []string{"顺达物流有限公司", "安运城配物流有限公司", "捷通家居配送服务有限公司"}

type party struct {
	obj  *obj
	name string
	role string
}

func (c *cs) orgParty() party {
	og := c.o
	p := f("role", og.role, "name", og.name, "representative", og.manager.name)
	if c.g.chance(0.6) {
		p.set("credit_code", og.credit())
	}
	p.set("phone", og.phone)
	if c.g.chance(0.5) {
		p.set("address", og.address)
	}
	return party{p, og.name, og.role}
}

func (c *cs) parties() []party {
	g, cu := c.g, c.cust
	var first *obj
	if cu.company {
		first = f("role", "customer", "name", cu.name, "representative", cu.rep.name, "credit_code", cu.credit, "phone", cu.phone, "address", cu.address)
	} else {
		first = f("role", "customer", "name", cu.name, "id_number", cu.idNum, "phone", cu.phone)
		if g.chance(0.6) {
			first.set("address", cu.address)
		}
	}
	out := []party{{first, cu.name, "customer"}}
	merchantParty := func() party {
		m := c.merch
		p := f("role", "merchant", "name", m.company, "representative", m.rep, "credit_code", m.credit, "phone", m.phone)
		return party{p, m.company, "merchant"}
	}
	manufacturer := func() party {
		b := c.brand
		return party{f("role", "manufacturer", "name", b.company, "representative", b.rep, "credit_code", creditCode(b.company, cities[b.city].dists[0].code)), b.company, "manufacturer"}
	}
	switch {
	case c.o.kind == kManuf:
		out = append(out, c.orgParty())
	case c.orgFault:
		out = append(out, c.orgParty())
		if c.def != nil && c.brand.company != c.o.name && g.chance(0.35) {
			out = append(out, manufacturer())
		}
	case (c.party == "merchant" || c.party == "shared") && c.merch != nil:
		out = append(out, merchantParty())
		if c.o.role == "mall" && (c.party == "shared" || g.chance(0.6)) {
			out = append(out, c.orgParty())
		}
	case c.party == "manufacturer":
		if c.merch != nil && g.chance(0.6) {
			out = append(out, merchantParty())
		} else {
			out = append(out, c.orgParty())
		}
		if g.chance(0.5) {
			out = append(out, manufacturer())
		}
	case c.party == "logistics":
		out = append(out, c.orgParty())
		if g.chance(0.4) {
			name := pick(g, logistics)
			out = append(out, party{f("role", "other", "name", name, "representative", g.person().name, "credit_code", creditCode(name, cities[c.o.city].dists[0].code)), name, "other"})
		}
	default:
		out = append(out, c.orgParty())
	}
	// an organisation is one party, however it is reached
	for i := 2; i < len(out); i++ {
		if out[i].name == out[1].name {
			out = out[:i]
			break
		}
	}
	return out
}

// otherParties names who sits at the table besides the customer and the
// organisation writing the log.
func (c *cs) otherParties(ps []party) string {
	names := map[string]string{"merchant": "商户", "manufacturer": "厂家", "other": "物流公司"}
	var parts []string
	for _, p := range ps[1:] {
		n := names[p.role]
		if p.name == c.o.name || n == "" || slices.Contains(parts, n) {
			continue
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, "、")
}

// terms are what the parties agree on, with amounts in 分.
func (c *cs) terms() ([]termT, []fen) {
	g := c.g
	var ts []termT
	if c.sc != nil {
		ts = slices.Clone(c.sc.terms)
		if len(ts) == 0 {
			ts = []termT{{"compensation", "乙方向甲方支付补偿款。", aComp, 100, 500}}
		}
	} else {
		rem := c.def.remedies[0]
		if len(c.def.remedies) > 1 && g.chance(0.4) {
			rem = pick(g, c.def.remedies[1:])
		}
		switch {
		case c.prod.fam == famAuto:
			if g.chance(0.7) {
				ts = append(ts, termT{"compensation", "乙方赔偿甲方现场挑选及返工工时费用（按甲方结算单JS-{year}-{nn}18）。", aComp, 2000, 30000})
			}
			ts = append(ts, termT{"compensation", "乙方赔偿甲方报废件损失，按单价计。", aPrice, 0, 0})
			ts = append(ts, termT{"replacement", "乙方已补发同等数量合格品；挑选出的不良品由乙方取回处理，不另计费。", aNone, 0, 0})
			if g.chance(0.6) {
				ts = append(ts, termT{"other", "乙方按8D报告落实全部纠正措施，并接受甲方过程审核。", aNone, 0, 0})
			}
		case rem == "refund":
			ts = append(ts, termT{"refund", "乙方为甲方办理退货，全额退还货款。", aPrice, 0, 0})
		case rem == "replacement":
			ts = append(ts, termT{"replacement", "乙方为甲方更换同型号全新{product}一{unit}。", aNone, 0, 0})
		default:
			ts = append(ts, termT{"repair", "乙方安排售后人员上门维修，更换{part}，费用由乙方承担。", aNone, 0, 0})
		}
		switch {
		case c.prod.fam == famAuto:
		case c.prod.fam == famFood && c.def.short != "净含量不足":
			ts = append(ts, termT{"compensation", "乙方依据《中华人民共和国食品安全法》第一百四十八条，向甲方支付价款十倍的赔偿金（不足一千元的按一千元计）。", aTen, 0, 0})
		case c.def.short == "漏水":
			ts = append(ts, termT{"compensation", "乙方赔偿甲方地板及邻居家天花板维修费用。", aComp, 800, 6000})
		case c.def.short == "掉色染色":
			ts = append(ts, termT{"compensation", "乙方赔偿甲方被染色衣物损失。", aComp, 200, 1200})
		case g.chance(0.55):
			ts = append(ts, pick(g, []termT{
				{"compensation", "乙方另行补偿甲方误工及交通费用。", aComp, 200, 1000},
				{"compensation", "乙方向甲方赠送购物卡，以示歉意。", aComp, 100, 500},
				{"compensation", "乙方另行补偿甲方。", aComp, 100, 800},
			}))
		}
		if rem == "refund" && c.prod.install && g.chance(0.6) {
			ts = append(ts, termT{"other", "乙方于退款之日起3日内上门取回{product}，搬运费用由乙方承担。", aNone, 0, 0})
		}
	}
	amts := make([]fen, len(ts))
	for i, t := range ts {
		switch t.amt {
		case aPrice:
			amts[i] = c.amount
			if c.prod != nil && c.prod.fam == famAuto {
				amts[i] = c.unitPrice * fen(g.between(12, 120))
			}
		case aDiff:
			amts[i] = c.diff
		case aDiff2:
			amts[i] = 2 * c.diff
		case aThree:
			amts[i] = max(3*c.amount, 50000)
		case aTen:
			amts[i] = max(10*c.amount, 100000)
		case aComp:
			amts[i] = fen(g.between(t.lo, t.hi)) * 100
			if t.hi >= 1000 && g.chance(0.5) || g.chance(0.1) {
				amts[i] += fen(g.between(1, 99))
			} else if t.hi > 200 {
				amts[i] = amts[i] / 5000 * 5000
			}
		}
		if t.amt != aNone && amts[i] <= 0 {
			amts[i] = 100
		}
	}
	return ts, amts
}

func (c *cs) settlement(ps []party, signed time.Time) *obj {
	g := c.g
	c.termsOut, c.termAmts = c.terms()
	m := o()
	if g.chance(0.9) {
		m.set("number", fmt.Sprintf("XY-%s-%02d", signed.Format("2006-0102"), g.between(1, 9)))
	}
	var plist []any
	for _, p := range ps {
		plist = append(plist, p.obj)
	}
	m.set("parties", plist)
	m.set("facts", c.facts(ps))
	var terms []any
	for i, t := range c.termsOut {
		tm := f("kind", t.kind, "text", c.x(t.text))
		if t.amt != aNone {
			tm.set("amount", c.money2(c.termAmts[i]))
		}
		terms = append(terms, tm)
	}
	m.set("terms", terms)
	if c.total() > 0 {
		method := pick(g, []string{"银行转账", "现金支付", "存入顾客会员账户余额", "微信转账"})
		for _, t := range c.termsOut {
			if t.kind == "refund" && t.amt == aPrice {
				method = pick(g, []string{"原路退回", "原路退回", "原路退回，补偿款银行转账"})
			}
		}
		if c.o.kind == kManuf {
			method = "从甲方应付乙方的货款中扣除"
		}
		pay := f("method", method)
		if g.chance(0.85) {
			pay.set("due_on", isoDate(addDays(signed, g.between(0, 10))))
		}
		m.set("payment", pay)
	}
	if g.chance(0.85) {
		m.set("waiver", g.chance(0.9))
	}
	if c.o.kind == kManuf && g.chance(0.5) {
		m.set("confidentiality", true)
	}
	if g.chance(0.8) {
		m.set("copies", len(ps)+g.weighted([]int{80, 20}))
	}
	m.set("signed_on", isoDate(signed))
	m.set("place", c.o.place)
	c.signed = signed
	return m
}

func (c *cs) total() fen {
	var t fen
	for _, a := range c.termAmts {
		t += a
	}
	return t
}

func (c *cs) facts(ps []party) string {
	role := func(i int) string { return []string{"甲方", "乙方", "丙方"}[i] }
	switch {
	case c.o.kind == kManuf && c.def != nil:
		return c.x(fmt.Sprintf("乙方于%s向甲方交付%s共%d件（批号{lot}），甲方在装配检验中发现%s，经双方确认属乙方产品质量问题，造成甲方挑选、返工及报废损失。", cnDate(c.delivered), c.prod.name, c.qty, c.def.what))
	case c.o.kind == kManuf:
		return fmt.Sprintf("%s于%s就「%s」一事向%s提出投诉，经双方核实属实。", role(0), cnDate(c.rcv), c.sc.short, role(1))
	case c.prod == nil:
		return fmt.Sprintf("%s于%s在%s遭遇%s，经核实属实。", role(0), cnDate(c.rcv), c.o.name, c.sc.short)
	}
	where := c.o.name
	switch {
	case len(ps) == 3 && ps[2].role == "mall":
		where = "丙方商场乙方店铺"
	case ps[1].role == "merchant" && ps[1].name != c.o.name:
		where = c.o.name + "乙方店铺"
	case ps[1].name == c.o.name:
		where = map[orgKind]string{kEcom: "乙方平台", kSuper: "乙方门店", kAppliance: "乙方门店"}[c.o.kind]
		if where == "" {
			where = "乙方商场"
		}
	}
	what := c.short()
	return fmt.Sprintf("甲方于%s在%s购买%s，%s，%s。", cnDate(c.bought), where, c.prod.name, strings.TrimSuffix(c.problemSentence(what), "。"), "经核实属实")
}

func (c *cs) problemSentence(what string) string {
	switch {
	case c.def == nil:
		return "后发生" + what + "一事"
	case c.prod.fam == famFood:
		return "后发现" + what
	case c.prod.fam == famApparel:
		return "穿着使用后出现" + what
	}
	return "使用后出现" + what
}

// ---- apology ----

var commitments = []string{
	"我们将持续跟进，并在30日内向您反馈整改结果。",
	"我们将以此为戒，切实改进服务，欢迎您继续监督。",
	"我们将在1个月内完成全部整改，并诚邀您届时回访检验。",
	"再次向您致以诚挚的歉意，感谢您对我们工作的理解与支持。",
}

func (c *cs) apology(d time.Time, settlement *obj) *obj {
	g, cu := c.g, c.cust
	to := cu.p.honorific()
	if cu.company {
		to = cu.name
		if c.o.kind == kManuf {
			to += pick(g, []string{"质量部", "供应商质量部"})
		}
	}
	var facts string
	switch {
	case c.o.kind == kManuf && c.def != nil:
		facts = fmt.Sprintf("%s，贵司在%s发现我司%s供货的%s存在%s，给贵司生产造成了严重困扰。", cnDate(c.rcv), c.line, cnDay(c.delivered), c.prod.name, c.def.what)
	case c.def != nil:
		usage := c.x(c.def.usage)
		if strings.HasPrefix(usage, "购买") {
			usage = ""
		}
		facts = fmt.Sprintf("您于%s购买的%s%s出现%s问题，给您带来了不便和困扰。", cnDate(c.bought), c.prod.name, usage, c.def.what)
	default:
		facts = fmt.Sprintf("您于%s反映的「%s」一事，经我们核实属实，给您带来了不便和困扰。", cnDay(c.rcv), c.sc.short)
	}
	m := o("to", to, "date", isoDate(d), "signer", f("name", c.o.manager.name, "title", c.o.manager.role), "facts", facts)
	told := ""
	if c.def != nil {
		told = c.def.told
	} else {
		told = c.sc.told
	}
	if c.party == "shared" {
		told = "经查验，产品存在质量问题，且我们在处理过程中未能及时响应。"
	}
	m.set("cause", c.x(told))
	var cms []any
	if settlement != nil && c.total() > 0 {
		cms = append(cms, fmt.Sprintf("已按双方协议办理，涉及金额合计%s。", c.total().plain()))
	}
	counter := c.sc.counterOr(c.def)
	for _, s := range subset(g, counter, g.between(1, len(counter))) {
		cms = append(cms, c.x(s))
	}
	m.set("countermeasures", cms)
	if g.chance(0.85) {
		if c.o.kind == kManuf {
			m.set("commitment", pick(g, []string{"我司将按期完成8D全部措施并提交关闭报告，诚邀贵司进行过程审核。", "我司将持续跟踪改善效果，并在下次供应商质量例会上专题汇报。"}))
		} else {
			m.set("commitment", pick(g, commitments))
		}
	}
	return m
}

func (sc *scenario) counterOr(d *defect) []string {
	if sc != nil {
		return sc.counter
	}
	return d.counter
}

// ---- closure ----

var checklist8D = []string{"对策品的标示是否妥当", "回收品的处置是否圆满处理", "改善对策是否建档", "设计图、材料变更或作业改善是否完毕", "抱怨费用已计算并检讨", "已向上级报告处理完毕", "已联络业务担当"}
var openNotes = []string{"待月度例会通报", "下周一晨会通报", "待质量例会评审", "待业务担当出差返回后联络"}

var satisfactionComments = map[int][]string{
	5: {"顾客对处理结果非常满意", "顾客表示处理及时，态度诚恳"},
	4: {"顾客对处理结果表示满意", "顾客认可处理结果，希望以后服务更耐心一些"},
	3: {"顾客表示基本接受", "顾客认为处理时间偏长"},
	2: {"顾客认为补偿偏低", "顾客对处理过程不满意"},
	1: {"顾客不认可处理结果", "顾客表示将继续维权"},
}

var b2bComments = map[int][]string{
	5: {"客户认可围堵及纠正措施，响应及时"},
	4: {"客户认可处理结果，要求持续跟踪改善效果"},
	3: {"围堵及时，但同类问题重复发生，要求接受过程审核"},
	2: {"客户认为响应迟缓，供应商绩效扣分"},
	1: {"客户不认可处理结果，考虑启动二供"},
}

func (c *cs) closure(end time.Time, settlement *obj, apology bool) *obj {
	g := c.g
	closed := addDays(end, g.between(1, 14))
	if !closed.After(dateOf(c.rcv)) {
		closed = addDays(dateOf(c.rcv), 1)
	}
	m := o("closed_on", isoDate(closed), "outcome", c.outcome)
	// satisfaction
	if c.outcome != "withdrawn" || g.chance(0.3) {
		var score int
		switch c.outcome {
		case "resolved":
			score = []int{5, 4, 3}[g.weighted([]int{42, 40, 18})]
		case "partially_resolved":
			score = []int{4, 3, 2}[g.weighted([]int{20, 50, 30})]
		case "withdrawn":
			score = 3
		default:
			score = []int{2, 1}[g.weighted([]int{40, 60})]
		}
		method := pick(g, []string{"电话回访", "电话回访", "短信评价", "上门回访"})
		if c.o.kind == kManuf {
			method = "客户供应商质量月度评价"
		} else if c.o.kind == kEcom {
			method = pick(g, []string{"电话回访", "App评价"})
		}
		s := f("method", method, "score", score)
		if g.chance(0.8) {
			if c.o.kind == kManuf {
				s.set("comment", pick(g, b2bComments[score]))
			} else {
				s.set("comment", pick(g, satisfactionComments[score]))
			}
		}
		m.set("satisfaction", s)
	}
	// follow-ups between the agreement (or the reply) and closure
	if g.chance(0.65) {
		from := dateOf(c.rcv)
		if !c.signed.IsZero() {
			from = c.signed
		}
		span := int(closed.Sub(from).Hours() / 24)
		var fu []any
		for i, n := 0, g.between(1, 2); i < n && span > 0; i++ {
			on := addDays(from, g.between(1, span))
			if i > 0 {
				prev := fu[len(fu)-1].(*obj).get("on").(day)
				if string(isoDate(on)) <= string(prev) {
					continue
				}
			}
			method := pick(g, []string{"电话", "电话", "短信", "上门"})
			if c.o.kind == kManuf {
				method = pick(g, []string{"邮件", "现场走访"})
			}
			results := []string{"顾客对处理结果无异议", "告知整改完成情况，顾客表示满意"}
			if c.total() > 0 {
				results = append(results, "款项已到账", "款项已到账")
			}
			for _, t := range c.termsOut {
				if t.kind == "replacement" {
					results = append(results, "顾客确认已收到新品，使用正常")
				}
				if t.kind == "repair" {
					results = append(results, "维修完成，顾客确认使用正常")
				}
			}
			if settlement == nil {
				results = []string{"顾客对处理结果无异议", "顾客表示理解", "告知整改完成情况"}
			}
			res := pick(g, results)
			if c.o.kind == kManuf {
				res = pick(g, []string{"客户确认补发产品检测全部合格", "赔偿款已在货款中扣除，客户确认", "客户确认改善后供货零不良，同意关闭8D"})
			}
			fu = append(fu, f("on", isoDate(on), "by", pick(g, c.o.handlers), "method", method, "result", res))
		}
		if len(fu) > 0 {
			m.set("follow_ups", fu)
		}
	}
	// checklist
	if g.chance(0.7) {
		items := checklist8D
		if c.custAtFault {
			items = []string{"检测结论已告知顾客", "顾客回访已完成", "已向上级报告处理完毕"}
		} else if !c.has8D && c.def != nil {
			items = []string{"问题商品已下架或封存", "已向供应商（厂家）反馈", "顾客回访已完成", "投诉费用已计算并检讨", "已向上级报告处理完毕"}
			if settlement != nil {
				items = append([]string{"退换货及赔偿已办理完毕"}, items...)
			}
		}
		if c.def == nil {
			items = []string{"处理结果已告知顾客"}
			if c.total() > 0 {
				items = append(items, "款项已到账")
			}
			if apology {
				items = append(items, "致歉函已送达顾客")
			}
			if c.orgFault && c.cat == "service_attitude" {
				items = append(items, "涉事人员处理结果已落实")
			}
			items = append(items, "纠正措施已建档", "投诉费用已计算并检讨", "同类问题已在晨会通报")
		}
		var cl []any
		open := -1
		if g.chance(0.3) {
			open = len(items) - 1 - g.intn(2) // the reporting items are the ones left for later
		}
		for i, it := range items {
			ci := f("item", it, "done", i != open)
			if i == open {
				ci.set("note", pick(g, openNotes))
			}
			cl = append(cl, ci)
		}
		m.set("checklist", cl)
	}
	// costs: what the agreement pays, and what it cost us besides
	var costs []any
	for i, t := range c.termsOut {
		var l []string
		switch {
		case t.amt == aNone:
			continue
		case t.amt == aTen:
			l = []string{"十倍赔偿金"}
		case t.amt == aThree:
			l = []string{"三倍赔偿金"}
		case t.amt == aDiff:
			l = []string{"退还差价"}
		case t.amt == aDiff2:
			l = []string{"差价赔付"}
		case t.kind == "refund":
			l = []string{"退款", "退还货款"}
		case c.o.kind == kManuf && t.amt == aPrice:
			l = []string{"报废件赔偿"}
		case c.o.kind == kManuf:
			l = []string{"挑选及返工工时赔偿"}
		default:
			l = []string{"赔偿金", "补偿款", "服务补偿金"}
		}
		costs = append(costs, f("item", pick(g, l), "amount", c.money2(c.termAmts[i])))
	}
	extra := []string{"上门取件运费", "第三方检测费", "上门服务费"}
	if c.prod != nil {
		switch c.prod.fam {
		case famAppliance, famDigital:
			extra = []string{"上门检测费", "换机运费"}
		case famApparel:
			extra = []string{"送检费", "快递费"}
		case famFood:
			extra = []string{"送检费", "慰问礼品"}
		}
	}
	switch {
	case c.custAtFault:
		extra = []string{"第三方检测费"}
	case c.o.kind == kManuf:
		extra = []string{"专车加急补货运费", "厂内报废品", "模具维修费", "现场挑选人员差旅费"}
	case c.cat == "service_attitude":
		extra = []string{"人员培训费", "慰问礼品"}
	case c.cat == "delivery_installation":
		extra = []string{"重新配送运费", "上门服务费"}
	case c.cat == "policy_process" || c.cat == "price":
		extra = []string{"系统改造费", "人员培训费"}
	case c.cat == "other":
		extra = []string{"慰问礼品", "保险免赔额"}
	}
	if g.chance(0.55) {
		for _, e := range subset(g, extra, g.between(1, 2)) {
			a := fen(g.between(50, 800)) * 100
			if c.o.kind == kManuf {
				a = fen(g.between(800, 9000))*100 + fen(g.between(0, 99))
			}
			costs = append(costs, f("item", e, "amount", c.money2(a)))
		}
	}
	if len(costs) > 0 {
		m.set("costs", costs)
	}
	if g.chance(0.85) {
		ret := "D10"
		switch {
		case c.level == "urgent" && c.channel == "regulator":
			ret = "Y"
		case c.termAmts != nil && c.total() >= 1000000 || c.def != nil && c.o.kind == kManuf || g.chance(0.15):
			ret = "D30"
		case g.chance(0.02):
			ret = "Y"
		}
		m.set("archive", f("archive_no", fmt.Sprintf("%s·%d·%s·%04d", c.o.archive, closed.Year(), ret, c.seq%10000), "retention", ret))
	}
	return m
}

// ---- attachments ----

var extraAttachments = []struct{ file, title, kind string }{
	{"assets/receipt-01.png", "购物小票", "invoice"},
	{"assets/report-01.png", "检测报告", "report"},
	{"assets/chat-01.png", "沟通记录截图", "screenshot"},
	{"assets/call-log-01.png", "通话记录截图", "screenshot"},
}

func (c *cs) attachments(cmp *obj) []any {
	g := c.g
	if !g.chance(0.55) {
		return nil
	}
	var out []any
	seen := map[string]bool{}
	for _, e := range cmp.list("evidence") {
		eo := e.(*obj)
		file := eo.get("file").(string)
		seen[file] = true
		a := f("file", file, "title", strings.Split(eo.get("caption").(string), "（")[0], "kind", "photo")
		if strings.HasSuffix(file, ".png") {
			a.set("kind", "report")
		}
		out = append(out, a)
	}
	var extras []struct{ file, title, kind string }
	for _, e := range extraAttachments {
		switch {
		case e.file == "assets/receipt-01.png" && c.prod == nil,
			e.file == "assets/report-01.png" && c.def == nil,
			(e.file == "assets/chat-01.png" || e.file == "assets/call-log-01.png") && c.sc == nil:
			continue
		}
		extras = append(extras, e)
	}
	if c.o.kind == kManuf {
		extras = nil
		if c.def != nil {
			extras = append(extras, struct{ file, title, kind string }{"assets/report-01.png", "8D分析报告附件：测量数据", "report"})
		}
	}
	for _, e := range subset(g, extras, g.between(0, 2)) {
		if seen[e.file] {
			continue
		}
		out = append(out, f("file", e.file, "title", e.title, "kind", e.kind))
	}
	return out
}
