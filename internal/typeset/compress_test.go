package typeset_test

import (
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/kesuhq/kesu/internal/typeset/ttf"
	"github.com/kesuhq/kesu/templates"
)

// noto is the default pack's body chain, whose first face carries the
// half-width copies of the marks.
var noto = sync.OnceValue(func() *typeset.Chain {
	var faces []typeset.Face
	for _, name := range []string{"NotoSerifCJKsc-Regular.ttf", "DroidSansFallbackFull.ttf"} {
		data, err := fs.ReadFile(templates.Default(), "fonts/"+name)
		if err != nil {
			panic(err)
		}
		f, err := ttf.Parse(data)
		if err != nil {
			panic(err)
		}
		faces = append(faces, typeset.Face{Name: name, Font: f})
	}
	return typeset.NewChain(faces...)
})

// marked is a line's text with ½ after each mark drawn at half width.
func marked(l typeset.Line) string {
	var b strings.Builder
	for _, s := range l.Spans {
		for _, r := range s.Text {
			m, half := typeset.HalfMark(r)
			b.WriteRune(m)
			if half {
				b.WriteRune('½')
			}
		}
	}
	return b.String()
}

func TestPunctuationCompression(t *testing.T) {
	c := noto()
	tests := []struct {
		text, want string
		width      float64 // of the box, in ems; 0: wide
		lineEms    float64 // width of the first line, in ems
	}{
		{"问题）。", "问题）½。", 0, 3.5},
		{"《说明》（附件）", "《说明》½（附件）", 0, 7.5},
		{"他说：“好。”", "他说：½“好。½”", 0, 6},
		{"已签收，“三包”", "已签收，½“三包”", 0, 7.5},
		{"见（《规定》）", "见（《½规定》½）", 0, 6},
		{"空（）", "空（）", 0, 3},
		{"a。b", "a。b", 0, 0},
		// The line end: ten characters and a comma in a box of ten and a
		// half ems hold the comma at half width rather than send 十， down.
		{"一二三四五六七八九十，", "一二三四五六七八九十，½", 10.5, 10.5},
		{"一二三四五六七八九十，", "一二三四五六七八九十，", 11, 11},
		{"一二三四五六七八九十，好", "一二三四五六七八九十，½", 10.5, 10.5},
	}
	for _, tc := range tests {
		w := tc.width
		if w == 0 {
			w = 100
		}
		ls := c.Break(tc.text, 10, w*10)
		if got := marked(ls[0]); got != tc.want {
			t.Errorf("%s: first line %q, want %q", tc.text, got, tc.want)
		}
		if got := ls[0].Text(); !strings.HasPrefix(tc.text, got) {
			t.Errorf("%s: Text() %q does not give back the marks", tc.text, got)
		}
		if tc.lineEms > 0 && ls[0].Width != tc.lineEms*10 {
			t.Errorf("%s: line %.2f pt wide, want %.2f", tc.text, ls[0].Width, tc.lineEms*10)
		}
		sum := 0.0
		for _, s := range ls[0].Spans {
			sum += s.Width
		}
		if sum != ls[0].Width {
			t.Errorf("%s: spans %.2f pt, line %.2f", tc.text, sum, ls[0].Width)
		}
		// One line set wide measures what Measure says, so a box sized
		// by Measure holds the line Break makes.
		if tc.width == 0 {
			if m := c.Measure(tc.text, 10); m != ls[0].Width {
				t.Errorf("%s: Measure %.2f, Break %.2f", tc.text, m, ls[0].Width)
			}
		}
	}
}

// A Private Use character of the copies' block in the input is not a
// mark: it is reported and printed as the placeholder.
func TestHalfCopyCodePointInInputIsMissing(t *testing.T) {
	c := noto()
	in := "甲\uF781乙"
	if m := c.Missing(in); len(m) != 1 || m[0] != '\uF781' {
		t.Fatalf("Missing = %q", m)
	}
	if got := c.Break(in, 10, 500)[0].Text(); got != "甲〓乙" {
		t.Fatalf("drawn %q", got)
	}
}

// Chinese quotes, the ellipsis and the dash are the Song face's full-width
// marks (W3C clreq): a quote, each half of …… and of —— one em, drawn by
// the CJK face, not a Western face's narrow glyphs.
func TestFullWidthMarksFromTheCJKFace(t *testing.T) {
	c := noto()
	for _, s := range []string{"“", "”", "‘", "’", "……", "——"} {
		ls := c.Break(s, 10, 500)
		if w := ls[0].Width; w != float64(len([]rune(s)))*10 {
			t.Errorf("%s is %.2f pt wide at 10 pt, want one em a mark", s, w)
		}
		if f := ls[0].Spans[0].Face; f != 0 || len(ls[0].Spans) != 1 {
			t.Errorf("%s is drawn by face %d, want the Song face", s, f)
		}
	}
}

// The switch of markIndex and the table the fonts are cut from agree.
func TestHalfMarksTable(t *testing.T) {
	m := typeset.HalfMarks()
	if len(m) != 25 {
		t.Fatalf("%d marks", len(m))
	}
	for cp, mark := range m {
		if got, ok := typeset.HalfMark(cp); !ok || got != mark {
			t.Errorf("HalfMark(%U) = %q, %v; want %q", cp, got, ok, mark)
		}
		if _, ok := typeset.HalfMark(mark); ok {
			t.Errorf("%q taken for a copy", mark)
		}
	}
	// Each mark compresses as its kind says: a closing mark before 。, an
	// opening mark after （.
	for i, mark := range []rune("，。、；：？！）》」』】〕〉”’（《「『【〔〈“‘") {
		text, want := string(mark)+"。", string(mark)+"½。"
		if i >= 16 {
			text, want = "（"+string(mark), "（"+string(mark)+"½"
		}
		if got := marked(noto().Break(text, 10, 100)[0]); got != want {
			t.Errorf("%s set as %s, want %s", text, got, want)
		}
	}
}
