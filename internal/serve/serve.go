// Package serve is kesu's HTTP service: the validate, render and bundle
// endpoints other systems call, and the intake page a complaint desk fills
// in. It is built on package generator's public API only, so what it can do
// a Go service importing kesu can do too.
package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/kesuhq/kesu/generator"
)

// Config sets up a Server. Zero values take the defaults named.
type Config struct {
	Generator *generator.Generator
	// Cases is the folder the intake page saves cases into and lists;
	// empty disables saving and listing.
	Cases string
	// Token, when set, is the bearer token every /v1 request must carry.
	Token string
	// MaxBody bounds a request body: 32 MiB.
	MaxBody int64
	// InFlight is how many renders run at once: one per CPU. Queue is how
	// many more may wait for a place: 4 × InFlight; beyond that a request
	// is refused with 503 and Retry-After.
	InFlight, Queue int
	// Timeout bounds one request's work: 60 s.
	Timeout time.Duration
	Logger  *slog.Logger
}

// Server serves kesu over HTTP.
type Server struct {
	cfg     Config
	g       *generator.Generator
	slots   chan struct{} // renders running
	waiting chan struct{} // renders running or queued
	metrics *metrics
	log     *slog.Logger
	mux     *http.ServeMux
}

// New builds a Server.
func New(cfg Config) *Server {
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 32 << 20
	}
	if cfg.InFlight <= 0 {
		cfg.InFlight = runtime.GOMAXPROCS(0)
	}
	if cfg.Queue < 0 {
		cfg.Queue = 0
	} else if cfg.Queue == 0 {
		cfg.Queue = 4 * cfg.InFlight
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		cfg:     cfg,
		g:       cfg.Generator,
		slots:   make(chan struct{}, cfg.InFlight),
		waiting: make(chan struct{}, cfg.InFlight+cfg.Queue),
		metrics: newMetrics(),
		log:     cfg.Logger,
		mux:     http.NewServeMux(),
	}
	s.routes()
	return s
}

func (s *Server) routes() {
	api := func(pattern, route string, h http.HandlerFunc) {
		s.mux.Handle(pattern, s.observe(route, s.auth(h)))
	}
	open := func(pattern, route string, h http.HandlerFunc) {
		s.mux.Handle(pattern, s.observe(route, h))
	}
	api("POST /v1/validate", "/v1/validate", s.validate)
	api("POST /v1/render", "/v1/render", s.render)
	api("POST /v1/bundle", "/v1/bundle", s.bundle)
	api("GET /v1/schema", "/v1/schema", s.schema)
	api("GET /v1/documents", "/v1/documents", s.documents)
	api("GET /v1/cases", "/v1/cases", s.listCases)
	api("GET /v1/cases/{id}", "/v1/cases/{id}", s.getCase)
	api("PUT /v1/cases/{id}", "/v1/cases/{id}", s.putCase)
	api("GET /v1/cases/{id}/files", "/v1/cases/{id}/files", s.caseFile)
	open("GET /openapi.json", "/openapi.json", s.openapi)
	open("GET /healthz", "/healthz", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]string{"status": "ok"}) })
	open("GET /readyz", "/readyz", s.ready)
	open("GET /metrics", "/metrics", s.metrics.serve)
	open("GET /{$}", "/", s.page)
	open("GET /static/{file}", "/static", s.static)
}

// Handler is the server's http.Handler, panics recovered.
func (s *Server) Handler() http.Handler { return s.recover(s.mux) }

// ready says whether a render could start now: 503 while every place in
// the queue is taken.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	if len(s.waiting) == cap(s.waiting) {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "busy"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// auth asks for the bearer token when the server has one.
func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc {
	if s.cfg.Token == "" {
		return h
	}
	want := []byte("Bearer " + s.cfg.Token)
	return func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kesu"`)
			writeError(w, http.StatusUnauthorized, "a bearer token is required (Authorization: Bearer …)")
			return
		}
		h(w, r)
	}
}

// statusWriter remembers what a handler answered, for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// observe logs every request as one JSON line and counts it.
func (s *Server) observe(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		s.metrics.inflight.Add(1)
		defer func() {
			s.metrics.inflight.Add(-1)
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			d := time.Since(start)
			s.metrics.request(r.Method, route, sw.status, d)
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes),
				slog.Float64("ms", float64(d.Microseconds())/1000), slog.String("remote", r.RemoteAddr))
		}()
		h.ServeHTTP(sw, r)
	})
}

// recover turns a panic into a 500 carrying an id that the log repeats
// with the stack, and the server lives on.
func (s *Server) recover(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil || v == http.ErrAbortHandler {
				if v != nil {
					panic(v)
				}
				return
			}
			id := newID()
			s.metrics.panics.Add(1)
			s.log.Error("panic", slog.String("id", id), slog.String("path", r.URL.Path),
				slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
			writeError(w, http.StatusInternalServerError, "internal error "+id+": the server logged it")
		}()
		h.ServeHTTP(w, r)
	})
}

func newID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// errBusy: every place in the render queue is taken.
var errBusy = errors.New("busy")

// acquire takes a render place, waiting in the queue while there is room
// in it; release gives it back.
func (s *Server) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s.waiting <- struct{}{}:
	default:
		return nil, errBusy
	}
	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		<-s.waiting
		return nil, ctx.Err()
	}
	s.metrics.rendering.Add(1)
	return func() {
		s.metrics.rendering.Add(-1)
		<-s.slots
		<-s.waiting
	}, nil
}

// work runs f with a render place and the request's deadline, and answers
// for the errors every render endpoint shares.
func (s *Server) work(w http.ResponseWriter, r *http.Request, f func(ctx context.Context) error) {
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.Timeout)
	defer cancel()
	release, err := s.acquire(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer release()
	if err := f(ctx); err != nil {
		s.fail(w, r, err)
	}
}

// fail answers an error with the status its class calls for: the client's
// mistakes are 4xx with every problem, only kesu's own are 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var ve *generator.ValidationError
	var ue *generator.UsageError
	var pe *generator.PackError
	var mb *http.MaxBytesError
	switch {
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", "2")
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("every render place is taken (%d running, %d waiting): try again", s.cfg.InFlight, s.cfg.Queue))
	case errors.As(err, &mb):
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is over the limit of %d bytes", mb.Limit))
	case errors.As(err, &ve):
		writeProblems(w, ve)
	case errors.As(err, &ue):
		writeError(w, http.StatusBadRequest, ue.Error())
	case errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("the work took longer than the server's limit of %s", s.cfg.Timeout))
	case errors.Is(err, context.Canceled):
		// The client left: nobody reads the answer.
		w.WriteHeader(499)
	case errors.As(err, &pe):
		id := newID()
		s.log.Error("pack", slog.String("id", id), slog.String("error", err.Error()))
		writeError(w, http.StatusInternalServerError, "the server's template pack failed ("+id+"): "+err.Error())
	default:
		var he *httpError
		if errors.As(err, &he) {
			writeError(w, he.status, he.msg)
			return
		}
		id := newID()
		s.log.Error("render", slog.String("id", id), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
		writeError(w, http.StatusInternalServerError, "internal error "+id+": the server logged it")
	}
}

// httpError is a request the server cannot read: its status and why.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// problemJSON is one problem as the API reports it: the CLI's wording, and
// its parts for a program.
type problemJSON struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Pointer string `json:"pointer,omitempty"`
	Message string `json:"message"`
	Text    string `json:"text"`
}

func problem(p generator.Problem) problemJSON {
	return problemJSON{File: p.File, Line: p.Line, Column: p.Col, Pointer: p.Pointer, Message: p.Message, Text: p.String()}
}

func writeProblems(w http.ResponseWriter, ve *generator.ValidationError) {
	out := struct {
		Error    string        `json:"error"`
		Problems []problemJSON `json:"problems"`
	}{Error: fmt.Sprintf("the case has %d problem(s)", len(ve.Problems))}
	for _, p := range ve.Problems {
		out.Problems = append(out.Problems, problem(p))
	}
	writeJSON(w, http.StatusUnprocessableEntity, out)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// contentType is a request's media type without parameters, lower case.
func contentType(r *http.Request) string {
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.ToLower(strings.TrimSpace(ct))
}

// Serve answers on ln until ctx ends, then stops taking requests and
// gives the ones in flight time to finish (90 s at most).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	s.log.Info("listening", "addr", "http://"+ln.Addr().String()+"/")
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing the requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.log.Info("stopped")
	return nil
}
