// Package casefile reads complaint case files (YAML or JSON) into a tree that
// remembers where every value was written, and checks them against the case
// schema and the rules a schema cannot say.
package casefile

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Limits bound what one case file may cost to read. Case files are untrusted
// input: a billion-laughs YAML or a 50 MB upload must fail fast and clearly.
type Limits struct {
	MaxBytes int64 // size of the file
	MaxDepth int   // nesting of objects and arrays
	MaxNodes int   // values after YAML aliases are expanded
	// MaxImageBytes bounds one picture the case names, decoded: width ×
	// height × bytes per pixel. A 3 MB PNG can claim 20000×20000 16-bit
	// pixels, 3.2 GB decoded; what a file weighs says nothing.
	MaxImageBytes int64
}

// DefaultLimits are far above any real case (the complete sample is 9 KB,
// depth 5, ~400 values; a 24-megapixel photo decodes to 72 MB) and far
// below what hurts a batch worker.
var DefaultLimits = Limits{MaxBytes: 8 << 20, MaxDepth: 32, MaxNodes: 200_000, MaxImageBytes: 128 << 20}

// ImageBudget is MaxImageBytes, or the default's when it is not set.
func (l Limits) ImageBudget() int64 {
	if l.MaxImageBytes > 0 {
		return l.MaxImageBytes
	}
	return DefaultLimits.MaxImageBytes
}

// Format is the syntax of a case file.
type Format string

// The syntaxes a case file may be written in.
const (
	YAML Format = "yaml"
	JSON Format = "json"
)

// Case is a parsed case file: its original bytes (bundles archive them
// unchanged), the positioned tree and the plain value templates read.
type Case struct {
	File   string // name used in messages, usually the path given by the user
	Format Format
	Source []byte
	Root   *Node
	// Assets holds the files the case names (logo, evidence, attachments),
	// rooted at the case file's folder; nil when the case has no folder.
	Assets fs.FS
	value  map[string]any
	// valid remembers the validator that passed this case: a case is
	// immutable, so rendering it again need not validate it again.
	valid atomic.Pointer[Validator]
	// Memo keeps what was worked out from the files the case names (a
	// picture decoded and checked), so validating and rendering read and
	// judge each file once, and cannot disagree.
	Memo sync.Map

	dataOnce sync.Once
	data     map[string]any
}

// Value is the case as plain JSON-like values. It is shared: do not modify.
func (c *Case) Value() map[string]any { return c.value }

// Data is the case as templates read it (see Node.Data). It is built once
// and shared: do not modify.
func (c *Case) Data() map[string]any {
	c.dataOnce.Do(func() { c.data = c.Root.Data().(map[string]any) })
	return c.data
}

// ID is the case id, or "" when the file has none.
func (c *Case) ID() string {
	if n := c.Root.Get("id"); n != nil && n.Kind == String {
		return n.Text
	}
	return ""
}

// Read reads at most lim.MaxBytes from r and parses them; name is used in
// messages and picks the syntax by its extension.
func Read(name string, r io.Reader, lim Limits) (*Case, error) {
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Parse(name, data, lim)
}

// Parse parses one case file. Every error it returns for bad content is a
// *ValidationError.
func Parse(name string, data []byte, lim Limits) (*Case, error) {
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, newError(name, 0, 0, "", "file is larger than %d bytes (%d MiB); a case file is text of a few kilobytes", lim.MaxBytes, lim.MaxBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if err := checkText(name, data); err != nil {
		return nil, err
	}
	format := detect(name, data)
	var root *Node
	var err error
	if format == JSON {
		root, err = parseJSON(name, data, lim)
	} else {
		root, err = parseYAML(name, data, lim)
	}
	if err != nil {
		return nil, err
	}
	if root.Kind != Object {
		return nil, newError(name, root.Line, root.Col, "", "the case must be an object (key: value pairs), not %s %s", article(root.Kind), root.Kind)
	}
	return &Case{File: name, Format: format, Source: data, Root: root, value: root.Value().(map[string]any)}, nil
}

func article(k Kind) string {
	if k == Object || k == Array {
		return "an"
	}
	return "a"
}

func detect(name string, data []byte) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".json":
		return JSON
	case ".yaml", ".yml":
		return YAML
	}
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return JSON
	}
	return YAML
}

// checkText rejects what no text editor writes, naming the place, before a
// parser gives a vaguer message about it.
func checkText(name string, data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		l, c := lineCol(data, i)
		return newError(name, l, c, "", "NUL byte (0x00): a case file must be UTF-8 text, not binary data")
	}
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		l, c := lineCol(data, i)
		return newError(name, l, c, "", "invalid UTF-8 (byte 0x%02x): save the file as UTF-8 (GBK/GB18030 files must be converted first)", data[i])
	}
	return nil
}

// lineCol gives the 1-based line and column (in characters) of a byte offset.
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}
