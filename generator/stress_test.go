package generator_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/render/pdf"
)

// TestEightDStress: an 8D whose D2 is 3,000 characters and whose D5 has
// 200 actions lays out with every bone of its fishbone drawn, every line
// of text inside its box and every box inside the page's body.
func TestEightDStress(t *testing.T) {
	g := newGen(t)
	src, err := os.ReadFile("../samples/manufacturer-8d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("壳体凸台根部在客户终检气密测试中泄漏超标，泄漏量8.7～12.6 cc/min，要求≤5.0 cc/min；", 60)
	long = string([]rune(long)[:3000])
	s := strings.Replace(string(src), "    statement: 2026年2月18日生产的电子水泵壳体", "    statement: "+long+"2026年2月18日生产的电子水泵壳体", 1)
	var acts strings.Builder
	for i := range 200 {
		fmt.Fprintf(&acts, "    - {action: 第%d项纠正措施：清洗冷却水路并加装流量计HJ-FM-%04d，流量≥6 L/min, root_cause: %d, owner: 任建平, due_on: 2026-03-20, done_on: 2026-03-19, verification: 连续30天流量记录均≥6 L/min}\n", i+1, i, i%6+1)
	}
	s = strings.Replace(s, "  d5:\n", "  d5:\n"+acts.String(), 1)
	if s == string(src) {
		t.Fatal("the sample changed; the stress case was not built")
	}
	c, err := g.Load("stress.yaml", []byte(s), generator.WithAssets(os.DirFS("../samples")))
	if err != nil {
		t.Fatal(err)
	}
	l, err := g.Layout(c, "8d")
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.Resolve(c, "8d")
	if err != nil {
		t.Fatal(err)
	}
	m := d.Page.Margins
	top, bottom := m[0]*72/25.4, 841.89-m[2]*72/25.4
	left, right := m[3]*72/25.4, 595.28-m[1]*72/25.4
	bones := map[string]bool{}
	for pi, p := range l.Pages {
		for _, b := range p.Boxes {
			if b.Kind == "rule" || b.Kind == "watermark" {
				continue
			}
			if b.Kind == "polygon" {
				for _, pt := range b.Points {
					if pt[0] < left-0.5 || pt[0] > right+0.5 || pt[1] < top-0.5 || pt[1] > bottom+0.5 {
						t.Errorf("page %d: a polygon's point (%.1f,%.1f) leaves the body", pi+1, pt[0], pt[1])
					}
				}
				continue
			}
			band := b.Y < top-1 || b.Y >= bottom
			if !band && (b.Y+b.H > bottom+0.5 || b.X < left-0.5 || b.X+b.W > right+0.5) {
				t.Errorf("page %d: box at (%.1f,%.1f) %.1f×%.1f leaves the body %q", pi+1, b.X, b.Y, b.W, b.H, boxLines(b))
			}
			for _, ln := range b.Lines {
				w := 0.0
				for _, sp := range ln.Spans {
					w += sp.Width
				}
				if b.Border && (ln.X < b.X-0.5 || ln.X+w > b.X+b.W+0.5 || ln.Y > b.Y+b.H+0.5 || ln.Y-ln.Size < b.Y-1) {
					t.Errorf("page %d: %q (%.1f+%.1f at %.1f) is outside its box (%.1f,%.1f) %.1f×%.1f", pi+1, ln.Text(), ln.X, w, ln.Y, b.X, b.Y, b.W, b.H)
				}
				bones[strings.TrimSpace(ln.Text())] = true
			}
		}
	}
	for _, bone := range []string{"人", "机", "料", "法", "环", "测"} {
		if !bones[bone] {
			t.Errorf("bone %s is not drawn", bone)
		}
	}
	if len(l.Pages) < 8 {
		t.Errorf("%d pages for 200 actions and a 3,000-character D2: something was dropped", len(l.Pages))
	}
}

func boxLines(b *pdf.Box) []string {
	var out []string
	for _, ln := range b.Lines {
		out = append(out, ln.Text())
	}
	return out
}
