package casegen

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// ---- names ----

// Common surnames roughly in order of frequency (earlier ones are drawn
// more often), then a few compound ones.
var surnames = []string{
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
	"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
	"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
	"龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
}

var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容"}

var maleGiven = []string{
	"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "华", "斌", "鹏", "昊", "翔", "凯", "波", "辉", "刚", "峰",
	"建国", "志强", "国华", "立军", "浩然", "子轩", "宇航", "俊杰", "振华", "博文", "晓东", "海涛", "明辉", "宏伟", "建平",
	"国梁", "立新", "志远", "文斌", "天佑", "一鸣", "嘉豪", "思远", "家乐", "永康", "德明", "春生", "卫东", "晨阳", "子豪",
}

var femaleGiven = []string{
	"敏", "静", "丽", "芳", "婷", "娜", "燕", "霞", "慧", "琳", "洁", "倩", "颖", "雪", "莉", "萍", "红", "艳", "玲", "娟",
	"秀英", "桂英", "晓燕", "梦琪", "若溪", "雨涵", "欣怡", "思琪", "佳怡", "雅婷", "晓雯", "诗涵", "艺琳", "美玲", "玉兰",
	"淑芬", "海燕", "丽华", "春梅", "晓红", "子涵", "梓萱", "一诺", "语嫣", "静怡", "文静", "雨欣", "佳琪", "心怡", "婉清",
}

// Given names with the rarer characters a form must still draw: 堃 喆 珺 彧
// and a few more that real registers hold.
var rareMale = []string{"晓堃", "喆", "子喆", "文彧", "彧", "嘉堃", "堃", "昊喆", "赟", "翀", "思彧", "昶"}
var rareFemale = []string{"珺", "婉珺", "丽珺", "彧涵", "欣珺", "喆琳", "玥", "语玥", "淼", "珺瑶"}

type person struct {
	name string
	male bool
}

func (g *gen) person() person {
	male := g.chance(0.5)
	var sur string
	if g.chance(0.015) {
		sur = pick(g, compoundSurnames)
	} else {
		// a skewed draw: low indices are the common surnames
		sur = surnames[g.skew(len(surnames))]
	}
	var given string
	switch {
	case male && g.chance(0.06):
		given = pick(g, rareMale)
	case !male && g.chance(0.06):
		given = pick(g, rareFemale)
	case male:
		given = pick(g, maleGiven)
	default:
		given = pick(g, femaleGiven)
	}
	return person{sur + given, male}
}

// honorific is how a letter addresses a person: 张晓堃先生, 陈女士.
func (p person) honorific() string {
	if p.male {
		return p.name + "先生"
	}
	return p.name + "女士"
}

// ---- places ----

type district struct{ name, code string }

type city struct {
	name   string // 上海
	prefix string // 上海市 / 浙江省杭州市
	area   string // phone area code
	dists  []district
	roads  []string
}

var cities = []city{
	{"上海", "上海市", "021", []district{{"浦东新区", "310115"}, {"徐汇区", "310104"}, {"闵行区", "310112"}, {"静安区", "310106"}, {"杨浦区", "310110"}, {"普陀区", "310107"}},
		[]string{"杨高南路", "张杨路", "漕溪北路", "虹梅路", "江场路", "国权路", "锦绣路", "真北路", "莲花路"}},
	{"杭州", "浙江省杭州市", "0571", []district{{"西湖区", "330106"}, {"余杭区", "330110"}, {"拱墅区", "330105"}, {"滨江区", "330108"}, {"上城区", "330102"}},
		[]string{"文一西路", "紫荆花路", "莫干山路", "江南大道", "解放路", "古墩路", "丰潭路"}},
	{"南京", "江苏省南京市", "025", []district{{"鼓楼区", "320106"}, {"玄武区", "320102"}, {"江宁区", "320115"}, {"建邺区", "320105"}, {"秦淮区", "320104"}},
		[]string{"中山北路", "龙蟠路", "双龙大道", "江东中路", "汉中路", "应天大街", "北京东路"}},
	{"成都", "四川省成都市", "028", []district{{"锦江区", "510104"}, {"武侯区", "510107"}, {"青羊区", "510105"}, {"成华区", "510108"}, {"金牛区", "510106"}},
		[]string{"春熙路", "人民南路", "蜀都大道", "建设路", "玉林北路", "二环路西一段", "天府大道"}},
	{"宁波", "浙江省宁波市", "0574", []district{{"北仑区", "330206"}, {"鄞州区", "330212"}, {"江北区", "330205"}},
		[]string{"庐山西路", "天童南路", "中山东路", "明州路", "新河路"}},
	{"常州", "江苏省常州市", "0519", []district{{"武进区", "320412"}, {"新北区", "320411"}},
		[]string{"常武中路", "龙锦路", "通江中路", "延政中路"}},
	{"苏州", "江苏省苏州市", "0512", []district{{"吴中区", "320506"}, {"相城区", "320507"}, {"姑苏区", "320508"}},
		[]string{"东吴北路", "苏州大道东", "人民路", "澄阳路"}},
	{"重庆", "重庆市", "023", []district{{"渝北区", "500112"}, {"九龙坡区", "500107"}},
		[]string{"金开大道", "杨家坪正街", "龙头寺路", "科园一路"}},
	{"广州", "广东省广州市", "020", []district{{"天河区", "440106"}, {"番禺区", "440113"}, {"越秀区", "440104"}},
		[]string{"天河路", "体育西路", "市桥街大北路", "中山五路", "黄埔大道西"}},
	{"北京", "北京市", "010", []district{{"朝阳区", "110105"}, {"海淀区", "110108"}, {"丰台区", "110106"}},
		[]string{"建国路", "中关村大街", "丰台北路", "望京街", "知春路"}},
	{"武汉", "湖北省武汉市", "027", []district{{"洪山区", "420111"}, {"江汉区", "420103"}, {"武昌区", "420106"}},
		[]string{"珞喻路", "解放大道", "中北路", "武珞路"}},
}

func cityNamed(name string) int {
	for i, c := range cities {
		if c.name == name {
			return i
		}
	}
	panic("casegen: no city " + name)
}

var estates = []string{"荷园小区", "锦绣苑", "阳光花园", "翠湖天地", "金色家园", "和平里", "枫林湾", "橡树湾", "滨江花园", "春江名苑",
	"紫荆苑", "香樟园", "碧水湾", "梧桐公寓", "知音小区", "望江新村", "景苑", "银杏苑", "世纪嘉园", "长岛花园"}

// address returns a home address in city c and the district's code (for ID numbers).
func (g *gen) address(c int) (string, string) {
	ct := cities[c]
	d := pick(g, ct.dists)
	road := pick(g, ct.roads)
	floor := g.between(2, 28)
	room := fmt.Sprintf("%d%02d", floor, g.between(1, 6))
	var s string
	switch g.intn(3) {
	case 0:
		s = fmt.Sprintf("%s%s%s%d弄%d号%s室", ct.prefix, d.name, road, g.between(10, 1999), g.between(1, 40), room)
	case 1:
		s = fmt.Sprintf("%s%s%s%d号%s%d幢%d单元%s室", ct.prefix, d.name, road, g.between(1, 999), pick(g, estates), g.between(1, 30), g.between(1, 4), room)
	default:
		s = fmt.Sprintf("%s%s%s%d号%s%d栋%s室", ct.prefix, d.name, road, g.between(1, 999), pick(g, estates), g.between(1, 18), room)
	}
	return s, d.code
}

// ---- numbers people write on forms ----

var mobilePrefixes = []string{"134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "166",
	"176", "177", "178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"}

func (g *gen) mobile() string {
	return pick(g, mobilePrefixes) + fmt.Sprintf("%08d", g.intn(100000000))
}

func (g *gen) landline(c int) string {
	return cities[c].area + "-" + fmt.Sprintf("%d%07d", g.between(5, 8), g.intn(10000000))
}

// idNumber is an 18-character resident ID number with a real check digit
// (GB 11643): region, birth date, sequence (odd for men), check.
func (g *gen) idNumber(region string, male bool) string {
	y, m := g.between(1958, 2005), g.between(1, 12)
	d := g.between(1, 28)
	seq := g.between(0, 499) * 2
	if male {
		seq++
	}
	body := fmt.Sprintf("%s%04d%02d%02d%03d", region, y, m, d, seq)
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(body[i]-'0') * w
	}
	return body + string("10X98765432"[sum%11])
}

// creditCode is a unified social credit code (GB 32100) with its check
// character, derived from the organisation's name so one company always
// has the same code.
func creditCode(name, region string) string {
	const chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	h := fnv.New64a()
	h.Write([]byte(name))
	r := rand.New(rand.NewPCG(h.Sum64(), 0x6b657375))
	code := "91" + region + "MA"
	for len(code) < 17 {
		code += string(chars[r.IntN(len(chars))])
	}
	weights := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, w := range weights {
		sum += strings.IndexByte(chars, code[i]) * w
	}
	return code + string(chars[(31-sum%31)%31])
}
