package pdf

import (
	"bytes"
	"regexp"
	"slices"
	"testing"

	"github.com/kesuhq/kesu/internal/typeset"
)

// The faces a document draws are embedded as one font, unless two faces
// draw the same character (regular and bold Latin): then the second goes
// into a font of its own.
func TestEmbedFontsMergesFacesApart(t *testing.T) {
	fonts := notoFonts(t)
	line := func(bold bool, text string) Line {
		return Line{X: 20, Y: 40, Size: 10, Bold: bold, Spans: []typeset.Span{{Face: 0, Text: text}}}
	}
	for _, c := range []struct {
		name  string
		lines []Line
		fonts int
	}{
		{"apart", []Line{line(false, "AB中中中"), line(true, "文")}, 1},
		{"shared", []Line{line(false, "AB中"), line(true, "AB文")}, 2},
		{"shared after many repeats", []Line{line(false, string(bytes.Repeat([]byte("中文字体"), 200))+"Z"), line(true, "Z")}, 2},
	} {
		l := &Layout{Pages: []*Page{{Boxes: []*Box{{Lines: c.lines}}}}}
		var buf bytes.Buffer
		if err := Draw(&buf, l, fonts, nil, Meta{Plain: true}); err != nil {
			t.Fatal(err)
		}
		if n := len(regexp.MustCompile(`/Subtype /Type0`).FindAll(buf.Bytes(), -1)); n != c.fonts {
			t.Errorf("%s: %d fonts embedded, want %d", c.name, n, c.fonts)
		}
	}
}

func TestAddRunes(t *testing.T) {
	var rs []rune
	for range 500 {
		rs = addRunes(rs, "中文字体ab")
	}
	rs = addRunes(rs, "z")
	if cap(rs) > 128 {
		t.Errorf("3,001 runes of 7 kept in room for %d", cap(rs))
	}
	slices.Sort(rs)
	if got := string(slices.Compact(rs)); got != "abz中体字文" {
		t.Errorf("runes %q", got)
	}
}

func TestMeet(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"", "", false}, {"ab", "", false}, {"ab", "cd", false}, {"ace", "bdf", false},
		{"ace", "bcf", true}, {"a", "a", true}, {"abz", "z", true},
	} {
		if got := meet([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("meet(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
