package serve

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kesuhq/kesu/generator"
	"github.com/kesuhq/kesu/schemas"
)

// validate answers 200 with the case's warnings, or 422 with every problem.
func (s *Server) validate(w http.ResponseWriter, r *http.Request) {
	_, c, err := s.readCase(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Deadlines are judged at the case's own latest date, as the CLI does:
	// the same case gets the same answer whatever the day.
	warnings := []problemJSON{}
	for _, p := range s.g.Warnings(c, time.Time{}) {
		warnings = append(warnings, problem(p))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"valid":     true,
		"id":        c.ID(),
		"documents": s.g.Documents(c),
		"warnings":  warnings,
	})
}

// renderOptions reads the options every render endpoint takes.
func renderOptions(q url.Values) []generator.RenderOption {
	var opts []generator.RenderOption
	if v := q.Get("copy"); v != "" {
		opts = append(opts, generator.WithCopy(generator.Copy(v)))
	}
	if v := q.Get("watermark"); v != "" {
		opts = append(opts, generator.WithWatermark(v))
	}
	return opts
}

var mediaTypes = map[generator.Format]string{
	generator.PDF:  "application/pdf",
	generator.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

// render answers one document of the posted case.
func (s *Server) render(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id, format := q.Get("doc"), generator.Format(strings.ToLower(q.Get("format")))
	if id == "" {
		s.fail(w, r, badRequest("the query needs doc=<document id> (GET /v1/documents lists them)"))
		return
	}
	if format == "" {
		format = generator.PDF
	}
	if _, ok := mediaTypes[format]; !ok {
		s.fail(w, r, badRequest("format=%s: expected pdf or xlsx", format))
		return
	}
	b, err := s.readBody(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.work(w, r, func(ctx context.Context) error {
		c, err := s.load(b)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		res, err := s.g.Render(ctx, c, id, format, &out, renderOptions(q)...)
		if err != nil {
			return err
		}
		s.metrics.rendered(id, string(format))
		h := w.Header()
		h.Set("Content-Type", mediaTypes[format])
		h.Set("Content-Disposition", disposition(fmt.Sprintf("%s_%s.%s", c.ID(), id, format)))
		h.Set("X-Kesu-Pages", fmt.Sprint(res.Pages))
		h.Set("X-Kesu-Warnings", fmt.Sprint(len(res.Warnings)))
		for _, warn := range res.Warnings {
			s.log.Info("warning", "case", c.ID(), "doc", id, "warning", warn.String())
		}
		w.Write(out.Bytes())
		return nil
	})
}

// bundle answers the closure bundle of the posted case.
func (s *Server) bundle(w http.ResponseWriter, r *http.Request) {
	b, err := s.readBody(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.work(w, r, func(ctx context.Context) error {
		c, err := s.load(b)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if _, err := s.g.Bundle(ctx, c, &out, renderOptions(r.URL.Query())...); err != nil {
			return err
		}
		s.metrics.rendered("bundle", "zip")
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Disposition", disposition(c.ID()+".zip"))
		w.Write(out.Bytes())
		return nil
	})
}

// disposition names a download; a case id is letters, digits, '-' and '_'
// only (the schema says so), so the name needs no escaping.
func disposition(name string) string {
	return `attachment; filename="` + name + `"`
}

func (s *Server) schema(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/schema+json")
	w.Write(schemas.Case)
}

// documents lists the pack's documents and the case fields each needs.
func (s *Server) documents(w http.ResponseWriter, r *http.Request) {
	list := []generator.DocumentInfo{}
	for _, id := range s.g.Pack().Documents {
		d, err := s.g.Document(id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		list = append(list, d)
	}
	writeJSON(w, http.StatusOK, map[string]any{"documents": list})
}
