// Package lint checks a template pack the way its author needs before a
// clerk meets it.
package lint

import (
	"errors"
	"fmt"
	"github.com/kesuhq/kesu/internal/diag"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/safefile"
	"github.com/kesuhq/kesu/schemas"
)

// Problem is something wrong or suspicious in a pack, at a file and
// line when one is known.
type Problem = diag.Problem

// Pack checks a loaded pack: every case.… and row.… a template names must
// be a field of the case format (cv is the case schema), every document
// file must fit the document schema, and every locale must have every
// label the others have. Loading it (definitions decode strictly, every
// template compiles, fonts parse) is the caller's: LoadProblems lists what
// loading failed with.
func Pack(p *pack.Pack, cv *casefile.Validator) ([]Problem, error) {
	dv, err := documentValidator()
	if err != nil {
		return nil, err
	}
	l := &linter{schema: cv}
	for _, id := range append(slices.Clone(p.Documents), p.Bundle.IDs()...) {
		d, err := p.Document(id)
		if err != nil {
			continue
		}
		l.definition(dv, p.FS, d.File)
		l.document(d)
	}
	l.labels(p)
	return l.out, nil
}

// documentValidator is the document schema compiled, once per process.
var documentValidator = sync.OnceValues(func() (*casefile.Validator, error) {
	return casefile.NewValidator(schemas.DocumentID, schemas.Document)
})

// definition checks a document file against the document schema: what
// loading it let pass because it is still usable — a table without
// columns, an alignment that is not one, a misspelled key of a list item.
func (l *linter) definition(v *casefile.Validator, fsys fs.FS, file string) {
	data, err := safefile.ReadFS(fsys, file, pack.MaxFile)
	if err != nil {
		l.out = append(l.out, Problem{File: file, Message: safefile.Reason(err)})
		return
	}
	c, err := casefile.Parse(file, data, casefile.DefaultLimits)
	if err == nil {
		err = v.ValidateSchema(c)
	}
	var ve *casefile.ValidationError
	if !errors.As(err, &ve) {
		if err != nil {
			l.out = append(l.out, Problem{File: file, Message: err.Error()})
		}
		return
	}
	for _, p := range ve.Problems {
		msg := p.Message
		if p.Pointer != "" {
			msg = p.Pointer + ": " + msg
		}
		l.out = append(l.out, Problem{File: file, Line: p.Line, Col: p.Col, Message: msg})
	}
}

// LoadProblems lists, one by one, the problems a pack failed to load with.
func LoadProblems(err error) []Problem {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []Problem
		for _, e := range j.Unwrap() {
			out = append(out, LoadProblems(e)...)
		}
		return out
	}
	if pe, ok := err.(*pack.Error); ok {
		return []Problem{{File: pe.File, Line: pe.Line, Col: pe.Col, Message: pe.Msg}}
	}
	if u := errors.Unwrap(err); u != nil {
		return LoadProblems(u)
	}
	return []Problem{{File: "pack.yaml", Message: err.Error()}}
}

type linter struct {
	schema *casefile.Validator // the case schema, walked for field names
	out    []Problem
}

var caseRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(case|row)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)`) })

// check reports the case.… and row.… references of t that name no field
// of the case format; rows is the list row.… ranges over.
func (l *linter) check(file string, t *pack.Tpl, rows string) {
	for _, at := range caseRef().FindAllStringSubmatchIndex(t.Src, -1) {
		m := []string{t.Src[at[0]:at[1]], t.Src[at[2]:at[3]], t.Src[at[4]:at[5]]}
		path := strings.Split(strings.TrimPrefix(m[2], "."), ".")
		var s map[string]any
		switch m[1] {
		case "case":
			s = l.schema.Schema()
		case "row":
			if !strings.HasPrefix(rows, "case.") {
				continue // rows from derived values or the bundle
			}
			if s = l.items(strings.Split(strings.TrimPrefix(rows, "case."), ".")); s == nil {
				continue
			}
		}
		if bad := l.missing(s, path); bad != "" {
			l.out = append(l.out, Problem{File: file, Line: t.Line + strings.Count(t.Src[:at[0]], "\n"),
				Message: fmt.Sprintf("%s%s: the case format has no field %q here", m[1], m[2], bad)})
		}
	}
}

func (l *linter) document(d *pack.Document) {
	check := func(t *pack.Tpl, rows string) { l.check(d.File, t, rows) }
	tpls := func(b *pack.Block) []*pack.Tpl {
		ts := []*pack.Tpl{&b.When.Tpl, &b.Title, &b.Text, &b.Empty, &b.Seal, &b.Src, &b.Caption, &b.Item, &b.Note, &b.Category, &b.Done.Tpl}
		for i := range b.Fields {
			ts = append(ts, &b.Fields[i].Label, &b.Fields[i].Value, &b.Fields[i].When.Tpl)
		}
		for i := range b.Columns {
			ts = append(ts, &b.Columns[i].Value)
		}
		ts = append(ts, &b.XLabel, &b.YLabel)
		for i := range b.Series {
			ts = append(ts, &b.Series[i].Name, &b.Series[i].Value)
		}
		for i := range b.Boxes {
			ts = append(ts, &b.Boxes[i].Label, &b.Boxes[i].Name, &b.Boxes[i].Date, &b.Boxes[i].Sign, &b.Boxes[i].Seal.Tpl)
		}
		return ts
	}
	for _, t := range append([]*pack.Tpl{&d.Name, &d.Header.Left, &d.Header.Center, &d.Header.Right, &d.Footer.Left, &d.Footer.Center, &d.Footer.Right}, d.Record.Tpls()...) {
		check(t, "")
	}
	for i := range d.Blocks {
		b := &d.Blocks[i]
		rows := b.Rows
		if b.Repeat != "" {
			rows = b.Repeat
		}
		for _, t := range tpls(b) {
			check(t, rows)
		}
		for _, loc := range slices.Sorted(maps.Keys(b.Templates())) {
			l.check(strings.ReplaceAll(b.Template, "{locale}", loc), b.Templates()[loc], rows)
		}
	}
	for i := range d.Sheets {
		for j := range d.Sheets[i].Columns {
			check(&d.Sheets[i].Columns[j].Value, d.Sheets[i].Rows)
		}
	}
}

// missing returns the first step of path the schema s does not have, or
// "" when the path exists. Steps into a list (a number, first, last,
// length) and beyond a free-form value are not checked.
func (l *linter) missing(s map[string]any, path []string) string {
	for _, step := range path {
		s = l.schema.Resolve(s)
		if items, ok := s["items"].(map[string]any); ok {
			switch step {
			case "length", "first", "last", "0", "1", "2", "3":
				return ""
			}
			s = l.schema.Resolve(items)
		}
		props, ok := s["properties"].(map[string]any)
		if !ok {
			return ""
		}
		next, ok := props[step].(map[string]any)
		if !ok {
			return step
		}
		s = next
	}
	return ""
}

// items is the schema of the items of the list at path.
func (l *linter) items(path []string) map[string]any {
	s := l.schema.Schema()
	for _, step := range path {
		s = l.schema.Resolve(s)
		props, _ := s["properties"].(map[string]any)
		next, ok := props[step].(map[string]any)
		if !ok {
			return nil
		}
		s = next
	}
	items, _ := l.schema.Resolve(s)["items"].(map[string]any)
	return items
}

// labels reports label keys one locale has and another lacks. The words
// under draw: and ledger: are not compared: kesu has its own for every
// language, so a pack may reword them in one language only.
func (l *linter) labels(p *pack.Pack) {
	keys := map[string]map[string]bool{}
	var locales []string
	for _, loc := range p.Locales {
		m, err := p.Labels(loc)
		if err != nil {
			// Its problems were reported when it loaded; comparing with
			// nothing would call every label missing.
			continue
		}
		locales = append(locales, loc)
		keys[loc] = map[string]bool{}
		flatten("", m, keys[loc])
		for k := range keys[loc] {
			if strings.HasPrefix(k, "draw.") || strings.HasPrefix(k, "ledger.") {
				delete(keys[loc], k)
			}
		}
	}
	for _, loc := range locales {
		for _, other := range locales {
			if loc == other {
				continue
			}
			var miss []string
			for k := range keys[other] {
				if !keys[loc][k] {
					miss = append(miss, k)
				}
			}
			slices.Sort(miss)
			for _, k := range miss {
				l.out = append(l.out, Problem{File: "labels/" + loc + ".yaml", Message: fmt.Sprintf("label %s is missing (labels/%s.yaml has it)", k, other)})
			}
		}
	}
}

func flatten(prefix string, v any, out map[string]bool) {
	m, ok := v.(map[string]any)
	if !ok {
		out[prefix] = true
		return
	}
	for k, x := range m {
		key := k
		if prefix != "" {
			key = prefix + "." + k
		}
		flatten(key, x, out)
	}
}
