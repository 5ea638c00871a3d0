package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
)

// variant is the sofa sample with some of its lines replaced: each
// replacement must match once, so a sample that changes breaks the test
// loudly instead of testing the unchanged case.
func variant(t *testing.T, g *generator.Generator, edits ...string) *generator.Case {
	t.Helper()
	return variantOf(t, g, nil, edits...)
}

// variantOf is variant with the edited text passed through transform.
func variantOf(t *testing.T, g *generator.Generator, transform func(string) string, edits ...string) *generator.Case {
	t.Helper()
	data, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for i := 0; i+1 < len(edits); i += 2 {
		if strings.Count(text, edits[i]) != 1 {
			t.Fatalf("edit %q: found %d times in the sofa sample", edits[i], strings.Count(text, edits[i]))
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	if transform != nil {
		text = transform(text)
	}
	dir := t.TempDir()
	assets := filepath.Join(dir, "assets", "furniture")
	if err := os.MkdirAll(assets, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"logo.png", "crack-left-arm.jpg", "crack-right-back.jpg", "thickness-gauge.jpg"} {
		b, err := os.ReadFile(filepath.Join("../samples/assets/furniture", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(assets, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A recording: not a picture, listed all the same.
	if err := os.WriteFile(filepath.Join(assets, "call.m4a"), []byte("not really audio"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "case.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadFile(t, g, path)
}

// readBoth renders a document as PDF and as XLSX and returns the text a
// reader gets back from each, squashed.
func readBoth(t *testing.T, g *generator.Generator, c *generator.Case, id string) (pdf, xlsx string) {
	t.Helper()
	p, _ := render(t, g, c, id, generator.PDF)
	x, _ := render(t, g, c, id, generator.XLSX)
	return squash(pdfText(t, p)), squash(xlsxText(t, x))
}

type wording struct {
	name   string
	edits  []string
	want   []string // in the PDF and the workbook
	unwant []string // in neither
}

func checkWording(t *testing.T, id string, tests []wording) {
	g := newGen(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := variant(t, g, tc.edits...)
			pdf, xlsx := readBoth(t, g, c, id)
			for what, text := range map[string]string{"PDF": pdf, "XLSX": xlsx} {
				for _, w := range tc.want {
					if !strings.Contains(text, squash(w)) {
						t.Errorf("%s %s lacks %q", id, what, w)
					}
				}
				for _, w := range tc.unwant {
					if strings.Contains(text, squash(w)) {
						t.Errorf("%s %s says %q", id, what, w)
					}
				}
			}
		})
	}
}

const (
	sofaParties = `    - {role: customer, name: 张晓堃, id_number: "310115199001011234", phone: "13812345678", address: 上海市浦东新区杨高南路799弄12号1502室}
    - {role: merchant, name: 上海雅居家具有限公司, representative: 陈国华, credit_code: 91310115MA1K2XXXX8, phone: "021-58880000"}
    - {role: mall, name: 星河家居广场（上海浦东店）, representative: 周婷, phone: 400-820-0000}
`
	sofaRefund       = `    - {kind: refund, text: 乙方为甲方办理退货，全额退还货款。, amount: 12800.00}`
	sofaCompensation = `    - {kind: compensation, text: 乙方另行补偿甲方误工及交通费用。, amount: 600.00}`
	sofaCategory     = `  category: product_quality `
)

// The agreement over party kinds, categories and payers: who signs how,
// which law, who pays what, what the customer gives up.
func TestAgreementWording(t *testing.T) {
	checkWording(t, "agreement", []wording{
		{name: "consumer, merchant pays",
			want: []string{"依据《中华人民共和国消费者权益保护法》《中华人民共和国民法典》",
				"金额：人民币壹万贰仟捌佰元整（¥12,800.00），由乙方支付。",
				"上述款项合计人民币壹万叁仟肆佰元整（¥13,400.00），由乙方于2026年11月8日前以原路退回方式支付给甲方",
				"甲方不再就本协议所涉商品的质量问题及本次投诉事项向其他各方提出其他任何主张",
				"甲方（签字）：张晓堃", "乙方（盖章）：上海雅居家具有限公司", "法定代表人/授权代表（签字）："},
			unwant: []string{"甲方（盖章）", "其中"}},
		{name: "mall pays first with recourse, merchant pays the rest",
			edits: []string{
				sofaRefund, `    - {kind: refund, text: 丙方先行向甲方退还全部货款。, amount: 12800.00, payer: mall, advance: true, recourse: merchant}`,
			},
			want: []string{"金额：人民币壹万贰仟捌佰元整（¥12,800.00），由丙方先行赔付。丙方先行赔付后，有权向乙方追偿，乙方应予偿付。",
				"金额：人民币陆佰元整（¥600.00），由乙方支付。",
				"上述款项合计人民币壹万叁仟肆佰元整（¥13,400.00），其中乙方支付人民币陆佰元整（¥600.00）；丙方先行赔付人民币壹万贰仟捌佰元整（¥12,800.00）；各付款方于2026年11月8日前以原路退回方式支付给甲方",
				"各付款方按本协议履行完毕后"}},
		{name: "two parties, the mall pays everything first, the merchant does not sign",
			edits: []string{
				sofaParties, `    - {role: customer, name: 张晓堃, phone: "13812345678"}
    - {role: mall, name: 星河家居广场（上海浦东店）, representative: 周婷}
`,
				sofaRefund, `    - {kind: refund, text: 乙方先行向甲方退还全部货款。, amount: 12800.00, advance: true, recourse: merchant}`,
				sofaCompensation, `    - {kind: compensation, text: 乙方补偿甲方误工及交通费用。, amount: 600.00}`,
				"  copies: 3", "  copies: 2",
			},
			want: []string{"由乙方先行赔付。乙方先行赔付后，有权向商户雅居名品家具（B2-018）追偿",
				"由乙方于2026年11月8日前以原路退回方式支付给甲方", "本协议一式两份"},
			unwant: []string{"丙方（", "由丙方"}},
		{name: "business customer: the Civil Code alone, the customer seals",
			edits: []string{
				"  kind: individual                      # individual | company", "  kind: company\n  contact: 采购部 王芳",
				sofaParties, `    - {role: customer, name: 上海某酒店管理有限公司, representative: 赵强, credit_code: 91310115MA1K2XXXX1}
    - {role: merchant, name: 上海雅居家具有限公司, representative: 陈国华}
`,
				"  copies: 3", "  copies: 2",
			},
			want:   []string{"依据《中华人民共和国民法典》等有关法律法规", "甲方（盖章）：上海某酒店管理有限公司", "为妥善解决上述争议"},
			unwant: []string{"消费者权益保护法", "甲方（签字）"}},
		{name: "service attitude: no goods waived",
			edits: []string{sofaCategory, "  category: service_attitude "},
			want: []string{"甲方不再就本次投诉所涉的服务态度问题及本次投诉事项向其他各方提出其他任何主张",
				"但本条不影响甲方依法享有的人身损害赔偿请求权"},
			unwant: []string{"商品的质量问题"}},
	})
}

// The apology letter over parties, payers and categories: written to the
// customer, each remedy a sentence with its amount, the total in 大写.
func TestApologyWording(t *testing.T) {
	checkWording(t, "apology", []wording{
		{name: "three parties, merchant pays",
			want: []string{"就您反映的意式真皮三人位沙发质量问题给您带来的不便和困扰",
				"三方已签订《投诉处理协议书》",
				"（一）商户上海雅居家具有限公司将为您办理退货并退还货款¥12,800.00。",
				"以上款项合计¥13,400.00（人民币壹万叁仟肆佰元整）"},
			unwant: []string{"甲方", "乙方", "真皮沙发送货后皮面开裂", "。；"}},
		{name: "the mall (we) pays first",
			edits: []string{sofaRefund, `    - {kind: refund, text: 丙方先行退款。, amount: 12800.00, payer: mall, advance: true, recourse: merchant}`},
			want:  []string{"（一）我们将先行为您办理退货并退还货款¥12,800.00。", "（二）商户上海雅居家具有限公司将向您支付补偿¥600.00。"}},
		{name: "two parties, a subject of its own, service category",
			edits: []string{
				sofaParties, `    - {role: customer, name: 张晓堃}
    - {role: mall, name: 星河家居广场（上海浦东店）, representative: 周婷}
`,
				"  to: 张晓堃先生", "  to: 张晓堃先生\n  subject: 送货人员在您家中言语不当一事",
				sofaCategory, "  category: service_attitude ",
			},
			want:   []string{"就送货人员在您家中言语不当一事给您带来的不便和困扰", "双方已签订", "（一）我们将为您办理退货并退还货款¥12,800.00。"},
			unwant: []string{"三方", "质量问题"}},
		{name: "a remedy already paid is told as done",
			edits: []string{"    - {kind: compensation, text: 乙方另行补偿甲方误工及交通费用。, amount: 600.00}",
				"    - {kind: compensation, text: 乙方另行补偿甲方误工及交通费用。, amount: 600.00, paid_on: 2026-11-05}"},
			want:   []string{"（二）商户上海雅居家具有限公司已于2026年11月5日向您支付补偿¥600.00。", "（一）商户上海雅居家具有限公司将为您办理退货"},
			unwant: []string{"将向您支付补偿"}},
		{name: "service category, default subject",
			edits:  []string{sofaCategory, "  category: service_attitude "},
			want:   []string{"就您反映的服务态度问题给您带来的不便和困扰"},
			unwant: []string{"沙发质量问题"}},
	})
}

// The registration form over customer kinds and sections present.
func TestRegistrationWording(t *testing.T) {
	purchase := "purchase:                               # 购物信息\n"
	checkWording(t, "registration", []wording{
		{name: "person", want: []string{"一、顾客信息", "顾客姓名", "二、购物信息", "三、受理信息", "四、投诉内容", "五、处理记录", "顾客类型个人"},
			unwant: []string{"单位名称"}},
		{name: "company", edits: []string{"  kind: individual                      # individual | company", "  kind: company\n  contact: 采购部 王芳"},
			want: []string{"单位名称", "顾客类型单位", "联系人采购部 王芳"}, unwant: []string{"顾客姓名"}},
		{name: "kind left to the schema's default", edits: []string{"  kind: individual                      # individual | company\n", ""},
			want: []string{"顾客类型个人"}},
		{name: "no purchase: no gap in the numbers",
			edits: []string{purchase, "x-purchase:\n", "  items:\n", "  x-items:\n"},
			want:  []string{"一、顾客信息", "二、受理信息", "三、投诉内容", "四、处理记录"}, unwant: []string{"购物信息"}},
		{name: "group visit", edits: []string{"  channel: service_desk ", "  channel: group_visit "}, want: []string{"受理渠道集团来访"}},
	})
}

// 8D and CAR over dates: planned against actual, each row's status; the
// attachments listed whatever they are; 批准 dated.
func TestEightDWording(t *testing.T) {
	d5 := "root_cause: 2, owner: 刘芳, due_on: 2026-11-15, done_on: 2026-11-14,"
	attach := "  - {file: assets/furniture/thickness-gauge.jpg, title: 皮料厚度检测记录（厂家检测）, kind: report}"
	checkWording(t, "8d", []wording{
		{name: "done on time and late",
			want: []string{"实际完成", "2026年11月14日", "按期完成", "超期完成", "负责人"}},
		{name: "a D5 action not done when the 8D closed", edits: []string{d5, "root_cause: 2, owner: 刘芳, due_on: 2026-11-15,"},
			want: []string{"未完成"}},
		{name: "every attachment listed, the recording too",
			edits: []string{attach, attach + "\n  - {file: assets/furniture/call.m4a, title: 顾客来电录音, kind: recording}"},
			want:  []string{"附件", "录音", "顾客来电录音", "assets/furniture/call.m4a", "照片", "检测报告", "assets/furniture/thickness-gauge.jpg"}},
	})
	checkWording(t, "car", []wording{
		{name: "approval dated", want: []string{"批准", "日期：2026年11月28日"}},
	})
	g := newGen(t)
	c := variant(t, g)
	pdf, _ := render(t, g, c, "8d", generator.PDF)
	text := squash(pdfText(t, pdf))
	// Each evidence photo once: the attachments that are evidence are
	// listed, not drawn again.
	if n := strings.Count(text, "左侧扶手开裂处（顾客提供）"); n != 1 {
		t.Errorf("the evidence photo's caption is printed %d times, want 1", n)
	}
	if n := strings.Count(text, "开裂部位照片"); n != 1 {
		t.Errorf("the attachment that is evidence is named %d times, want once, in the list", n)
	}
	d, err := g.Resolve(c, "8d")
	if err != nil {
		t.Fatal(err)
	}
	drawn := map[string]int{}
	for _, b := range d.Blocks {
		for _, im := range b.Images {
			drawn[im.Src]++
		}
	}
	for _, f := range []string{"assets/furniture/crack-left-arm.jpg", "assets/furniture/crack-right-back.jpg", "assets/furniture/thickness-gauge.jpg"} {
		if drawn[f] != 1 {
			t.Errorf("%s is drawn %d times, want once", f, drawn[f])
		}
	}
}

// The closure report: the checklist has its header row, the follow-ups
// their 回访人.
func TestClosureWording(t *testing.T) {
	checkWording(t, "closure", []wording{
		{name: "sofa", want: []string{"三、抱怨处理总结事项（结案检查）检查项完成备注", "回访日期回访人方式回访结果"}, unwant: []string{"处理人"}},
		{name: "company", edits: []string{"  kind: individual                      # individual | company", "  kind: company"},
			want: []string{"单位名称张晓堃"}},
	})
}

// The same documents in English: idiomatic words around the case's own
// (Chinese) data, and no Chinese punctuation of the pack's making.
func TestEnglishWording(t *testing.T) {
	en := []string{"locale: zh-CN ", "locale: en "}
	advance := []string{sofaRefund, `    - {kind: refund, text: 丙方先行退款。, amount: 12800.00, payer: mall, advance: true, recourse: merchant}`}
	company := []string{"  kind: individual                      # individual | company", "  kind: company\n  contact: 采购部 王芳",
		sofaParties, `    - {role: customer, name: 上海某酒店管理有限公司, representative: 赵强}
    - {role: merchant, name: 上海雅居家具有限公司, representative: 陈国华}
`, "  copies: 3", "  copies: 2"}
	// The case's Chinese becomes X, as in TestEnglishHasNoChinese: what
	// Chinese is left is the pack's.
	cjk := regexp.MustCompile(`[\p{Han}\x{3000}-\x{303F}\x{FF00}-\x{FFEF}]+`)
	xOut := func(s string) string { return cjk.ReplaceAllString(s, "X") }
	for _, tc := range []struct {
		id    string
		edits []string
		want  []string
	}{
		{"agreement", advance, []string{"paid in advance by Party C.", "Having paid in advance, Party C may recover the amount from Party B, who shall repay it.",
			"of which Party B pays ¥600.00 (RMB Six Hundred Yuan Only); Party C pays ¥12,800.00 (RMB Twelve Thousand Eight Hundred Yuan Only) in advance;",
			"Consumer Rights and Interests, the Civil Code", "Party A (signature):", "Party B (seal):", "Legal or authorised representative (signature):"}},
		{"agreement", company, []string{"under the Civil Code of the People's Republic of China and other applicable laws", "Party A (seal):"}},
		{"apology", advance, []string{"the three parties have signed the Complaint Settlement Agreement",
			"will take the goods back and refund ¥12,800.00, paying in advance on behalf of the merchant.",
			"The amounts above total ¥13,400.00 (RMB Thirteen Thousand Four Hundred Yuan Only)"}},
		{"registration", company, []string{"Company name", "Customer"}},
		{"closure", nil, []string{"Visited by", "Item", "Done", "Note"}},
		{"8d", nil, []string{"Done late", "On time", "Owner", "Attachments"}},
	} {
		t.Run(tc.id, func(t *testing.T) {
			g := newGen(t)
			c := variantOf(t, g, xOut, append(append([]string{}, en...), tc.edits...)...)
			p, _ := render(t, g, c, tc.id, generator.PDF)
			text := strings.Join(strings.Fields(pdfText(t, p)), " ")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q", tc.id, w)
				}
			}
			for _, loc := range cjk.FindAllStringIndex(text, -1) {
				t.Errorf("%s: %q in …%s…", tc.id, text[loc[0]:loc[1]], text[max(loc[0]-40, 0):min(loc[1]+20, len(text))])
			}
		})
	}
}

// The CAR shows each step's deadline and status from the same policy as
// the 8D's step table: the same dates in both, in PDF and workbook.
func TestCARDeadlinesAsThe8D(t *testing.T) {
	g := newGen(t)
	c := variant(t, g)
	carPDF, carXLSX := readBoth(t, g, c, "car")
	eightPDF, _ := readBoth(t, g, c, "8d")
	steps := g.Steps(c, time.Time{})
	n := 0
	for _, s := range steps {
		if s.Due.IsZero() || !strings.Contains("D3 D4 D5 D8", s.Step) {
			continue
		}
		due := fmt.Sprintf("%s%d年%d月%d日", s.Step, s.Due.Year(), s.Due.Month(), s.Due.Day())
		for name, text := range map[string]string{"CAR PDF": carPDF, "CAR workbook": carXLSX} {
			if !strings.Contains(text, due) {
				t.Errorf("%s does not show %s", name, due)
			}
		}
		if !strings.Contains(eightPDF, fmt.Sprintf("%d年%d月%d日", s.Due.Year(), s.Due.Month(), s.Due.Day())) {
			t.Errorf("the 8D does not show the deadline %s", due)
		}
		n++
	}
	if n < 3 {
		t.Fatalf("only %d steps with deadlines: %+v", n, steps)
	}
}
