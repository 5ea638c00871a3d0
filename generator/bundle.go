package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/kesuhq/kesu/internal/locale"
	"io"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/flosch/pongo2/v6"
	"github.com/kesuhq/kesu/internal/assets"
	"github.com/kesuhq/kesu/internal/bundle"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/cnfmt"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/render/pdf"
	"github.com/kesuhq/kesu/internal/render/xlsx"
)

// Manifest is manifest.json of a closure bundle: what made it and, for
// every other file of the zip, its name, kind, size and SHA-256.
//
// ContentsSHA256 is the SHA-256 of the lines "<sha256>  <name>\n" of every
// file but bundle.pdf, in manifest order (the format of sha256sum). The
// cover of bundle.pdf carries it in its QR code; bundle.pdf cannot carry a
// hash of itself, so it is the one file the code does not cover, and the
// manifest does.
type Manifest struct {
	Schema    string `json:"schema"`
	CaseID    string `json:"case_id"`
	Generator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"generator"`
	// Pack names the pack the documents come from; Hash is the SHA-256 of
	// its files.
	Pack struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		Hash    string `json:"hash"`
	} `json:"pack"`
	ContentsSHA256 string         `json:"contents_sha256"`
	Files          []ManifestFile `json:"files"`
}

// ManifestFile is one file of a bundle; Kind is document, case,
// attachment or bundle.
type ManifestFile struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

func manifestOf(m bundle.Manifest) Manifest {
	var out Manifest
	out.Schema, out.CaseID, out.ContentsSHA256 = m.Schema, m.CaseID, m.ContentsSHA256
	out.Generator.Name, out.Generator.Version = m.Generator.Name, m.Generator.Version
	out.Pack.Name, out.Pack.Version, out.Pack.Hash = m.Pack.Name, m.Pack.Version, m.Pack.Hash
	for _, f := range m.Files {
		out.Files = append(out.Files, ManifestFile(f))
	}
	return out
}

// BundleResult tells what a bundle holds.
type BundleResult struct {
	Manifest Manifest  `json:"manifest"`
	Bytes    int       `json:"bytes"`
	Warnings []Problem `json:"warnings,omitempty"`
}

// Bundle writes the closure bundle of a closed case to w as a zip: every
// document the case can produce (PDF and XLSX), the case file exactly as
// given, every file it names, bundle.pdf (cover with a QR code, contents,
// every document with a bookmark, the closure report last) and
// manifest.json. The zip is reproducible: files in a fixed order, their
// times the case's closing date, never the clock — bundling a case twice
// gives the same bytes, so an archive can check a bundle by its hash.
func (g *Generator) Bundle(ctx context.Context, c *Case, w io.Writer, opts ...RenderOption) (*BundleResult, error) {
	res, err := g.bundle(ctx, c.cf, w, opts)
	return res, public(err)
}

func (g *Generator) bundle(ctx context.Context, c *casefile.Case, w io.Writer, opts []RenderOption) (*BundleResult, error) {
	o, err := g.renderOptions(opts)
	if err != nil {
		return nil, err
	}
	if err := g.validate(c); err != nil {
		return nil, err
	}
	if n := c.Root.Get("closure"); n == nil {
		return nil, &casefile.ValidationError{File: c.File, Problems: []casefile.Problem{{Line: c.Root.Line, Col: c.Root.Col, Pointer: "/closure",
			Message: "a bundle is made of a closed case, and this case has no closure"}}}
	}
	res := &BundleResult{}
	var files []bundle.File
	var parts []bundlePart
	var drawn []*doc.Document
	images := map[string]*doc.Picture{}
	ids := g.documents(c)
	// The closure report ends the combined PDF: checklist and costs last.
	slices.SortStableFunc(ids, func(a, b string) int {
		return boolInt(a == "closure") - boolInt(b == "closure")
	})
	ids = slices.DeleteFunc(ids, func(id string) bool { return slices.Contains(g.pack.Bundle.IDs(), id) })
	// The files the case names are read first: a missing or refused one
	// fails the bundle before a document is drawn.
	att, err := attachments(c)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dctx, cancel := g.deadline(ctx)
		o.ctx = dctx
		d, pics, err := g.prepare(c, id, o, nil)
		if err != nil {
			cancel()
			return nil, err
		}
		maps.Copy(images, pics)
		l, err := pdf.Lay(d, g.fonts, pics)
		if err == nil {
			err = g.timedOut(dctx, id)
		}
		cancel()
		if err != nil {
			return nil, err
		}
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
		parts = append(parts, bundlePart{d.Name, l, d.Record})
		drawn = append(drawn, d)
	}
	res.Warnings = g.glyphWarnings(c, drawn...)

	caseFile := bundle.NewFile("case/"+path.Base(slashPath(c.File)), bundle.KindCase, c.Source)
	files = append(files, caseFile)
	files = append(files, att...)

	// manifest.json is made before bundle.pdf, which carries it: so it
	// lists bundle.pdf without its size and hash, which would have to be
	// known before bundle.pdf is written. bundle.pdf is checked through
	// the copies it carries instead (VerifyBundle).
	contents := bundle.ContentsHash(files)
	m := bundle.Manifest{Schema: bundle.Schema, CaseID: c.ID(), Generator: bundle.ManifestTool{Name: "kesu", Version: Version},
		Pack: bundle.ManifestPack{Name: g.pack.Name, Version: g.pack.Version, Hash: g.PackHash()}, ContentsSHA256: contents}
	m.Files = append(m.Files, bundle.ManifestFile{Name: bundle.PDFName, Kind: bundle.KindBundle})
	for _, f := range files {
		m.Files = append(m.Files, f.ManifestFile)
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	manifest := bundle.NewFile(bundle.ManifestName, "", append(mj, '\n'))

	info := pongo2.Context{"bundle": g.volumeInfo(c, contents, manifest, files, parts)}
	fctx, cancel := g.deadline(ctx)
	defer cancel()
	o.ctx = fctx
	book, first, err := g.front(c, o, info, images, parts)
	if err != nil {
		return nil, err
	}
	stamp, warns := g.archiveStamp(c, first, parts)
	res.Warnings = append(res.Warnings, warns...)
	book = pdf.Volume(book, g.fonts, stamp)
	var buf bytes.Buffer
	d0 := &doc.Document{Name: g.label(c, "bundle.name"), Locale: g.localeOr(c)}
	meta := g.meta(c, d0)
	// The volume is dated the day the case closed, not the day it came in.
	meta.Date = closedOn(c)
	meta.Files = []pdf.File{
		{Name: path.Base(caseFile.Name), Description: g.label(c, "bundle.embedded_case"), MIME: caseMIME(caseFile.Name),
			Relationship: "Source", Content: caseFile.Data},
		{Name: bundle.ManifestName, Description: g.label(c, "bundle.embedded_manifest"), MIME: "application/json",
			Relationship: "Data", Content: manifest.Data},
	}
	if err := pdf.DrawBook(&buf, book, g.fonts, images, meta); err != nil {
		return nil, err
	}
	files = append([]bundle.File{manifest, bundle.NewFile(bundle.PDFName, bundle.KindBundle, buf.Bytes())}, files...)
	n, err := bundle.WriteZip(w, files, closedOn(c))
	if err != nil {
		return nil, err
	}
	res.Manifest, res.Bytes = manifestOf(m), n
	return res, nil
}

// caseMIME is the media type of a case file, by its extension.
func caseMIME(name string) string {
	if strings.EqualFold(path.Ext(name), ".json") {
		return "application/json"
	}
	return "application/yaml"
}

// bundlePart is a document of bundle.pdf, laid out, with its entry in
// the 卷内目录.
type bundlePart struct {
	title  string
	layout *pdf.Layout
	record doc.Record
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func slashPath(p string) string { return path.Clean(filepath.ToSlash(p)) }

// front lays out the cover, the contents (卷内目录) and the back page
// (备考表) and returns every part of bundle.pdf in order, and the index of
// the first document among them. The contents name the page each
// document starts on, so they are laid out once to learn their own
// length.
func (g *Generator) front(c *casefile.Case, o renderOptions, info pongo2.Context, images map[string]*doc.Picture, parts []bundlePart) ([]pdf.Part, int, error) {
	lay := func(id string) (*pdf.Layout, error) {
		d, pics, err := g.prepare(c, id, o, info)
		if err != nil {
			return nil, err
		}
		maps.Copy(images, pics)
		return pdf.Lay(d, g.fonts, pics)
	}
	var book []pdf.Part
	start := 1
	if id := g.pack.Bundle.Cover; id != "" {
		l, err := lay(id)
		if err != nil {
			return nil, 0, err
		}
		book = append(book, pdf.Part{Title: g.label(c, "bundle.name"), Layout: l})
		start += len(l.Pages)
	}
	b := info["bundle"].(map[string]any)
	toc := func(contentsPages int) []any {
		var rows []any
		page := start + contentsPages
		for i, p := range parts {
			rows = append(rows, map[string]any{"no": strconv.Itoa(i + 1), "number": p.record.Number, "author": p.record.Author,
				"title": p.title, "date": compactDate(p.record.Date), "page": strconv.Itoa(page), "pages": len(p.layout.Pages),
				"note": p.record.Note})
			page += len(p.layout.Pages)
		}
		return rows
	}
	if id := g.pack.Bundle.Contents; id != "" {
		b["toc"] = toc(1)
		l, err := lay(id)
		if err != nil {
			return nil, 0, err
		}
		if len(l.Pages) != 1 {
			b["toc"] = toc(len(l.Pages))
			if l, err = lay(id); err != nil {
				return nil, 0, err
			}
		}
		book = append(book, pdf.Part{Title: g.label(c, "bundle.contents"), Layout: l})
	} else {
		b["toc"] = toc(0)
	}
	first := len(book)
	for _, p := range parts {
		book = append(book, pdf.Part{Title: p.title, Layout: p.layout})
	}
	if id := g.pack.Bundle.Back; id != "" {
		l, err := lay(id)
		if err != nil {
			return nil, 0, err
		}
		book = append(book, pdf.Part{Title: g.label(c, "bundle.back"), Layout: l})
	}
	return book, first, nil
}

// compactDate writes an ISO date as an archive's contents do: 20261105.
// Anything else is written as it is.
func compactDate(s string) string {
	if t, err := cnfmt.ParseDate(s); err == nil {
		return t.Format("20060102")
	}
	return s
}

// volumeInfo is what the cover, contents and back page of bundle.pdf
// see as `bundle`: the contents hash and its QR code, every file of the
// zip with its size and the start of its SHA-256, as manifest.json lists
// them, and the counts the 备考表 states.
func (g *Generator) volumeInfo(c *casefile.Case, contents string, manifest bundle.File, files []bundle.File, parts []bundlePart) map[string]any {
	list := []any{
		map[string]any{"name": manifest.Name, "bytes": strconv.FormatInt(manifest.Bytes, 10), "sha256": manifest.SHA256[:16]},
		// bundle.pdf cannot list its own size and hash.
		map[string]any{"name": bundle.PDFName, "bytes": "", "sha256": "", "self": true},
	}
	count := map[string]int{}
	for _, f := range files {
		list = append(list, map[string]any{"name": f.Name, "kind": f.Kind, "bytes": strconv.FormatInt(f.Bytes, 10), "sha256": f.SHA256[:16]})
		switch {
		case f.Kind == bundle.KindDocument && strings.HasSuffix(f.Name, ".xlsx"):
			count["xlsx"]++
		case f.Kind == bundle.KindDocument:
			count["pdf"]++
		case f.Kind == bundle.KindAttachment:
			count["attachments"]++
		default:
			count["other"]++
		}
	}
	pages := 0
	for _, p := range parts {
		pages += len(p.layout.Pages)
	}
	archive := func(key string) string {
		if n := c.Root.Lookup("/closure/archive/" + key); n != nil {
			return n.Text
		}
		return ""
	}
	counts := map[string]int{"documents": len(parts), "pages": pages, "pdf": count["pdf"], "xlsx": count["xlsx"],
		// the case file, manifest.json and bundle.pdf
		"attachments": count["attachments"], "other": count["other"] + 2, "files": len(files) + 2}
	// The label says where each count goes ({documents}, {pages}…): a
	// language words the sentence its own way.
	var fill []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		fill = append(fill, "{"+k+"}", strconv.Itoa(counts[k]))
	}
	return map[string]any{
		"situation":       strings.NewReplacer(fill...).Replace(g.label(c, "bundle.situation_text")),
		"contents_sha256": contents,
		"qr":              fmt.Sprintf("kesu:%s:sha256:%s", c.ID(), contents),
		"files":           counts["files"],
		"file_list":       list,
		"filed_by":        archive("filed_by"),
		"checked_by":      archive("checked_by"),
		"filed_on":        archive("filed_on"),
		"version":         Version,
		"pack":            g.pack.Name,
		"pack_version":    g.pack.Version,
	}
}

// archiveStamp returns the 归档章 of each part of bundle.pdf (documents
// only, from index first on; nil for the others), and a warning for each
// cell the case and the pack leave empty: the cell stays empty, to be
// written by hand, never filled with a guess.
func (g *Generator) archiveStamp(c *casefile.Case, first int, parts []bundlePart) (func(int) []pdf.StampCell, []Problem) {
	var warns []Problem
	value := func(key, packValue, name string) string {
		if n := c.Root.Lookup("/closure/archive/" + key); n != nil && strings.TrimSpace(n.Text) != "" {
			return n.Text
		}
		if packValue != "" {
			return packValue
		}
		n := c.Root.Nearest("/closure/archive/" + key)
		warns = append(warns, Problem{Position: Position{File: c.File, Line: n.Line, Col: n.Col, Pointer: "/closure/archive/" + key},
			Message: fmt.Sprintf("no %s: the archive stamp (归档章) of bundle.pdf leaves its cell empty", name)})
		return ""
	}
	fonds := value("fonds_no", g.pack.Archive.FondsNo, "fonds_no (全宗号)")
	unit := value("org_unit", g.pack.Archive.OrgUnit, "org_unit (机构（问题）)")
	retention := ""
	if r := value("retention", "", "retention (保管期限)"); r != "" {
		retention = g.label(c, "closure.retentions."+r)
	}
	year := ""
	if n := c.Root.Lookup("/closure/archive/year"); n != nil {
		year = n.Text
	} else if t := closedOn(c); t.Year() > 1980 {
		year = strconv.Itoa(t.Year())
	}
	return func(i int) []pdf.StampCell {
		if i < first || i >= first+len(parts) {
			return nil
		}
		l := func(key string) string { return g.label(c, "bundle.stamp."+key) }
		return []pdf.StampCell{
			{Label: l("fonds_no"), Value: fonds}, {Label: l("year"), Value: year}, {Label: l("item_no"), Value: strconv.Itoa(i - first + 1)},
			{Label: l("org_unit"), Value: unit}, {Label: l("retention"), Value: retention}, {Label: l("pages"), Value: strconv.Itoa(len(parts[i-first].layout.Pages))},
		}
	}, warns
}

// label looks a label up by its dotted key in the case's locale.
func (g *Generator) label(c *casefile.Case, key string) string {
	// The pack's labels loaded with it, or are the embedded pack's.
	labels, _ := g.pack.Labels(string(g.localeOr(c)))
	s, _ := doc.Lookup(pongo2.Context{"L": labels}, "L."+key).(string)
	return s
}

// localeOr is the case's locale, or for a case asking for one the pack
// lacks (its documents failed already) the pack's default.
func (g *Generator) localeOr(c *casefile.Case) locale.Locale {
	loc, err := g.locale(c)
	if err != nil {
		return g.locales.Default
	}
	return loc
}

// attachments are the files the case names, as files of its bundle.
func attachments(c *casefile.Case) ([]bundle.File, error) {
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
func closedOn(c *casefile.Case) time.Time {
	if n := c.Root.Lookup("/closure/closed_on"); n != nil {
		if t, err := cnfmt.ParseDate(n.Text); err == nil && t.Year() >= 1980 {
			return t
		}
	}
	return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
}
