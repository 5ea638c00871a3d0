package xlsx

import (
	"strings"

	"github.com/kesuhq/kesu/generator/doc"
)

// The diagrams of the PDF — the fishbone and the 5-Why chain — as the
// tables a quality engineer keeps in a workbook. The marks are the PDF's:
// ● an occurrence cause, ○ an escape cause (■ □ ▲ ◆ for other notes),
// ✓ a verified one; a legend row explains those in use.

const (
	markOccurrence = "●"
	markEscape     = "○"
	markVerified   = "✓"
)

var otherMarks = []string{"■", "□", "▲", "◆"}

func diagramEN(locale string) bool { return strings.HasPrefix(locale, "en") }

// noteMark is the mark of a cause's note: occurrence, escape, or another.
func noteMark(note string, others map[string]string) string {
	n := strings.ToLower(note)
	switch {
	case note == "":
		return ""
	case strings.Contains(n, "发生") || strings.Contains(n, "occur"):
		return markOccurrence
	case strings.Contains(n, "流出") || strings.Contains(n, "escape") || strings.Contains(n, "漏检"):
		return markEscape
	}
	if m, ok := others[note]; ok {
		return m
	}
	m := otherMarks[len(others)%len(otherMarks)]
	others[note] = m
	return m
}

// category is a row of the fishbone table: a bone and its causes as written.
type category struct {
	label  string
	causes []string
}

// fishRows sorts the items onto the bones as the PDF does — by key, or
// by label — with an "其他"/"Other" row for the items of no bone, only
// when there are any; without bones, the categories are the rows. It
// returns the rows and the legend.
func fishRows(b *doc.Block, locale string) ([]category, string) {
	var rows []category
	index := map[string]int{}
	for i, bn := range b.Bones {
		label := bn.Label
		if label == "" {
			label = bn.Key
		}
		rows = append(rows, category{label: label})
		index[strings.ToLower(strings.TrimSpace(bn.Key))] = i
		if _, ok := index[strings.ToLower(strings.TrimSpace(label))]; !ok {
			index[strings.ToLower(strings.TrimSpace(label))] = i
		}
	}
	other := -1
	others := map[string]string{}
	notes := map[string][]string{}
	var order []string
	verified := false
	for _, it := range b.Items {
		text := it.Text
		if m := noteMark(it.Note, others); m != "" {
			text = m + " " + text
			if !noteSeen(notes[m], it.Note) {
				if len(notes[m]) == 0 {
					order = append(order, m)
				}
				notes[m] = append(notes[m], it.Note)
			}
		}
		if it.Done {
			text += " " + markVerified
			verified = true
		}
		key := strings.ToLower(strings.TrimSpace(it.Category))
		i, ok := index[key]
		if !ok && len(b.Bones) == 0 && key != "" {
			i, ok = len(rows), true
			index[key] = i
			rows = append(rows, category{label: strings.TrimSpace(it.Category)})
		}
		if !ok {
			if other < 0 {
				other = len(rows)
				label := "其他"
				if diagramEN(locale) {
					label = "Other"
				}
				rows = append(rows, category{label: label})
			}
			i = other
		}
		rows[i].causes = append(rows[i].causes, text)
	}
	var parts []string
	for _, m := range []string{markOccurrence, markEscape} {
		if len(notes[m]) > 0 {
			parts = append(parts, m+" "+strings.Join(notes[m], "/"))
		}
	}
	for _, m := range order {
		if m != markOccurrence && m != markEscape {
			parts = append(parts, m+" "+strings.Join(notes[m], "/"))
		}
	}
	if verified {
		if diagramEN(locale) {
			parts = append(parts, markVerified+" verified")
		} else {
			parts = append(parts, markVerified+" 已验证")
		}
	}
	legend := ""
	if len(parts) > 0 {
		if diagramEN(locale) {
			legend = "Legend: " + strings.Join(parts, "   ")
		} else {
			legend = "图例：" + strings.Join(parts, "\u3000")
		}
	}
	return rows, legend
}

func noteSeen(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// fishbone writes the problem, then one row per 5M1E category — its label,
// then its causes one a line, each with its marks — then the legend.
func (s *sheet) fishbone(b *doc.Block) error {
	if b.Title != "" {
		if err := s.full(b.Title, s.st.section, 0); err != nil {
			return err
		}
	}
	rows, legend := fishRows(b, s.d.Locale)
	problem := "问题"
	if diagramEN(s.d.Locale) {
		problem = "Problem"
	}
	if b.Text != "" {
		if err := s.put([]span{{1, 2, problem, s.st.label, 0}, {3, gridCols, b.Text, s.st.value, 0}}, 1); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if err := s.put([]span{{1, 2, r.label, s.st.head, 0}, {3, gridCols, strings.Join(r.causes, "\n"), s.st.value, 0}}, 1); err != nil {
			return err
		}
	}
	if legend != "" {
		return s.full(legend, s.st.para, s.size-1)
	}
	return nil
}

// chain writes one row per cause: its category, its heading, then its
// whys joined by arrows, in the order asked.
func (s *sheet) chain(b *doc.Block) error {
	if b.Title != "" {
		if err := s.full(b.Title, s.st.section, 0); err != nil {
			return err
		}
	}
	cats := make([]string, len(b.Items))
	w := 1 // columns for the category: two when a word of one needs it
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
