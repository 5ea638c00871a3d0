package generator_test

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/render/pdf"
)

// bbox is what `pdftotext -bbox-layout` reads back: pages of blocks of
// lines of words, each with its box in points.
type bbox struct {
	Pages []struct {
		W      float64 `xml:"width,attr"`
		H      float64 `xml:"height,attr"`
		Blocks []struct {
			Lines []struct {
				Words []bword `xml:"word"`
			} `xml:"line"`
		} `xml:"flow>block"`
	} `xml:"body>doc>page"`
}

type bword struct {
	X0   float64 `xml:"xMin,attr"`
	Y0   float64 `xml:"yMin,attr"`
	X1   float64 `xml:"xMax,attr"`
	Y1   float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

func readBoxes(t *testing.T, data []byte) bbox {
	t.Helper()
	f := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool(t, "pdftotext"), "-enc", "UTF-8", "-bbox-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var b bbox
	if err := xml.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	return b
}

// token is what a reader takes for one thing: an identifier, a number
// with its unit, a date's number with its 年/月/日. Found independently of
// typeset's own scanner, so that both have to agree.
var token = regexp.MustCompile(`[¥￥]?[0-9A-Za-z]+(?:[-./·,:][0-9A-Za-z]+)+(?: ?(?:mm|MPa|N·m|mL/100g|cc/min|L/min|kg|°C))?|[0-9]+(?:\.[0-9]+)? ?(?:mm|MPa|N·m|mL/100g|cc/min|L/min|kg|%|年|月|日|件)|[0-9]{4,}`)

func caseTokens(v any, out map[string]bool) {
	switch v := v.(type) {
	case string:
		for _, m := range token.FindAllString(v, -1) {
			if utf8.RuneCountInString(m) >= 3 {
				out[m] = true
			}
		}
	case map[string]any:
		for _, e := range v {
			caseTokens(e, out)
		}
	case []any:
		for _, e := range v {
			caseTokens(e, out)
		}
	}
}

// TestReadBack reads every document of every sample, in both locales,
// back from its PDF as a reader would and checks the rules of issue 11:
// no token split over two lines, nothing outside the page or in the
// footer band, no signature page holding the signatures alone, no
// paragraph ending in a line of one or two characters.
func TestReadBack(t *testing.T) {
	tool(t, "pdftotext")
	for _, loc := range []string{"zh-CN", "en"} {
		g, err := generator.New(generator.Options{Locale: loc})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range samples(t) {
			c := loadFile(t, g, path)
			toks := map[string]bool{}
			caseTokens(c.Value(), toks)
			for _, id := range g.Documents(c) {
				t.Run(loc+"/"+filepath.Base(path)+"/"+id, func(t *testing.T) {
					data, res := render(t, g, c, id, generator.PDF)
					d, err := g.Resolve(c, id)
					if err != nil {
						t.Fatal(err)
					}
					l, err := g.Layout(c, id)
					if err != nil {
						t.Fatal(err)
					}
					warned := ""
					for _, w := range res.Warnings {
						warned += w.Message
					}
					b := readBoxes(t, data)
					bottom := 841.89 - d.Page.Margins[2]*72/25.4
					for pi, p := range b.Pages {
						for _, bl := range p.Blocks {
							var lines []string
							for _, ln := range bl.Lines {
								var s strings.Builder
								for _, w := range ln.Words {
									s.WriteString(w.Text)
									if w.X0 < -0.5 || w.Y0 < -0.5 || w.X1 > p.W+0.5 || w.Y1 > p.H+0.5 {
										t.Errorf("page %d: %q drawn outside the page at (%.1f,%.1f)-(%.1f,%.1f)", pi+1, w.Text, w.X0, w.Y0, w.X1, w.Y1)
									}
									// The footer's own words sit below bottom+12.
									if w.Y0 < bottom+10 && w.Y1 > bottom+2.5 {
										t.Errorf("page %d: %q runs into the footer band (y %.1f–%.1f, body ends at %.1f)", pi+1, w.Text, w.Y0, w.Y1, bottom)
									}
								}
								lines = append(lines, s.String())
							}
							whole := strings.Join(lines, "")
							for tok := range toks {
								sq := strings.ReplaceAll(tok, " ", "")
								if !strings.Contains(whole, sq) || strings.Contains(warned, tok) {
									continue
								}
								split := true
								for _, ln := range lines {
									if strings.Contains(ln, sq) {
										split = false
									}
								}
								if split {
									t.Errorf("page %d: %q is split over lines: %q", pi+1, tok, lines)
								}
							}
						}
					}
					checkSignaturePage(t, l, d.Words.Sign, d.Page.Margins[0]*72/25.4, bottom)
					checkWidows(t, l, 595.28-(d.Page.Margins[1]+d.Page.Margins[3])*72/25.4)
				})
			}
		}
	}
}

// checkSignaturePage: the page the signature boxes open holds at least two
// lines of what they sign above them.
const carried = 2

func checkSignaturePage(t *testing.T, l *pdf.Layout, sign string, top, bottom float64) {
	t.Helper()
	for pi, p := range l.Pages {
		for _, b := range p.Boxes {
			for _, ln := range b.Lines {
				if !strings.HasPrefix(ln.Text(), sign) || !b.Border && b.Kind != "" {
					continue
				}
				if pi == 0 {
					return
				}
				above := 0
				for _, o := range p.Boxes {
					if o.Y >= top-1 && o.Y+o.H <= b.Y+0.5 && o.Y < bottom {
						above += len(o.Lines)
						if o.Kind == "image" {
							above += carried // a photo is what the page shows
						}
					}
				}
				if above < carried {
					t.Errorf("page %d: the signatures stand alone (%d lines above them)", pi+1, above)
				}
				return
			}
		}
	}
}

// checkWidows: no line of prose (a full-width box without a border)
// holds one or two characters after a full line.
func checkWidows(t *testing.T, l *pdf.Layout, width float64) {
	t.Helper()
	for pi, p := range l.Pages {
		for _, b := range p.Boxes {
			if b.Border || b.W < width-1 || b.Kind != "" {
				continue
			}
			for i := 1; i < len(b.Lines); i++ {
				ln, prev := b.Lines[i], b.Lines[i-1]
				n := utf8.RuneCountInString(strings.TrimSpace(ln.Text()))
				pw := 0.0
				for _, s := range prev.Spans {
					pw += s.Width
				}
				if n > 0 && n <= 2 && pw+prev.Spacing*float64(utf8.RuneCountInString(prev.Text())) > 0.85*width {
					t.Errorf("page %d: widow line %q after %q", pi+1, ln.Text(), prev.Text())
				}
			}
		}
	}
}
