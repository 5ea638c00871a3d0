package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/assets"
	"github.com/kesuhq/kesu/internal/bundle"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/render/pdf"
	"github.com/kesuhq/kesu/internal/render/xlsx"
)

// Manifest is manifest.json of a closure bundle.
type Manifest = bundle.Manifest

// BundleResult tells what a bundle holds.
type BundleResult struct {
	Manifest Manifest  `json:"manifest"`
	Bytes    int       `json:"bytes"`
	Warnings []Warning `json:"warnings,omitempty"`
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
	var files []bundle.File
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
		files = append(files, bundle.NewFile(fmt.Sprintf("documents/%s_%s.pdf", c.ID(), id), bundle.KindDocument, buf.Bytes()))
		buf = bytes.Buffer{}
		if err := xlsx.Render(&buf, d, g.fonts.Regular, pics, caseTime(c)); err != nil {
			return nil, err
		}
		files = append(files, bundle.NewFile(fmt.Sprintf("documents/%s_%s.xlsx", c.ID(), id), bundle.KindDocument, buf.Bytes()))
		parts = append(parts, bundlePart{d.Name, l})
	}
	res.Warnings = g.glyphWarnings(c)

	files = append(files, bundle.NewFile("case/"+path.Base(slashPath(c.File)), bundle.KindCase, c.Source))
	att, err := attachments(c)
	if err != nil {
		return nil, err
	}
	files = append(files, att...)

	contents := bundle.ContentsHash(files)
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
	files = append([]bundle.File{bundle.NewFile("bundle.pdf", bundle.KindBundle, buf.Bytes())}, files...)

	m := Manifest{Schema: bundle.Schema, CaseID: c.ID(), Generator: bundle.ManifestTool{Name: "kesu", Version: Version},
		Pack: bundle.ManifestPack{Name: g.pack.Name, Version: g.pack.Version, Hash: g.PackHash()}, ContentsSHA256: contents}
	for _, f := range files {
		m.Files = append(m.Files, f.ManifestFile)
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	files = append([]bundle.File{{ManifestFile: bundle.ManifestFile{Name: "manifest.json"}, Data: append(mj, '\n')}}, files...)
	n, err := bundle.WriteZip(w, files, closedOn(c))
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

// attachments are the files the case names, as files of its bundle.
func attachments(c *Case) ([]bundle.File, error) {
	att, err := assets.Attachments(c)
	if err != nil {
		return nil, err
	}
	out := make([]bundle.File, len(att))
	for i, a := range att {
		out[i] = bundle.NewFile("attachments/"+path.Clean(a.Name), bundle.KindAttachment, a.Data)
	}
	return out, nil
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
