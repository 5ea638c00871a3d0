package pack

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Kind is the kind of a block. The set is closed: a pack names a kind in
// its YAML, compiling refuses a name that is not one of Kinds, and both
// back ends draw every kind (render/pdf/kinds_test.go holds them to it).
type Kind uint8

// The block kinds. The zero Kind is none: a name that did not parse.
const (
	Heading Kind = iota + 1
	Fields
	Table
	Text
	Signatures
	Closing
	Image
	QR
	Gallery
	Checklist
	Fishbone
	Chain
	Chart
	Spacer
	PageBreak
)

var kindNames = [...]string{"", "heading", "fields", "table", "text", "signatures", "closing", "image", "qr", "gallery",
	"checklist", "fishbone", "chain", "chart", "spacer", "pagebreak"}

// Kinds returns every block kind, in the order the reference lists them.
func Kinds() []Kind {
	ks := make([]Kind, 0, len(kindNames)-1)
	for k := Heading; int(k) < len(kindNames); k++ {
		ks = append(ks, k)
	}
	return ks
}

// ParseKind returns the kind a pack names, or false.
func ParseKind(name string) (Kind, bool) {
	for k := Heading; int(k) < len(kindNames); k++ {
		if kindNames[k] == name {
			return k, true
		}
	}
	return 0, false
}

// String is the kind's name as a pack writes it.
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// UnmarshalYAML reads a kind by its name. A name that is none leaves the
// zero Kind, which compiling reports with the name and where it stands.
func (k *Kind) UnmarshalYAML(n *yaml.Node) error {
	*k, _ = ParseKind(n.Value)
	return nil
}

// MarshalText writes the kind by its name (a layout dumped as JSON).
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// kindList is the names for a message: "heading, fields, …".
func kindList() string { return strings.Join(kindNames[1:], ", ") }
