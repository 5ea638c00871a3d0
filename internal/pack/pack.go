// Package pack loads template packs: a manifest, document definitions,
// labels per language and fonts, read from an fs.FS (the embedded default,
// or a user's folder). Packs are untrusted input: every template is
// compiled once, in a sandboxed pongo2 set that can read nothing outside
// the pack.
package pack

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/kesuhq/kesu/internal/diag"
	"io"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v4"

	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/timeline"
	"github.com/kesuhq/kesu/internal/workday"
	"github.com/kesuhq/kesu/internal/yamlpos"
	"github.com/kesuhq/kesu/templates"
)

// Manifest is pack.yaml.
type Manifest struct {
	Name string `yaml:"name"`
	// Extends names the pack this one overlays: "default" for the
	// embedded pack. The parent's files show through wherever this pack
	// has none, and its labels and manifest are merged key by key.
	Extends       string   `yaml:"extends"`
	Version       string   `yaml:"version"`
	Description   string   `yaml:"description"`
	DefaultLocale string   `yaml:"default_locale"`
	Locales       []string `yaml:"locales"`
	Fonts         Fonts    `yaml:"fonts"`
	// Documents lists the document ids in the order `kesu render` writes
	// them; each is defined in documents/<id>.yaml.
	Documents []string `yaml:"documents"`
	// Bundle names the documents that open a closure bundle's combined
	// PDF: its cover and its table of contents. They see `bundle` besides
	// the case.
	Bundle BundleDocs `yaml:"bundle"`
	// Report names the document of the period report (kesu report): it
	// sees `report`, the figures of a period, instead of a case.
	Report   string   `yaml:"report"`
	Policy   Policy   `yaml:"policy"`
	Branding Branding `yaml:"branding"`
	// Archive holds the organization's archive settings, for the 归档章
	// of a case that does not give them.
	Archive Archive `yaml:"archive"`
	// Numbers are the document numbers an organization uses, as templates
	// (agreement: "XY-{{ case.id }}"); documents write them as N.<name>,
	// so a pack changes its numbering in one place.
	Numbers map[string]*Tpl `yaml:"numbers"`
}

// Branding is how an organization's documents look: an accent colour for
// titles and title bars (#RRGGBB), and the picture of its seal (a file of
// the pack) stamped where a letter's closing leaves room for it.
type Branding struct {
	Accent string `yaml:"accent"`
	Seal   string `yaml:"seal"`
}

// Archive is what an archives office gave the organization: its fonds
// number (全宗号) and the department or subject its complaint files are
// filed under (机构（问题）).
type Archive struct {
	FondsNo string `yaml:"fonds_no"`
	OrgUnit string `yaml:"org_unit"`
}

// BundleDocs are the ids of the documents a bundle's combined PDF opens
// with (cover, contents: the 卷内目录) and ends with (back: the 备考表).
type BundleDocs struct {
	Cover    string `yaml:"cover"`
	Contents string `yaml:"contents"`
	Back     string `yaml:"back"`
}

// IDs are the ids of the bundle's own documents that the pack names.
func (b BundleDocs) IDs() []string {
	var ids []string
	for _, id := range []string{b.Cover, b.Contents, b.Back} {
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// Policy holds the rules a pack's organization works by: its deadlines,
// its working-day calendar and its closure checklist (timeline.Policy),
// and what its statistics count.
type Policy struct {
	timeline.Policy `yaml:",inline"`
	// RepeatDays is the window within which a second complaint from the
	// same phone, ID number, order or lot is a repeat complaint; 0 means
	// 90 days.
	RepeatDays int `yaml:"repeat_days"`
	// Base is a file of the pack giving the complaint rate's denominator
	// per month (a CSV of month and orders); --base overrides it.
	Base string `yaml:"base"`
}

// Fonts names the font files of the pack's fallback chains, first choice
// first: each character is drawn by the first font that has it.
type Fonts struct {
	Regular []string `yaml:"regular"`
	Bold    []string `yaml:"bold"`
}

// Pack is a loaded, compiled pack. It is immutable and safe for concurrent use.
type Pack struct {
	Manifest
	FS fs.FS
	// Calendar is the working-day calendar the policy names.
	Calendar *workday.Calendar
	labels   map[string]*labelSlot
	docs     map[string]*docSlot
}

// labelSlot holds the merged labels of a locale, decoded once, when first
// needed (at load for a pack loaded whole).
type labelSlot struct {
	once   sync.Once
	layers []fs.FS
	file   string
	m      map[string]any
	err    error
}

func (s *labelSlot) get() (map[string]any, error) {
	s.once.Do(func() { s.m, s.err = mergedLabels(s.layers, s.file) })
	return s.m, s.err
}

// Labels returns labels/<locale>.yaml, merged over the layers the pack
// extends; an error is that file's problems. A locale the pack lacks has
// no labels and no error.
func (p *Pack) Labels(locale string) (map[string]any, error) {
	s, ok := p.labels[locale]
	if !ok {
		return nil, nil
	}
	return s.get()
}

// docSlot holds a document definition: read, then compiled, each once,
// when first needed (at load for a pack loaded whole).
type docSlot struct {
	fsys    fs.FS
	id      string
	locales []string

	read, compiled sync.Once
	d              *Document
	readErr, err   error
}

// definition reads the document's file, without compiling it.
func (s *docSlot) definition() (*Document, error) {
	s.read.Do(func() { s.d, s.readErr = readDocument(s.fsys, s.id) })
	return s.d, s.readErr
}

func (s *docSlot) get() (*Document, error) {
	if _, err := s.definition(); err != nil {
		return nil, err
	}
	s.compiled.Do(func() { s.err = compileDocument(s.fsys, s.id, s.d, s.locales) })
	if s.err != nil {
		return nil, s.err
	}
	return s.d, nil
}

// Has reports whether the pack defines the document id.
func (p *Pack) Has(id string) bool {
	_, ok := p.docs[id]
	return ok
}

// Document returns the definition of a document, compiled. Of a pack
// loaded with LoadLazy, the first call reads and compiles it, and an error
// is that file's problems.
func (p *Pack) Document(id string) (*Document, error) {
	s, err := p.slot(id)
	if err != nil {
		return nil, err
	}
	return s.get()
}

// Needs returns the case fields a document needs (its needs:), reading
// its definition without compiling its templates: listing the documents a
// case can have costs a read of each, not a compile.
func (p *Pack) Needs(id string) ([]string, error) {
	s, err := p.slot(id)
	if err != nil {
		return nil, err
	}
	d, err := s.definition()
	if err != nil {
		return nil, err
	}
	return d.Needs, nil
}

func (p *Pack) slot(id string) (*docSlot, error) {
	s, ok := p.docs[id]
	if !ok {
		return nil, fmt.Errorf("no document %q in pack %s; it has %s", id, p.Name, strings.Join(p.Documents, ", "))
	}
	return s, nil
}

// Error is a problem in a pack file, at a line when one is known.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	return diag.Problem{File: e.File, Line: e.Line, Col: e.Col, Message: e.Msg}.String()
}

// MaxFile bounds any one pack file; the largest real one is a CJK font
// of a few MiB.
const MaxFile = 64 << 20

func readFile(fsys fs.FS, name string) ([]byte, error) {
	data, err := safefile.ReadFS(fsys, name, MaxFile)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &Error{File: name, Msg: "not found in the pack"}
	case err != nil:
		return nil, &Error{File: name, Msg: safefile.Reason(err)}
	}
	return data, nil
}

// present reports whether a layer has a file: a file that is not there is
// filled from the layer below, but one that is there and cannot be read (a
// link out of the pack or to nothing, a FIFO, a folder) is an error of the
// pack, never a silent fall back to the default's file.
func present(fsys fs.FS, name string) (bool, error) {
	st, err := fs.Stat(fsys, name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, &Error{File: name, Msg: safefile.Reason(err)}
	case !st.Mode().IsRegular():
		return false, &Error{File: name, Msg: safefile.NotRegular(st.Mode()).Error()}
	}
	return true, nil
}

// decode reads a YAML pack file strictly: an unknown key is an error, since
// in a pack it is nearly always a misspelling that would silently do nothing.
func decode(fsys fs.FS, name string, v any) error {
	data, err := readFile(fsys, name)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		return yamlErrorOf(name, data, err, v)
	}
	return nil
}

// yamlError places each problem of a pack file at its line and column.
func yamlError(file string, data []byte, err error) error { return yamlErrorOf(file, data, err, nil) }

// yamlErrorOf is yamlError for a file decoded into v: a misspelt key is
// told the key meant.
func yamlErrorOf(file string, data []byte, err error, v any) error {
	var errs []error
	for _, p := range yamlpos.ProblemsOf(data, err, v) {
		errs = append(errs, &Error{File: file, Line: p.Line, Col: p.Col, Msg: p.Msg})
	}
	return errors.Join(errs...)
}

var accentColor = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`) })

// Parent reads which pack a pack extends ("" for none).
func Parent(fsys fs.FS) (string, error) {
	data, err := readFile(fsys, "pack.yaml")
	if err != nil {
		return "", err
	}
	var m struct {
		Extends string `yaml:"extends"`
	}
	if err := yaml.Unmarshal(data, &m); err != nil {
		return "", yamlError("pack.yaml", data, err)
	}
	return m.Extends, nil
}

// Load reads and compiles a pack, every document of it. It reports every
// problem it finds, not just the first; when its manifest could be read,
// the pack is returned with the problems, as far as it loaded (a document
// or language that failed gives its error again), so lint goes on to
// check the rest.
func Load(fsys fs.FS) (*Pack, error) { return load(fsys, false) }

// LoadLazy reads a pack's manifest, and its labels and documents only when
// they are first asked for: rendering one document of the embedded pack
// then costs its own language and templates only. It is for packs whose
// files are known to load (the embedded one, whose tests load it with
// Load); a user's pack is loaded with Load, so all its problems show at
// once.
func LoadLazy(fsys fs.FS) (*Pack, error) { return load(fsys, true) }

func load(fsys fs.FS, lazy bool) (*Pack, error) {
	p := &Pack{FS: fsys, labels: map[string]*labelSlot{}, docs: map[string]*docSlot{}}
	ls := layers(fsys)
	// The manifest of each layer, bottom up, sets what it names.
	for i := len(ls) - 1; i >= 0; i-- {
		if i == len(ls)-1 && snapshotted(ls[i], "pack.yaml") {
			p.Manifest = *defaultManifest() // as decoded when kesu was built
			continue
		}
		if ok, err := present(ls[i], "pack.yaml"); err != nil {
			return nil, err
		} else if !ok && i > 0 {
			continue
		}
		if err := decode(ls[i], "pack.yaml", &p.Manifest); err != nil {
			return nil, err
		}
	}
	var errs []error
	bad := func(file, format string, args ...any) {
		errs = append(errs, &Error{File: file, Msg: fmt.Sprintf(format, args...)})
	}
	if p.Name == "" {
		bad("pack.yaml", "name is missing")
	}
	if len(p.Locales) == 0 {
		p.Locales = []string{"zh-CN"}
	}
	if p.DefaultLocale == "" {
		p.DefaultLocale = p.Locales[0]
	}
	if !slices.Contains(p.Locales, p.DefaultLocale) {
		bad("pack.yaml", "default_locale %q is not one of locales %v", p.DefaultLocale, p.Locales)
	}
	namedCalendar := p.Policy.Calendar != ""
	p.Policy.Defaults()
	for _, msg := range p.Policy.Check() {
		bad("pack.yaml", "%s", msg)
	}
	if err := p.loadCalendar(fsys, namedCalendar); err != nil {
		errs = append(errs, err)
	}
	if a := p.Branding.Accent; a != "" && !accentColor().MatchString(a) {
		bad("pack.yaml", "branding.accent %q: expected a colour as #RRGGBB", a)
	}
	if s := p.Branding.Seal; s != "" {
		if ok, err := present(fsys, s); err != nil {
			bad("pack.yaml", "branding.seal %s: %s", s, err.(*Error).Msg)
		} else if !ok {
			bad("pack.yaml", "branding.seal %s: not found in the pack", s)
		}
	}
	if len(p.Fonts.Regular) == 0 {
		bad("pack.yaml", "fonts.regular is empty: a pack needs at least one TrueType font")
	}
	for _, loc := range p.Locales {
		s := &labelSlot{layers: ls, file: "labels/" + loc + ".yaml"}
		if !lazy {
			if _, err := s.get(); err != nil {
				errs = append(errs, err)
			}
		}
		p.labels[loc] = s
	}
	c, err := newCompiler(fsys)
	if err != nil {
		return nil, err
	}
	// A document file the top pack adds is a document of the pack even if
	// its manifest does not list it: adding a form takes one file.
	if ls := layers(fsys); len(ls) > 1 {
		if es, err := fs.ReadDir(ls[0], "documents"); err == nil {
			for _, e := range es {
				id, ok := strings.CutSuffix(e.Name(), ".yaml")
				if ok && !e.IsDir() && !slices.Contains(p.Documents, id) && !slices.Contains(p.Bundle.IDs(), id) && id != p.Report {
					p.Documents = append(p.Documents, id)
				}
			}
		}
	}
	c.file = "pack.yaml"
	for _, name := range slices.Sorted(maps.Keys(p.Numbers)) {
		if t := p.Numbers[name]; t != nil {
			c.tpl(t)
		}
	}
	errs = append(errs, c.errs...)
	c.loader.sealed = true
	ids := slices.Clone(p.Documents)
	for _, id := range append(p.Bundle.IDs(), p.Report) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		s := &docSlot{fsys: fsys, id: id, locales: p.Locales}
		if !lazy {
			if _, err := s.get(); err != nil {
				errs = append(errs, err)
			}
		}
		p.docs[id] = s
	}
	return p, errors.Join(errs...)
}

// readDocument reads documents/<id>.yaml: the embedded default pack's as
// it was decoded when kesu was built (snapshot.go), decoding no YAML in a
// process that renders with it.
func readDocument(fsys fs.FS, id string) (*Document, error) {
	file := "documents/" + id + ".yaml"
	if embedded(fsys, file) {
		if d := defaultDocument(file); d != nil {
			d.File = file
			return d, nil
		}
	}
	return decodeDocument(fsys, file)
}

func decodeDocument(fsys fs.FS, file string) (*Document, error) {
	d := &Document{File: file}
	if err := decode(fsys, file, d); err != nil {
		return nil, err
	}
	return d, nil
}

// snapshotted reports whether fsys is the embedded default pack and its
// file name is what snapshot.go was made from: a file of templates/default
// changed and the snapshot not made again (TestSnapshot fails then) is
// decoded, never read stale. Checking costs a read of the file through a
// small buffer and its SHA-256, not a copy of it.
func snapshotted(fsys fs.FS, name string) bool {
	return fsys == templates.Default() && snapshotOf(fsys, name)
}

// snapshotOf reports whether fsys's file name is what the snapshot of
// name was made from.
func snapshotOf(fsys fs.FS, name string) bool {
	sum := snapshotSum(name)
	if sum == "" {
		return false
	}
	f, err := fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	var buf [1024]byte
	for {
		n, err := f.Read(buf[:])
		h.Write(buf[:n])
		if err == io.EOF {
			break
		}
		if err != nil {
			return false
		}
	}
	var got [sha256.Size]byte
	return hex.EncodeToString(h.Sum(got[:0])) == sum
}

// embedded reports whether the file a pack serves as name is the embedded
// default pack's: no layer above it has one.
func embedded(fsys fs.FS, name string) bool {
	for _, l := range layers(fsys) {
		if l == templates.Default() {
			return snapshotted(l, name)
		}
		if ok, err := present(l, name); ok || err != nil {
			return false
		}
	}
	return false
}

// compileDocument checks a definition and compiles its templates in a
// template set of its own, sealed once they are compiled.
func compileDocument(fsys fs.FS, id string, d *Document, locales []string) error {
	c, err := newCompiler(fsys)
	if err != nil {
		return err
	}
	c.file = d.File
	if d.ID != id {
		c.errs = append(c.errs, &Error{File: d.File, Msg: fmt.Sprintf("id is %q, expected %q (the file name)", d.ID, id)})
	}
	c.document(d, locales)
	if len(c.errs) > 0 {
		return errors.Join(c.errs...)
	}
	c.loader.sealed = true
	return nil
}

func validPath(p string) bool {
	for _, root := range []string{"case.", "d.", "row.", "bundle.", "report."} {
		if strings.HasPrefix(p, root) {
			return true
		}
	}
	return false
}

// template compiles a block's text file for every locale of the pack.
func (c *compiler) template(b *Block, locales []string) {
	b.texts = map[string]*Tpl{}
	for _, loc := range locales {
		name := strings.ReplaceAll(b.Template, "{locale}", loc)
		data, err := readFile(c.fsys, name)
		if err != nil {
			c.errs = append(c.errs, &Error{File: c.file, Msg: fmt.Sprintf("template %s: not found in the pack (needed for locale %s)", name, loc)})
			continue
		}
		t := &Tpl{Src: string(data), Line: 1, Col: 1}
		file := c.file
		c.file = name
		c.tpl(t)
		c.file = file
		b.texts[loc] = t
	}
}

// mergedLabels reads a labels file of every layer that has one and merges
// them key by key, upper layers winning: a pack that rewords one label
// writes that label alone.
// The embedded default pack's labels are as decoded when kesu was built
// (snapshot.go). Each layer's labels are decoded afresh, so the lowest
// are merged into, not copied.
func mergedLabels(ls []fs.FS, name string) (map[string]any, error) {
	var out map[string]any
	for i := len(ls) - 1; i >= 0; i-- {
		var m map[string]any
		if snapshotted(ls[i], name) {
			m = defaultLabels(name)
		}
		if m == nil {
			if ok, err := present(ls[i], name); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
			if err := decode(ls[i], name, &m); err != nil {
				return nil, err
			}
			if m == nil {
				m = map[string]any{} // an empty file
			}
		}
		if out == nil {
			out = m
		} else {
			mergeInto(out, m)
		}
	}
	if out == nil {
		return nil, &Error{File: name, Msg: "not found in the pack: every locale of pack.yaml needs its labels file"}
	}
	return out, nil
}

// DecodeLabels decodes the section key of a locale's labels (ledger:,
// draw:) into v, which holds kesu's own wording: each layer's file that has
// the section is decoded over it, the lowest first, so the top layer's
// words win and the others stand. A misspelt key or a list of the wrong
// length is an error at its line in the file it is written in.
func (p *Pack) DecodeLabels(locale, key string, v any) error {
	labels, err := p.Labels(locale)
	if err != nil || labels[key] == nil {
		return err // no layer has the section: nothing to read again
	}
	file := "labels/" + locale + ".yaml"
	var errs []error
	ls := layers(p.FS)
	for i := len(ls) - 1; i >= 0; i-- {
		if ok, err := present(ls[i], file); err != nil {
			return err
		} else if !ok {
			continue
		}
		data, err := readFile(ls[i], file)
		if err != nil {
			return err
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return yamlError(file, data, err)
		}
		if n := section(&doc, key); n != nil {
			if err := n.Load(v, yaml.WithKnownFields()); err != nil {
				errs = append(errs, yamlError(file, data, err))
			}
		}
	}
	return errors.Join(errs...)
}

// section is the value of a top-level key of a YAML document, or nil.
func section(doc *yaml.Node, key string) *yaml.Node {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := doc.Content[0].Content
	for i := 0; i+1 < len(m); i += 2 {
		if m[i].Value == key {
			return m[i+1]
		}
	}
	return nil
}

func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		if sm, ok := v.(map[string]any); ok {
			if dm, ok := dst[k].(map[string]any); ok {
				mergeInto(dm, sm)
				continue
			}
		}
		dst[k] = v
	}
}

// document compiles every template of a definition and checks its shape.
func (c *compiler) document(d *Document, locales []string) {
	c.tpl(&d.Name)
	for _, b := range []*Band{&d.Header, &d.Footer} {
		c.tpl(&b.Left)
		c.tpl(&b.Center)
		c.tpl(&b.Right)
	}
	for _, t := range d.Record.Tpls() {
		c.tpl(t)
	}
	if d.Page.Size == "" {
		d.Page.Size = "A4"
	}
	if d.Page.Size != "A4" {
		c.errs = append(c.errs, &Error{File: c.file, Msg: fmt.Sprintf("page size %q: only A4 is supported", d.Page.Size)})
	}
	if d.Page.FontSize == 0 {
		d.Page.FontSize = 10.5
	}
	for i := range d.Sheets {
		sh := &d.Sheets[i]
		c.tpl(&sh.Name)
		for j := range sh.Columns {
			c.tpl(&sh.Columns[j].Label)
			c.tpl(&sh.Columns[j].Value)
		}
	}
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Kind == 0 {
			c.errs = append(c.errs, &Error{File: c.file, Line: b.Line, Col: b.Col, Msg: fmt.Sprintf("block %d: kind %q is not one of %s", i+1, b.kindName, kindList())})
		}
		for _, path := range []string{b.Rows, b.Repeat} {
			if path != "" && !validPath(path) {
				c.errs = append(c.errs, &Error{File: c.file, Line: b.Line, Col: b.Col, Msg: fmt.Sprintf("block %d: %q must name a list under case., d., row., bundle. or report.", i+1, path)})
			}
		}
		c.cond(&b.When)
		for _, t := range []*Tpl{&b.Title, &b.Text, &b.Empty, &b.Seal, &b.Src, &b.Caption, &b.Item, &b.Note, &b.Category} {
			c.tpl(t)
		}
		c.cond(&b.Done)
		for j := range b.Bones {
			c.tpl(&b.Bones[j].Label)
		}
		c.tpl(&b.XLabel)
		c.tpl(&b.YLabel)
		for j := range b.Series {
			c.tpl(&b.Series[j].Name)
			c.tpl(&b.Series[j].Value)
		}
		if b.Kind == Chart && !slices.Contains(ChartKinds, b.Chart) {
			c.errs = append(c.errs, &Error{File: c.file, Line: b.Line, Col: b.Col, Msg: fmt.Sprintf("block %d: chart %q is not one of %v", i+1, b.Chart, ChartKinds)})
		}
		switch b.Format {
		case "", "number", "percent":
		default:
			c.errs = append(c.errs, &Error{File: c.file, Line: b.Line, Col: b.Col, Msg: fmt.Sprintf("block %d: format %q is not number or percent", i+1, b.Format)})
		}
		if b.Template != "" {
			c.template(b, locales)
		}
		for j := range b.Fields {
			f := &b.Fields[j]
			c.tpl(&f.Label)
			c.tpl(&f.Value)
			c.cond(&f.When)
		}
		for j := range b.Columns {
			c.tpl(&b.Columns[j].Label)
			c.tpl(&b.Columns[j].Value)
		}
		for j := range b.Boxes {
			c.tpl(&b.Boxes[j].Label)
			c.tpl(&b.Boxes[j].Name)
			c.tpl(&b.Boxes[j].Date)
			c.tpl(&b.Boxes[j].Sign)
			c.cond(&b.Boxes[j].Seal)
		}
		switch b.Numbering {
		case "", "article", "chinese", "paren", "decimal":
		default:
			c.errs = append(c.errs, &Error{File: c.file, Line: b.Line, Col: b.Col, Msg: fmt.Sprintf("block %d: numbering %q is not one of article, chinese, paren, decimal", i+1, b.Numbering)})
		}
	}
}

// loadCalendar reads the policy's working-day calendar; its problems are
// pack errors at their lines.
// A pack that names no calendar and has none counts Monday to Friday, and
// every deadline says so.
func (p *Pack) loadCalendar(fsys fs.FS, named bool) error {
	name := p.Policy.Calendar
	data, err := readFile(fsys, name)
	if err != nil && named {
		return err
	}
	cal, probs := workday.Parse(data)
	if probs != nil {
		var errs []error
		for _, e := range probs {
			errs = append(errs, &Error{File: name, Line: e.Line, Col: e.Col, Msg: e.Msg})
		}
		return errors.Join(errs...)
	}
	p.Calendar, p.Policy.Cal = cal, cal
	return nil
}
