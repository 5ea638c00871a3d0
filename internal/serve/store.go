package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/internal/safefile"
	"go.yaml.in/yaml/v4"
)

// validID says whether id is what a case id may be (the schema's own rule,
// ^[A-Za-z0-9_-]{1,64}$): it names files. A loop, not a package regexp:
// that one cost every kesu process 860 allocations at start.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range []byte(id) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// maxListed bounds how many cases the list reads.
const maxListed = 2000

type caseInfo struct {
	ID         string `json:"id"`
	File       string `json:"file"`
	Title      string `json:"title,omitempty"`
	Customer   string `json:"customer,omitempty"`
	ReceivedAt string `json:"received_at,omitempty"`
	Status     string `json:"status"`
	Problems   int    `json:"problems"`
	// From the tracking table, judged today: who has the case, how many
	// working days it is old, its next deadline and those it missed.
	Owner       string              `json:"owner,omitempty"`
	AgeWorkdays int                 `json:"age_workdays,omitempty"`
	Next        *generator.Deadline `json:"next,omitempty"`
	Overdue     int                 `json:"overdue,omitempty"`
}

func (s *Server) casesDir() (string, error) {
	if s.cfg.Cases == "" {
		return "", &httpError{http.StatusNotFound, "the server keeps no cases: start it with --cases DIR"}
	}
	return s.cfg.Cases, nil
}

// caseAt is the folder and the case id a /v1/cases/{id} request names.
func (s *Server) caseAt(r *http.Request) (dir, id string, err error) {
	if dir, err = s.casesDir(); err != nil {
		return "", "", err
	}
	if id = r.PathValue("id"); !validID(id) {
		return "", "", badRequest("case id %q: letters, digits, '-' and '_' only", id)
	}
	return dir, id, nil
}

// listCases lists the cases of the folder, most urgent first as the
// tracking table orders them (judged today: the page is a live view, not
// a document), then the closed ones and those with problems.
func (s *Server) listCases(w http.ResponseWriter, r *http.Request) {
	dir, err := s.casesDir()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var infos []caseInfo
	var valid []*generator.Case
	for _, e := range entries {
		if !e.Type().IsRegular() || len(infos) == maxListed {
			continue
		}
		switch filepath.Ext(e.Name()) {
		case ".yaml", ".yml", ".json":
		default:
			continue
		}
		in, c := s.info(dir, e.Name())
		infos = append(infos, in)
		if c != nil {
			valid = append(valid, c)
		}
	}
	rows := map[string]generator.TrackRow{}
	rank := map[string]int{}
	for i, row := range s.g.Track(valid, time.Now(), 30).Rows {
		rows[row.ID], rank[row.ID] = row, i+1
	}
	for i, in := range infos {
		if row, ok := rows[in.ID]; ok {
			infos[i].Status, infos[i].Owner, infos[i].AgeWorkdays = row.Status, row.Owner, row.AgeWorkdays
			infos[i].Next, infos[i].Overdue = row.Next, len(row.Overdue)
		}
	}
	order := func(in caseInfo) int {
		if r, ok := rank[in.ID]; ok {
			return r
		}
		return len(rank) + 1
	}
	sort.SliceStable(infos, func(i, j int) bool {
		if a, b := order(infos[i]), order(infos[j]); a != b {
			return a < b
		}
		return infos[i].ReceivedAt > infos[j].ReceivedAt
	})
	list := []caseInfo{}
	writeJSON(w, http.StatusOK, map[string]any{"cases": append(list, infos...)})
}

// info reads what the list shows of a case file; the case comes back
// only when it is valid.
func (s *Server) info(dir, name string) (caseInfo, *generator.Case) {
	in := caseInfo{File: name, ID: strings.TrimSuffix(name, filepath.Ext(name)), Status: "invalid"}
	c, err := loadDir(s.g, dir, name)
	var ve *generator.ValidationError
	switch {
	case errors.As(err, &ve):
		in.Problems = len(ve.Problems)
	case err != nil:
		in.Problems = 1
	}
	if c == nil {
		return in, nil
	}
	in.ID = c.ID()
	v := c.Value()
	in.Title, _ = v["title"].(string)
	if cu, ok := v["customer"].(map[string]any); ok {
		in.Customer, _ = cu["name"].(string)
	}
	if it, ok := v["intake"].(map[string]any); ok {
		in.ReceivedAt, _ = it["received_at"].(string)
	}
	if err != nil {
		return in, nil
	}
	in.Status = "closed"
	return in, c
}

// getCase answers a case of the folder as JSON, for the page to edit.
func (s *Server) getCase(w http.ResponseWriter, r *http.Request) {
	dir, id, err := s.caseAt(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := loadDir(s.g, dir, id+".yaml")
	var ve *generator.ValidationError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.fail(w, r, &httpError{http.StatusNotFound, fmt.Sprintf("no case %s in the folder", id)})
		return
	case c == nil && err != nil:
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"id": id, "file": id + ".yaml", "case": c.Value()}
	if errors.As(err, &ve) {
		out["problems"] = problemList(ve)
	}
	writeJSON(w, http.StatusOK, out)
}

func problemList(ve *generator.ValidationError) []problemJSON {
	var ps []problemJSON
	for _, p := range ve.Problems {
		ps = append(ps, problem(p))
	}
	return ps
}

// putCase saves a valid case as <id>.yaml in the folder, with the files it
// was sent with; an existing file is replaced only with ?overwrite=true.
func (s *Server) putCase(w http.ResponseWriter, r *http.Request) {
	dir, id, err := s.caseAt(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, c, err := s.readCase(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c.ID() != id {
		s.fail(w, r, badRequest("the case's id is %s, the address says %s", c.ID(), id))
		return
	}
	text, err := toYAML(b.data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	overwrite := r.URL.Query().Get("overwrite") == "true"
	// The files first: a case is only saved with every file it names.
	var names []string
	for name := range b.files {
		if name != b.name {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		if err := save(filepath.Join(dir, filepath.FromSlash(name)), b.files[name].Data, overwrite); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := save(filepath.Join(dir, id+".yaml"), text, overwrite); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "file": id + ".yaml", "files": names})
}

// toYAML writes a case as the YAML a clerk would have typed: the keys in
// the order they came, block style, strings quoted only where YAML needs it.
func toYAML(data []byte) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, badRequest("the case could not be read again: %v", err)
	}
	var plain func(n *yaml.Node)
	plain = func(n *yaml.Node) {
		n.Style &^= yaml.FlowStyle | yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle
		if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "\n") {
			n.Style = yaml.LiteralStyle
		}
		for _, c := range n.Content {
			plain(c)
		}
	}
	plain(&doc)
	var b bytes.Buffer
	b.WriteString("# yaml-language-server: $schema=https://github.com/kesuhq/kesu/schemas/case.schema.json\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	enc.Close()
	return b.Bytes(), nil
}

// save writes a file atomically. Without overwrite, a file already there
// is kept and the request refused with 409, unless it holds the same bytes.
func save(path string, data []byte, overwrite bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	os.Chmod(tmp.Name(), 0o644)
	if overwrite {
		return os.Rename(tmp.Name(), path)
	}
	// A link fails where a file exists: no second request slips between a
	// check and the write.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return &httpError{http.StatusConflict, fmt.Sprintf("%s already exists: confirm to replace it (?overwrite=true)", filepath.Base(path))}
		}
		return err
	}
	return nil
}

// loadDir loads a case of the folder with the folder as its files. A case
// that does not validate comes back with its problems. Like every input of
// kesu, only a regular file within the case size limit is read, without
// blocking on a FIFO.
func loadDir(g *generator.Generator, dir, name string) (*generator.Case, error) {
	data, err := safefile.ReadFS(safefile.Root(dir), name, g.Limits().MaxBytes)
	if err != nil {
		return nil, err
	}
	c, err := g.Parse(name, data, generator.WithAssets(safefile.Root(dir)))
	if err != nil {
		return nil, err
	}
	return c, g.Validate(c)
}
