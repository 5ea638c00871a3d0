package ttf

import (
	"io"
	"testing"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
)

// sampleCJK is a page of typical document text: 501 runes, 301 of them
// distinct, punctuation included.
const sampleCJK = "顾客投诉情况登记表。本公司于二〇二四年三月十五日收到张晓堃先生的书面投诉，反映其在我店购买的家用电器存在质量问题：使用不到一个月，机器经常自动关闭，并伴有明显的异响和焦味。客户要求退货，同时希望公司对此事作出合理解释。接到投诉后，客服部门立即成立调查小组，与销售、技术、仓储等相关部门共同核实情况。经检查发现，该批产品的电源模块确有缺陷，属于厂家生产环节的责任。我们已经向客户道歉，按照国家有关规定办理退款手续，并赠送优惠券一张以示诚意。此外，公司决定对同批次的全部商品进行召回检测，加强进货验收管理，完善售后服务流程，避免类似事件再次发生。处理结果：客户表示满意，同意撤回投诉。记录人：王丽华；审核人：李建国；日期：四月二日。备注（附件）：发票复印件、维修报告、照片三份、通话录音及现场说明材料若干。" +
	"为了提高服务水平，各门店应当每周组织员工学习产品知识和沟通技巧，认真听取消费者意见，做到热情接待、耐心解答、快速反馈。对于重大或者复杂的问题，必须在二十四小时内上报总经理办公室，由专人跟踪直到结案。年终考核时，将投诉处理效率与满意度作为评价指标之一，表现优秀的团队给予奖励，失职人员依照制度严肃追究。"

func BenchmarkParseDroid(b *testing.B) {
	data, _ := droid(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSubsetDroid300(b *testing.B) {
	_, dr := droid(b)
	runes := []rune(sampleCJK)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dr.Subset(runes); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAdvance measures one page of text; see the ns/rune metric.
func BenchmarkAdvance(b *testing.B) {
	_, dr := droid(b)
	runes := []rune(sampleCJK)
	b.ReportAllocs()
	total := 0
	for b.Loop() {
		for _, r := range runes {
			total += dr.Advance(r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(runes)), "ns/rune")
	if total == 0 {
		b.Fatal("no widths")
	}
}

// BenchmarkDocument compares a one-page fpdf document embedding the whole
// Droid font, which fpdf parses and subsets itself, with one embedding our
// per-document subset, cutting included. fpdf-floor embeds a one-glyph font:
// the cost fpdf adds per font and document whatever the font.
func BenchmarkDocument(b *testing.B) {
	data, dr := droid(b)
	b.Run("fpdf-floor", func(b *testing.B) {
		tiny, err := dr.Subset([]rune("中"))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := render(tiny, "中"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fpdf-full-font", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := render(data, sampleCJK); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ttf-subset", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sub, err := dr.Subset([]rune(sampleCJK))
			if err != nil {
				b.Fatal(err)
			}
			if err := render(sub, sampleCJK); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// render writes a one-page PDF of text set in font.
func render(font []byte, text string) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("doc", "", font)
	pdf.SetFont("doc", "", 12)
	pdf.AddPage()
	pdf.MultiCell(0, 6, text, "", "L", false)
	return pdf.Output(io.Discard)
}
