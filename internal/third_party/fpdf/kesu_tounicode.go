package fpdf

import (
	"slices"
	"strconv"
	"strings"
)

// SetUnicodeAliases makes the ToUnicode table of each UTF-8 font that
// draws one of the given code points map it to the character it stands
// for: kesu draws marks compressed to half width (标点挤压) as glyph copies
// at Private Use code points, and a reader copying the text, or pdftotext,
// must get the marks themselves. kesu addition.
func (f *Fpdf) SetUnicodeAliases(aliases map[rune]rune) {
	f.unicodeAliases = aliases
}

// toUnicodeFor is the ToUnicode CMap of a font that drew usedRunes: the
// identity, except for the aliases it drew, each written as a bfchar
// between identity ranges that leave it out.
func (f *Fpdf) toUnicodeFor(usedRunes map[int]int) string {
	var codes []int
	for r := range usedRunes {
		if _, ok := f.unicodeAliases[rune(r)]; ok {
			codes = append(codes, r)
		}
	}
	if len(codes) == 0 {
		return toUnicode
	}
	slices.Sort(codes)
	hex4 := func(n int) string {
		s := strconv.FormatInt(int64(n), 16)
		return "<" + strings.Repeat("0", 4-len(s)) + strings.ToUpper(s) + ">"
	}
	var ranges, chars strings.Builder
	nr := 0
	from := 0
	for _, c := range codes {
		if c > from {
			ranges.WriteString(hex4(from) + " " + hex4(c-1) + " " + hex4(from) + "\n")
			nr++
		}
		chars.WriteString(hex4(c) + " " + hex4(int(f.unicodeAliases[rune(c)])) + "\n")
		from = c + 1
	}
	if from <= 0xFFFF {
		ranges.WriteString(hex4(from) + " <FFFF> " + hex4(from) + "\n")
		nr++
	}
	head, _, _ := strings.Cut(toUnicode, "1 beginbfrange")
	return head + strconv.Itoa(nr) + " beginbfrange\n" + ranges.String() + "endbfrange\n" +
		strconv.Itoa(len(codes)) + " beginbfchar\n" + chars.String() + "endbfchar\n" +
		"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
}
