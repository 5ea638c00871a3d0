package pdf

import (
	"bytes"
	"fmt"
	"github.com/kesuhq/kesu/internal/locale"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/kesuhq/kesu/templates"
)

// testFonts are the default pack's chains, built as the generator builds them.
var testFonts = sync.OnceValues(func() (typeset.Fonts, error) {
	regular := []string{"fonts/Go-Regular.ttf", "fonts/DroidSansFallbackFull.ttf", "fonts/DejaVuSans.ttf"}
	return typeset.LoadFonts(templates.Default(), regular, []string{"fonts/Go-Bold.ttf", regular[1], regular[2]})
})

func fonts(t testing.TB) typeset.Fonts {
	t.Helper()
	f, err := testFonts()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

var sixBones = []doc.Bone{{Key: "man", Label: "人"}, {Key: "machine", Label: "机"}, {Key: "material", Label: "料"},
	{Key: "method", Label: "法"}, {Key: "environment", Label: "环"}, {Key: "measurement", Label: "测"}}

const problem = "2026年2月18日生产的电子水泵壳体RC-WP12-H03（批号DC260218-01～03）在客户EWP-3线终检气密测试中泄漏超标（8.7～12.6 cc/min，要求≤5.0 cc/min），泄漏点位于右上方安装凸台根部。"

// sampleCauses are the root causes of samples/manufacturer-8d.yaml.
func sampleCauses() []doc.Item {
	return []doc.Item{
		{Category: "machine", Note: "发生原因", Done: true, Text: "M-0412模具第3冷却水路结垢堵塞，流量仅2.1 L/min（要求≥6 L/min），凸台部位局部过热形成缩孔",
			Chain: []string{"壳体凸台根部泄漏", "凸台根部存在贯通气孔", "凸台部位凝固时局部过热形成缩孔", "第3冷却水路流量不足", "水路结垢堵塞且未纳入模具点检项目"}},
		{Category: "method", Note: "发生原因", Done: true, Text: "压铸机增压压力由85 MPa被调低至68 MPa，参数变更未经工艺审批",
			Chain: []string{"气孔未被压实", "增压压力不足", "夜班为减少飞边擅自调低增压压力", "工艺参数未设权限锁定", "参数变更管理程序未覆盖压铸机触摸屏操作"}},
		{Category: "environment", Note: "发生原因", Done: true, Text: "雨季车间湿度高（RH 85%以上），铝液含氢量0.21 mL/100g，超过0.15 mL/100g的控制值",
			Chain: []string{"铝液卷入气体增多", "铝液含氢量偏高", "除气时间未随湿度调整", "除气作业指导书只规定固定时间", "未识别湿度对含氢量的影响"}},
		{Category: "material", Note: "发生原因", Text: "熔炼回炉料比例达45%，超过30%的上限",
			Chain: []string{"铝液氧化夹杂与含气量增加", "回炉料比例过高", "2月中旬新铝锭到货延迟", "熔炼班组以回炉料补足产量", "配料比例无称重记录"}},
		{Category: "measurement", Note: "流出原因", Done: true, Text: "终检气密检测仪泄漏阈值被误设为15 cc/min（应为5.0 cc/min），不良品被判为合格",
			Chain: []string{"不良品流出到客户", "终检气密检测未拦截", "检测仪阈值被改为15 cc/min", "设备维修后恢复参数时输错", "参数设定无复核且未用标准漏孔每班校验"}},
		{Category: "man", Note: "流出原因", Done: true, Text: "当班检验员上岗仅3天，未经气密检测岗位培训，未识别阈值异常",
			Chain: []string{"阈值异常未被发现", "当班检验员不熟悉检测参数", "新员工上岗仅3天", "未完成岗位技能培训即独立上岗", "岗位资格矩阵未执行"}},
	}
}

func testDoc(loc locale.Locale, blocks ...doc.Block) *doc.Document {
	return &doc.Document{ID: "8d", Name: "8D", Locale: loc, Words: doc.DefaultWords(loc),
		Page: doc.Page{Size: "A4", Margins: [4]float64{20, 14, 18, 14}, FontSize: 9.5}, Blocks: blocks}
}

func fishBlock(items []doc.Item) doc.Block {
	return doc.Block{Kind: pack.Fishbone, Title: "D4 鱼骨图（5M1E）", Text: problem, Bones: sixBones, Items: items}
}

// lay lays d out; with KESU_DIAGRAM_DIR set, it also draws it there, as
// the test's name .pdf, to look at.
func lay(t testing.TB, d *doc.Document) *Layout {
	t.Helper()
	l, err := Lay(d, fonts(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("KESU_DIAGRAM_DIR"); dir != "" {
		var buf bytes.Buffer
		if err := Draw(&buf, l, fonts(t), nil, Meta{}); err != nil {
			t.Fatal(err)
		}
		name := strings.NewReplacer("/", "-", " ", "_").Replace(t.Name()) + ".pdf"
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// squeeze drops white space: a line break at a space drops the space.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func boxText(b *Box) string {
	var sb strings.Builder
	for _, l := range b.Lines {
		sb.WriteString(l.Text())
	}
	return sb.String()
}

// pageOf returns, for each box holding text containing s whole, its page.
func findText(l *Layout, s string) (pages []int, boxes []*Box) {
	for i, p := range l.Pages {
		for _, b := range p.Boxes {
			if strings.Contains(squeeze(boxText(b)), squeeze(s)) {
				pages, boxes = append(pages, i), append(boxes, b)
			}
		}
	}
	return pages, boxes
}

type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) overlaps(o rect) bool {
	const eps = 0.05
	return r.x0 < o.x1-eps && o.x0 < r.x1-eps && r.y0 < o.y1-eps && o.y0 < r.y1-eps
}

func (r rect) has(x, y float64) bool { return x > r.x0 && x < r.x1 && y > r.y0 && y < r.y1 }

func lineRect(l Line) rect {
	w := 0.0
	for _, s := range l.Spans {
		w += s.Width
	}
	top := l.Y - ascent*l.Size
	return rect{l.X, top, l.X + w, top + l.Size}
}

type seg struct{ x0, y0, x1, y1 float64 }

// crosses reports whether the segment passes through the rectangle.
func (s seg) crosses(r rect) bool {
	n := int(math.Hypot(s.x1-s.x0, s.y1-s.y0)/0.25) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		if r.has(s.x0+(s.x1-s.x0)*t, s.y0+(s.y1-s.y0)*t) {
			return true
		}
	}
	return false
}

// checkDrawing asserts that on every page no two lines of text overlap,
// no rule, border or arrowhead runs through a line of text, and every box
// is inside the margins.
func checkDrawing(t *testing.T, d *doc.Document, l *Layout) {
	t.Helper()
	m := d.Page.Margins
	left, right, top, bottom := m[3]*mm, pageW-m[1]*mm, m[0]*mm, pageH-m[2]*mm
	for pi, p := range l.Pages {
		type text struct {
			r   rect
			box int
			s   string
		}
		var texts []text
		for bi, b := range p.Boxes {
			for _, ln := range b.Lines {
				texts = append(texts, text{lineRect(ln), bi, ln.Text()})
			}
		}
		for i := range texts {
			for j := i + 1; j < len(texts); j++ {
				if texts[i].r.overlaps(texts[j].r) {
					t.Errorf("page %d: text %q overlaps %q", pi+1, texts[i].s, texts[j].s)
				}
			}
		}
		for bi, b := range p.Boxes {
			var segs []seg
			switch b.Kind {
			case "rule":
				segs = []seg{{b.X, b.Y, b.X + b.W, b.Y + b.H}}
			case "polygon":
				for i, pt := range b.Points {
					q := b.Points[(i+1)%len(b.Points)]
					segs = append(segs, seg{pt[0], pt[1], q[0], q[1]})
				}
			default:
				if b.Border {
					segs = []seg{{b.X, b.Y, b.X + b.W, b.Y}, {b.X + b.W, b.Y, b.X + b.W, b.Y + b.H},
						{b.X, b.Y + b.H, b.X + b.W, b.Y + b.H}, {b.X, b.Y, b.X, b.Y + b.H}}
				}
			}
			for _, s := range segs {
				for _, tx := range texts {
					if tx.box != bi && s.crosses(tx.r) {
						t.Errorf("page %d: a %q line %v runs through %q", pi+1, b.Kind, s, tx.s)
					}
				}
			}
			x0, y0, x1, y1 := b.X, b.Y, b.X+b.W, b.Y+b.H
			if b.Kind == "rule" {
				x0, x1 = math.Min(b.X, b.X+b.W), math.Max(b.X, b.X+b.W)
				y0, y1 = math.Min(b.Y, b.Y+b.H), math.Max(b.Y, b.Y+b.H)
			}
			for _, pt := range b.Points {
				x0, y0, x1, y1 = math.Min(x0, pt[0]), math.Min(y0, pt[1]), math.Max(x1, pt[0]), math.Max(y1, pt[1])
			}
			if b.Kind == "polygon" {
				x0, y0, x1, y1 = b.Points[0][0], b.Points[0][1], b.Points[0][0], b.Points[0][1]
				for _, pt := range b.Points {
					x0, y0, x1, y1 = math.Min(x0, pt[0]), math.Min(y0, pt[1]), math.Max(x1, pt[0]), math.Max(y1, pt[1])
				}
			}
			const eps = 0.02
			if x0 < left-eps || x1 > right+eps || y0 < top-eps || y1 > bottom+eps {
				t.Errorf("page %d: %q box %.2f,%.2f–%.2f,%.2f outside the margins %.2f,%.2f–%.2f,%.2f", pi+1, b.Kind, x0, y0, x1, y1, left, top, right, bottom)
			}
			for _, ln := range b.Lines {
				r := lineRect(ln)
				if r.x0 < left-eps || r.x1 > right+eps || r.y0 < top-eps || r.y1 > bottom+eps {
					t.Errorf("page %d: text %q outside the margins", pi+1, ln.Text())
				}
			}
		}
	}
}

// checkCauses asserts that each item's text is whole in exactly one box,
// and returns the pages they are on.
func checkCauses(t *testing.T, l *Layout, items []doc.Item) map[int]bool {
	t.Helper()
	pages := map[int]bool{}
	for _, it := range items {
		ps, bs := findText(l, it.Text)
		if len(bs) != 1 {
			t.Errorf("cause %q is whole in %d boxes, want 1", it.Text, len(bs))
			continue
		}
		pages[ps[0]] = true
	}
	return pages
}

func TestFishboneSample(t *testing.T) {
	items := sampleCauses()
	d := testDoc("zh-CN", fishBlock(items))
	l := lay(t, d)
	checkDrawing(t, d, l)
	if pages := checkCauses(t, l, items); len(pages) != 1 || len(l.Pages) != 1 {
		t.Errorf("the diagram is on %d pages, want 1", len(l.Pages))
	}
	if _, bs := findText(l, problem); len(bs) != 1 {
		t.Errorf("the problem is whole in %d boxes, want 1", len(bs))
	}
	// Markers, ticks and the legend.
	for _, it := range items {
		_, bs := findText(l, it.Text)
		if len(bs) != 1 {
			continue
		}
		s := boxText(bs[0])
		want := doc.MarkOccurrence
		if it.Note == "流出原因" {
			want = doc.MarkEscape
		}
		if !strings.HasPrefix(s, want) {
			t.Errorf("cause %q: %q does not start with %s", it.Text, s, want)
		}
		if strings.HasSuffix(s, doc.MarkVerified) != it.Done {
			t.Errorf("cause %q: %q, verified %v", it.Text, s, it.Done)
		}
	}
	if _, bs := findText(l, "图例：● 发生原因"); len(bs) != 1 {
		t.Error("no legend")
	}
	if _, bs := findText(l, "其他"); len(bs) != 0 {
		t.Error("an Other bone with no cause on it")
	}
	// Six labels, the upper three (人 机 料) above the spine, the rest below.
	spine := spineY(t, l.Pages[0])
	for i, bn := range sixBones {
		_, bs := findText(l, bn.Label)
		var label *Box
		for _, b := range bs {
			if b.Fill == fillTitle && boxText(b) == bn.Label {
				label = b
			}
		}
		if label == nil {
			t.Errorf("no label box %q", bn.Label)
			continue
		}
		if above := label.Y < spine; above != (i < 3) {
			t.Errorf("label %q at y %.1f, spine at %.1f", bn.Label, label.Y, spine)
		}
	}
	// Escape causes have dashed ribs.
	dashed := 0
	for _, b := range l.Pages[0].Boxes {
		if b.Kind == "rule" && b.Dashed {
			dashed++
		}
	}
	if dashed != 2 {
		t.Errorf("%d dashed ribs, want 2", dashed)
	}
}

// spineY is the y of the page's thickest horizontal rule.
func spineY(t *testing.T, p *Page) float64 {
	t.Helper()
	for _, b := range p.Boxes {
		if b.Kind == "rule" && b.Stroke == fbSpineW && b.H == 0 {
			return b.Y
		}
	}
	t.Fatal("no spine")
	return 0
}

func TestFishboneCrowdedAndEmptyBones(t *testing.T) {
	var items []doc.Item
	for i := range 5 {
		items = append(items, doc.Item{Category: "machine", Note: "发生原因", Done: i%2 == 0,
			Text: fmt.Sprintf("设备原因%d：压铸机第%d号增压蓄能器氮气压力不足，增压建压时间延长", i+1, i+1)})
	}
	items = append(items, doc.Item{Category: "method", Note: "流出原因", Text: "作业指导书未规定首件气密检测"})
	d := testDoc("zh-CN", fishBlock(items))
	l := lay(t, d)
	checkDrawing(t, d, l)
	if pages := checkCauses(t, l, items); len(pages) != 1 || len(l.Pages) != 1 {
		t.Errorf("the diagram is on %d pages, want 1", len(l.Pages))
	}
	// 人, 料, 环 and 测 have no causes and are still drawn.
	for _, label := range []string{"人", "料", "环", "测"} {
		if _, bs := findText(l, label); len(bs) == 0 {
			t.Errorf("no bone %q", label)
		}
	}
}

func TestFishboneOtherBone(t *testing.T) {
	items := append(sampleCauses(), doc.Item{Category: "", Text: "原因待定：客户装配扭矩记录缺失"},
		doc.Item{Category: "design", Note: "发生原因", Text: "凸台壁厚设计差异过大"})
	d := testDoc("en", fishBlock(items))
	l := lay(t, d)
	checkDrawing(t, d, l)
	checkCauses(t, l, items)
	_, bs := findText(l, "Other")
	if len(bs) != 1 {
		t.Fatalf("%d Other bones, want 1", len(bs))
	}
	spine := spineY(t, l.Pages[0])
	if bs[0].Y < spine {
		t.Error("the Other bone is above the spine, want below: 人 机 料 above, 法 环 测 Other below")
	}
	for _, c := range []string{"原因待定", "凸台壁厚"} {
		_, cb := findText(l, c)
		if len(cb) != 1 || cb[0].Y < spine {
			t.Errorf("cause %q not on the Other bone, below the spine", c)
		}
	}
	if _, lg := findText(l, "Legend: ● 发生原因"); len(lg) != 1 {
		t.Error("no English legend")
	}
}

func TestFishboneWithoutBones(t *testing.T) {
	items := []doc.Item{{Category: "人", Text: "培训不足"}, {Category: "机", Text: "设备老化"}, {Category: "人", Text: "新员工"}}
	d := testDoc("zh-CN", doc.Block{Kind: pack.Fishbone, Title: "鱼骨图", Text: "问题", Items: items})
	l := lay(t, d)
	checkDrawing(t, d, l)
	checkCauses(t, l, items)
	for _, label := range []string{"人", "机"} {
		found := false
		for _, b := range l.Pages[0].Boxes {
			found = found || (boxText(b) == label && b.Fill == fillTitle)
		}
		if !found {
			t.Errorf("no bone %q made from the categories", label)
		}
	}
}

func TestFishboneManyCauses(t *testing.T) {
	for _, n := range []int{30, 90} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var items []doc.Item
			for i := range n {
				items = append(items, doc.Item{Category: sixBones[i%6].Key, Note: []string{"发生原因", "流出原因"}[i%2], Done: i%3 == 0,
					Text: fmt.Sprintf("原因%d：%s", i+1, strings.Repeat("冷却水路结垢堵塞流量不足", 1+i%3))})
			}
			// Something before it, so the diagram has to move to a page of its own.
			d := testDoc("zh-CN", doc.Block{Kind: pack.Text, Text: strings.Repeat("前文。", 600)}, fishBlock(items))
			l := lay(t, d)
			checkDrawing(t, d, l)
			pages := checkCauses(t, l, items)
			if n == 30 && len(pages) != 1 {
				t.Errorf("30 causes on %d pages, want one", len(pages))
			}
			// Every page the diagram is on has the whole diagram: the problem
			// and six bones.
			for p := range pages {
				heads, labels := 0, 0
				for _, b := range l.Pages[p].Boxes {
					if strings.Contains(squeeze(boxText(b)), squeeze(problem)) {
						heads++
					}
					if b.Fill == fillTitle && len([]rune(boxText(b))) == 1 {
						labels++
					}
				}
				if heads != 1 || labels != 6 {
					t.Errorf("page %d: %d heads and %d bone labels, want 1 and 6", p+1, heads, labels)
				}
			}
		})
	}
}

func TestFishboneLabelsWithEnglish(t *testing.T) {
	bones := []doc.Bone{{Key: "man", Label: "人 Man"}, {Key: "machine", Label: "机 Machine"}, {Key: "material", Label: "料 Material"},
		{Key: "method", Label: "法 Method"}, {Key: "environment", Label: "环 Environment"}, {Key: "measurement", Label: "测 Measurement"}}
	b := fishBlock(sampleCauses())
	b.Bones = bones
	d := testDoc("zh-CN", b)
	l := lay(t, d)
	checkDrawing(t, d, l)
	checkCauses(t, l, b.Items)
	for _, bn := range bones {
		if _, bs := findText(l, bn.Label); len(bs) != 1 {
			t.Errorf("label %q in %d boxes", bn.Label, len(bs))
		}
	}
}

func TestChain(t *testing.T) {
	items := sampleCauses()
	for i := range items {
		items[i].Text = fmt.Sprintf("原因%d（%s）：%s", i+1, items[i].Note, items[i].Text)
		items[i].Category = map[string]string{"machine": "机", "method": "法", "environment": "环", "material": "料", "measurement": "测", "man": "人"}[items[i].Category]
		items[i].Note = ""
	}
	// Chains of 3 to 7 steps.
	items[0].Chain = append(items[0].Chain, "点检表多年未修订", "模具维护责任未落实到人")
	items[1].Chain = items[1].Chain[:3]
	items[2].Chain = append(items[2].Chain, "未建立季节性风险清单")
	d := testDoc("zh-CN", doc.Block{Kind: pack.Text, Text: strings.Repeat("前文。", 300)},
		doc.Block{Kind: pack.Chain, Title: "D4 5-Why分析", Items: items})
	l := lay(t, d)
	checkDrawing(t, d, l)
	checkCauses(t, l, items)
	for _, it := range items {
		pages := map[int]bool{}
		p, _ := findText(l, it.Text)
		pages[p[0]] = true
		// The whys in order, each whole in one box, each after its label.
		var seq []string
		for _, pg := range l.Pages {
			for _, b := range pg.Boxes {
				seq = append(seq, squeeze(boxText(b)))
			}
		}
		at := -1
		for i, s := range seq {
			if s == squeeze(it.Text) {
				at = i
			}
		}
		for j, step := range it.Chain {
			found := -1
			for i := at + 1; i < len(seq); i++ {
				if seq[i] == squeeze(step) {
					found = i
					break
				}
			}
			if found < 0 {
				t.Errorf("%q: why %d %q missing or out of order", it.Text, j+1, step)
				break
			}
			if want := fmt.Sprintf("为什么%d", j+1); seq[found-1] != want {
				t.Errorf("%q: why %d labelled %q, want %q", it.Text, j+1, seq[found-1], want)
			}
			at = found
			ps, _ := findText(l, step)
			for _, p := range ps {
				pages[p] = true
			}
		}
		if len(pages) != 1 {
			t.Errorf("%q: the chain is on %d pages", it.Text, len(pages))
		}
	}
	t.Run("en", func(t *testing.T) {
		l := lay(t, testDoc("en", doc.Block{Kind: pack.Chain, Items: items[:1]}))
		if _, bs := findText(l, "Why 7"); len(bs) != 1 {
			t.Error("no Why 7 label in English")
		}
	})
}

// TestDrawFishbone draws the sample and reads it back with pdftotext:
// each cause and each why comes out whole. KESU_DIAGRAM_PDF keeps the PDF
// to look at.
func TestDrawFishbone(t *testing.T) {
	items := sampleCauses()
	chain := make([]doc.Item, len(items))
	copy(chain, items)
	for i := range chain {
		chain[i].Text = fmt.Sprintf("原因%d（%s）：%s", i+1, chain[i].Note, chain[i].Text)
		chain[i].Category, chain[i].Note = "", ""
	}
	d := testDoc("zh-CN", fishBlock(items), doc.Block{Kind: pack.Chain, Title: "D4 5-Why分析", Items: chain})
	l := lay(t, d)
	var buf bytes.Buffer
	if err := Draw(&buf, l, fonts(t), nil, Meta{Title: "fishbone"}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "fishbone.pdf")
	if p := os.Getenv("KESU_DIAGRAM_PDF"); p != "" {
		out = p
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("no pdftotext")
	}
	for _, mode := range [][]string{nil, {"-raw"}} {
		text, err := exec.Command(bin, append(mode, out, "-")...).Output()
		if err != nil {
			t.Fatal(err)
		}
		all := squeeze(string(text))
		for _, it := range items {
			if !strings.Contains(all, squeeze(it.Text)) {
				t.Errorf("pdftotext %v: cause %q not whole", mode, it.Text)
			}
			for _, s := range it.Chain {
				if !strings.Contains(all, squeeze(s)) {
					t.Errorf("pdftotext %v: why %q not whole", mode, s)
				}
			}
		}
		if !strings.Contains(all, squeeze(problem)) {
			t.Errorf("pdftotext %v: the problem is not whole", mode)
		}
	}
}

func TestFishboneManyBones(t *testing.T) {
	var items []doc.Item
	for i := range 20 {
		items = append(items, doc.Item{Category: fmt.Sprintf("类别%d", i%10+1), Text: fmt.Sprintf("原因%d：模具冷却水路结垢堵塞", i+1)})
	}
	d := testDoc("zh-CN", doc.Block{Kind: pack.Fishbone, Title: "鱼骨图", Text: "壳体气密泄漏", Items: items})
	l := lay(t, d)
	checkDrawing(t, d, l)
	checkCauses(t, l, items)
	for i := range 10 {
		if _, bs := findText(l, fmt.Sprintf("类别%d", i+1)); len(bs) == 0 {
			t.Errorf("no bone 类别%d", i+1)
		}
	}
}

func TestFishboneEmpty(t *testing.T) {
	for _, b := range []doc.Block{
		{Kind: pack.Fishbone, Title: "鱼骨图", Text: problem, Bones: sixBones},
		{Kind: pack.Fishbone},
		{Kind: pack.Chain, Title: "5-Why", Items: []doc.Item{{Text: "原因1：没有为什么"}}},
	} {
		d := testDoc("zh-CN", b)
		l := lay(t, d)
		checkDrawing(t, d, l)
		if len(l.Pages) != 1 {
			t.Errorf("%s: %d pages", b.Kind, len(l.Pages))
		}
	}
}

// TestWrapCache: the fishbone's width search takes a cause's lines from
// wrap's cache wherever they hold; at every width of a sweep they are
// what breaking the text afresh gives, hyphen rule and forced breaks
// included.
func TestWrapCache(t *testing.T) {
	f := &flow{fonts: fonts(t)}
	texts := []string{problem, "RC-WP12-H03 凸台根部泄漏，批号DC260218-01～03", "RC-WP12-H03RC-WP12-H03RC-WP12-H03"}
	for _, c := range sampleCauses() {
		texts = append(texts, c.Text)
	}
	fresh := 0
	for _, text := range texts {
		for w := 300.0; w >= 20; w -= 0.5 {
			got := f.wrap(text, 8.5, w, false)
			want, _ := f.wrapRange(text, 8.5, w, false)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%.12q at %.1f: cached %q, afresh %q", text, w, lineTexts(got), lineTexts(want))
			}
		}
		fresh += len(f.wraps[wrapKey{text, 8.5, false}])
	}
	if sweep := len(texts) * 561; fresh*2 > sweep {
		t.Errorf("%d of %d widths broken afresh: the cache hardly holds", fresh, sweep)
	}
}

func lineTexts(ls []typeset.Line) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Text())
	}
	return out
}

// BenchmarkFishbone lays out the manufacturer sample's fishbone, whose
// rib width search was ~40 % of an 8D's layout before it bisected.
func BenchmarkFishbone(b *testing.B) {
	d := testDoc("zh-CN", fishBlock(sampleCauses()))
	fs := fonts(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Lay(d, fs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
