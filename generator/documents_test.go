package generator_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

func loadFile(t testing.TB, g *generator.Generator, path string) *generator.Case {
	t.Helper()
	c, err := g.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func containsAll(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	flat := squash(text)
	for _, w := range wants {
		if !strings.Contains(flat, squash(w)) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func xlsxText(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "\n"))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestAgreementReadBack(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	wants := []string{
		"投诉处理协议书", "XY-2026-1105-01",
		"甲方（顾客）：张晓堃", "乙方（商户）：上海雅居家具有限公司", "丙方（商场）：星河家居广场（上海浦东店）",
		"第一条", "乙方为甲方办理退货，全额退还货款。金额：人民币壹万贰仟捌佰元整（¥12,800.00）",
		"乙方另行补偿甲方误工及交通费用。金额：人民币陆佰元整（¥600.00）",
		"乙方于退款之日起3日内上门取回沙发，搬运费用由乙方承担。",
		"上述款项合计人民币壹万叁仟肆佰元整（¥13,400.00），由乙方于2026年11月8日前以原路退回方式支付给甲方",
		"一次性解决方案", "不影响甲方今后因该商品造成人身损害而依法享有的请求赔偿的权利",
		"本协议一式三份，各方各执一份，自各方签字（盖章）之日起生效",
		"签订日期：2026年11月5日", "签订地点：星河家居广场顾客服务部",
		// A person signs; a company seals and its representative signs.
		"甲方（签字）：张晓堃", "乙方（盖章）：上海雅居家具有限公司", "丙方（盖章）：星河家居广场（上海浦东店）", "（盖章）",
		"法定代表人/授权代表（签字）：",
		// Consumer case: both laws.
		"《中华人民共和国消费者权益保护法》《中华人民共和国民法典》",
	}
	pdf, _ := render(t, g, c, "agreement", generator.PDF)
	containsAll(t, "agreement PDF", pdfText(t, pdf), wants...)
	x, _ := render(t, g, c, "agreement", generator.XLSX)
	containsAll(t, "agreement XLSX", xlsxText(t, x), wants...)
	// Clause numbers run on without gaps.
	text := squash(pdfText(t, pdf))
	for i, n := range []string{"第一条", "第二条", "第三条", "第四条", "第五条", "第六条", "第七条"} {
		if !strings.Contains(text, n) {
			t.Errorf("clause %d (%s) missing", i+1, n)
		}
	}
	if strings.Contains(text, "第八条") {
		t.Errorf("an eighth clause: a blank template line became a clause")
	}
}

func TestApologyReadBack(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	wants := []string{
		"致歉函", "尊敬的张晓堃先生：",
		"您于9月购买的真皮沙发在使用六周后出现皮面开裂，给您的生活带来了不便。",
		"经与厂家共同检测，开裂系该批次皮料厚度不足所致。",
		"一、已为您办理全额退款，并补偿误工及交通费用。",
		"二、商户已下架同批次全部在售商品，并对已售出的11件逐一回访。",
		"三、厂家已将皮料来料检验改为逐批AQL抽检并增加厚度测量。",
		// Each remedy a sentence to the customer, with its amount and who
		// pays; the total in figures and 大写; three parties signed.
		"三方已签订《投诉处理协议书》（编号：XY-2026-1105-01）",
		"（一）商户上海雅居家具有限公司将为您办理退货并退还货款¥12,800.00。",
		"（二）商户上海雅居家具有限公司将向您支付补偿¥600.00。",
		"（三）商户将在退款之日起3日内上门取回沙发，搬运费用由商户承担。",
		"以上款项合计¥13,400.00（人民币壹万叁仟肆佰元整），将于2026年11月8日前以原路退回方式支付给您。",
		"我们将持续跟进同批次商品的回访结果，并在30日内向您反馈。",
		"此致", "敬礼！", "顾客服务部经理　周婷", "2026年11月5日", "（公章）",
	}
	pdf, _ := render(t, g, c, "apology", generator.PDF)
	containsAll(t, "apology PDF", pdfText(t, pdf), wants...)
	// Written to the customer: no 甲方/乙方, not the internal case title,
	// no pasted punctuation.
	for _, bad := range []string{"甲方", "乙方", "丙方", "真皮沙发送货后皮面开裂", "。；", "；合计", "双方签订"} {
		if strings.Contains(squash(pdfText(t, pdf)), bad) {
			t.Errorf("apology PDF says %q", bad)
		}
	}
	x, _ := render(t, g, c, "apology", generator.XLSX)
	containsAll(t, "apology XLSX", xlsxText(t, x), wants...)
}

// A case with three parties and clause text long enough to fill the
// page: the signature-and-seal boxes move to the next page together,
// never split, never apart.
func TestSignatureBoxesMoveWhole(t *testing.T) {
	g := newGen(t)
	base, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("乙方应按国家三包规定及本协议约定履行义务，并就履行情况向丙方书面报告。", 4)
	moved := false
	for extra := 0; extra < 12; extra++ {
		var terms strings.Builder
		for i := range extra {
			fmt.Fprintf(&terms, "    - {kind: other, text: 补充条款%d：%s}\n", i+1, long)
		}
		src := strings.Replace(string(base), "  payment: {method: 原路退回", terms.String()+"  payment: {method: 原路退回", 1)
		c, err := g.Load("three.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		l, err := g.Layout(c, "agreement")
		if err != nil {
			t.Fatal(err)
		}
		page, top := -1, 1e9
		for pi, p := range l.Pages {
			for _, b := range p.Boxes {
				for _, ln := range b.Lines {
					if strings.Contains(ln.Text(), "签字/盖章") || strings.Contains(ln.Text(), "（签字）") {
						if page != -1 && page != pi {
							t.Fatalf("%d extra terms: signature boxes on pages %d and %d", extra, page+1, pi+1)
						}
						page, top = pi, min(top, b.Y)
						if b.Y+b.H > 841.89-20*72/25.4 {
							t.Fatalf("%d extra terms: a signature box runs into the bottom margin", extra)
						}
					}
				}
			}
		}
		if page < 0 {
			t.Fatalf("%d extra terms: no signature boxes", extra)
		}
		if page > 0 {
			moved = true // the boxes went on to a new page, all of them
			// ...and took the agreement's last lines with them: a page of
			// signatures alone could be stapled to any text.
			above := 0
			for _, b := range l.Pages[page].Boxes {
				if b.Y >= 24*72/25.4-1 && b.Y < top {
					above += len(b.Lines)
				}
			}
			if above < 2 {
				t.Errorf("%d extra terms: the signature page has %d lines of the agreement above the boxes, want at least 2", extra, above)
			}
		}
	}
	if !moved {
		t.Errorf("no case pushed the signature boxes to a new page; the test proves nothing")
	}
}

func TestThirdPartyCopyMasks(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/furniture-sofa.yaml")
	for _, id := range []string{"registration", "agreement"} {
		var buf bytes.Buffer
		if _, err := g.Render(t.Context(), c, id, generator.PDF, &buf, generator.WithCopy(generator.ThirdParty)); err != nil {
			t.Fatal(err)
		}
		text := squash(pdfText(t, buf.Bytes()))
		for _, want := range []string{"138****5678", "310115********1234"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s third-party copy lacks %s", id, want)
			}
		}
		for _, leak := range []string{"13812345678", "310115199001011234"} {
			if strings.Contains(text, leak) {
				t.Errorf("%s third-party copy shows %s", id, leak)
			}
		}
		if id == "agreement" && !strings.Contains(text, "021-58880000") {
			t.Errorf("the merchant's switchboard is not personal data and must stay")
		}
	}
	// The original copy is untouched.
	pdf, _ := render(t, g, c, "registration", generator.PDF)
	if !strings.Contains(squash(pdfText(t, pdf)), "13812345678") {
		t.Errorf("the original copy must show the phone number")
	}
}

func TestWatermark(t *testing.T) {
	g := newGen(t)
	c := loadFile(t, g, "../samples/manufacturer-8d.yaml")
	var buf bytes.Buffer
	res, err := g.Render(t.Context(), c, "registration", generator.PDF, &buf, generator.WithWatermark("草稿"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(squash(pdfText(t, buf.Bytes())), "草稿"); n != res.Pages || n < 2 {
		t.Errorf("watermark appears %d times on %d pages", n, res.Pages)
	}
	buf.Reset()
	if _, err := g.Render(t.Context(), c, "registration", generator.XLSX, &buf, generator.WithWatermark("草稿")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hf, err := f.GetHeaderFooter(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hf.OddHeader, "草稿") {
		t.Errorf("XLSX header %q lacks the watermark", hf.OddHeader)
	}
}
