package cnfmt

import "strings"

var (
	enSmall = [20]string{"Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
		"Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen"}
	enTens   = [10]string{"", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"}
	enScales = [...]struct {
		size int64
		name string
	}{{1e12, "Trillion"}, {1e9, "Billion"}, {1e6, "Million"}, {1e3, "Thousand"}}
)

// AmountWordsEN returns the amount in words in the style of an English
// cheque or commercial invoice, the counterpart of [Upper] for the en
// locale: "RMB Twelve Thousand Eight Hundred Yuan Only",
// "RMB One Thousand Four Hundred Nine Yuan and Fifty Fen Only",
// "RMB Five Fen Only", "RMB Zero Yuan Only".
//
// The minor unit is named Fen, its proper name (ISO 4217), rather than
// Cents, which would suggest a dollar amount; 角 are counted as Fen
// (0.50 → Fifty Fen). "and" appears only between Yuan and Fen, never inside
// a number, so that it cannot be misread. Like Upper, it panics if a is
// outside 0 … MaxAmount.
func AmountWordsEN(a Amount) string {
	if err := a.Validate(); err != nil {
		panic("cnfmt.AmountWordsEN: " + err.Error())
	}
	yuan, fen := int64(a/100), int64(a%100)
	var b strings.Builder
	b.WriteString("RMB ")
	if yuan > 0 || fen == 0 {
		b.WriteString(wordsEN(yuan))
		b.WriteString(" Yuan")
		if fen > 0 {
			b.WriteString(" and ")
		}
	}
	if fen > 0 {
		b.WriteString(wordsEN(fen))
		b.WriteString(" Fen")
	}
	b.WriteString(" Only")
	return b.String()
}

// wordsEN writes 0 ≤ n < 10^15 in words on the short scale.
func wordsEN(n int64) string {
	if n == 0 {
		return enSmall[0]
	}
	var words []string
	for _, s := range enScales {
		if n >= s.size {
			words = append(words, below1000EN(n/s.size), s.name)
			n %= s.size
		}
	}
	if n > 0 {
		words = append(words, below1000EN(n))
	}
	return strings.Join(words, " ")
}

// below1000EN writes 0 < n < 1000 in words, hyphenating 21 to 99 as
// cheques do: "Nine Hundred Ninety-Nine".
func below1000EN(n int64) string {
	var words []string
	if n >= 100 {
		words = append(words, enSmall[n/100], "Hundred")
		n %= 100
	}
	switch {
	case n >= 20 && n%10 != 0:
		words = append(words, enTens[n/10]+"-"+enSmall[n%10])
	case n >= 20:
		words = append(words, enTens[n/10])
	case n > 0:
		words = append(words, enSmall[n])
	}
	return strings.Join(words, " ")
}
