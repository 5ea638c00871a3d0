package ttf

import "unicode/utf16"

// Name IDs of the 'name' table.
const (
	nameCopyright         = 0
	nameFamily            = 1
	nameSubfamily         = 2
	nameUniqueID          = 3
	nameFull              = 4
	nameVersion           = 5
	namePostScript        = 6
	nameTypographicFamily = 16
)

// Platform IDs of 'name' and 'cmap' records.
const (
	platformUnicode = 0
	platformWindows = 3
)

const langEnglishUS = 0x409

// nameRecord is one string of the 'name' table, still UTF-16BE encoded.
type nameRecord struct {
	platform, language, id uint16
	value                  []byte
}

// readNames returns the records of a 'name' table. It insists that every
// string lies inside the table because fpdf, which is handed the table
// verbatim in every subset, reads them without bounds checks.
func readNames(name []byte) ([]nameRecord, error) {
	if len(name) < 6 {
		return nil, formatErr("name", "truncated header")
	}
	count, storage := int(u16(name, 2)), int(u16(name, 4))
	if (len(name)-6)/12 < count {
		return nil, formatErr("name", "truncated record list")
	}
	recs := make([]nameRecord, count)
	for i := range recs {
		rec := name[6+12*i:]
		start := storage + int(u16(rec, 10))
		end := start + int(u16(rec, 8))
		if end > len(name) {
			return nil, formatErr("name", "string %d extends past the end of the table", i)
		}
		recs[i] = nameRecord{platform: u16(rec, 0), language: u16(rec, 4), id: u16(rec, 6), value: name[start:end]}
	}
	return recs, nil
}

// familyName prefers the typographic family, which groups all weights of a
// large family under one name, over the legacy four-style family.
func familyName(recs []nameRecord) string {
	if s := nameString(recs, nameTypographicFamily); s != "" {
		return s
	}
	return nameString(recs, nameFamily)
}

// nameString returns the string with the given name ID, preferring US
// English Windows records so that CJK fonts report their Latin name. Only
// Unicode and Windows records are read: both are UTF-16BE.
func nameString(recs []nameRecord, id uint16) string {
	var best []byte
	bestRank := 0
	for _, r := range recs {
		rank := 0
		switch {
		case r.id != id:
		case r.platform == platformWindows && r.language == langEnglishUS:
			rank = 2
		case r.platform == platformWindows || r.platform == platformUnicode:
			rank = 1
		}
		if rank > bestRank {
			best, bestRank = r.value, rank
		}
	}
	units := make([]uint16, len(best)/2)
	for i := range units {
		units[i] = u16(best, 2*i)
	}
	return string(utf16.Decode(units))
}
