package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kesuhq/kesu/internal/third_party/excelize"
)

// The ledger sheet is read in one pass over its XML with a small scanner
// of its own, not with excelize's cell getters: those decode the sheet
// through encoding/xml, and telling a date from a number typed as text
// (the cell's t attribute) made excelize decode the whole sheet a second
// time. Reading 10,000 rows took seconds; this takes a fraction of one.
// The parts come from the workbook excelize opened, so the limits on the
// file and on what its parts inflate to apply unchanged.

// sheetCell is a cell's value as excelize gives it with RawCellValue, and
// whether the cell is text (a shared or inline string, a formula's string,
// a boolean or an error) rather than a number.
type sheetCell struct {
	value string
	text  bool
}

// maxDepth bounds the nesting of elements; a worksheet needs about ten.
const maxDepth = 100

// sheetRows calls each with every row of the named sheet of f: its number
// and its first Columns cells (blank when absent), and whether any of its
// cells, these or later ones, holds a value. Before the first, it calls
// size with about how many rows there are.
func sheetRows(f *excelize.File, sheet string, size func(int), each func(n int, cells *[Columns]sheetCell, any bool) error) error {
	name, err := sheetPart(f, sheet)
	if err != nil {
		return err
	}
	data, ok := part(f, name)
	if !ok {
		return fmt.Errorf("ledger: sheet %q: the workbook has no part %s", sheet, name)
	}
	sst, err := sharedStrings(f)
	if err != nil {
		return err
	}
	size(bytes.Count(data, []byte("<row")))
	fail := func(err error) error { return fmt.Errorf("ledger: sheet %q: %s: %w", sheet, name, err) }
	s := xmlScanner{b: data}
	var (
		cells          [Columns]sheetCell
		any            bool
		inData         bool
		rowN, col      int
		cellT          []byte
		v, is          []byte
		hasIS          bool
		inRow, inCell  bool
		rowDepth, cDep int
	)
	for {
		t, err := s.next()
		if err != nil {
			return fail(err)
		}
		switch t.kind {
		case tokEOF:
			return nil
		case tokStart:
			switch {
			case !inData:
				if string(t.name) == "sheetData" && s.depth() == 2 {
					inData = true
				}
			case !inRow:
				if string(t.name) != "row" || s.depth() != 3 {
					continue
				}
				inRow, rowDepth = true, s.depth()
				if r, ok := attr(t.attrs, "r"); ok {
					n, err := strconv.Atoi(string(r))
					if err != nil || n < 1 || n > excelize.TotalRows {
						return fail(fmt.Errorf("row number %q", r))
					}
					rowN = n
				} else {
					rowN++
				}
				cells, any, col = [Columns]sheetCell{}, false, 0
			case !inCell:
				if string(t.name) != "c" || s.depth() != rowDepth+1 {
					continue
				}
				inCell, cDep = true, s.depth()
				if r, ok := attr(t.attrs, "r"); ok {
					c, err := column(r)
					if err != nil {
						return fail(err)
					}
					col = c
				} else {
					col++
				}
				if st, ok := attr(t.attrs, "s"); ok {
					if _, err := strconv.ParseInt(string(st), 10, 64); err != nil {
						return fail(fmt.Errorf("cell %s%d: style %q", colName(col-1), rowN, st))
					}
				}
				cellT, _ = attr(t.attrs, "t") // points into the part, which stays
				v, is, hasIS = v[:0], is[:0], false
			case string(t.name) == "is" && s.depth() == cDep+1:
				hasIS = true
			}
		case tokText:
			if !inCell {
				continue
			}
			switch d := s.depth(); {
			case d == cDep+1 && s.top(0) == "v":
				if v, err = appendText(v, t.text, t.cdata); err != nil {
					return fail(err)
				}
			case s.top(0) == "t" && (d == cDep+2 && s.top(1) == "is" || d == cDep+3 && s.top(1) == "r" && s.top(2) == "is"):
				if is, err = appendText(is, t.text, t.cdata); err != nil {
					return fail(err)
				}
			}
		case tokEnd:
			switch {
			case inCell && s.depth() == cDep-1:
				inCell = false
				val, text, err := cellValue(cellT, v, is, hasIS, sst)
				if err != nil {
					return fail(fmt.Errorf("cell %s%d: %w", colName(col-1), rowN, err))
				}
				if val != "" {
					any = true
				}
				if col <= Columns {
					cells[col-1] = sheetCell{val, text}
				}
			case inRow && s.depth() == rowDepth-1:
				inRow = false
				if err := each(rowN, &cells, any); err != nil {
					return err
				}
			case inData && s.depth() == 1:
				return nil // the rest of the sheet holds no cells
			}
		}
	}
}

// cellValue is a cell's value as excelize's GetRows with RawCellValue
// reads it, and whether the cell is text.
func cellValue(t, v, is []byte, hasIS bool, sst []string) (string, bool, error) {
	switch string(t) {
	case "s":
		s := strings.TrimSpace(string(v))
		if s == "" {
			return "", true, nil
		}
		i, err := strconv.Atoi(s)
		if err != nil || i < 0 || i >= len(sst) {
			return "", true, fmt.Errorf("shared string %q out of range", s)
		}
		return sst[i], true, nil
	case "inlineStr":
		if hasIS {
			return unescapeBSTR(string(is)), true, nil
		}
		return string(v), true, nil
	case "str", "b", "e":
		return string(v), true, nil
	}
	return string(v), false, nil
}

// sharedStrings reads the workbook's table of shared strings, where
// excelize reads it from.
func sharedStrings(f *excelize.File) ([]string, error) {
	data, ok := part(f, "xl/sharedStrings.xml")
	if !ok {
		return nil, nil
	}
	var (
		out   []string
		buf   []byte
		inSI  bool
		siDep int
	)
	s := xmlScanner{b: data}
	for {
		t, err := s.next()
		if err != nil {
			return nil, fmt.Errorf("ledger: xl/sharedStrings.xml: %w", err)
		}
		switch t.kind {
		case tokEOF:
			return out, nil
		case tokStart:
			if !inSI && string(t.name) == "si" && s.depth() == 2 {
				inSI, siDep, buf = true, s.depth(), buf[:0]
			}
		case tokText:
			d := s.depth()
			if inSI && s.top(0) == "t" && (d == siDep+1 || d == siDep+2 && s.top(1) == "r") {
				if buf, err = appendText(buf, t.text, t.cdata); err != nil {
					return nil, fmt.Errorf("ledger: xl/sharedStrings.xml: %w", err)
				}
			}
		case tokEnd:
			if inSI && s.depth() == siDep-1 {
				inSI = false
				out = append(out, unescapeBSTR(string(buf)))
			}
		}
	}
}

// sheetPart is the name of the part holding the sheet: the workbook
// (where the package's relationships say it is) names the sheet's
// relationship, and the workbook's relationships its target.
func sheetPart(f *excelize.File, sheet string) (string, error) {
	book := "xl/workbook.xml"
	if data, ok := part(f, "_rels/.rels"); ok {
		for _, r := range relationships(data) {
			if strings.HasSuffix(r["Type"], "/relationships/officeDocument") {
				book = strings.TrimPrefix(r["Target"], "/")
				break
			}
		}
	}
	data, ok := part(f, book)
	if !ok {
		return "", fmt.Errorf("ledger: %w: the workbook has no part %s", errNotLedger, book)
	}
	var id string
	s := xmlScanner{b: data}
	for {
		t, err := s.next()
		if err != nil {
			return "", fmt.Errorf("ledger: %s: %w", book, err)
		}
		if t.kind == tokEOF {
			break
		}
		if t.kind != tokStart || string(t.name) != "sheet" {
			continue
		}
		if name, _ := attrText(t.attrs, "name"); strings.EqualFold(name, sheet) {
			id, _ = attrText(t.attrs, "id")
			break
		}
	}
	dir := path.Dir(book)
	rels, _ := part(f, strings.TrimPrefix(dir+"/_rels/"+path.Base(book)+".rels", "./"))
	for _, r := range relationships(rels) {
		if r["Id"] == id && id != "" {
			target := r["Target"]
			if strings.HasPrefix(target, "/") {
				return strings.TrimPrefix(path.Clean(target), "/"), nil
			}
			return strings.TrimPrefix(path.Clean(dir+"/"+target), "/"), nil
		}
	}
	return "", fmt.Errorf("ledger: sheet %q: the workbook does not say which part holds it", sheet)
}

// relationships reads the Relationship elements of a relationships part,
// each as its attributes.
func relationships(data []byte) []map[string]string {
	var out []map[string]string
	s := xmlScanner{b: data}
	for {
		t, err := s.next()
		if err != nil || t.kind == tokEOF {
			return out
		}
		if t.kind == tokStart && string(t.name) == "Relationship" {
			m := map[string]string{}
			for _, k := range []string{"Id", "Target", "Type"} {
				m[k], _ = attrText(t.attrs, k)
			}
			out = append(out, m)
		}
	}
}

// part is the inflated part of the workbook, as excelize keeps it.
func part(f *excelize.File, name string) ([]byte, bool) {
	v, ok := f.Pkg.Load(name)
	if !ok {
		return nil, false
	}
	b, ok := v.([]byte)
	return b, ok
}

// column is the 1-based column of a cell reference such as AB12 (whose
// row, as for excelize, is the row's).
func column(ref []byte) (int, error) {
	c, i := 0, 0
	for ; i < len(ref); i++ {
		b := ref[i] &^ 0x20 // upper case
		if b < 'A' || b > 'Z' {
			break
		}
		c = c*26 + int(b-'A') + 1
		if c > excelize.MaxColumns {
			return 0, fmt.Errorf("cell reference %q: column out of range", ref)
		}
	}
	if n, err := strconv.Atoi(string(ref[i:])); i == 0 || err != nil || n < 1 || ref[i] < '0' || ref[i] > '9' {
		return 0, fmt.Errorf("cell reference %q", ref)
	}
	return c, nil
}

// unescapeBSTR decodes the _xHHHH_ escapes Excel writes for characters
// XML cannot hold, as excelize does.
func unescapeBSTR(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) {
			break
		}
		h := s[i+2 : i+6]
		if s[i+6] != '_' || !isHex(h) {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		if h == "005F" || h == "005f" {
			b.WriteByte('_')
		} else {
			n, _ := strconv.ParseUint(h, 16, 32)
			b.WriteRune(rune(n))
		}
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}

func isHex(s string) bool {
	for i := range len(s) {
		if c := s[i] | 0x20; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// The scanner reads the XML of a workbook part: elements, attributes,
// text, CDATA, character and the five predefined entity references;
// comments and processing instructions are skipped, and a DOCTYPE (which
// no workbook has) is refused. End tags must match.

type tokKind int

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

type token struct {
	kind  tokKind
	name  []byte // local name, of tokStart and tokEnd
	attrs []byte // the start tag's attributes, unparsed
	text  []byte // tokText, as written (see appendText)
	cdata bool   // text of a CDATA section, taken literally
}

type xmlScanner struct {
	b       []byte
	i       int
	stack   [][]byte // qualified names of the open elements
	pending bool     // the last start tag closed itself: its end is next
}

var (
	errXMLEnd   = errors.New("XML ends inside an element")
	errXMLDepth = fmt.Errorf("XML nested deeper than %d elements", maxDepth)
)

// depth is the number of open elements, the current one included.
func (s *xmlScanner) depth() int { return len(s.stack) }

// top is the local name of the element k levels above the current one.
func (s *xmlScanner) top(k int) string {
	if k >= len(s.stack) {
		return ""
	}
	return string(local(s.stack[len(s.stack)-1-k]))
}

func local(name []byte) []byte {
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// next returns the next token. An end token is returned after the
// element is closed: depth is then that of its parent.
func (s *xmlScanner) next() (token, error) {
	if s.pending {
		s.pending = false
		name := s.stack[len(s.stack)-1]
		s.stack = s.stack[:len(s.stack)-1]
		return token{kind: tokEnd, name: local(name)}, nil
	}
	for {
		if s.i >= len(s.b) {
			if len(s.stack) > 0 {
				return token{}, errXMLEnd
			}
			return token{kind: tokEOF}, nil
		}
		rest := s.b[s.i:]
		if rest[0] != '<' {
			j := bytes.IndexByte(rest, '<')
			if j < 0 {
				j = len(rest)
			}
			s.i += j
			return token{kind: tokText, text: rest[:j]}, nil
		}
		switch {
		case bytes.HasPrefix(rest, []byte("<?")):
			k := bytes.Index(rest, []byte("?>"))
			if k < 0 {
				return token{}, errXMLEnd
			}
			s.i += k + 2
			continue
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest[4:], []byte("-->"))
			if k < 0 {
				return token{}, errXMLEnd
			}
			s.i += 4 + k + 3
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			k := bytes.Index(rest[9:], []byte("]]>"))
			if k < 0 {
				return token{}, errXMLEnd
			}
			s.i += 9 + k + 3
			return token{kind: tokText, text: rest[9 : 9+k], cdata: true}, nil
		case bytes.HasPrefix(rest, []byte("<!")):
			return token{}, errors.New("XML with a DOCTYPE or other declaration")
		case bytes.HasPrefix(rest, []byte("</")):
			k := bytes.IndexByte(rest, '>')
			if k < 0 {
				return token{}, errXMLEnd
			}
			name := bytes.TrimRight(rest[2:k], " \t\r\n")
			if len(s.stack) == 0 || !bytes.Equal(s.stack[len(s.stack)-1], name) {
				return token{}, fmt.Errorf("XML end tag </%s> does not close the element open", name)
			}
			s.stack = s.stack[:len(s.stack)-1]
			s.i += k + 1
			return token{kind: tokEnd, name: local(name)}, nil
		}
		// A start tag: its name, then attributes up to the '>' that is
		// outside quotes.
		n := 1
		for n < len(rest) && !isSpace(rest[n]) && rest[n] != '>' && rest[n] != '/' {
			n++
		}
		if n == 1 {
			return token{}, errors.New("XML with a '<' that starts no element")
		}
		name := rest[1:n]
		k := n
		for ; k < len(rest) && rest[k] != '>'; k++ {
			if q := rest[k]; q == '"' || q == '\'' {
				e := bytes.IndexByte(rest[k+1:], q)
				if e < 0 {
					return token{}, errXMLEnd
				}
				k += 1 + e
			}
		}
		if k >= len(rest) {
			return token{}, errXMLEnd
		}
		attrs := rest[n:k]
		self := len(attrs) > 0 && attrs[len(attrs)-1] == '/'
		if self {
			attrs = attrs[:len(attrs)-1]
		}
		if len(s.stack) == maxDepth {
			return token{}, errXMLDepth
		}
		s.stack = append(s.stack, name)
		s.pending = self
		s.i += k + 1
		return token{kind: tokStart, name: local(name), attrs: attrs}, nil
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// attr finds the attribute of a start tag by its local name, as written.
func attr(attrs []byte, name string) ([]byte, bool) {
	i := 0
	skip := func() {
		for i < len(attrs) && isSpace(attrs[i]) {
			i++
		}
	}
	for {
		skip()
		k := i
		for i < len(attrs) && attrs[i] != '=' && !isSpace(attrs[i]) {
			i++
		}
		key := attrs[k:i]
		skip()
		if i >= len(attrs) || attrs[i] != '=' {
			return nil, false
		}
		i++
		skip()
		if i >= len(attrs) || attrs[i] != '"' && attrs[i] != '\'' {
			return nil, false
		}
		end := bytes.IndexByte(attrs[i+1:], attrs[i])
		if end < 0 {
			return nil, false
		}
		if string(local(key)) == name {
			return attrs[i+1 : i+1+end], true
		}
		i += end + 2
	}
}

// attrText is an attribute's value with its references replaced.
func attrText(attrs []byte, name string) (string, bool) {
	v, ok := attr(attrs, name)
	if !ok {
		return "", false
	}
	b, err := appendText(nil, v, false)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// appendText appends XML text to dst: references replaced (unless it is
// CDATA), line ends made \n, as an XML reader must. Text that is not
// UTF-8 or holds a character XML does not allow is refused.
func appendText(dst, raw []byte, cdata bool) ([]byte, error) {
	start := len(dst)
	for len(raw) > 0 {
		special := "&\r"
		if cdata {
			special = "\r"
		}
		i := bytes.IndexAny(raw, special)
		if i < 0 {
			dst = append(dst, raw...)
			break
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 || semi > 12 {
			return dst, errors.New("XML text with a bare '&'")
		}
		ref := string(raw[1:semi])
		raw = raw[semi+1:]
		switch ref {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "apos":
			dst = append(dst, '\'')
		case "quot":
			dst = append(dst, '"')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ref, "#x"):
				n, err = strconv.ParseUint(ref[2:], 16, 32)
			case strings.HasPrefix(ref, "#"):
				n, err = strconv.ParseUint(ref[1:], 10, 32)
			default:
				err = errors.New("unknown")
			}
			if err != nil || !xmlChar(rune(n)) {
				return dst, fmt.Errorf("XML text with the reference &%s;", ref)
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
	}
	added := dst[start:]
	if !utf8.Valid(added) {
		return dst, errors.New("XML text that is not UTF-8")
	}
	for _, b := range added {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
			return dst, fmt.Errorf("XML text with the control character %#02x", b)
		}
	}
	return dst, nil
}

// xmlChar reports whether XML 1.0 allows the character.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}
