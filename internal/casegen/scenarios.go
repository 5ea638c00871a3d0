package casegen

// Complaints that are not about a defective product: attitude, policy,
// delivery and installation, price, and everything else a desk hears.

type amtKind uint8

const (
	aNone  amtKind = iota
	aPrice         // the amount paid
	aDiff          // a price difference
	aDiff2         // twice the price difference
	aComp          // a sum between lo and hi yuan
	aThree         // 退一赔三: three times the price, at least 500
	aTen           // 退一赔十: ten times the price, at least 1000 (food)
)

type termT struct {
	kind, text string
	amt        amtKind
	lo, hi     int
}

type scenario struct {
	cat      string
	kinds    kinds
	short    string
	desc     string
	expect   string
	logs     []string
	reply    string
	party    string // "" means the organisation itself
	basis    string
	summary  string
	told     string
	counter  []string
	terms    []termT
	causes   []cause
	contain  []string
	evidence []evid
	noBuy    bool // no purchase behind it (a fall, a parking scrape)
	install  bool // about something installed at home
	recent   bool // bought the day it happened
}

var scenarios = []scenario{
	// ---- service_attitude ----
	{
		cat: "service_attitude", kinds: kset(kFurniture, kDept, kAppliance, kSuper), short: "导购员服务态度恶劣",
		desc:   "顾客反映：{rdate}在{merchant}选购{product}时，多次询问材质和售后政策，导购员不耐烦，称「买不起就别问这么多」，并当着其他顾客的面摆手让顾客离开。顾客认为受到侮辱，要求商场严肃处理。",
		expect: "涉事导购员当面道歉，商场书面答复处理结果。",
		logs:   []string{"调取卖场监控录像，确认导购员存在言语不当及驱赶顾客的行为", "约谈商户负责人及涉事导购员，导购员承认言语不当"},
		reply:  "已核实监控，涉事导购员停岗培训，商户负责人将当面致歉",
		party:  "merchant", basis: "经调取监控核实，导购员言语不当属实，责任在商户。",
		summary: "商户导购员服务意识淡薄，商户未落实商场服务规范培训。",
		told:    "经核实，系该专柜导购员服务意识淡薄、未遵守商场服务规范所致。",
		counter: []string{"涉事导购员已停岗，经培训考核合格前不得上岗。", "商场已对该商户发出整改通知，并计入商户服务考核。"},
		terms:   []termT{{"compensation", "乙方向甲方赠送购物卡一张，以示歉意。", aComp, 100, 300}, {"other", "乙方涉事导购员向甲方当面赔礼道歉。", aNone, 0, 0}},
		causes: []cause{
			{"occurrence", "man", "导购员入职不足一个月，未参加商场服务规范培训", []string{"导购员言语不当", "不了解服务规范", "未参加培训", "商户未报送新员工名单"}, "商户新员工须经商场培训考核后上岗", "培训考核记录", "本月新员工全部考核合格"},
			{"escape", "method", "商场神秘顾客检查未覆盖该商户", []string{"服务问题未被提前发现", "检查覆盖面不足"}, "神秘顾客检查每季度覆盖全部商户", "检查报告", "已执行"},
		},
		contain:  []string{"涉事导购员即日停岗", "向全体商户通报本案"},
		recent:   true,
		evidence: []evid{{"assets/chat-01.png", "顾客事后发给服务台的投诉留言截图"}},
	},
	{
		cat: "service_attitude", kinds: kset(kEcom, kAppliance, kSuper), short: "客服坐席态度恶劣并挂断电话",
		desc:   "顾客反映：{rdate}拨打客服热线查询{product}的退款进度，接线坐席（工号{staffno}）多次打断顾客说话，称「退款慢不是我们的问题」，顾客要求转接主管时坐席直接挂断电话。顾客再次来电又被转至同一坐席，通话{sec}秒即被挂断。",
		expect: "书面道歉；严肃处理涉事坐席；尽快完成退款。",
		logs:   []string{"调取通话录音，确认坐席{staffno}存在打断顾客、推诿及主动挂断行为", "核实退款状态，协调商家立即审核退款"},
		reply:  "已核实录音并向您致歉，涉事坐席停岗培训，退款已加急处理",
		party:  "", basis: "经调取录音核实，坐席服务态度问题属实，责任在我方。",
		summary: "坐席情绪管理与投诉应对培训不足，考核偏重平均通话时长。",
		told:    "经调取录音核实，系坐席服务态度恶劣、违反服务规范所致。",
		counter: []string{"涉事坐席已停岗再培训。", "我们已将主动挂断的通话纳入质检自动标记。"},
		terms:   []termT{{"refund", "乙方协调商家将货款原路退回甲方。", aPrice, 0, 0}, {"compensation", "乙方向甲方支付服务补偿金，存入甲方账户余额。", aComp, 50, 300}},
		causes: []cause{
			{"occurrence", "man", "坐席入职3个月，未完成情绪管理与投诉应对培训即独立接听", []string{"坐席挂断顾客电话", "坐席情绪失控", "未掌握投诉应对话术", "入职培训无情绪管理模块"}, "修订培训大纲，新坐席考核合格方可接听投诉类来电", "培训覆盖率100%", "新大纲已实施，考核记录齐全"},
			{"occurrence", "method", "坐席考核以平均通话时长为主要指标", []string{"坐席急于结束通话", "通话时长超标扣绩效", "指标未兼顾服务质量"}, "考核改以首次解决率和满意度为主", "对比改版前后满意度", "满意度由86%升至92%"},
			{"escape", "measurement", "质检仅随机抽查2%的录音", []string{"违规通话未被发现", "抽样比例低", "系统不能识别主动挂断"}, "质检系统自动标记坐席主动挂断的通话", "每周质检报告", "已上线，每周自动标记并复核"},
		},
		contain:  []string{"涉事坐席即日停岗", "复核全部坐席近7天被主动挂断的通话录音", "当日完成顾客退款并回电致歉"},
		evidence: []evid{{"assets/call-log-01.png", "顾客手机通话记录截图（顾客提供）"}},
	},
	{
		cat: "service_attitude", kinds: kset(kFurniture, kAppliance, kEcom), short: "安装师傅态度差并索要好处费",
		desc:   "顾客反映：{ddate}安装师傅上门安装{product}，迟到{hours}小时且未提前告知；安装过程中抽烟，顾客劝阻后师傅态度恶劣，并暗示「给点辛苦费装得更仔细」，顾客拒绝后师傅草草安装即离开。",
		expect: "更换安装人员重新检查安装质量，对涉事师傅严肃处理。",
		logs:   []string{"联系安装服务商核实情况，安装师傅承认迟到及索要费用", "安排安装组长上门复检安装质量并致歉"},
		reply:  "已安排安装组长上门复检，涉事师傅已停止派单",
		party:  "merchant", basis: "经核实，安装师傅违反服务规范，责任在商户委托的安装服务商。",
		summary: "安装服务商对师傅的服务规范培训与监督不到位。",
		told:    "经核实，系安装师傅严重违反服务规范所致。",
		counter: []string{"涉事师傅已停止派单并接受处罚。", "安装完成后将增加顾客短信评价，差评由组长回访。"},
		terms:   []termT{{"compensation", "乙方向甲方支付服务补偿。", aComp, 100, 500}, {"other", "乙方安排安装组长上门复检，确保安装符合规范。", aNone, 0, 0}},
		causes: []cause{
			{"occurrence", "man", "安装师傅为外包人员，未参加服务规范培训", []string{"师傅态度差", "不了解规范", "外包人员未培训"}, "外包安装人员持证上岗，每季度复训", "培训记录", "已执行"},
			{"escape", "method", "安装后无顾客评价环节", []string{"服务问题未被发现", "无评价机制"}, "安装完成后短信评价，差评24小时内回访", "回访记录", "已上线"},
		},
		contain:  []string{"涉事师傅停止派单"},
		install:  true,
		evidence: []evid{{"assets/chat-01.png", "顾客与安装师傅的聊天记录截图（顾客提供）"}},
	},
	{
		cat: "service_attitude", kinds: kset(kFurniture, kDept, kSuper), short: "保安人员推搡顾客",
		desc:   "顾客反映：{rdate}晚在{store}出口处，因购物袋未封口被保安要求开包检查，顾客询问理由时保安语气生硬并推搡顾客，导致顾客手臂擦伤，围观者众多。",
		expect: "保安公开道歉，商场承担医药费并给予精神补偿。",
		logs:   []string{"调取出口监控录像，确认保安存在推搡行为", "陪同顾客就医并约谈保安公司负责人"},
		reply:  "已核实监控，涉事保安停岗，商场承担医药费",
		party:  "mall", basis: "经核实，保安人员处置不当，推搡顾客属实，责任在商场。",
		summary: "保安人员处置规范不清，外包保安公司培训不到位。",
		told:    "经核实，系我方保安人员处置不当所致。",
		counter: []string{"涉事保安已调离岗位。", "我们已修订出口检查规范，禁止与顾客肢体接触。"},
		terms:   []termT{{"compensation", "乙方承担甲方医药费及交通费。", aComp, 200, 800}, {"compensation", "乙方另行给予甲方精神补偿。", aComp, 300, 1000}},
		causes: []cause{
			{"occurrence", "method", "出口检查规范未明确禁止肢体接触", []string{"保安推搡顾客", "处置方式不当", "规范不清"}, "修订出口检查规范，明确沟通话术", "规范发布", "已发布并培训"},
			{"occurrence", "man", "外包保安未经顾客服务培训", []string{"沟通能力不足", "未培训"}, "外包保安纳入商场服务培训", "培训记录", "已执行"},
		},
		contain:  []string{"涉事保安即日调离"},
		evidence: []evid{{"assets/dent-01.jpg", "顾客手臂擦伤照片（顾客提供）"}},
		noBuy:    true,
	},
	{
		cat: "service_attitude", kinds: kset(kManuf), short: "客户质量工程师响应迟缓",
		desc:   "客户反映：{rdate}就来料不良发出质量问题通知后，我司CQE超过{hours}小时未回复，也未派人到现场确认，客户生产线被迫临时调整排产。客户质量部要求我司说明原因并改进响应机制。",
		expect: "24小时内书面说明原因，建立客户投诉响应升级机制。",
		logs:   []string{"调查邮件处理记录，确认CQE出差期间邮件无人代为处理", "质量部长致电客户质量经理说明情况"},
		reply:  "已说明原因并提交响应机制改进计划",
		party:  "", basis: "我司投诉响应机制缺失，责任在我司。",
		summary: "CQE出差期间无代理人，投诉邮件无升级机制。",
		told:    "经调查，系我司CQE出差期间无人代为处理投诉邮件所致。",
		counter: []string{"已建立CQE代理人制度。", "客户投诉邮件超过4小时未回复自动升级至质量部长。"},
		causes: []cause{
			{"occurrence", "method", "CQE出差期间无代理人制度", []string{"投诉未及时响应", "邮件无人处理", "无代理人"}, "建立CQE代理人制度", "代理人名单", "已发布"},
			{"escape", "machine", "邮件系统无超时升级提醒", []string{"延误未被发现", "无提醒"}, "投诉邮箱设置4小时超时升级", "系统测试", "已上线"},
		},
		contain: []string{"质量部长直接对接客户"},
		noBuy:   true,
	},
	// ---- policy_process ----
	{
		cat: "policy_process", kinds: kset(kEcom, kDept, kAppliance), short: "七天无理由退货被拒",
		desc:   "顾客反映：{pdate}购买{product}，收货后{days}天内申请七天无理由退货，商品未使用、包装完好，但{merchant}以「已拆封影响二次销售」为由拒绝退货。顾客认为商家规定违反《消费者权益保护法》第二十五条。",
		expect: "按七天无理由退货办理退款。",
		logs:   []string{"查看商品照片及沟通记录，确认商品完好，拒绝理由不成立", "通知商户依法办理退货"},
		reply:  "经核实商品符合七天无理由退货条件，已要求商户办理退款",
		party:  "merchant", basis: "商品完好，拆封查验不影响七天无理由退货，商户拒绝退货无依据。",
		summary: "商户退货审核人员对七天无理由退货规定理解错误。",
		told:    "经核实，系商户错误理解七天无理由退货规定所致。",
		counter: []string{"已要求商户为您办理退货退款。", "平台已对该商户退货审核人员进行规则培训。"},
		terms:   []termT{{"refund", "乙方为甲方办理退货，全额退还货款。", aPrice, 0, 0}, {"other", "退货运费由乙方承担。", aNone, 0, 0}},
		causes: []cause{
			{"occurrence", "man", "商户审核人员将「拆封」等同于「影响二次销售」", []string{"错误拒绝退货", "规则理解错误", "商户未培训"}, "商户退货审核人员规则考试", "考试记录", "全部通过"},
			{"escape", "method", "平台对商户拒绝退货无复核", []string{"错误拒绝未被纠正", "无复核机制"}, "商户拒绝无理由退货须平台复核", "系统规则", "已上线"},
		},
		contain:  []string{"复核该商户近30天的拒绝退货记录"},
		evidence: []evid{{"assets/chat-01.png", "与商家的沟通记录截图（顾客提供）"}},
	},
	{
		cat: "policy_process", kinds: kset(kFurniture, kAppliance, kEcom, kManuf), short: "发票迟迟未开具",
		desc:   "顾客反映：{pdate}购买{product}，付款{amount}，当时约定15个工作日内开具增值税专用发票，至今已{days}天仍未收到，多次催问均称「财务在处理」。",
		expect: "三日内开具发票并说明延误原因。",
		logs:   []string{"联系商户财务核实，发现开票信息录入错误后未通知顾客", "督促商户当日重新开票并快递寄出"},
		reply:  "发票已重新开具并寄出，附快递单号",
		party:  "merchant", basis: "开票延误系商户内部流程问题，责任在商户。",
		summary: "开票信息录入错误后无人跟进，开票流程无时限监控。",
		told:    "经核实，系开票信息录入错误后未及时处理所致。",
		counter: []string{"发票已重新开具并寄出。", "商户已建立开票时限台账。"},
		terms:   []termT{{"other", "乙方于三个工作日内开具并寄出发票。", aNone, 0, 0}, {"compensation", "乙方补偿甲方因延误产生的费用。", aComp, 50, 200}},
		causes: []cause{
			{"occurrence", "man", "开票员录入税号错误被退回后未处理", []string{"发票延误", "被退回未处理", "无跟进"}, "开票退回当日处理并通知顾客", "台账", "已执行"},
			{"escape", "method", "开票流程无时限监控", []string{"延误未被发现", "无监控"}, "建立开票时限台账，超期预警", "台账检查", "已执行"},
		},
		contain: []string{"排查全部未开发票订单"},
	},
	{
		cat: "policy_process", kinds: kset(kDept, kSuper, kEcom), short: "会员积分清零未提前告知",
		desc:   "顾客反映：其会员账户中的{points}积分于{rdate}被清零，事先未收到任何通知，会员章程中也未写明清零规则，顾客认为侵害其合法权益。",
		expect: "恢复被清零的积分，并公开说明积分规则。",
		logs:   []string{"查询积分规则变更记录，确认新规则仅在官网公告，未短信通知会员", "经请示，为顾客恢复积分"},
		reply:  "已为您恢复积分，并说明积分规则",
		party:  "", basis: "积分规则变更未有效告知会员，责任在我方。",
		summary: "积分规则变更未按规定提前告知会员。",
		told:    "经核实，系积分规则变更时未有效通知会员所致。",
		counter: []string{"已为您恢复全部积分。", "积分规则变更今后将提前30日短信通知全体会员。"},
		terms:   []termT{{"other", "乙方恢复甲方被清零的全部积分，有效期延长一年。", aNone, 0, 0}},
		causes: []cause{
			{"occurrence", "method", "规则变更流程未包含会员通知环节", []string{"会员不知情", "未通知", "流程缺失"}, "规则变更须提前30日短信通知", "流程文件", "已发布"},
		},
		contain: []string{"暂停本次积分清零，逐一核查"},
		noBuy:   true,
	},
	{
		cat: "policy_process", kinds: kset(kDept, kSuper), short: "购物卡过期无法使用",
		desc:   "顾客反映：持有本商场{fee}元购物卡一张，{rdate}消费时被告知已过有效期无法使用，卡面未印有效期，售卡时也未告知。",
		expect: "购物卡继续使用或退还余额。",
		logs:   []string{"查询售卡记录，确认售卡时未告知有效期", "经请示为顾客办理延期"},
		reply:  "已为购物卡办理延期，可继续使用",
		party:  "mall", basis: "根据单用途商业预付卡管理规定，售卡时须告知有效期，商场未履行告知义务。",
		summary: "预付卡售卡时未告知有效期，卡面信息不全。",
		told:    "经核实，系售卡时未告知有效期所致。",
		counter: []string{"已为您的购物卡办理延期。", "新制购物卡将在卡面印明有效期。"},
		terms:   []termT{{"other", "乙方为甲方购物卡办理延期两年，余额继续有效。", aNone, 0, 0}},
		causes: []cause{
			{"occurrence", "method", "售卡流程未包含有效期告知", []string{"顾客不知有效期", "未告知", "流程缺失"}, "售卡时出具书面告知单", "告知单存根", "已执行"},
		},
		contain: []string{"排查同期售出的购物卡"},
		noBuy:   true,
	},
	{
		cat: "policy_process", kinds: kset(kAppliance, kEcom, kFurniture), short: "保修流程繁琐、维修久拖不决",
		desc:   "顾客反映：{product}在保修期内出现故障，{pdate}购买，报修后被要求先自费寄回厂家检测，已寄回{days}天仍无维修结果，客服只答复「排队中」。",
		expect: "尽快修好或换新，退还寄修运费。",
		logs:   []string{"联系厂家售后查询维修进度，确认配件缺货导致延误", "协调厂家以新机更换"},
		reply:  "已协调厂家为您更换新机，运费由商家承担",
		party:  "manufacturer", basis: "保修期内维修超期，责任在厂家售后服务。",
		summary: "厂家售后配件缺货且无超期升级机制。",
		told:    "经核实，系厂家维修配件缺货导致延误。",
		counter: []string{"已为您更换新机。", "厂家已承诺保修维修超过15天直接换新。"},
		terms:   []termT{{"replacement", "乙方为甲方更换同型号新机。", aNone, 0, 0}, {"compensation", "乙方退还甲方寄修运费。", aComp, 20, 80}},
		causes: []cause{
			{"occurrence", "material", "维修配件缺货", []string{"维修延误", "配件缺货", "备件计划不足"}, "常用备件安全库存", "库存记录", "已执行"},
			{"escape", "method", "维修超期无升级机制", []string{"久拖不决", "无升级"}, "维修超过15天直接换新", "服务政策", "已发布"},
		},
		contain: []string{"排查全部超期维修单"},
	},
	{
		cat: "policy_process", kinds: kset(kManuf), short: "工程变更未提前通知客户",
		desc:   "客户反映：{ddate}到货的{product}（批号{lot}）外观与以往批次不同，经询问才知我司已更换原材料供应商，但未按PPAP要求提前通知客户并获批准。",
		expect: "提交变更说明及PPAP资料，在批准前恢复原状态供货。",
		logs:   []string{"核查变更记录，确认采购变更未经质量部评审", "提交变更说明并暂停使用新供应商材料"},
		reply:  "已提交变更说明并恢复原材料供货",
		party:  "", basis: "变更未按客户要求通知并获批准，违反供应商质量协议。",
		summary: "采购变更绕过变更管理流程，未通知客户。",
		told:    "经调查，系我司采购变更未经变更管理流程所致。",
		counter: []string{"已恢复原材料供货。", "采购变更已纳入变更管理评审。"},
		causes: []cause{
			{"occurrence", "method", "采购变更未纳入变更管理流程", []string{"变更未通知", "未经评审", "流程漏洞"}, "采购变更须经质量部评审", "流程文件", "已发布"},
		},
		contain: []string{"恢复原材料供货", "冻结新材料库存"},
	},
	// ---- delivery_installation ----
	{
		cat: "delivery_installation", kinds: kset(kFurniture, kAppliance, kEcom), short: "送货延误",
		desc:   "顾客反映：{pdate}购买{product}，约定{promised}送货，顾客当天请假在家等候，但直到晚上也未送达，其间致电多次无人接听，次日才被告知「车排满了」。顾客已为此请假{n}天。",
		expect: "确定送货时间，赔偿误工损失。",
		logs:   []string{"联系物流公司核实，确认调度排车失误且未通知顾客", "重新安排专车于次日上午送货"},
		reply:  "已安排专车送货，并就延误向您致歉",
		party:  "logistics", basis: "送货延误系物流调度失误，物流公司承担责任。",
		summary: "物流调度系统未按约定日期排车，延误后未通知顾客。",
		told:    "经核实，系物流公司调度排车失误所致。",
		counter: []string{"已安排专车送货上门。", "物流公司已改进排车系统，延误将提前通知顾客。"},
		terms:   []termT{{"compensation", "乙方补偿甲方误工损失。", aComp, 100, 500}, {"other", "乙方免收甲方送货费。", aNone, 0, 0}},
		causes: []cause{
			{"occurrence", "machine", "排车系统未读取约定送货日期", []string{"未排车", "系统未读取", "接口字段错误"}, "修复排车系统接口", "系统测试", "已修复"},
			{"escape", "method", "延误时无主动通知机制", []string{"顾客空等", "未通知", "无机制"}, "延误须提前4小时通知顾客", "回访记录", "已执行"},
		},
		contain: []string{"核对次日全部待送订单"},
	},
	{
		cat: "delivery_installation", kinds: kset(kFurniture, kAppliance, kEcom, kManuf), short: "送货时商品磕碰损坏",
		desc:   "顾客反映：{ddate}送达的{product}外包装破损，开箱后发现{damage}，送货员称「运输难免磕碰」，拒绝拍照记录。",
		expect: "更换新品。",
		logs:   []string{"核对签收记录及顾客照片，确认运输途中磕碰", "安排更换新品并回收损坏商品"},
		reply:  "已安排为您更换新品",
		party:  "logistics", basis: "商品在运输途中受损，物流承担责任。",
		summary: "运输包装防护不足，装车未固定。",
		told:    "经核实，系运输途中包装防护不足、装车未固定所致。",
		counter: []string{"已为您更换新品。", "物流公司已加强装车固定及包装防护。"},
		terms:   []termT{{"replacement", "乙方为甲方更换同型号全新商品，损坏商品由乙方取回。", aNone, 0, 0}},
		causes: []cause{
			{"occurrence", "method", "装车未使用绑带固定", []string{"商品碰撞", "未固定", "装车规范不清"}, "装车规范要求绑带固定并拍照", "装车照片", "已执行"},
			{"occurrence", "material", "外包装缓冲材料不足", []string{"受力损坏", "缓冲不足", "包装规格偏低"}, "升级缓冲包装", "跌落测试", "通过跌落测试"},
		},
		contain:  []string{"排查同批次发出商品"},
		evidence: []evid{{"assets/package-01.jpg", "外包装破损照片（顾客提供）"}, {"assets/dent-01.jpg", "商品磕碰部位（顾客提供）"}},
	},
	{
		cat: "delivery_installation", kinds: kset(kFurniture, kAppliance), short: "安装不规范造成损失",
		desc:   "顾客反映：{ddate}上门安装{product}，安装后{days}天发现{install}，顾客认为系安装人员未按规范操作所致。",
		expect: "赔偿损失并重新规范安装。",
		logs:   []string{"安排安装组长上门查看，确认安装未按规范操作", "协商赔偿方案"},
		reply:  "已确认安装不规范，将重新安装并赔偿损失",
		party:  "merchant", basis: "经查看，安装人员未按安装规范操作，责任在商户。",
		summary: "安装人员未按规范作业，安装后无验收确认。",
		told:    "经查看，系安装人员未按规范操作所致。",
		counter: []string{"已重新规范安装。", "安装完成后将由顾客签字验收。"},
		terms:   []termT{{"repair", "乙方重新安装并修复损坏部位。", aNone, 0, 0}, {"compensation", "乙方赔偿甲方损失。", aComp, 300, 2000}},
		causes: []cause{
			{"occurrence", "man", "安装人员未按规范操作", []string{"安装不规范", "未按作业指导", "培训不足"}, "安装人员复训考核", "考核记录", "全部合格"},
			{"escape", "method", "安装后无验收确认", []string{"问题未及时发现", "无验收"}, "安装后顾客签字验收", "验收单", "已执行"},
		},
		contain:  []string{"回访近期同一师傅安装的顾客"},
		install:  true,
		evidence: []evid{{"assets/leak-01.jpg", "损坏部位照片（顾客提供）"}},
	},
	{
		cat: "delivery_installation", kinds: kset(kFurniture, kAppliance, kEcom, kSuper), short: "送错货",
		desc:   "顾客反映：订购的{product}送货时型号（颜色）与订单不符，顾客当场指出，送货员称「先收下再换」，至今{days}天仍未更换。",
		expect: "尽快更换为订购的商品。",
		logs:   []string{"核对订单与出库单，确认仓库拣货错误", "安排次日送正确商品并取回错发商品"},
		reply:  "已确认拣货错误，次日为您更换",
		party:  "merchant", basis: "仓库拣货错误，责任在商户。",
		summary: "仓库拣货未扫码核对型号。",
		told:    "经核实，系仓库拣货错误所致。",
		counter: []string{"已为您更换正确商品。", "仓库已实行出库扫码核对。"},
		terms:   []termT{{"replacement", "乙方为甲方更换订单约定的商品。", aNone, 0, 0}, {"compensation", "乙方补偿甲方往返误工费用。", aComp, 50, 200}},
		causes: []cause{
			{"occurrence", "method", "拣货未扫码核对", []string{"错发", "未核对", "无扫码要求"}, "出库扫码核对型号", "系统记录", "已执行"},
		},
		contain: []string{"核对同日出库订单"},
	},
	{
		cat: "delivery_installation", kinds: kset(kAppliance, kFurniture), short: "上门安装收取额外费用",
		desc:   "顾客反映：购买{product}时承诺「免费安装」，安装师傅上门后以{extras}为由收取费用{fee}元，且未出具任何收费凭证。",
		expect: "退还额外收取的费用。",
		logs:   []string{"核对收费标准，确认部分收费项目不在公示范围", "要求安装服务商退还费用"},
		reply:  "已核实收费不规范，费用将全额退还",
		party:  "merchant", basis: "安装收费未按公示标准，责任在商户委托的安装服务商。",
		summary: "安装收费标准未公示，师傅私自收费。",
		told:    "经核实，系安装师傅未按公示标准收费所致。",
		counter: []string{"已全额退还额外收取的费用。", "安装收费标准已在门店及小程序公示。"},
		terms:   []termT{{"refund", "乙方退还甲方安装时额外收取的费用。", aComp, 80, 480}},
		causes: []cause{
			{"occurrence", "method", "收费标准未公示", []string{"私自收费", "标准不透明"}, "收费标准公示并扫码支付", "公示照片", "已执行"},
		},
		contain:  []string{"排查同一师傅近30天的收费记录"},
		install:  true,
		evidence: []evid{{"assets/receipt-01.png", "手写收费单据（顾客提供）"}},
	},
	{
		cat: "delivery_installation", kinds: kset(kManuf), short: "交付延迟造成停线风险",
		desc:   "客户反映：{product}原定{ddate}到货{qty}件，实际延迟{days}天交付，客户装配线库存仅够维持半个班次，被迫紧急调整排产。",
		expect: "立即补货，说明延误原因并提交交付保障措施。",
		logs:   []string{"核查生产计划与发运记录，确认模具故障停机未及时预警", "安排专车加急发运"},
		reply:  "已安排专车加急发运，提交交付保障计划",
		party:  "", basis: "交付延迟系我司生产异常未预警所致，责任在我司。",
		summary: "模具故障停机后未及时调整计划并预警客户。",
		told:    "经调查，系我司模具故障停机后未及时预警所致。",
		counter: []string{"已专车加急补货。", "建立生产异常4小时内通知客户的机制。"},
		terms:   []termT{{"compensation", "乙方承担甲方因调整排产产生的加班费用。", aComp, 3000, 20000}},
		causes: []cause{
			{"occurrence", "machine", "关键模具故障停机36小时", []string{"产量不足", "模具停机", "备件缺失"}, "关键模具备件清单及安全库存", "备件台账", "已建立"},
			{"escape", "method", "生产异常无客户预警机制", []string{"客户未提前得知", "无预警"}, "生产异常4小时内通知客户", "通知记录", "已执行"},
		},
		contain: []string{"专车加急发运"},
	},
	// ---- price ----
	{
		cat: "price", kinds: kset(kSuper, kDept, kAppliance, kFurniture), short: "标价与结算价不符",
		desc:   "顾客反映：{pdate}购买{product}，货架标价签显示促销价，结账时按原价收取，多收{diff}元，顾客向收银员指出后被告知「以系统价格为准」。",
		expect: "退还差价并按规定赔偿。",
		logs:   []string{"核对价签与系统价格，确认促销价签未及时撤换", "为顾客退还差价并办理赔偿"},
		reply:  "已核实价签错误，退还差价并予以赔偿",
		party:  "", basis: "价签与结算价不一致，属价格违法行为，按承诺予以赔偿。",
		summary: "促销结束后价签未及时撤换，价签检查制度未执行。",
		told:    "经核实，系促销结束后价签未及时撤换所致。",
		counter: []string{"已退还差价并给予赔偿。", "全店价签已重新核对。"},
		terms:   []termT{{"refund", "乙方退还甲方多收的差价。", aDiff, 0, 0}, {"compensation", "乙方按「价签错误，差价双倍赔付」的承诺另行赔偿。", aDiff2, 0, 0}},
		causes: []cause{
			{"occurrence", "man", "理货员未按时撤换促销价签", []string{"价签错误", "未撤换", "无提醒"}, "价签变更由系统生成任务并扫码确认", "任务记录", "已上线"},
			{"escape", "method", "每日价签巡检未执行", []string{"错误未发现", "巡检缺失"}, "每日开店前价签巡检", "巡检记录", "已执行"},
		},
		contain:  []string{"全店价签核对"},
		recent:   true,
		evidence: []evid{{"assets/label-01.jpg", "货架价签照片（顾客提供）"}, {"assets/receipt-01.png", "购物小票（顾客提供）"}},
	},
	{
		cat: "price", kinds: kset(kEcom, kDept), short: "促销满减未兑现",
		desc:   "顾客反映：参加「满1000减200」活动购买{product}，实际结算未享受满减，多付{diff}元，客服称「活动商品不参与叠加」，但活动页面未作说明。",
		expect: "退还应减金额。",
		logs:   []string{"核对活动规则页面，确认未标明不可叠加", "为顾客退还差额"},
		reply:  "已核实活动规则说明不清，差额将退还",
		party:  "", basis: "活动规则未明示，应按顾客理解兑现优惠。",
		summary: "活动规则配置与页面说明不一致。",
		told:    "经核实，系活动页面规则说明不清所致。",
		counter: []string{"已退还差额。", "活动上线前增加页面规则审核。"},
		terms:   []termT{{"refund", "乙方退还甲方应享受的优惠差额。", aDiff, 0, 0}},
		causes: []cause{
			{"occurrence", "method", "活动配置与页面说明由不同人员负责，无核对", []string{"规则不一致", "无核对"}, "活动上线前双人核对配置与页面", "核对记录", "已执行"},
		},
		contain: []string{"排查同期活动订单，主动补差"},
	},
	{
		cat: "price", kinds: kset(kEcom, kAppliance), short: "购买后降价要求价保",
		desc:   "顾客反映：{pdate}以{amount}购买{product}，{days}天后同一商品降价{diff}元，商家页面承诺「15天价保」，申请价保却被拒绝。",
		expect: "按价保承诺退还差价。",
		logs:   []string{"核对价保承诺及价格记录，确认符合价保条件", "通知商户退还差价"},
		reply:  "已核实符合价保条件，差价将退还",
		party:  "merchant", basis: "商户承诺价保，应按承诺履行。",
		summary: "商户价保审核人员误判申请时间。",
		told:    "经核实，系商户审核人员误判价保时限所致。",
		counter: []string{"已为您退还差价。"},
		terms:   []termT{{"refund", "乙方按价保承诺退还甲方差价。", aDiff, 0, 0}},
		causes: []cause{
			{"occurrence", "man", "审核人员误判价保时限", []string{"错误拒绝", "时限计算错误"}, "价保申请由系统自动判断时限", "系统记录", "已上线"},
		},
		contain: []string{"复核近期被拒绝的价保申请"},
	},
	{
		cat: "price", kinds: kset(kDept, kEcom, kFurniture), short: "先涨价后打折",
		desc:   "顾客反映：{product}在促销前一周标价被上调，促销期间以「五折」名义销售，实际成交价{amount}高于此前原价，顾客认为构成价格欺诈。",
		expect: "按《消费者权益保护法》第五十五条退一赔三。",
		logs:   []string{"调取该商品近30天价格记录，确认促销前存在提价", "通知商户按规定承担赔偿责任"},
		reply:  "已核实价格记录，将按规定处理",
		party:  "merchant", basis: "经调取价格记录，商户虚构原价，构成价格欺诈。",
		summary: "商户虚构原价进行促销。",
		told:    "经核实，该商户存在虚构原价行为。",
		counter: []string{"已责令商户整改并按规定赔偿。", "促销商品原价将以前7日最低成交价为准。"},
		terms:   []termT{{"refund", "乙方为甲方办理退货，全额退还货款。", aPrice, 0, 0}, {"compensation", "乙方依据《消费者权益保护法》第五十五条，按商品价款的三倍向甲方支付赔偿金。", aThree, 0, 0}},
		causes: []cause{
			{"occurrence", "method", "促销原价由商户自行填报，无审核", []string{"虚构原价", "无审核"}, "原价取前7日最低成交价", "系统规则", "已上线"},
		},
		contain: []string{"下架该商户全部促销商品复核"},
	},
	{
		cat: "price", kinds: kset(kManuf), short: "开票单价与年度价格协议不符",
		desc:   "客户反映：{rdate}收到的{product}发票单价高于双方年度价格协议约定价格，涉及{qty}件，差额{diff}元。",
		expect: "开具红字发票并按协议价重新开票。",
		logs:   []string{"核对价格主数据，确认新年度协议价未更新至系统", "开具红字发票并重新开票"},
		reply:  "已确认价格主数据未更新，重新开票",
		party:  "", basis: "价格主数据未按协议更新，责任在我司。",
		summary: "年度协议价未及时更新至ERP价格主数据。",
		told:    "经核实，系我司系统价格未按新协议更新所致。",
		counter: []string{"已开具红字发票并按协议价重开。"},
		terms:   []termT{{"refund", "乙方退还甲方多收的货款差额。", aDiff, 0, 0}},
		causes: []cause{
			{"occurrence", "method", "价格协议签订后无系统更新确认环节", []string{"价格错误", "未更新", "流程缺失"}, "协议签订后3日内更新并双人复核", "复核记录", "已执行"},
		},
		contain: []string{"核对全部客户价格主数据"},
	},
	// ---- other ----
	{
		cat: "other", kinds: kset(kFurniture, kDept, kSuper, kAppliance), short: "停车场车辆被剐蹭",
		desc:   "顾客反映：{rdate}在{store}地下停车场停车购物约{hours}小时，返回时发现车辆（{plate}）左后门被剐蹭，停车场管理员称「停车场不负责保管」。",
		expect: "调取监控查明责任，赔偿维修费用。",
		logs:   []string{"调取停车场监控，确认系停车场巡逻电瓶车剐蹭", "联系保险公司定损"},
		reply:  "已查明系我方巡逻车剐蹭，将赔偿维修费用",
		party:  "mall", basis: "经调取监控，剐蹭系商场停车场巡逻车所致，责任在商场。",
		summary: "巡逻车驾驶员操作不当，停车场通道狭窄处无警示。",
		told:    "经调取监控，系我方停车场巡逻车剐蹭所致。",
		counter: []string{"已赔偿车辆维修费用。", "停车场狭窄通道已增设警示标识。"},
		terms:   []termT{{"compensation", "乙方赔偿甲方车辆维修费用（以4S店维修单据为准）。", aComp, 800, 3500}},
		causes: []cause{
			{"occurrence", "man", "巡逻车驾驶员转弯未减速", []string{"剐蹭车辆", "未减速", "无驾驶规范"}, "巡逻车驾驶员培训及限速", "培训记录", "已执行"},
		},
		contain:  []string{"巡逻车暂停使用并检查"},
		evidence: []evid{{"assets/dent-01.jpg", "车辆剐蹭部位照片（顾客提供）"}},
		noBuy:    true,
	},
	{
		cat: "other", kinds: kset(kDept, kSuper, kFurniture), short: "地面湿滑顾客摔倒受伤",
		desc:   "顾客反映：{rdate}在{store}一楼通道因地面刚拖过湿滑、未放置警示牌而摔倒，造成{injury}，当即由商场人员送医。",
		expect: "承担全部医疗费用及误工费。",
		logs:   []string{"调取监控确认保洁拖地后未放置警示牌", "陪同顾客就医，垫付医药费"},
		reply:  "已确认商场责任，承担医疗费用",
		party:  "mall", basis: "保洁作业未放置警示牌，商场未尽安全保障义务。",
		summary: "保洁作业规范未落实，地面湿滑无警示。",
		told:    "经核实，系我方保洁作业后未放置警示标识所致。",
		counter: []string{"已承担全部医疗费用。", "保洁作业已强制放置警示牌并限定作业时段。"},
		terms:   []termT{{"compensation", "乙方承担甲方医疗费用。", aComp, 500, 5000}, {"compensation", "乙方赔偿甲方误工费及营养费。", aComp, 500, 3000}},
		causes: []cause{
			{"occurrence", "method", "保洁作业未放置警示牌", []string{"顾客摔倒", "地面湿滑无警示", "作业规范未落实"}, "湿拖作业必须放置警示牌并拍照上传", "作业记录", "已执行"},
			{"occurrence", "environment", "营业高峰时段进行湿拖作业", []string{"客流大时地面湿", "作业时段不当"}, "湿拖作业安排在营业前后", "排班表", "已执行"},
		},
		contain:  []string{"全场检查地面防滑"},
		evidence: []evid{{"assets/receipt-01.png", "医院收费票据（顾客提供）"}},
		noBuy:    true,
	},
	{
		cat: "other", kinds: kset(kEcom, kDept, kAppliance), short: "个人信息疑似泄露",
		desc:   "顾客反映：{pdate}购买{product}后，连续接到自称「售后客服」的诈骗电话，对方能准确说出订单号和收货地址，顾客怀疑个人信息被泄露。",
		expect: "查明泄露原因，承担相应责任。",
		logs:   []string{"核查订单数据访问日志，发现商户客服账号存在异常导出", "冻结商户相关账号，报警并配合调查"},
		reply:  "已冻结可疑账号并报警，调查结果将告知您",
		party:  "undetermined", basis: "数据访问日志显示商户账号存在异常导出，具体责任待公安机关调查结论。",
		summary: "商户客服账号权限过大，订单数据导出无审批。",
		told:    "经核查，发现商户客服账号存在异常导出行为，已报警处理。",
		counter: []string{"已冻结相关账号并报警。", "订单数据导出已实行审批及脱敏。"},
		terms:   []termT{{"compensation", "乙方向甲方支付慰问金。", aComp, 200, 1000}},
		causes: []cause{
			{"occurrence", "method", "商户客服账号可导出完整订单信息", []string{"信息泄露", "可批量导出", "权限设计不当"}, "订单导出审批并脱敏", "系统权限配置", "已上线"},
			{"escape", "machine", "异常导出无告警", []string{"泄露未及时发现", "无告警"}, "大批量导出自动告警", "告警记录", "已上线"},
		},
		contain: []string{"冻结可疑账号", "全面排查商户账号权限"},
	},
	{
		cat: "other", kinds: kset(kDept, kSuper, kEcom, kAppliance, kFurniture), short: "赠品未兑现",
		desc:   "顾客反映：购买{product}时承诺赠送价值{fee}元的赠品，至今{days}天仍未收到，多次询问均称「赠品缺货」。",
		expect: "兑现赠品或折现。",
		logs:   []string{"核实活动记录，确认赠品库存不足未及时补货", "与顾客协商以现金折抵"},
		reply:  "赠品缺货，协商以现金折抵",
		party:  "merchant", basis: "商户未履行赠品承诺。",
		summary: "赠品库存不足，活动前未核对赠品数量。",
		told:    "经核实，系赠品备货不足所致。",
		counter: []string{"已按赠品价值折现。"},
		terms:   []termT{{"compensation", "乙方按赠品价值向甲方折现。", aComp, 50, 500}},
		causes: []cause{
			{"occurrence", "method", "活动前未核对赠品库存", []string{"赠品缺货", "未核对"}, "活动前核对赠品库存", "核对记录", "已执行"},
		},
		contain: []string{"排查未兑现赠品订单"},
	},
	{
		cat: "other", kinds: kset(kManuf), short: "8D报告提交逾期",
		desc:   "客户反映：就{rdate}前的质量问题，我司未按《供应商质量协议》要求在7日内提交D4根本原因分析，已逾期{days}天，客户将此计入供应商绩效扣分。",
		expect: "立即提交8D报告，说明逾期原因。",
		logs:   []string{"核查8D进度，确认跨部门分析会议多次延期", "质量部长督办，当日提交D4"},
		reply:  "已提交D4分析并说明逾期原因",
		party:  "", basis: "8D逾期提交，责任在我司。",
		summary: "8D进度无跟踪机制，跨部门会议延期未升级。",
		told:    "经调查，系我司8D进度跟踪不力所致。",
		counter: []string{"已建立8D进度周报，逾期自动升级。"},
		causes: []cause{
			{"occurrence", "method", "8D进度无跟踪机制", []string{"报告逾期", "无跟踪"}, "8D进度周报及逾期升级", "周报", "已执行"},
		},
		contain: []string{"质量部长督办"},
		noBuy:   true,
	},
}
