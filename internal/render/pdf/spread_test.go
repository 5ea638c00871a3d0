package pdf

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
)

// A justified Chinese line spreads its slack between characters but not
// inside a number or a code: read from the drawn page, each glyph's
// position is interpreted from the content stream (Td, Tc, Tj), and the
// line must still end at the measure.
func TestJustifyKeepsWordsTight(t *testing.T) {
	// The identifier does not fit after （编号：, so the first line is
	// loosened by about 2.7 pt a gap, and it holds ¥12,800.00 and 2026.
	text := "经与您协商一致双方已签订投诉处理协议书并于，退款¥12,800.00已于2026年4月2日退回（编号：YX-BC-2026-0402-017），服务补偿金已存入您的账户余额。"
	d := testDoc("zh-CN", doc.Block{Kind: pack.Text, Text: text})
	fonts := notoFonts(t)
	l, err := Lay(d, fonts, nil)
	if err != nil {
		t.Fatal(err)
	}
	var first Line
	var box Box
	for _, b := range l.Pages[0].Boxes {
		if len(b.Lines) > 0 {
			first, box = b.Lines[0], *b
			break
		}
	}
	if first.Spacing < 1 || !strings.Contains(first.Text(), "12,800.00") {
		t.Fatalf("the first line %q is spread by %.2f pt: the case proves nothing", first.Text(), first.Spacing)
	}
	var buf bytes.Buffer
	if err := Draw(&buf, l, fonts, nil, Meta{Title: "spread"}); err != nil {
		t.Fatal(err)
	}

	// Glyphs of the first line as drawn: rune, x, advance.
	type glyph struct {
		r      rune
		x, adv float64
	}
	var line []glyph
	tc, y := 0.0, 0.0
	re := regexp.MustCompile(`(?s)(-?[\d.]+) Tc|BT (-?[\d.]+) (-?[\d.]+) Td \(((?:\\.|[^\\)])*)\) ?Tj`)
	for _, m := range re.FindAllSubmatch(inflated(t, buf.Bytes()), -1) {
		if m[1] != nil {
			tc, _ = strconv.ParseFloat(string(m[1]), 64)
			continue
		}
		x, _ := strconv.ParseFloat(string(m[2]), 64)
		ty, _ := strconv.ParseFloat(string(m[3]), 64)
		if line != nil && math.Abs(ty-y) > 0.01 {
			break // the second line
		}
		y = ty
		raw := unescape(m[4])
		var units []uint16
		for i := 0; i+1 < len(raw); i += 2 {
			units = append(units, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		for _, r := range utf16.Decode(units) {
			adv := fonts.Regular.Measure(string(r), first.Size)
			line = append(line, glyph{r, x, adv})
			x += adv + tc
		}
	}
	var got strings.Builder
	for _, g := range line {
		got.WriteRune(g.r)
	}
	if !strings.Contains(got.String(), "12,800.00") {
		t.Fatalf("the drawn first line %q is not the laid-out one", got.String())
	}
	for i := 1; i < len(line); i++ {
		a, b := line[i-1], line[i]
		gap := b.x - (a.x + a.adv)
		if wordRune(a.r) && wordRune(b.r) {
			if math.Abs(gap) > 0.02 {
				t.Errorf("%c%c: %.2f pt apart inside a word or number, want 0", a.r, b.r, gap)
			}
		} else if math.Abs(gap-first.Spacing) > 0.02 {
			t.Errorf("%c%c: %.2f pt apart, want the line's spacing %.2f", a.r, b.r, gap, first.Spacing)
		}
	}
	last := line[len(line)-1]
	if end := last.x + last.adv; math.Abs(end-(box.X+box.W)) > 0.05 {
		t.Errorf("the justified line ends at %.2f pt, want the measure's end %.2f", end, box.X+box.W)
	}
}

func unescape(s []byte) []byte {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			i++
			switch c = s[i]; c {
			case 'r':
				c = '\r'
			case 'n':
				c = '\n'
			}
		}
		out = append(out, c)
	}
	return out
}
