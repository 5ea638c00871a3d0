package bundle

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// Embedded is a file bundle.pdf carries (PDF/A-3 associated file).
type Embedded struct {
	Name         string
	Relationship string // Source: the case file; Data: manifest.json
	Data         []byte
}

var (
	filespecAt   = []byte("<</Type /Filespec /F ")
	relationship = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^ /AFRelationship /([A-Za-z]+) /EF <</F (\d+) 0 R`) })
	streamHead   = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(\d+) 0 obj\n<</Type /EmbeddedFile [^\n]*?/Length (\d+) /Filter /FlateDecode [^\n]*\nstream\n`)
	})
	startXref = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`) })
)

// EmbeddedFiles reads the files a bundle.pdf written by kesu carries, in
// the order it lists them, each at most limit bytes. It reads kesu's own
// layout of the file (objects found through its cross-reference table),
// not any PDF: a bundle.pdf saved again by another program may keep its
// files where this does not look, and is reported as having none.
func EmbeddedFiles(pdf []byte, limit int64) ([]Embedded, error) {
	offsets, err := xrefOffsets(pdf)
	if err != nil {
		return nil, err
	}
	var out []Embedded
	for rest, at := pdf, 0; ; {
		i := bytes.Index(rest, filespecAt)
		if i < 0 {
			break
		}
		at += i + len(filespecAt)
		rest = pdf[at:]
		name, n, err := literal(rest)
		if err != nil {
			return nil, fmt.Errorf("bundle.pdf: an embedded file's name: %w", err)
		}
		// The name again (/UF), then the description.
		tail := rest[n:]
		for _, key := range []string{" /UF ", " /Desc "} {
			if !bytes.HasPrefix(tail, []byte(key)) {
				return nil, fmt.Errorf("bundle.pdf: the file specification of %q is not one kesu writes", name)
			}
			_, m, err := literal(tail[len(key):])
			if err != nil {
				return nil, fmt.Errorf("bundle.pdf: the file specification of %q: %w", name, err)
			}
			tail = tail[len(key)+m:]
		}
		mm := relationship().FindSubmatch(tail)
		if mm == nil {
			return nil, fmt.Errorf("bundle.pdf: the file specification of %q names no embedded stream", name)
		}
		obj, _ := strconv.Atoi(string(mm[2]))
		data, err := embeddedStream(pdf, offsets, obj, limit)
		if err != nil {
			return nil, fmt.Errorf("bundle.pdf: %q: %w", name, err)
		}
		out = append(out, Embedded{Name: textString(name), Relationship: string(mm[1]), Data: data})
	}
	return out, nil
}

// xrefOffsets reads the cross-reference table: the offset of each object.
func xrefOffsets(pdf []byte) ([]int, error) {
	m := startXref().FindSubmatch(pdf[max(0, len(pdf)-64):])
	if m == nil {
		return nil, errors.New("bundle.pdf: no cross-reference table at its end: not a PDF kesu wrote")
	}
	at, err := strconv.Atoi(string(m[1]))
	if err != nil || at < 0 || at >= len(pdf) {
		return nil, errors.New("bundle.pdf: its cross-reference table is out of the file")
	}
	var first, count int
	if _, err := fmt.Sscanf(string(pdf[at:min(len(pdf), at+40)]), "xref\n%d %d\n", &first, &count); err != nil || first != 0 || count < 1 {
		return nil, errors.New("bundle.pdf: its cross-reference table is not one kesu writes")
	}
	rows := pdf[at+bytes.IndexByte(pdf[at+5:], '\n')+6:]
	if count > len(rows)/20 {
		return nil, errors.New("bundle.pdf: its cross-reference table is cut short")
	}
	offsets := make([]int, count)
	for i := range count {
		n, err := strconv.Atoi(string(rows[i*20 : i*20+10]))
		if err != nil || n < 0 || n >= len(pdf) {
			return nil, fmt.Errorf("bundle.pdf: cross-reference entry %d is not an offset in the file", i)
		}
		offsets[i] = n
	}
	return offsets, nil
}

// embeddedStream inflates object obj, an EmbeddedFile stream.
func embeddedStream(pdf []byte, offsets []int, obj int, limit int64) ([]byte, error) {
	if obj <= 0 || obj >= len(offsets) {
		return nil, fmt.Errorf("object %d is not in the file", obj)
	}
	head := pdf[offsets[obj]:]
	m := streamHead().FindSubmatch(head[:min(len(head), 1024)])
	if m == nil || string(m[1]) != strconv.Itoa(obj) {
		return nil, fmt.Errorf("object %d is not an embedded file stream", obj)
	}
	n, err := strconv.Atoi(string(m[2]))
	body := head[len(m[0]):]
	if err != nil || n > len(body) {
		return nil, fmt.Errorf("object %d: its stream is cut short", obj)
	}
	zr, err := zlib.NewReader(bytes.NewReader(body[:n]))
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", obj, err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", obj, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d bytes", limit)
	}
	return data, nil
}

// literal reads a PDF literal string "(…)" at the start of b: its bytes,
// escapes undone, and how many bytes of b it took.
func literal(b []byte) (string, int, error) {
	if len(b) == 0 || b[0] != '(' {
		return "", 0, errors.New("not a string")
	}
	var s strings.Builder
	depth := 0
	for i := 1; i < len(b); i++ {
		switch c := b[i]; c {
		case '\\':
			i++
			if i >= len(b) {
				return "", 0, errors.New("a string is cut short")
			}
			switch e := b[i]; e {
			case 'n':
				s.WriteByte('\n')
			case 'r':
				s.WriteByte('\r')
			case 't':
				s.WriteByte('\t')
			case 'b':
				s.WriteByte('\b')
			case 'f':
				s.WriteByte('\f')
			default:
				s.WriteByte(e)
			}
		case '(':
			depth++
			s.WriteByte(c)
		case ')':
			if depth == 0 {
				return s.String(), i + 1, nil
			}
			depth--
			s.WriteByte(c)
		default:
			s.WriteByte(c)
		}
	}
	return "", 0, errors.New("a string is not closed")
}

// textString decodes a PDF text string: UTF-16BE after a byte order
// mark, else the bytes as they are (kesu writes ASCII names so).
func textString(s string) string {
	if !strings.HasPrefix(s, "\xfe\xff") {
		return s
	}
	u := make([]uint16, 0, len(s)/2)
	for i := 2; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}
