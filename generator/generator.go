// Package generator is kesu's Go API: build a Generator once from Options,
// then load, validate and render complaint cases into PDF or XLSX, into any
// io.Writer. A Generator is safe for concurrent use; fonts are parsed when
// it is built and templates compiled once, never per document (a pack's
// when it is built; the embedded pack's, a document's when first rendered).
//
//	g, err := generator.New(generator.Options{})
//	c, err := g.Load("case.yaml", data)          // parse + validate
//	res, err := g.Render(ctx, c, "registration", generator.PDF, w)
//
// Bad input comes back as *ValidationError (errors.As), holding every
// problem with its line, column and JSON pointer.
package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/kesuhq/kesu/internal/locale"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/assets"
	"github.com/kesuhq/kesu/internal/bundle"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/ledger"
	"github.com/kesuhq/kesu/internal/lint"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/render/pdf"
	"github.com/kesuhq/kesu/internal/render/xlsx"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/internal/typeset"
	"github.com/kesuhq/kesu/schemas"
	"github.com/kesuhq/kesu/templates"
)

// Version is written into every PDF and bundle manifest. It is a constant,
// not a build stamp, so the same case renders to the same bytes.
const Version = "0.1.0"

// Format is an output format.
type Format string

// The formats every document renders to.
const (
	PDF  Format = "pdf"
	XLSX Format = "xlsx"
)

// Formats lists the formats in the order the CLI writes them.
func Formats() []Format { return []Format{PDF, XLSX} }

// Case is a case file read and validated, with the folder its files are
// read from. It is immutable: render it any number of times, at once.
type Case struct{ cf *casefile.Case }

// ID is the case's id (its bundle's name), or "" when it has none.
func (c *Case) ID() string { return c.cf.ID() }

// File is the name the case was loaded under, as problems name it.
func (c *Case) File() string { return c.cf.File }

// Value is the case as JSON-like values (maps, slices, strings, numbers,
// booleans). It is shared: do not modify it.
func (c *Case) Value() map[string]any { return c.cf.Value() }

// Limits bound what one case file may cost to read: bytes, nesting depth,
// values, and the decoded size of one picture it names (width × height ×
// bytes per pixel). A zero field takes kesu's default.
type Limits struct {
	MaxBytes      int64
	MaxDepth      int
	MaxNodes      int
	MaxImageBytes int64
}

func (l Limits) internal() casefile.Limits {
	d := casefile.DefaultLimits
	if l.MaxBytes > 0 {
		d.MaxBytes = l.MaxBytes
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxNodes > 0 {
		d.MaxNodes = l.MaxNodes
	}
	if l.MaxImageBytes > 0 {
		d.MaxImageBytes = l.MaxImageBytes
	}
	return d
}

// Options configure a Generator. The zero value renders with the embedded
// default pack and its fonts.
type Options struct {
	// Pack is the template pack, rooted at its pack.yaml; nil is the
	// embedded default pack.
	Pack fs.FS
	// Locale, when set, overrides the case's `locale` and the pack's default.
	Locale string
	// Limits bound what a case file may cost to read.
	Limits Limits
	// Copy and Watermark are the defaults of every render; a render may
	// override them (WithCopy, WithWatermark).
	Copy      Copy
	Watermark string
	// TemplateTimeout bounds the time a document's templates may take
	// (a pack is untrusted input); 0 means 10 seconds.
	TemplateTimeout time.Duration
}

// Copy says whose copy of a document is rendered.
type Copy string

// The copies a document can be rendered as.
const (
	// Original is the parties' own copy: everything as written.
	Original Copy = "original"
	// ThirdParty is the copy for a regulator, a merchant or the archive of
	// another organization: personal data is masked (phone 138****5678,
	// ID number 310115********1234).
	ThirdParty Copy = "third-party"
)

func parseCopy(s string) (Copy, error) {
	switch Copy(s) {
	case "", Original:
		return Original, nil
	case ThirdParty:
		return ThirdParty, nil
	}
	return "", &UsageError{Msg: fmt.Sprintf("copy %q: expected original or third-party", s)}
}

// RenderOption changes one render.
type RenderOption func(*renderOptions)

type renderOptions struct {
	copy      Copy
	watermark string
	asOf      time.Time
	// ctx stops a document's templates: cancelled, or past the deadline
	// (see deadline).
	ctx context.Context
}

// WithCopy renders the given copy: ThirdParty masks personal data.
func WithCopy(c Copy) RenderOption { return func(o *renderOptions) { o.copy = c } }

// WithWatermark draws text (草稿, 副本, 仅供…使用) under every page.
func WithWatermark(text string) RenderOption { return func(o *renderOptions) { o.watermark = text } }

// Generator renders cases. Build it once with New.
type Generator struct {
	opts     Options
	limits   casefile.Limits
	pack     *pack.Pack
	fonts    typeset.Fonts
	packHash func() string
	// locales are the pack's; shared is the locale of the documents of
	// many cases (ledger, tracking table, report), decided once.
	locales locale.Set
	shared  locale.Locale
	// ledger words the 台账, and words the renderers' own words per
	// locale, from the pack's labels over kesu's own; each is worked out
	// when first needed.
	ledger func() (ledger.Labels, error)
	words  map[locale.Locale]func() (doc.Words, error)
	// plain draws PDFs that are not PDF/A: only the benchmark of what
	// PDF/A costs a document sets it (BenchmarkPDFACost).
	plain bool
}

// New loads the pack, parses its fonts and compiles its templates (the
// case schema is read when the first case is checked, once per process).
// A pack given in Options is compiled whole, so all its
// problems show here; the embedded pack compiles a document's templates
// when it is first rendered (its tests load it whole).
func New(opts Options) (*Generator, error) {
	load, lazy := pack.Load, false
	switch parent, err := packParent(opts.Pack); {
	case err != nil:
		return nil, &PackError{Err: err}
	case opts.Pack == nil:
		opts.Pack = templates.Default()
		load, lazy = pack.LoadLazy, true // the binary's own pack: its tests load it whole
	case parent == "default":
		opts.Pack = pack.Overlay(opts.Pack, templates.Default())
	case parent != "":
		return nil, &PackError{Err: fmt.Errorf("pack.yaml: extends %q: a pack can extend the default pack (extends: default)", parent)}
	}
	c, err := parseCopy(string(opts.Copy))
	if err != nil {
		return nil, err
	}
	opts.Copy = c
	p, err := load(opts.Pack)
	if err != nil {
		return nil, &PackError{Err: err}
	}
	locales := locale.Of(p.Locales, p.DefaultLocale)
	shared, _, err := locales.Decide(locale.Asked{Option: locale.Locale(opts.Locale)})
	if err != nil {
		return nil, &UsageError{Msg: err.Error()}
	}
	fonts, err := typeset.LoadFonts(p.FS, p.Fonts.Regular, p.Fonts.Bold)
	if err != nil {
		return nil, &PackError{Err: &pack.Error{File: "pack.yaml", Msg: err.Error()}}
	}
	g := &Generator{opts: opts, limits: opts.Limits.internal(), pack: p, fonts: fonts, locales: locales, shared: shared,
		words: map[locale.Locale]func() (doc.Words, error){}}
	g.packHash = sync.OnceValue(func() string { return hashFS(p.FS) })
	g.ledger = sync.OnceValues(func() (ledger.Labels, error) { return ledger.LabelsFor(p, string(shared)) })
	for _, loc := range locales.All {
		g.words[loc] = sync.OnceValues(func() (doc.Words, error) { return drawWords(p, loc) })
	}
	if !lazy {
		// A user's pack: a misworded label is a problem of the pack, now,
		// each of them.
		_, err := g.ledger()
		errs := []error{err}
		for _, loc := range locales.All {
			_, err := g.words[loc]()
			errs = append(errs, err)
		}
		if err := errors.Join(errs...); err != nil {
			return nil, &PackError{Err: err}
		}
	}
	return g, nil
}

// caseValidator is the case schema made ready: the binary's own schema,
// read once per process, not once per Generator (and compiled in full
// only if a case fails its quick check: casefile.NewValidator).
var caseValidator = sync.OnceValues(func() (*casefile.Validator, error) {
	return casefile.NewValidator(schemas.CaseID, schemas.Case)
})

func packParent(fsys fs.FS) (string, error) {
	if fsys == nil {
		return "", nil
	}
	return pack.Parent(fsys)
}

// PackHash is the SHA-256 of the pack's files (names and bytes, in name
// order): bundles record it, so an archive knows which wording made them.
// It is computed once, when first asked for.
func (g *Generator) PackHash() string { return g.packHash() }

func hashFS(fsys fs.FS) string {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := safefile.ReadFS(fsys, p, pack.MaxFile)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", p, len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Limits are the bounds case files are read with, kesu's defaults filled
// in.
func (g *Generator) Limits() Limits {
	return Limits{MaxBytes: g.limits.MaxBytes, MaxDepth: g.limits.MaxDepth, MaxNodes: g.limits.MaxNodes, MaxImageBytes: g.limits.MaxImageBytes}
}

// PackInfo describes the pack a Generator renders with.
type PackInfo struct {
	Name, Version string
	// Extends is the pack this one overlays ("default"), or "".
	Extends       string
	Locales       []string
	DefaultLocale string
	// Documents are the pack's document ids, in its order.
	Documents []string
}

// Pack describes the loaded pack.
func (g *Generator) Pack() PackInfo {
	p := g.pack
	return PackInfo{Name: p.Name, Version: p.Version, Extends: p.Extends, Locales: slices.Clone(p.Locales),
		DefaultLocale: p.DefaultLocale, Documents: slices.Clone(p.Documents)}
}

// DocumentInfo describes a document of the pack.
type DocumentInfo struct {
	ID string `json:"id"`
	// Name is its title in the pack's default locale (协议书 for agreement).
	Name string `json:"name"`
	// Needs are the JSON pointers of the fields a case must have for it.
	Needs []string `json:"needs,omitempty"`
}

// Document describes a document of the pack; ErrUnknownDocument when the
// pack has none of that id.
func (g *Generator) Document(id string) (DocumentInfo, error) {
	d, err := g.definition(id)
	if err != nil {
		return DocumentInfo{}, err
	}
	labels, _ := g.pack.Labels(g.pack.DefaultLocale)
	name, _ := d.Name.Exec(map[string]any{"L": labels})
	return DocumentInfo{ID: id, Name: name, Needs: slices.Clone(d.Needs)}, nil
}

// Prepare reads and compiles the pack's documents ids (when none is
// named, those Pack().Documents lists) now, not at their first render: a program
// that knows what it will render starts it on another core while it reads
// its first case, and a service before it takes requests. A pack given in
// Options was compiled whole by New; Prepare is for the embedded pack.
// The error is ErrUnknownDocument for an id the pack has not.
func (g *Generator) Prepare(ids ...string) error {
	if len(ids) == 0 {
		ids = g.pack.Documents
	}
	var errs []error
	for _, id := range ids {
		if _, err := g.definition(id); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// definition is the pack's document id, compiled.
func (g *Generator) definition(id string) (*pack.Document, error) {
	if !g.pack.Has(id) {
		return nil, &UsageError{Msg: fmt.Sprintf("pack %s has no document %q; it has %s", g.pack.Name, id, strings.Join(g.pack.Documents, ", ")), Err: ErrUnknownDocument}
	}
	d, err := g.pack.Document(id)
	if err != nil {
		return nil, &PackError{Err: err}
	}
	return d, nil
}

// LoadOption changes how a case is loaded.
type LoadOption func(*loadOptions)

type loadOptions struct{ assets fs.FS }

// WithAssets gives the files the case names (logo, evidence,
// attachments), rooted where the case file lies: a service receiving a
// case and its files over the network hands them as an fs.FS (an
// fstest.MapFS, a zip.Reader). Without it, Load reads a case that names no
// file, and a document that needs one fails with ErrNoAssets.
func WithAssets(fsys fs.FS) LoadOption { return func(o *loadOptions) { o.assets = fsys } }

// Load parses and validates a case file given as bytes; name is used in
// messages and picks the syntax by its extension (.yaml, .yml, .json).
func (g *Generator) Load(name string, data []byte, opts ...LoadOption) (*Case, error) {
	c, err := g.Parse(name, data, opts...)
	if err != nil {
		return nil, err
	}
	if err := g.Validate(c); err != nil {
		return nil, err
	}
	return c, nil
}

// Parse reads a case file without validating it, for a tool that shows
// a case and its problems (Validate) side by side. Render and Bundle
// validate what they are given.
func (g *Generator) Parse(name string, data []byte, opts ...LoadOption) (*Case, error) {
	var o loadOptions
	for _, f := range opts {
		f(&o)
	}
	c, err := casefile.Parse(name, data, g.limits)
	if err != nil {
		return nil, public(err)
	}
	c.Assets = o.assets
	return &Case{c}, nil
}

// LoadFS reads, parses and validates the case file name of fsys; its
// files are read from name's folder in fsys, and only from there.
func (g *Generator) LoadFS(fsys fs.FS, name string) (*Case, error) {
	if fsys == nil {
		return nil, &UsageError{Msg: name + ": no file system to read the case from", Err: ErrNoAssets}
	}
	// One byte over the limit is read, so Parse says the file is too large.
	data, err := safefile.ReadFS(fsys, name, g.limits.MaxBytes+1)
	if err != nil {
		return nil, &ValidationError{File: name, Problems: []Problem{{Position{File: name}, safefile.Reason(err)}}, Err: err}
	}
	dir, err := fs.Sub(fsys, path.Dir(name))
	if err != nil {
		return nil, &UsageError{Msg: fmt.Sprintf("%s: %v", name, err), Err: err}
	}
	return g.Load(name, data, WithAssets(dir))
}

// LoadFile reads, parses and validates a case file; its attachments are
// read from the file's folder (and only from there: paths and symbolic
// links that lead out of it are refused).
func (g *Generator) LoadFile(path string) (*Case, error) {
	f, err := safefile.Open(path, 0)
	if err != nil {
		return nil, &ValidationError{File: path, Problems: []Problem{{Position{File: path}, safefile.Reason(err)}}, Err: err}
	}
	defer f.Close()
	// One byte over the limit is read, so Parse says the file is too large.
	data, err := io.ReadAll(io.LimitReader(f, g.limits.MaxBytes+1))
	if err != nil {
		return nil, &ValidationError{File: path, Problems: []Problem{{Position{File: path}, safefile.Reason(err)}}, Err: err}
	}
	return g.Load(path, data, WithAssets(assets.DirFS(filepath.Dir(path))))
}

// Validate checks a case against the schema and the case format's rules
// (Load has done so). The error is a *ValidationError holding every
// problem.
func (g *Generator) Validate(c *Case) error { return public(g.validate(c.cf)) }

func (g *Generator) validate(c *casefile.Case) error {
	v, err := caseValidator()
	if err != nil {
		return err
	}
	return v.Validate(c)
}

// Documents lists, in the pack's order, the documents the case has the
// data for.
func (g *Generator) Documents(c *Case) []string { return g.documents(c.cf) }

func (g *Generator) documents(c *casefile.Case) []string {
	var ids []string
	for _, id := range g.pack.Documents {
		// A document that fails to load is listed: rendering it says why.
		if needs, err := g.pack.Needs(id); err != nil || len(missing(c, needs)) == 0 {
			ids = append(ids, id)
		}
	}
	return ids
}

func missing(c *casefile.Case, needs []string) []string {
	var out []string
	for _, p := range needs {
		if n := c.Root.Lookup(p); n == nil || n.Kind == casefile.Null {
			out = append(out, p)
		}
	}
	return out
}

// Result tells what a render produced.
type Result struct {
	Pages int `json:"pages,omitempty"`
	// Warnings are what the reader of the document should know but that
	// did not stop it: a character no font of the pack draws, where it is
	// written.
	Warnings []Problem `json:"warnings,omitempty"`
}

func (g *Generator) renderOptions(opts []RenderOption) (renderOptions, error) {
	o := renderOptions{copy: g.opts.Copy, watermark: g.opts.Watermark, ctx: context.Background()}
	for _, f := range opts {
		f(&o)
	}
	var err error
	o.copy, err = parseCopy(string(o.copy))
	return o, err
}

// resolveDoc validates the case and evaluates one document of the pack
// against it: the resolved document both backends draw.
func (g *Generator) resolveDoc(c *casefile.Case, docID string, opts ...RenderOption) (*doc.Document, error) {
	o, err := g.renderOptions(opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := g.deadline(context.Background())
	defer cancel()
	o.ctx = ctx
	return g.resolve(c, docID, o, nil)
}

// prepare resolves a document and reads the pictures it shows.
func (g *Generator) prepare(c *casefile.Case, docID string, o renderOptions, extra pongo2.Context) (*doc.Document, map[string]*doc.Picture, error) {
	d, err := g.resolve(c, docID, o, extra)
	if err != nil {
		return nil, nil, err
	}
	images, err := assets.Pictures(c, d, g.pack.FS, g.limits.ImageBudget())
	var pe *pack.Error
	if errors.As(err, &pe) {
		return nil, nil, &PackError{Err: err}
	}
	if err != nil {
		return nil, nil, err
	}
	return d, images, nil
}

// resolve evaluates a document; extra adds variables to its context (the
// bundle's cover and contents see `bundle`).
func (g *Generator) resolve(c *casefile.Case, docID string, o renderOptions, extra pongo2.Context) (*doc.Document, error) {
	if err := g.validate(c); err != nil {
		return nil, err
	}
	def, err := g.pack.Document(docID)
	switch {
	case err != nil && !g.pack.Has(docID):
		return nil, &UsageError{Msg: err.Error(), Err: ErrUnknownDocument}
	case err != nil:
		return nil, &PackError{Err: err}
	}
	if miss := missing(c, def.Needs); len(miss) > 0 {
		ve := &casefile.ValidationError{File: c.File}
		for _, p := range miss {
			n := c.Root.Nearest(p)
			ve.Problems = append(ve.Problems, casefile.Problem{Line: n.Line, Col: n.Col, Pointer: p,
				Message: fmt.Sprintf("document %q needs this field, and the case does not have it", docID)})
		}
		return nil, ve
	}
	loc, err := g.locale(c)
	if err != nil {
		return nil, err
	}
	var value any = c.Data()
	if o.copy == ThirdParty {
		value = casefile.Masked(value)
	}
	derived := casefile.Derive(c)
	g.derivedTime(c, derived, o.asOf)
	if sums := assets.Digests(c); sums != nil {
		derived["attachment_sha256"] = sums
	}
	labels, err := g.pack.Labels(string(loc))
	if err != nil {
		return nil, &PackError{Err: err}
	}
	words, err := g.words[loc]()
	if err != nil {
		return nil, &PackError{Err: err}
	}
	ctx := pongo2.Context{
		"case": value,
		"d":    derived,
		"L":    labels,
		// One budget for all the document's templates: its text, and the
		// time they and its layout may take.
		pack.BudgetKey: pack.NewBudget(o.ctx, maxDocumentText),
	}
	numbers := map[string]any{}
	for name, t := range g.pack.Numbers {
		if t == nil {
			continue
		}
		n, err := t.Exec(ctx)
		if err != nil {
			pe := t.At("pack.yaml", err)
			pe.Msg = "numbers." + name + ": " + pe.Msg
			return nil, &PackError{Err: pe}
		}
		numbers[name] = strings.TrimSpace(n)
	}
	ctx["N"] = numbers
	for k, v := range extra {
		ctx[k] = v
	}
	d, err := g.evaluate(def, ctx, loc, words, o)
	if err != nil {
		return nil, err
	}
	d.Watermark = o.watermark
	d.Accent = g.pack.Branding.Accent
	if seal := g.pack.Branding.Seal; seal != "" {
		for i := range d.Blocks {
			if b := &d.Blocks[i]; b.Kind == pack.Closing && b.Seal != "" {
				b.Images = []doc.Image{{Src: doc.PackPrefix + seal}}
			}
		}
	}
	return d, nil
}

// maxDocumentText bounds the text one document's templates may write:
// a real document is some tens of kilobytes; a pack that writes megabytes
// would take the layout minutes.
const maxDocumentText = pack.MaxText

// deadline is ctx bounded by the template timeout: a document's templates
// and its layout must end by then. pongo2 is stopped from inside (kesu's
// for and set, and the writer every template writes through, check it),
// so nothing of a stopped document keeps running.
func (g *Generator) deadline(ctx context.Context) (context.Context, context.CancelFunc) {
	timeout := g.opts.TemplateTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return context.WithTimeout(ctx, timeout)
}

// timedOut words a document stopped by its deadline, or returns the
// caller's own cancellation as it is.
func (g *Generator) timedOut(ctx context.Context, what string) error {
	if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return ctx.Err()
	}
	timeout := g.opts.TemplateTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return &PackError{Err: fmt.Errorf("%s: its templates and layout took longer than %v and were stopped; a loop over the case that does not end?", what, timeout)}
}

// evaluate runs a document's templates; o.ctx stops them.
func (g *Generator) evaluate(def *pack.Document, ctx pongo2.Context, loc locale.Locale, words doc.Words, o renderOptions) (*doc.Document, error) {
	d, err := doc.Evaluate(def, ctx, loc, words)
	if o.ctx.Err() != nil {
		if err := g.timedOut(o.ctx, def.File); err != nil {
			return nil, err
		}
	}
	if err != nil {
		return nil, &PackError{Err: err}
	}
	return d, nil
}

// locale is the language of a case's documents: the generator's, else
// the case's, else the pack's default (locale.Set.Decide). A case asking
// for one the pack lacks is a problem of the case, at its locale field.
func (g *Generator) locale(c *casefile.Case) (locale.Locale, error) {
	var asked locale.Locale
	if n := c.Root.Get("locale"); n != nil && n.Kind == casefile.String {
		asked = locale.Locale(n.Text)
	}
	loc, _, err := g.locales.Decide(locale.Asked{Option: locale.Locale(g.opts.Locale), Case: asked})
	if err != nil {
		n := c.Root.Nearest("/locale")
		return "", &casefile.ValidationError{File: c.File, Problems: []casefile.Problem{{Line: n.Line, Col: n.Col, Pointer: "/locale",
			Message: fmt.Sprintf("pack %s has no locale %q; it has %s", g.pack.Name, asked, strings.Join(g.pack.Locales, ", "))}}}
	}
	return loc, nil
}

// layout returns the pages, boxes and lines a document's PDF is drawn
// from: what golden tests compare.
func (g *Generator) layout(c *casefile.Case, docID string, opts ...RenderOption) (*pdf.Layout, error) {
	o, err := g.renderOptions(opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := g.deadline(context.Background())
	defer cancel()
	o.ctx = ctx
	d, images, err := g.prepare(c, docID, o, nil)
	if err != nil {
		return nil, err
	}
	l, err := pdf.Lay(d, g.fonts, images)
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, g.timedOut(ctx, docID)
	}
	return l, nil
}

// Render writes one document of the case in the given format to w. The
// case is validated first; nothing is written to w unless rendering
// succeeded.
func (g *Generator) Render(ctx context.Context, c *Case, docID string, format Format, w io.Writer, opts ...RenderOption) (*Result, error) {
	res, err := g.render(ctx, c.cf, docID, format, w, opts)
	return res, public(err)
}

func (g *Generator) render(ctx context.Context, c *casefile.Case, docID string, format Format, w io.Writer, opts []RenderOption) (*Result, error) {
	switch format {
	case PDF, XLSX:
	default:
		return nil, &UsageError{Msg: fmt.Sprintf("format %q: expected pdf or xlsx", format), Err: ErrUnknownFormat}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	o, err := g.renderOptions(opts)
	if err != nil {
		return nil, err
	}
	ctx, cancel := g.deadline(ctx)
	defer cancel()
	o.ctx = ctx
	d, images, err := g.prepare(c, docID, o, nil)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, g.timedOut(ctx, docID)
	}
	res := &Result{}
	var buf bytes.Buffer
	switch format {
	case PDF:
		res.Warnings = g.glyphWarnings(c, d)
		l, err := pdf.Lay(d, g.fonts, images)
		if err != nil {
			return nil, err
		}
		res.Pages = len(l.Pages)
		for _, w := range l.Warnings {
			res.Warnings = append(res.Warnings, Problem{Position: Position{File: c.File}, Message: d.Name + ": " + w})
		}
		// fpdf writes the PDF in one piece once it is whole, so it goes
		// to w from fpdf's buffer rather than through a copy here (a
		// fresh process pays for every byte it touches): the deadline is
		// checked just before that write instead of after.
		dw := &deadlineWriter{ctx: ctx, w: w}
		if err := pdf.Draw(dw, l, g.fonts, images, g.meta(c, d)); err != nil {
			if dw.wrote {
				return res, err
			}
			if ctx.Err() != nil {
				return nil, g.timedOut(ctx, docID)
			}
			return nil, err
		}
		return res, nil
	case XLSX:
		if err := xlsx.Render(&buf, d, g.fonts.Regular, images, caseTime(c)); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, g.timedOut(ctx, docID)
	}
	_, err = w.Write(buf.Bytes())
	return res, err
}

// deadlineWriter passes writes on to w while ctx is live.
type deadlineWriter struct {
	ctx   context.Context
	w     io.Writer
	wrote bool // a write reached w
}

func (dw *deadlineWriter) Write(p []byte) (int, error) {
	if err := dw.ctx.Err(); err != nil {
		return 0, err
	}
	dw.wrote = true
	return dw.w.Write(p)
}

// glyphWarnings names every character the documents draw that no font of
// the pack has; the PDF prints 〓 in its place. A character of the case is
// named where the case writes it (a field no document draws is not
// warned of); one of the pack's own text, at the document's file.
func (g *Generator) glyphWarnings(c *casefile.Case, docs ...*doc.Document) []Problem {
	return append(controlWarnings(c), g.fontWarnings(c, docs...)...)
}

// controlWarnings names every control character of the case's text (a
// bell, an escape): the PDF leaves them out, and says so here.
func controlWarnings(c *casefile.Case) []Problem {
	var out []Problem
	var walk func(n *casefile.Node, ptr string)
	walk = func(n *casefile.Node, ptr string) {
		switch n.Kind {
		case casefile.String:
			for _, r := range controls(n.Text) {
				out = append(out, Problem{Position: Position{File: c.File, Line: n.Line, Col: n.Col, Pointer: ptr},
					Message: fmt.Sprintf("control character U+%04X is not text; the PDF leaves it out", r)})
			}
		case casefile.Object:
			for i, k := range n.Keys {
				walk(n.Elems[i], casefile.Pointer(ptr, k))
			}
		case casefile.Array:
			for i, e := range n.Elems {
				walk(e, fmt.Sprintf("%s/%d", ptr, i))
			}
		}
	}
	walk(c.Root, "")
	return out
}

func (g *Generator) fontWarnings(c *casefile.Case, docs ...*doc.Document) []Problem {
	msg := func(r rune) string {
		return fmt.Sprintf("character %c (U+%04X) is in no font of pack %s; the PDF shows %c in its place", r, r, g.pack.Name, typeset.Placeholder)
	}
	// What is drawn: every string of the resolved documents, walked in
	// place (encoding them as JSON to list their strings cost a fresh
	// process a megabyte), and again to be gathered only when a character
	// is missing.
	var missing map[rune]bool
	for _, d := range docs {
		for s := range d.Texts {
			for _, r := range g.fonts.Regular.Missing(s) {
				if missing == nil {
					missing = map[rune]bool{}
				}
				missing[r] = true
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var drawn []string
	for _, d := range docs {
		for s := range d.Texts {
			drawn = append(drawn, s)
		}
	}
	all := strings.Join(drawn, "\n")
	var out []Problem
	named := map[rune]bool{}
	var walk func(n *casefile.Node, ptr string)
	walk = func(n *casefile.Node, ptr string) {
		switch n.Kind {
		case casefile.String:
			for _, r := range g.fonts.Regular.Missing(n.Text) {
				if missing[r] && strings.Contains(all, n.Text) {
					named[r] = true
					out = append(out, Problem{Position: Position{File: c.File, Line: n.Line, Col: n.Col, Pointer: ptr}, Message: msg(r)})
				}
			}
		case casefile.Object:
			for i, k := range n.Keys {
				walk(n.Elems[i], casefile.Pointer(ptr, k))
			}
		case casefile.Array:
			for i, e := range n.Elems {
				walk(e, fmt.Sprintf("%s/%d", ptr, i))
			}
		}
	}
	walk(c.Root, "")
	for _, r := range slices.Sorted(maps.Keys(missing)) {
		if named[r] {
			continue
		}
		// Drawn, and no field of the case that is drawn writes it: the
		// pack's own words, or a case value the templates reworded.
		for _, d := range docs {
			draws := false
			for s := range d.Texts {
				if draws = strings.ContainsRune(s, r); draws {
					break
				}
			}
			if !draws {
				continue
			}
			file := "documents/" + d.ID + ".yaml"
			if def, err := g.pack.Document(d.ID); err == nil {
				file = def.File
			}
			out = append(out, Problem{Position: Position{File: file}, Message: fmt.Sprintf("document %s: %s", d.ID, msg(r))})
			break
		}
	}
	return out
}

func (g *Generator) meta(c *casefile.Case, d *doc.Document) pdf.Meta {
	org := ""
	if n := c.Root.Lookup("/organization/name"); n != nil {
		org = n.Text
	}
	return pdf.Meta{
		Title:    d.Name + " " + c.ID(),
		Subject:  d.Name,
		Author:   org,
		Keywords: c.ID(),
		Creator:  "kesu " + Version,
		Lang:     string(d.Locale),
		Date:     caseTime(c),
		Plain:    g.plain,
	}
}

// controls lists the control characters of s a page cannot show (tabs and
// line breaks are layout), each once.
func controls(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// caseTime is the time a case's documents are dated in their metadata:
// when the complaint was received. Never the clock: the same case must
// give the same bytes.
func caseTime(c *casefile.Case) time.Time {
	if n := c.Root.Lookup("/intake/received_at"); n != nil {
		if t, err := cnfmt.ParseDateTime(n.Text); err == nil {
			return t
		}
	}
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
}

// CheckFiles reads every file the case names (logo, evidence,
// attachments) from its folder, and every picture among them as a picture,
// so a missing, escaping or damaged file is found before a document needs
// it. Problems come back as a *ValidationError at the fields naming them.
func (g *Generator) CheckFiles(c *Case) error {
	return public(assets.Check(c.cf, g.limits.ImageBudget()))
}

// WriteLedger writes the 台账 of ledger rows (LedgerRow of each case): a
// statistics sheet and its charts too, worded in the generator's locale
// (the pack's default unless Options.Locale says otherwise).
func (g *Generator) WriteLedger(w io.Writer, rows []LedgerRow) error {
	labels, err := g.ledger()
	if err != nil {
		return &PackError{Err: err}
	}
	return ledger.Write(w, ledgerRows(rows), labels, ledger.Options{RepeatDays: g.pack.Policy.RepeatDays})
}

// LedgerRow is a case as one row of the 台账.
type LedgerRow struct{ row ledger.Row }

// ID is the id of the row's case.
func (r LedgerRow) ID() string { return r.row.ID }

func ledgerRows(rows []LedgerRow) []ledger.Row {
	out := make([]ledger.Row, len(rows))
	for i, r := range rows {
		out[i] = r.row
	}
	return out
}

// ReadLedger reads back the rows of a ledger WriteLedger wrote: shards of
// a batch write one each, and MergeLedgers makes them one.
func ReadLedger(r io.ReaderAt, size int64) ([]LedgerRow, error) {
	rows, err := ledger.Read(r, size)
	if err != nil {
		return nil, err
	}
	out := make([]LedgerRow, len(rows))
	for i, r := range rows {
		out[i] = LedgerRow{r}
	}
	return out, nil
}

// MergeLedgers joins sets of rows, one row per case: where two sets have
// the same case, the later set's row is kept.
func MergeLedgers(sets ...[]LedgerRow) []LedgerRow {
	in := make([][]ledger.Row, len(sets))
	for i, s := range sets {
		in[i] = ledgerRows(s)
	}
	merged := ledger.Merge(in...)
	out := make([]LedgerRow, len(merged))
	for i, r := range merged {
		out[i] = LedgerRow{r}
	}
	return out
}

// drawWords are the words the renderers write in a locale: kesu's, with
// what the pack's labels say under draw: instead.
func drawWords(p *pack.Pack, loc locale.Locale) (doc.Words, error) {
	w := doc.DefaultWords(loc)
	return w, p.DecodeLabels(string(loc), "draw", &w)
}

// LedgerRow is a case as one row of the ledger: enum values as the pack
// labels them, times as written, derived durations and totals.
func (g *Generator) LedgerRow(c *Case) LedgerRow { return LedgerRow{g.ledgerRow(c.cf)} }

func (g *Generator) ledgerRow(c *casefile.Case) ledger.Row {
	// The pack's labels loaded with it, or are the embedded pack's.
	l, _ := g.pack.Labels(string(g.shared))
	return ledger.RowOf(c, l, g.pack.Policy)
}

// LintPack checks a pack the way its author needs before a clerk meets
// it: it must load (definitions decode strictly, every template compiles,
// fonts parse, labels decode), every document file must fit the document
// schema, every case.… and row.… a template names must be a field of the
// case format, and every locale must have every label the others have.
// Every check runs over what the others let through, so one run lists
// every problem. The pack extends the default pack when its manifest says
// so.
func LintPack(fsys fs.FS) ([]Problem, error) {
	cv, err := caseValidator()
	if err != nil {
		return nil, err
	}
	var out []lint.Problem
	switch parent, err := packParent(fsys); {
	case err != nil:
		return lintProblems(lint.LoadProblems(err)), nil
	case parent == "default":
		fsys = pack.Overlay(fsys, templates.Default())
	case parent != "":
		out = append(out, lint.Problem{File: "pack.yaml", Message: fmt.Sprintf("extends %q: a pack can extend the default pack (extends: default)", parent)})
	}
	p, err := pack.Load(fsys)
	out = append(out, lint.LoadProblems(err)...)
	if p == nil {
		return lintProblems(out), nil // the manifest itself could not be read
	}
	if _, err := typeset.LoadFonts(p.FS, p.Fonts.Regular, p.Fonts.Bold); err != nil {
		out = append(out, lint.Problem{File: "pack.yaml", Message: err.Error()})
	}
	for _, loc := range p.Locales {
		if _, err := p.Labels(loc); err != nil {
			continue // reported by Load
		}
		_, werr := drawWords(p, locale.Locale(loc))
		_, lerr := ledger.LabelsFor(p, loc)
		out = append(out, lint.LoadProblems(errors.Join(werr, lerr))...)
	}
	more, err := lint.Pack(p, cv)
	if err != nil {
		return nil, err
	}
	// A problem two checks find is listed once.
	seen := map[lint.Problem]bool{}
	all := out[:0]
	for _, pr := range append(out, more...) {
		if !seen[pr] {
			seen[pr] = true
			all = append(all, pr)
		}
	}
	return lintProblems(all), nil
}

func lintProblems(found []lint.Problem) []Problem {
	out := make([]Problem, len(found))
	for i, p := range found {
		out[i] = Problem{Position{File: p.File, Line: p.Line, Col: p.Col}, p.Message}
	}
	return out
}

// Verification is what VerifyBundle found: the manifest, and every way
// the zip differs from it, each at the member it concerns (Position.File
// is the entry's name in the zip; manifest.json for the manifest's own).
type Verification struct {
	Manifest Manifest  `json:"manifest"`
	Problems []Problem `json:"problems,omitempty"`
}

// OK reports whether the bundle is exactly what its manifest says.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// VerifyBundle checks every file of a bundle against its manifest: each
// listed file present, of its size and SHA-256; no file the manifest does
// not list; and the contents hash (the one the cover's QR code carries)
// consistent with the files it covers. The error is for a zip that cannot
// be read at all.
func VerifyBundle(r io.ReaderAt, size int64) (*Verification, error) {
	v, err := bundle.Verify(r, size)
	if err != nil {
		return nil, err
	}
	out := &Verification{Manifest: manifestOf(v.Manifest)}
	for _, p := range v.Problems {
		out.Problems = append(out.Problems, problemOf(p))
	}
	return out, nil
}
