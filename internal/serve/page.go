package serve

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/kesuhq/kesu/internal/safefile"
)

// The intake page is three files, embedded: no build step, nothing fetched
// from elsewhere, so it works on a desk with no internet.
//
//go:embed static
var static embed.FS

//go:embed openapi.json
var openapiDoc []byte

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	data, _ := static.ReadFile("static/index.html")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; frame-src 'self' blob:; object-src 'self' blob:")
	w.Write(data)
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	data, err := static.ReadFile("static/" + name)
	if err != nil || name == "index.html" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Write(data)
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openapiDoc)
}

// maxFile bounds one file a case names, as a case file's own folder does.
const maxFile = 64 << 20

// caseFile answers a file a case of the folder names (its photos), so
// the page can send it along when it checks or saves the case again.
func (s *Server) caseFile(w http.ResponseWriter, r *http.Request) {
	dir, err := s.casesDir()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, name := r.PathValue("id"), path.Clean(r.URL.Query().Get("path"))
	if !validID(id) || !fs.ValidPath(name) || name == "." {
		s.fail(w, r, badRequest("case %q, path %q: a case id and a path inside the folder", id, name))
		return
	}
	c, err := loadDir(s.g, dir, id+".yaml")
	if c == nil {
		s.fail(w, r, &httpError{http.StatusNotFound, "no case " + id + " in the folder"})
		return
	}
	// Only a file the case names: the folder is not a file server.
	if !slices.Contains(namedFiles(c.Value()), name) {
		s.fail(w, r, &httpError{http.StatusNotFound, "case " + id + " names no file " + name})
		return
	}
	data, err := safefile.ReadFS(safefile.Root(dir), name, maxFile)
	if err != nil {
		s.fail(w, r, &httpError{http.StatusNotFound, "file " + name + ": " + safefile.Reason(err)})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Write(data)
}

// namedFiles lists the files a case names (logo, evidence, attachments).
func namedFiles(v map[string]any) []string {
	var out []string
	if o, ok := v["organization"].(map[string]any); ok {
		if s, ok := o["logo"].(string); ok {
			out = append(out, path.Clean(s))
		}
	}
	list := func(x any) {
		items, _ := x.([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				if s, ok := m["file"].(string); ok {
					out = append(out, path.Clean(strings.TrimPrefix(s, "./")))
				}
			}
		}
	}
	if c, ok := v["complaint"].(map[string]any); ok {
		list(c["evidence"])
	}
	list(v["attachments"])
	return out
}
