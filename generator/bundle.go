package generator

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/render/pdf"
	"github.com/kesuhq/kesu/internal/render/xlsx"
)

// BundleSchema names the manifest format.
const BundleSchema = "kesu/bundle/v1"

// Manifest is manifest.json of a closure bundle: what made it and, for
// every other file of the zip, its name, kind, size and SHA-256.
//
// ContentsSHA256 is the SHA-256 of the lines "<sha256>  <name>\n" of every
// file but bundle.pdf, in manifest order (the format of sha256sum). The
// cover of bundle.pdf carries it in its QR code; bundle.pdf cannot carry a
// hash of itself, so it is the one file the code does not cover, and the
// manifest does.
type Manifest struct {
	Schema         string         `json:"schema"`
	CaseID         string         `json:"case_id"`
	Generator      ManifestTool   `json:"generator"`
	Pack           ManifestPack   `json:"pack"`
	ContentsSHA256 string         `json:"contents_sha256"`
	Files          []ManifestFile `json:"files"`
}

// ManifestTool names the program that made a bundle.
type ManifestTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ManifestPack names the template pack a bundle's documents come from;
// Hash is the SHA-256 of its files.
type ManifestPack struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// ManifestFile is one file of a bundle.
type ManifestFile struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"` // document, case, attachment, bundle
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// The kinds of files in a bundle.
const (
	KindDocument   = "document"
	KindCase       = "case"
	KindAttachment = "attachment"
	KindBundle     = "bundle"
)

// BundleResult tells what a bundle holds.
type BundleResult struct {
	Manifest Manifest  `json:"manifest"`
	Bytes    int       `json:"bytes"`
	Warnings []Warning `json:"warnings,omitempty"`
}

type bundleFile struct {
	ManifestFile
	data []byte
}

func newBundleFile(name, kind string, data []byte) bundleFile {
	sum := sha256.Sum256(data)
	return bundleFile{ManifestFile{Name: name, Kind: kind, Bytes: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}, data}
}

// Bundle writes the closure bundle of a closed case to w as a zip: every
// document the case can produce (PDF and XLSX), the case file exactly as
// given, every file it names, bundle.pdf (cover with a QR code, contents,
// every document with a bookmark, the closure report last) and
// manifest.json. The zip is reproducible: files in a fixed order, their
// times the case's closing date, never the clock — bundling a case twice
// gives the same bytes, so an archive can check a bundle by its hash.
func (g *Generator) Bundle(ctx context.Context, c *Case, w io.Writer, opts ...RenderOption) (*BundleResult, error) {
	o, err := g.renderOptions(opts)
	if err != nil {
		return nil, err
	}
	if err := g.Validate(c); err != nil {
		return nil, err
	}
	if n := c.Root.Get("closure"); n == nil {
		return nil, &ValidationError{File: c.File, Problems: []Problem{{Line: c.Root.Line, Col: c.Root.Col, Pointer: "/closure",
			Message: "a bundle is made of a closed case, and this case has no closure"}}}
	}
	res := &BundleResult{}
	var files []bundleFile
	var parts []bundlePart
	images := map[string]*doc.Picture{}
	ids := g.Documents(c)
	// The closure report ends the combined PDF: checklist and costs last.
	slices.SortStableFunc(ids, func(a, b string) int {
		return boolInt(a == "closure") - boolInt(b == "closure")
	})
	ids = slices.DeleteFunc(ids, func(id string) bool { return id == g.pack.Bundle.Cover || id == g.pack.Bundle.Contents })
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, pics, err := g.prepare(c, id, o, nil)
		if err != nil {
			return nil, err
		}
		maps.Copy(images, pics)
		l := pdf.Lay(d, g.fonts, pics)
		var buf bytes.Buffer
		if err := pdf.Draw(&buf, l, g.fonts, pics, g.meta(c, d)); err != nil {
			return nil, err
		}
		files = append(files, newBundleFile(fmt.Sprintf("documents/%s_%s.pdf", c.ID(), id), KindDocument, buf.Bytes()))
		buf = bytes.Buffer{}
		if err := xlsx.Render(&buf, d, g.fonts.Regular, pics, caseTime(c)); err != nil {
			return nil, err
		}
		files = append(files, newBundleFile(fmt.Sprintf("documents/%s_%s.xlsx", c.ID(), id), KindDocument, buf.Bytes()))
		parts = append(parts, bundlePart{d.Name, l})
	}
	res.Warnings = g.glyphWarnings(c)

	files = append(files, newBundleFile("case/"+path.Base(slashPath(c.File)), KindCase, c.Source))
	att, err := attachments(c)
	if err != nil {
		return nil, err
	}
	files = append(files, att...)

	contents := contentsHash(files)
	info := pongo2.Context{"bundle": map[string]any{
		"contents_sha256": contents,
		"qr":              fmt.Sprintf("kesu:%s:sha256:%s", c.ID(), contents),
		"files":           len(files) + 2,
		"version":         Version,
		"pack":            g.pack.Name,
		"pack_version":    g.pack.Version,
	}}
	book, err := g.front(c, o, info, images, parts)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	d0 := &doc.Document{Name: g.label(c, "bundle.name"), Locale: g.localeOr(c)}
	if err := pdf.DrawBook(&buf, book, g.fonts, images, g.meta(c, d0)); err != nil {
		return nil, err
	}
	files = append([]bundleFile{newBundleFile("bundle.pdf", KindBundle, buf.Bytes())}, files...)

	m := Manifest{Schema: BundleSchema, CaseID: c.ID(), Generator: ManifestTool{Name: "kesu", Version: Version},
		Pack: ManifestPack{Name: g.pack.Name, Version: g.pack.Version, Hash: g.PackHash()}, ContentsSHA256: contents}
	for _, f := range files {
		m.Files = append(m.Files, f.ManifestFile)
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	files = append([]bundleFile{{ManifestFile: ManifestFile{Name: "manifest.json"}, data: append(mj, '\n')}}, files...)
	n, err := writeZip(w, files, closedOn(c))
	if err != nil {
		return nil, err
	}
	res.Manifest, res.Bytes = m, n
	return res, nil
}

// bundlePart is a document of bundle.pdf, laid out.
type bundlePart struct {
	title  string
	layout *pdf.Layout
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func slashPath(p string) string { return path.Clean(filepath.ToSlash(p)) }

// front lays out the cover and the table of contents and returns every
// part of bundle.pdf in order. The contents name the page each document
// starts on, so they are laid out once to learn their own length.
func (g *Generator) front(c *Case, o renderOptions, info pongo2.Context, images map[string]*doc.Picture, parts []bundlePart) ([]pdf.Part, error) {
	lay := func(id string) (*pdf.Layout, error) {
		d, pics, err := g.prepare(c, id, o, info)
		if err != nil {
			return nil, err
		}
		maps.Copy(images, pics)
		return pdf.Lay(d, g.fonts, pics), nil
	}
	var book []pdf.Part
	start := 1
	if id := g.pack.Bundle.Cover; id != "" {
		l, err := lay(id)
		if err != nil {
			return nil, err
		}
		book = append(book, pdf.Part{Title: g.label(c, "bundle.name"), Layout: l})
		start += len(l.Pages)
	}
	toc := func(contentsPages int) []any {
		var rows []any
		page := start + contentsPages
		for _, p := range parts {
			rows = append(rows, map[string]any{"title": p.title, "page": strconv.Itoa(page)})
			page += len(p.layout.Pages)
		}
		return rows
	}
	if id := g.pack.Bundle.Contents; id != "" {
		b := info["bundle"].(map[string]any)
		b["toc"] = toc(1)
		l, err := lay(id)
		if err != nil {
			return nil, err
		}
		if len(l.Pages) != 1 {
			b["toc"] = toc(len(l.Pages))
			if l, err = lay(id); err != nil {
				return nil, err
			}
		}
		book = append(book, pdf.Part{Title: g.label(c, "bundle.contents"), Layout: l})
	}
	for _, p := range parts {
		book = append(book, pdf.Part{Title: p.title, Layout: p.layout})
	}
	return book, nil
}

// label looks a label up by its dotted key in the case's locale.
func (g *Generator) label(c *Case, key string) string {
	// The pack's labels loaded with it, or are the embedded pack's.
	labels, _ := g.pack.Labels(g.localeOr(c))
	s, _ := doc.Lookup(pongo2.Context{"L": labels}, "L."+key).(string)
	return s
}

func (g *Generator) localeOr(c *Case) string {
	loc, err := g.locale(c)
	if err != nil {
		return g.pack.DefaultLocale
	}
	return loc
}

// contentsHash is the SHA-256 of sha256sum lines of the files, in order.
func contentsHash(files []bundleFile) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s  %s\n", f.SHA256, f.Name)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// attachments reads every file the case names (logo, evidence,
// attachments) from its folder, once each, in the order the case names
// them.
func attachments(c *Case) ([]bundleFile, error) {
	var out []bundleFile
	seen := map[string]bool{}
	ve := &ValidationError{File: c.File}
	var walk func(n *casefile.Node, ptr, key string)
	walk = func(n *casefile.Node, ptr, key string) {
		switch n.Kind {
		case casefile.String:
			if (key != "file" && key != "logo") || seen[n.Text] {
				return
			}
			seen[n.Text] = true
			data, err := readAsset(c.Assets, n.Text, maxAttachment)
			if err != nil {
				ve.Problems = append(ve.Problems, Problem{Line: n.Line, Col: n.Col, Pointer: ptr, Message: err.Error()})
				return
			}
			out = append(out, newBundleFile("attachments/"+path.Clean(n.Text), KindAttachment, data))
		case casefile.Object:
			for i, k := range n.Keys {
				walk(n.Elems[i], casefile.Pointer(ptr, k), k)
			}
		case casefile.Array:
			for i, e := range n.Elems {
				walk(e, ptr+"/"+strconv.Itoa(i), key)
			}
		}
	}
	walk(c.Root, "", "")
	if len(ve.Problems) > 0 {
		return nil, ve
	}
	return out, nil
}

// maxAttachment bounds one attached file.
const maxAttachment = 64 << 20

// readAsset reads a file the case names from the case's folder, at most
// limit bytes.
func readAsset(assets fs.FS, name string, limit int) ([]byte, error) {
	if assets == nil {
		return nil, fmt.Errorf("%q: the case was given without its folder, so its files cannot be read", name)
	}
	f, err := assets.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%q: %s", name, openProblem(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("%q: %v", name, err)
	}
	if len(data) > limit {
		return nil, fmt.Errorf("%q is larger than %d MiB", name, limit>>20)
	}
	return data, nil
}

// closedOn is the time every file of a bundle is dated: the day the case
// closed. Zip times start in 1980.
func closedOn(c *Case) time.Time {
	if n := c.Root.Lookup("/closure/closed_on"); n != nil {
		if t, err := cnfmt.ParseDate(n.Text); err == nil && t.Year() >= 1980 {
			return t
		}
	}
	return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
}

// writeZip writes the files in the given order, each dated t, mode 0644.
func writeZip(w io.Writer, files []bundleFile, t time.Time) (int, error) {
	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	for _, f := range files {
		// PDF, XLSX and pictures are compressed already: deflating them
		// again costs a seventh of a bundle's time and saves nothing.
		method := zip.Deflate
		switch strings.ToLower(path.Ext(f.Name)) {
		case ".pdf", ".xlsx", ".jpg", ".jpeg", ".png", ".zip", ".gz":
			method = zip.Store
		}
		h := &zip.FileHeader{Name: f.Name, Method: method, Modified: t}
		h.SetMode(0o644)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return 0, err
		}
		if _, err := fw.Write(f.data); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}
