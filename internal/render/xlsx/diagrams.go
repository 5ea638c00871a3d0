package xlsx

import (
	"strings"

	"github.com/kesuhq/kesu/internal/doc"
)

// The diagrams of the PDF — the fishbone and the 5-Why chain — as the
// tables a quality engineer keeps in a workbook. The marks are the PDF's:
// ● an occurrence cause, ○ an escape cause (■ □ ▲ ◆ for other notes),
// ✓ a verified one; a legend row explains those in use.

// fishbone writes the problem, then one row per 5M1E category — its label,
// then its causes one a line, each with its marks — then the legend.
func (s *sheet) fishbone(b *doc.Block) error {
	if b.Title != "" {
		if err := s.section(b.Title); err != nil {
			return err
		}
	}
	fb := doc.SortFishbone(b, s.d.Words)
	problem := s.d.Words.Problem
	if b.Text != "" {
		if err := s.put([]span{{1, 2, problem, s.st.label, 0}, {3, gridCols, b.Text, s.st.value, 0}}, 1); err != nil {
			return err
		}
	}
	for _, r := range fb.Bones {
		causes := make([]string, len(r.Causes))
		for i, c := range r.Causes {
			causes[i] = c.Text
		}
		if err := s.put([]span{{1, 2, r.Label, s.st.head, 0}, {3, gridCols, strings.Join(causes, "\n"), s.st.value, 0}}, 1); err != nil {
			return err
		}
	}
	if fb.Legend != "" {
		return s.full(fb.Legend, s.st.para, s.size-1)
	}
	return nil
}

// chain writes one row per cause: its doc.FishBone, its heading, then its
// whys joined by arrows, in the order asked.
func (s *sheet) chain(b *doc.Block) error {
	if b.Title != "" {
		if err := s.section(b.Title); err != nil {
			return err
		}
	}
	cats := make([]string, len(b.Items))
	w := 1 // columns for the doc.FishBone: two when a word of one needs it
	for i, it := range b.Items {
		cat := strings.TrimSpace(it.Category)
		if n := strings.TrimSpace(it.Note); n != "" && !strings.Contains(it.Text, n) {
			if cat != "" {
				cat += "\n"
			}
			cat += n
		}
		cats[i] = cat
		for _, word := range strings.Fields(cat) {
			if s.measure.Measure(word, s.size) > (s.colW-2*cellPad)*fontSlack {
				w = 2
			}
		}
	}
	for i, it := range b.Items {
		if err := s.put([]span{{1, w, cats[i], s.st.center, 0}, {w + 1, w + 4, it.Text, s.st.value, 0},
			{w + 5, gridCols, strings.Join(it.Chain, " → "), s.st.value, 0}}, 1); err != nil {
			return err
		}
	}
	return nil
}
