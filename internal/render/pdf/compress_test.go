package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
)

// TestCompressedMarksReadBack draws a paragraph whose marks are set at
// half width (标点挤压) and checks, glyph by glyph, that the half-width
// copies are what the page draws, at half an em, and that pdftotext reads
// the paragraph back exactly: the copies map to the real marks and no line
// comes out starting with a closing mark.
func TestCompressedMarksReadBack(t *testing.T) {
	d := testDoc("zh-CN", doc.Block{Kind: pack.Text, Text: compressText})
	l, err := Lay(d, notoFonts(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Draw(&buf, l, notoFonts(t), nil, Meta{Title: "compress"}); err != nil {
		t.Fatal(err)
	}
	pdf := buf.Bytes()

	// The copy of ） (U+F787) is drawn in 0007）。 and 》）。, ） itself
	// (U+FF09) in 修正）处 only; text is shown as UTF-16BE codes.
	content := shown(inflated(t, pdf))
	if n := bytes.Count(content, []byte{0xf7, 0x87}); n != 2 {
		t.Errorf("the half-width ） is drawn %d times, want 2", n)
	}
	if n := bytes.Count(content, []byte{0xff, 0x09}); n != 1 {
		t.Errorf("the full-width ） is drawn %d times, want 1", n)
	}
	for cid, want := range map[int]int{0xF787: 500, 0xF780: 500, 0xFF08: 1000} {
		if w, ok := cidWidth(pdf, cid); !ok || w != want {
			t.Errorf("CID %04X is %d/1000 em wide (found %v), want %d", cid, w, ok, want)
		}
	}

	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("KESU_REQUIRE_TOOLS") != "" {
			t.Fatal("pdftotext is required (KESU_REQUIRE_TOOLS)")
		}
		t.Skip("no pdftotext")
	}
	out := filepath.Join(t.TempDir(), "compress.pdf")
	if err := os.WriteFile(out, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, mode := range [][]string{nil, {"-raw"}} {
		text, err := exec.Command(bin, append(mode, out, "-")...).Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := squeeze(string(text)); got != compressText {
			t.Errorf("pdftotext %v reads\n%s\nwant\n%s", mode, got, compressText)
		}
		for _, ln := range strings.Split(string(text), "\n") {
			if ln != "" && strings.ContainsRune("，。、；：？！）》」』】〕〉”’", []rune(ln)[0]) {
				t.Errorf("pdftotext %v: a line starts with a closing mark: %q", mode, ln)
			}
		}
	}
}

// inflated is every deflated stream of a PDF, inflated and concatenated.
func inflated(t *testing.T, pdf []byte) []byte {
	var all []byte
	for _, m := range regexp.MustCompile(`(?s)stream\r?\n(.*?)endstream`).FindAllSubmatch(pdf, -1) {
		r, err := zlib.NewReader(bytes.NewReader(m[1]))
		if err != nil {
			continue
		}
		b, err := io.ReadAll(r)
		if err != nil && err != io.ErrUnexpectedEOF {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// shown is the strings that Tj operators of content show, unescaped.
func shown(content []byte) []byte {
	var out []byte
	for _, m := range regexp.MustCompile(`(?s)\(((?:\\.|[^\\)])*)\) ?Tj`).FindAllSubmatch(content, -1) {
		out = append(out, unescape(m[1])...)
	}
	return out
}

// cidWidth is a CID's width in the /W array of the PDF's first CID font
// that lists it: entries are `c [w1 w2 …]` or `c1 c2 w`.
func cidWidth(pdf []byte, cid int) (int, bool) {
	for _, m := range regexp.MustCompile(`(?s)/W \[(.*?)\]\s*\n?/CIDToGIDMap`).FindAllSubmatch(pdf, -1) {
		toks := regexp.MustCompile(`\[|\]|\d+`).FindAllString(string(m[1]), -1)
		for i := 0; i < len(toks); {
			c, _ := strconv.Atoi(toks[i])
			if i+1 < len(toks) && toks[i+1] == "[" {
				j := i + 2
				for ; j < len(toks) && toks[j] != "]"; j++ {
					if c+j-(i+2) == cid {
						w, _ := strconv.Atoi(toks[j])
						return w, true
					}
				}
				i = j + 1
				continue
			}
			if i+2 >= len(toks) {
				break
			}
			c2, _ := strconv.Atoi(toks[i+1])
			w, _ := strconv.Atoi(toks[i+2])
			if cid >= c && cid <= c2 {
				return w, true
			}
			i += 3
		}
	}
	return 0, false
}

// An English document justifies its English lines between words and a
// Chinese sentence it quotes between characters: spread over the one
// space after (3), the slack opened a hole.
func TestEnglishDocumentJustifiesChineseBetweenCharacters(t *testing.T) {
	zh := "(3) 我司已为贵司补发同等数量的合格壳体，挑选出的41件不良品由我司取回处理，不另收费，并承担往返运输费用。" + strings.Repeat("我司将按8D报告落实全部纠正措施，", 4)
	en := "Please accept our sincere apology for the trouble the quality problem you reported has caused you and your customers."
	d := testDoc("en", doc.Block{Kind: pack.Text, Text: zh + "\n" + en})
	l, err := Lay(d, notoFonts(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var zhLines, enLines int
	for _, b := range l.Pages[0].Boxes {
		for _, ln := range b.Lines {
			switch {
			case ln.Spacing > 0 && ln.WordSpacing == 0 && strings.Contains(zh, ln.Text()):
				zhLines++
			case ln.WordSpacing > 0 && ln.Spacing == 0 && strings.Contains(en, ln.Text()):
				enLines++
			}
		}
	}
	if zhLines == 0 || enLines == 0 {
		t.Errorf("%d Chinese lines justified between characters, %d English between words; want both", zhLines, enLines)
	}
}
