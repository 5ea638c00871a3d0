package casegen

import (
	"fmt"
	"hash/fnv"
)

// The organisations that issue the documents: a furniture mall, a
// department store, an online platform, a supermarket chain, an appliance
// chain and an automotive supplier answering business customers with 8D.

type orgKind uint8

const (
	kFurniture orgKind = iota
	kDept
	kEcom
	kSuper
	kManuf
	kAppliance
)

// kinds is a set of orgKinds.
type kinds uint8

func kset(ks ...orgKind) kinds {
	var s kinds
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s kinds) has(k orgKind) bool { return s&(1<<k) != 0 }

type staff struct{ name, role string }

type family uint8

const (
	famFurniture family = iota
	famAppliance
	famApparel
	famFood
	famDigital
	famAuto
)

type org struct {
	kind    orgKind
	key     string // names its logo and its ID style
	name    string
	dept    string
	address string
	phone   string
	region  string // credit code region
	city    int
	group   string // the group a complaint may be passed on from
	store   string // purchase.store, "" when none
	role    string // the org's role as a settlement party: mall | merchant | manufacturer
	// people
	receivers []staff  // who takes complaints in
	handlers  []string // who investigates and follows up
	manager   staff    // signs apologies, represents the org
	quality   []staff  // 8D team (name, department)
	// where families come from, with weights
	fams    []family
	famW    []int
	place   string // where agreements are signed
	archive string // archive number prefix: KF, ZL
	weight  int    // share of all cases
	chanW   []int  // weights over channels (see channels)
	catW    []int  // weights over categories (see categories)
}

var channels = []string{"service_desk", "front_desk", "merchant", "regulator", "social_media", "hotline", "group_staff", "group_visit", "email", "app", "other"}

var categories = []string{"product_quality", "service_attitude", "policy_process", "delivery_installation", "price", "other"}

var orgs = []*org{
	{
		kind: kFurniture, key: "xinghe", group: "星河集团", name: "星河家居广场（上海浦东店）", dept: "顾客服务部", address: "上海市浦东新区锦绣路1888号",
		phone: "400-820-0000", region: "310115", city: cityNamed("上海"), store: "星河家居广场（上海浦东店）", role: "mall",
		receivers: []staff{{"李敏", "客诉专员"}, {"顾佳怡", "客诉专员"}, {"陆文斌", "服务台主管"}},
		handlers:  []string{"王立军", "顾佳怡", "李敏", "蒋志远"},
		manager:   staff{"周婷", "顾客服务部经理"},
		quality:   []staff{{"王立军", "商场 家具建材部"}, {"蒋志远", "商场 品质管理部"}},
		fams:      []family{famFurniture}, famW: []int{1},
		place: "星河家居广场顾客服务部", archive: "KF", weight: 20,
		//          desk front merch reg social hot group gvisit mail app other
		chanW: []int{30, 12, 10, 9, 5, 16, 3, 3, 2, 6, 4},
		catW:  []int{42, 10, 9, 27, 6, 6},
	},
	{
		kind: kDept, key: "jingui", group: "金桂商业集团", name: "金桂购物中心（杭州湖滨店）", dept: "客户服务中心", address: "浙江省杭州市上城区延安路258号",
		phone: "0571-87001234", region: "330102", city: cityNamed("杭州"), store: "金桂购物中心（杭州湖滨店）", role: "mall",
		receivers: []staff{{"沈雨欣", "服务台接待员"}, {"钟晓雯", "客诉专员"}, {"潘国华", "值班经理"}},
		handlers:  []string{"钟晓雯", "潘国华", "孟凯", "沈雨欣"},
		manager:   staff{"叶静怡", "客户服务中心经理"},
		quality:   []staff{{"孟凯", "商场 营运部"}, {"潘国华", "商场 客户服务中心"}},
		fams:      []family{famApparel, famDigital, famFood}, famW: []int{70, 20, 10},
		place: "金桂购物中心客户服务中心", archive: "KF", weight: 18,
		chanW: []int{34, 14, 8, 8, 7, 12, 4, 2, 2, 6, 3},
		catW:  []int{38, 20, 14, 4, 14, 10},
	},
	{
		kind: kEcom, key: "youxuan", group: "优选汇集团", name: "优选汇电子商务有限公司", dept: "客户服务中心", address: "浙江省杭州市余杭区文一西路1588号优选汇大厦B座",
		phone: "400-900-0000", region: "330110", city: cityNamed("杭州"), store: "优选汇官方商城（App）", role: "mall",
		receivers: []staff{{"杜若溪", "投诉专席坐席"}, {"方志远", "质检组长"}, {"曹敏", "热线二组班组长"}, {"袁博", "在线客服"}},
		handlers:  []string{"杜若溪", "方志远", "曹敏", "韩梦琪"},
		manager:   staff{"韩梦琪", "客户服务中心总监"},
		quality:   []staff{{"方志远", "客户服务中心 质检组"}, {"袁博", "售后系统产品部"}, {"曹敏", "热线二组 班组长"}},
		fams:      []family{famAppliance, famDigital, famApparel, famFood}, famW: []int{35, 35, 15, 15},
		place: "线上电子签署（优选汇App）", archive: "KF", weight: 24,
		chanW: []int{0, 0, 6, 10, 11, 30, 2, 0, 5, 33, 3},
		catW:  []int{30, 18, 20, 16, 11, 5},
	},
	{
		kind: kSuper, key: "xianfeng", group: "鲜丰汇集团", name: "鲜丰汇连锁超市有限公司", dept: "顾客服务部", address: "江苏省南京市鼓楼区中山北路219号",
		phone: "025-83360000", region: "320106", city: cityNamed("南京"), store: "鲜丰汇超市（鼓楼旗舰店）", role: "merchant",
		receivers: []staff{{"黎秀英", "服务台接待员"}, {"邵明", "值班店长"}, {"汤雅婷", "客诉专员"}},
		handlers:  []string{"邵明", "汤雅婷", "龚建平", "黎秀英"},
		manager:   staff{"龚建平", "鼓楼旗舰店店长"},
		quality:   []staff{{"龚建平", "门店 店长"}, {"严丽华", "总部 食品安全部"}, {"邵明", "门店 生鲜课"}},
		fams:      []family{famFood}, famW: []int{1},
		place: "鲜丰汇超市鼓楼旗舰店服务台", archive: "KF", weight: 14,
		chanW: []int{36, 14, 2, 12, 6, 14, 3, 3, 1, 6, 3},
		catW:  []int{46, 16, 9, 4, 16, 9},
	},
	{
		kind: kManuf, key: "hengtai", group: "恒泰控股集团", name: "宁波恒泰精密部件有限公司", dept: "质量保证部", address: "浙江省宁波市北仑区大碶街道庐山西路88号",
		phone: "0574-86880000", region: "330206", city: cityNamed("宁波"), role: "manufacturer",
		receivers: []staff{{"贺彧", "客户质量工程师（CQE）"}, {"邱燕", "客户质量工程师（CQE）"}},
		handlers:  []string{"贺彧", "宋晓喆", "邱燕", "沈振华"},
		manager:   staff{"钱立新", "副总经理"},
		quality: []staff{{"沈振华", "质量保证部 部长"}, {"贺彧", "质量保证部 客户质量工程师"}, {"宋晓喆", "生产部 工艺工程师"},
			{"任建平", "模具科 科长"}, {"邱燕", "检测中心"}, {"马国梁", "生产部 班长"}},
		fams: []family{famAuto}, famW: []int{1},
		place: "宁波恒泰精密部件有限公司会议室", archive: "ZL", weight: 10,
		chanW: []int{0, 0, 0, 0, 0, 10, 12, 8, 62, 0, 8},
		catW:  []int{78, 3, 3, 10, 3, 3},
	},
	{
		kind: kAppliance, key: "bailian", group: "百联电器集团", name: "百联电器（成都春熙路店）", dept: "售后服务部", address: "四川省成都市锦江区春熙路南段8号",
		phone: "028-86660000", region: "510104", city: cityNamed("成都"), store: "百联电器（成都春熙路店）", role: "merchant",
		receivers: []staff{{"覃晓红", "客诉专员"}, {"向子豪", "售后服务专员"}, {"莫海燕", "服务台接待员"}},
		handlers:  []string{"向子豪", "覃晓红", "武卫东", "雷永康"},
		manager:   staff{"武卫东", "售后服务部经理"},
		quality:   []staff{{"武卫东", "门店 售后服务部"}, {"雷永康", "门店 安装服务组"}},
		fams:      []family{famAppliance, famDigital}, famW: []int{70, 30},
		place: "百联电器（成都春熙路店）售后服务部", archive: "KF", weight: 14,
		chanW: []int{26, 12, 4, 8, 6, 24, 3, 2, 2, 10, 3},
		catW:  []int{36, 12, 12, 26, 8, 6},
	},
}

// brand is a maker or label, with the company behind it.
type brand struct {
	name    string
	company string
	city    int
	rep     string
}

var brands = []brand{
	{"雅居", "上海雅居家具有限公司", cityNamed("上海"), "陈国华"},
	{"林木坊", "苏州林木坊家具制造有限公司", cityNamed("苏州"), "林建国"},
	{"梦途", "上海梦途寝具有限公司", cityNamed("上海"), "谢雅婷"},
	{"欧晟", "广州欧晟定制家居有限公司", cityNamed("广州"), "黄俊杰"},
	{"宜和", "上海宜和家居用品有限公司", cityNamed("上海"), "顾立新"},
	{"清风", "杭州清风电器有限公司", cityNamed("杭州"), "邹宏伟"},
	{"冰川", "广州冰川制冷科技有限公司", cityNamed("广州"), "梁永康"},
	{"沐泉", "宁波沐泉电器有限公司", cityNamed("宁波"), "孔德明"},
	{"凌云", "武汉凌云空调有限公司", cityNamed("武汉"), "熊志强"},
	{"华凯", "苏州华凯智能科技有限公司", cityNamed("苏州"), "吴天佑"},
	{"素锦", "杭州素锦服饰有限公司", cityNamed("杭州"), "沈婉清"},
	{"步履", "广州步履鞋业有限公司", cityNamed("广州"), "何家乐"},
	{"羽境", "常州羽境服饰有限公司", cityNamed("常州"), "丁春生"},
	{"朗维", "上海朗维皮具有限公司", cityNamed("上海"), "陶思远"},
	{"鲜丰", "鲜丰汇连锁超市有限公司", cityNamed("南京"), "龚建平"},
	{"谷香坊", "南京谷香坊食品有限公司", cityNamed("南京"), "薛玉兰"},
	{"蒙原", "重庆蒙原乳业有限公司", cityNamed("重庆"), "段晨阳"},
	{"禾田", "苏州禾田食品有限公司", cityNamed("苏州"), "秦子涵"},
	{"星耀", "北京星耀通讯设备有限公司", cityNamed("北京"), "白一鸣"},
	{"迅鸣", "广州迅鸣声学科技有限公司", cityNamed("广州"), "罗嘉豪"},
	{"云帆", "武汉云帆电脑有限公司", cityNamed("武汉"), "毛文斌"},
	{"恒泰", "宁波恒泰精密部件有限公司", cityNamed("宁波"), "钱立新"},
}

func brandNamed(name string) brand {
	for _, b := range brands {
		if b.name == name {
			return b
		}
	}
	panic("casegen: no brand " + name)
}

// merchant is who sold the goods inside an organisation: a counter, a
// shop in the mall, a flagship store on the platform.
type merchant struct {
	label   string // purchase.merchant
	company string
	rep     string
	phone   string
	credit  string
	address string
}

func hashInt(s string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(s))
	return int(h.Sum32() % uint32(n))
}

func merchantOf(o *org, b brand) *merchant {
	ct := cities[b.city]
	m := &merchant{company: b.company, rep: b.rep, credit: creditCode(b.company, ct.dists[0].code)}
	m.phone = fmt.Sprintf("%s-%d%07d", ct.area, 5+hashInt(b.company, 4), hashInt(b.company+"#", 10000000))
	m.address = fmt.Sprintf("%s%s%s%d号", ct.prefix, ct.dists[0].name, ct.roads[hashInt(b.company, len(ct.roads))], 1+hashInt(b.name, 800))
	switch o.kind {
	case kFurniture:
		m.label = fmt.Sprintf("%s名品家具（%c%d-%03d）", b.name, 'A'+rune(hashInt(b.name, 3)), 1+hashInt(b.name+"f", 3), 1+hashInt(b.name+"n", 60))
	case kDept:
		m.label = fmt.Sprintf("%s专柜（%dF-%02d）", b.name, 1+hashInt(b.name, 6), 1+hashInt(b.name+"n", 40))
	case kEcom:
		m.label = b.name + "官方旗舰店"
	case kAppliance:
		m.label = b.name + "品牌专区"
	default:
		// a supermarket sells everything itself; a manufacturer is the seller
		return nil
	}
	return m
}
