package doc

import "strings"

// Marks of a fishbone's causes: occurrence and escape causes are told
// apart by the item's Note (发生原因 / 流出原因 in the default pack); any
// other note gets the next of the other marks.
const (
	MarkOccurrence = "●"
	MarkEscape     = "○"
	MarkVerified   = "✓"
)

var otherMarks = []string{"■", "□", "▲", "◆"}

// Fishbone is a fishbone block's causes sorted onto its bones, the same
// for both backends.
type Fishbone struct {
	// Bones are the pack's bones in order, then an Other (其他) bone
	// when some cause names no bone.
	Bones []FishBone
	// Named is the number of the pack's bones (the rest are Other).
	Named int
	// Legend explains the marks in use: 图例：● 发生原因　○ 流出原因　✓ 已验证.
	Legend string
	// Escapes are the notes marked as escape causes, for a backend that
	// draws them differently (a dashed rib) and says so.
	Escapes []string
}

// FishBone is a bone and its causes.
type FishBone struct {
	Label  string
	Causes []FishCause
}

// FishCause is a cause as written on its bone: mark, text and tick.
type FishCause struct {
	Text   string
	Escape bool
}

// SortFishbone puts the causes of a fishbone block on its bones — by key,
// or by label when a row names the label — with an Other bone for causes of
// no bone, only when there are any; without bones in the block, the
// categories are the bones, in order of appearance.
func SortFishbone(b *Block, w Words) Fishbone {
	var fb Fishbone
	index := map[string]int{}
	norm := func(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
	for i, bn := range b.Bones {
		label := bn.Label
		if label == "" {
			label = bn.Key
		}
		fb.Bones = append(fb.Bones, FishBone{Label: label})
		index[norm(bn.Key)] = i
		if _, ok := index[norm(label)]; !ok {
			index[norm(label)] = i
		}
	}
	fromCategories := len(b.Bones) == 0
	other := -1
	others := map[string]string{}
	notes := map[string][]string{}
	var order []string
	verified := false
	for _, it := range b.Items {
		mark := noteMark(it.Note, others)
		text := it.Text
		if mark != "" {
			text = mark + " " + text
			if !contains(notes[mark], it.Note) {
				if len(notes[mark]) == 0 {
					order = append(order, mark)
				}
				notes[mark] = append(notes[mark], it.Note)
			}
		}
		if it.Done {
			text += " " + MarkVerified
			verified = true
		}
		i, ok := index[norm(it.Category)]
		if !ok && fromCategories && norm(it.Category) != "" {
			i, ok = len(fb.Bones), true
			index[norm(it.Category)] = i
			fb.Bones = append(fb.Bones, FishBone{Label: strings.TrimSpace(it.Category)})
		}
		if !ok {
			if other < 0 {
				other = len(fb.Bones)
				fb.Bones = append(fb.Bones, FishBone{Label: w.Other})
			}
			i = other
		}
		fb.Bones[i].Causes = append(fb.Bones[i].Causes, FishCause{Text: text, Escape: mark == MarkEscape})
	}
	fb.Named = len(fb.Bones)
	if other >= 0 && !fromCategories {
		fb.Named = other
	}
	fb.Escapes = notes[MarkEscape]
	var parts []string
	for _, m := range []string{MarkOccurrence, MarkEscape} {
		if len(notes[m]) > 0 {
			parts = append(parts, m+" "+strings.Join(notes[m], "/"))
		}
	}
	for _, m := range order {
		if m != MarkOccurrence && m != MarkEscape {
			parts = append(parts, m+" "+strings.Join(notes[m], "/"))
		}
	}
	if verified {
		parts = append(parts, MarkVerified+" "+w.Verified)
	}
	if len(parts) > 0 {
		fb.Legend = w.Legend + strings.Join(parts, w.Gap)
	}
	return fb
}

// noteMark is the mark of a cause's note: occurrence, escape, or another.
func noteMark(note string, others map[string]string) string {
	n := strings.ToLower(note)
	switch {
	case note == "":
		return ""
	case strings.Contains(n, "发生") || strings.Contains(n, "occur"):
		return MarkOccurrence
	case strings.Contains(n, "流出") || strings.Contains(n, "escape") || strings.Contains(n, "漏检"):
		return MarkEscape
	}
	if m, ok := others[note]; ok {
		return m
	}
	m := otherMarks[len(others)%len(otherMarks)]
	others[note] = m
	return m
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
