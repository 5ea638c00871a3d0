package typeset_test

import (
	"io/fs"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/kesuhq/kesu/internal/typeset/ttf"
	"github.com/kesuhq/kesu/templates"
	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

var chain = sync.OnceValue(func() *typeset.Chain {
	load := func(name string) *ttf.Font {
		data, err := fs.ReadFile(templates.Default(), "fonts/"+name)
		if err != nil {
			panic(err)
		}
		f, err := ttf.Parse(data)
		if err != nil {
			panic(err)
		}
		return f
	}
	return typeset.NewChain(
		typeset.Face{Name: "Go-Regular", Font: load("Go-Regular.ttf")},
		typeset.Face{Name: "Droid", Font: load("DroidSansFallbackFull.ttf")},
	)
})

// visible is what a reader must find of s in the output: every character
// but spaces and invisible ones, with undrawable ones as the placeholder.
func visible(c *typeset.Chain, s string) string {
	var b strings.Builder
	// Case files are UTF-8 by validation; for other input a run of bad
	// bytes counts as one replacement character.
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case unicode.IsSpace(r) || r == '\u3000':
		case c.Has(r):
			b.WriteRune(r)
		case len(c.Missing(string(r))) == 0 && !unicode.In(r, unicode.M, unicode.Cf) && !unicode.IsControl(r):
			// drawn as its compatibility equivalent (℃ as °C)
			for _, x := range norm.NFKC.String(string(r)) {
				if !unicode.IsSpace(x) {
					b.WriteRune(x)
				}
			}
		case unicode.In(r, unicode.M, unicode.Cf):
		case len(c.Missing(string(r))) == 1:
			b.WriteRune(typeset.Placeholder)
		}
	}
	return b.String()
}

func joined(ls []typeset.Line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.Text())
	}
	return b.String()
}

// check asserts the properties every layout keeps: nothing lost or added,
// no line wider than the box (unless it holds a single character), no
// line starting with closing or ending with opening punctuation.
func check(t *testing.T, text string, size, width float64) []typeset.Line {
	t.Helper()
	c := chain()
	ls := c.Break(text, size, width)
	if got, want := visible(c, joined(ls)), visible(c, text); got != want {
		t.Fatalf("width %.0f: text changed\n got %q\nwant %q", width, got, want)
	}
	for i, l := range ls {
		s := strings.TrimSpace(l.Text())
		// Closing punctuation may hang past the edge (悬挂标点).
		if body := strings.TrimRight(s, typeset.Closing); c.Measure(body, size) > width+0.01 && uniseg.GraphemeClusterCount(body) > 1 {
			t.Errorf("width %.0f: line %d is %.2f wide: %q", width, i, l.Width, s)
		}
		if s == "" {
			continue
		}
		r := []rune(s)
		if i > 0 && strings.ContainsRune(typeset.Closing, r[0]) && !strings.HasPrefix(strings.TrimSpace(strings.Split(text, "\n")[0]), string(r[0])) {
			t.Errorf("width %.0f: line %d starts with %q: %q", width, i, r[0], s)
		}
		if i < len(ls)-1 && strings.ContainsRune("（《「『【〔", r[len(r)-1]) {
			t.Errorf("width %.0f: line %d ends with %q: %q", width, i, r[len(r)-1], s)
		}
	}
	return ls
}

const paragraph = `顾客反映：2026年9月20日送货安装的意式真皮三人位沙发（型号YJ-S320），使用约六周后，左侧扶手与坐垫连接处的皮面出现长约8厘米的开裂；右侧靠背亦有细小裂纹！顾客称日常使用正常，无宠物抓挠，无阳光直射。顾客情绪较为激动，表示已多次联系商户未获答复……详见《顾客投诉情况登记表》「附件一」【照片】。`

func TestBreakKeepsTextAndRules(t *testing.T) {
	for w := 24.0; w <= 420; w += 3 {
		check(t, paragraph, 10.5, w)
	}
}

func TestBreakTable(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float64
		lines []string
	}{
		{"fits", "退货退款", 100, []string{"退货退款"}},
		{"empty", "", 100, []string{""}},
		{"hard newlines kept", "甲\n\n乙", 100, []string{"甲", "", "乙"}},
		{"trailing newline", "甲\n", 100, []string{"甲"}},
		// 5 ideographs fit in 52.5pt; the comma must not start line 2, so
		// the ideograph before it moves down with it (推出).
		{"comma pushed out", "一二三四五，六七", 52.5, []string{"一二三四", "五，六七"}},
		{"opening kept with next", "一二三四（五）", 52.5, []string{"一二三四", "（五）"}},
		{"latin words", "Hello brave new world", 60, []string{"Hello brave", "new world"}},
		{"spaces at break dropped", "ab   cd", 14, []string{"ab", "cd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := chain().Break(tt.text, 10.5, tt.width)
			var got []string
			for _, l := range ls {
				got = append(got, l.Text())
			}
			if strings.Join(got, "|") != strings.Join(tt.lines, "|") {
				t.Errorf("got %q, want %q", got, tt.lines)
			}
		})
	}
}

func TestForcedBreakOfLongSerial(t *testing.T) {
	serial := "SN-" + strings.Repeat("0123456789", 6) // 63 characters, no break opportunity
	ls := check(t, "序列号："+serial+"。", 10.5, 120)
	if len(ls) < 4 {
		t.Fatalf("a 63-character serial in 120pt should take several lines, got %d", len(ls))
	}
	url := "https://example.com/complaints/KS-2026-000123/evidence/crack-left-arm.jpg?download=1&size=original"
	check(t, url, 10.5, 90)
}

func TestMissingRuneIsPlaceholderNotDropped(t *testing.T) {
	c := chain()
	text := "顾客𠮷田"
	if m := c.Missing(text); len(m) != 1 || m[0] != '𠮷' {
		t.Fatalf("Missing = %q, want [𠮷]: fpdf cannot draw beyond the BMP", m)
	}
	got := joined(c.Break(text, 10.5, 200))
	if got != "顾客〓田" {
		t.Errorf("got %q, want 顾客〓田", got)
	}
}

func TestCompatibilityEquivalent(t *testing.T) {
	c := chain()
	if m := c.Missing("温度≤40℃"); len(m) != 0 {
		t.Fatalf("℃ has an equivalent (°C) the fonts can draw; Missing = %q", m)
	}
	if got := joined(c.Break("温度≤40℃", 10.5, 200)); got != "温度≤40°C" {
		t.Errorf("got %q, want 温度≤40°C", got)
	}
}

func TestMeasure(t *testing.T) {
	c := chain()
	if w := c.Measure("顾客投诉", 10); w != 40 {
		t.Errorf("4 ideographs at 10pt = %v, want 40", w)
	}
	if w := c.Measure("A\u200bB", 10); w != c.Measure("AB", 10) {
		t.Errorf("zero-width space should take no room")
	}
}

func FuzzBreak(f *testing.F) {
	f.Add(paragraph, uint8(80))
	f.Add("SN-0123456789012345678901234567890123456789", uint8(20))
	f.Add("（（（（））））。。。，，，", uint8(11))
	f.Add("a\tb\r\nc\u2028d\x00e\u200b", uint8(5))
	f.Add("𠮷野家 🍜 \u0301e\u0301", uint8(40))
	f.Fuzz(func(t *testing.T, text string, w uint8) {
		if len(text) > 2000 {
			return
		}
		c := chain()
		width := float64(w) + 1
		ls := c.Break(text, 10.5, width)
		if got, want := visible(c, joined(ls)), visible(c, text); got != want {
			t.Fatalf("width %.0f: text changed\n got %q\nwant %q", width, got, want)
		}
		for _, l := range ls {
			body := strings.TrimRight(strings.TrimSpace(l.Text()), typeset.Closing)
			// A placeholder may stand inside a cluster (a jamo, a prepended
			// mark), so lines with one are exempt from the width check.
			if c.Measure(body, 10.5) > width+0.01 && uniseg.GraphemeClusterCount(body) > 1 && !strings.ContainsRune(body, typeset.Placeholder) {
				t.Fatalf("line %q is %.2f wide in a %.0f box", l.Text(), l.Width, width)
			}
		}
	})
}

func BenchmarkBreakParagraph(b *testing.B) {
	c := chain()
	b.ReportAllocs()
	for b.Loop() {
		c.Break(paragraph, 10.5, 380)
	}
}

// TestTokensKeptWhole sweeps the box width across every value at which a
// token could be split and asserts it never is, unless the token alone is
// wider than the line: then it is broken by force and the caller is told.
func TestTokensKeptWhole(t *testing.T) {
	c := chain()
	for _, tok := range []string{
		"0.9mm", "45 N·m", "¥12,800.00", "85 MPa", "mL/100g", "12000", "HJ-BC-2041L-A03",
		"KS-2026-000123", "021-58880000", "400-820-0000", "13812345678", "2026-11-18", "3.5%", "40°C",
		"8D-RC-2026-0007", "LOT20261102-07", "25 °C", "12000件",
	} {
		text := "顾客反映产品编号为" + tok + "的货物存在问题。"
		tw := c.Measure(tok, 10.5)
		for w := 12.0; w < 260; w += 0.5 {
			ls, forced := c.BreakWhole(text, 10.5, w, false)
			whole := false
			for _, l := range ls {
				if strings.Contains(l.Text(), tok) {
					whole = true
				}
			}
			if tw <= w && (!whole || forced) {
				t.Fatalf("%q (%.1fpt) split in a %.1fpt line (forced %v): %q", tok, tw, w, forced, texts(ls))
			}
			if tw > w+0.01 && !forced {
				t.Fatalf("%q (%.1fpt) cannot fit a %.1fpt line, yet no forced break was reported: %q", tok, tw, w, texts(ls))
			}
		}
	}
}

// TestDateBreaksOnlyAfterYearOrMonth: a date may break after 年 or 月,
// never inside its numbers or before 年/月/日.
func TestDateBreaksOnlyAfterYearOrMonth(t *testing.T) {
	c := chain()
	text := "于2026年11月18日上门"
	allowed := map[string]bool{"于": true, "于2026年": true, "于2026年11月": true, "于2026年11月18日": true, "于2026年11月18日上": true, "于2026年11月18日上门": true}
	for w := 30.0; w < 120; w += 0.5 {
		ls := c.Break(text, 10.5, w)
		if !allowed[ls[0].Text()] {
			t.Fatalf("width %.1f: first line %q breaks the date: %q", w, ls[0].Text(), texts(ls))
		}
	}
}

func TestWholeFieldBreaksOnlyBetweenWords(t *testing.T) {
	c := chain()
	ls, forced := c.BreakWhole("型号YJ-S320（左扶手）", 10.5, 200, true)
	if len(ls) != 1 || forced {
		t.Fatalf("fits: %q forced %v", texts(ls), forced)
	}
	ls, forced = c.BreakWhole("型号YJ-S320（左扶手）", 10.5, 60, true)
	if !forced || visible(c, joined(ls)) != "型号YJ-S320（左扶手）" {
		t.Fatalf("an identifier wider than its box is broken by force and reported, never lost: %q forced %v", texts(ls), forced)
	}
}

func texts(ls []typeset.Line) []string {
	var out []string
	for _, l := range ls {
		out = append(out, l.Text())
	}
	return out
}

func TestWidths(t *testing.T) {
	c := chain()
	for _, tt := range []struct {
		text    string
		minText string
	}{
		{"12000", "12000"},
		{"2026年11月18日", "2026年"},
		{"左扶手开裂，更换", "裂，"},
		{"HJ-BC-2041L-A03 共2件", "HJ-BC-2041L-A03"},
	} {
		minW, maxW := c.Widths(tt.text, 10, false)
		if want := c.Measure(tt.minText, 10); minW != want {
			t.Errorf("%q: min-content %.2f, want %.2f (%q)", tt.text, minW, want, tt.minText)
		}
		if want := c.Measure(tt.text, 10); maxW != want {
			t.Errorf("%q: max-content %.2f, want %.2f", tt.text, maxW, want)
		}
	}
}

// TestBreakRange sweeps the width down as a caller searching for one does,
// breaking again only below the narrowest width the last lines hold for:
// the lines kept must be Break's at every width (the range is exact), and
// those broken again must differ (it is as wide as it can be).
func TestBreakRange(t *testing.T) {
	c := chain()
	for _, text := range []string{
		paragraph,
		"The customer reports that the left armrest seam split  after six weeks; replacement agreed on 2026-11-18.",
		"型号YJ-S320（左扶手）\n\n更换坐垫 2 件，HJ-BC-2041L-A03 共2件，85 MPa，¥12,800.00。 ",
		"RC-WP12-H03RC-WP12-H03RC-WP12-H03RC-WP12-H03",
		"",
	} {
		var kept []typeset.Line
		hi, lo, breaks := 0.0, math.Inf(1), 0
		for w := 400.0; w >= 8; w -= 0.25 {
			want := c.Break(text, 10.5, w)
			if w >= lo {
				if !reflect.DeepEqual(kept, want) {
					t.Fatalf("%.20q at %.2f: the lines kept from %.2f down to %.2f are not Break's:\n got %q\nwant %q", text, w, hi, lo, texts(kept), texts(want))
				}
				continue
			}
			ls, narrowest := c.BreakRange(text, 10.5, w)
			if !reflect.DeepEqual(ls, want) || narrowest > w {
				t.Fatalf("%.20q at %.2f: BreakRange gives %q down to %.2f, Break %q", text, w, texts(ls), narrowest, texts(want))
			}
			// The range ends on a whole 1/1000 em, Break rounds the width
			// to one: within that, the same lines may come again.
			if breaks > 0 && reflect.DeepEqual(ls, kept) && !forcedAt(c, text, w) && w < lo-10.5/1000 {
				t.Errorf("%.20q at %.2f: the same lines as down to %.2f, so the range was too narrow", text, w, lo)
			}
			kept, hi, lo = ls, w, narrowest
			breaks++
		}
		t.Logf("%.10q: %d breaks for %d widths", text, breaks, int((400-8)/0.25)+1)
	}
}

func forcedAt(c *typeset.Chain, text string, w float64) bool {
	_, forced := c.BreakWhole(text, 10.5, w, false)
	return forced
}
