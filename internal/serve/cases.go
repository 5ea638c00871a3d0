package serve

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"testing/fstest"
	"time"

	"github.com/kesuhq/kesu/generator"
)

// maxParts bounds the files one multipart request may carry.
const maxParts = 1000

// caseBody is a case as a request carries it: the file's bytes, a name
// whose extension says its syntax, and its folder (the other files of a
// multipart body, in memory; empty otherwise, so a case naming a file it
// did not send is told so at the field that names it).
type caseBody struct {
	name  string
	data  []byte
	files fstest.MapFS
}

// readBody reads the case of a request: a JSON or YAML body, or a
// multipart body whose part "case" is the case and whose other parts are
// its files, each named by its path relative to the case.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (*caseBody, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBody)
	ct := contentType(r)
	switch ct {
	case "application/json":
		return s.plainBody(r, "case.json")
	case "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml":
		return s.plainBody(r, "case.yaml")
	case "multipart/form-data":
		return s.multipartBody(r)
	case "":
		return nil, &httpError{http.StatusUnsupportedMediaType, "the request has no Content-Type: send application/json, application/yaml or multipart/form-data"}
	default:
		return nil, &httpError{http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: send application/json, application/yaml or multipart/form-data", ct)}
	}
}

func (s *Server) plainBody(r *http.Request, name string) (*caseBody, error) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(err)
	}
	return &caseBody{name: name, data: data, files: fstest.MapFS{}}, nil
}

func bodyError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return err
	}
	return badRequest("the request body could not be read: %v", err)
}

func (s *Server) multipartBody(r *http.Request) (*caseBody, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("multipart body: %v", err)
	}
	b := &caseBody{files: fstest.MapFS{}}
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, bodyError(err)
		}
		if n == maxParts {
			return nil, badRequest("a multipart body may carry at most %d parts", maxParts)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, bodyError(err)
		}
		field := p.FormName()
		if field == "case" {
			b.name, b.data = caseName(p.FileName(), p.Header.Get("Content-Type")), data
			continue
		}
		// A file's part is named by its path in the case's folder, as the
		// case names it (assets/crack.jpg).
		name := path.Clean(field)
		if !fs.ValidPath(name) || name == "." {
			return nil, badRequest("multipart part %q: a file's part is named by its path relative to the case (assets/photo.jpg), inside the case's folder", field)
		}
		if _, dup := b.files[name]; dup {
			return nil, badRequest("multipart part %q: the file is sent twice", field)
		}
		b.files[name] = &fstest.MapFile{Data: data, Mode: 0o444, ModTime: time.Unix(0, 0)}
	}
	if b.data == nil {
		return nil, badRequest(`the multipart body has no part named "case"`)
	}
	return b, nil
}

// caseName names a case sent as a multipart part: its file name when it
// says YAML or JSON, else by its content type, else YAML (which reads
// JSON too).
func caseName(file, ctype string) string {
	switch path.Ext(file) {
	case ".json", ".yaml", ".yml":
		return path.Base(file)
	}
	if mt, _, _ := mime.ParseMediaType(ctype); mt == "application/json" {
		return "case.json"
	}
	return "case.yaml"
}

// load parses and validates a posted case with its files as its folder;
// pictures are decoded, so validate and render agree.
func (s *Server) load(b *caseBody) (*generator.Case, error) {
	if _, clash := b.files[b.name]; clash {
		return nil, badRequest("multipart part %q: the name is the case's own", b.name)
	}
	b.files[b.name] = &fstest.MapFile{Data: b.data, Mode: 0o444}
	c, err := s.g.LoadFS(b.files, b.name)
	if err != nil {
		return nil, err
	}
	if err := s.g.CheckFiles(c); err != nil {
		return nil, err
	}
	return c, nil
}

// readCase reads and loads the case of a request.
func (s *Server) readCase(w http.ResponseWriter, r *http.Request) (*caseBody, *generator.Case, error) {
	b, err := s.readBody(w, r)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.load(b)
	return b, c, err
}
