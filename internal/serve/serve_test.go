package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
)

var sharedGen = sync.OnceValues(func() (*generator.Generator, error) { return generator.New(generator.Options{}) })

func gen(t testing.TB) *generator.Generator {
	t.Helper()
	g, err := sharedGen()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

const minimal = `{"schema":"kesu/case/v1","id":"KS-2026-000001","customer":{"name":"张晓堃","phone":"13812345678"},
"intake":{"channel":"service_desk","received_at":"2026-11-03T10:20:00+08:00"},
"complaint":{"description":"沙发左侧扶手皮面开裂。"}}`

func newServer(t testing.TB, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	cfg.Generator = gen(t)
	s := New(cfg)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

func do(t testing.TB, method, url, ctype string, body io.Reader, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res, data
}

// sample is a sample case with every file it names, as a multipart body.
func sample(t testing.TB, name string) (string, *bytes.Buffer) {
	t.Helper()
	dir := "../../samples"
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, _ := mw.CreateFormFile("case", name)
	w.Write(data)
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`assets/[^ ,}"\n]+`).FindAllString(string(data), -1) {
		if seen[m] {
			continue
		}
		seen[m] = true
		f, err := os.ReadFile(filepath.Join(dir, m))
		if err != nil {
			t.Fatal(err)
		}
		w, _ := mw.CreateFormFile(m, filepath.Base(m))
		w.Write(f)
	}
	mw.Close()
	return mw.FormDataContentType(), &b
}

func TestEndpoints(t *testing.T) {
	cases := t.TempDir()
	_, ts := newServer(t, Config{Cases: cases, MaxBody: 1 << 20})
	u := ts.URL
	bigCase := strings.Replace(minimal, "开裂。", strings.Repeat("开", 400_000), 1)
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		want                            string // in the body, or a header value
	}{
		{"validate ok", "POST", "/v1/validate", "application/json", minimal, 200, `"valid": true`},
		{"validate yaml", "POST", "/v1/validate", "application/yaml", "schema: kesu/case/v1\nid: Y1\ncustomer: {name: 李雷}\nintake: {channel: hotline, received_at: 2026-11-03T10:20:00+08:00}\ncomplaint: {description: 态度差}\n", 200, `"id": "Y1"`},
		{"validate bad phone", "POST", "/v1/validate", "application/json", strings.Replace(minimal, "13812345678", "电话", 1), 422, `"pointer": "/customer/phone"`},
		{"validate every problem", "POST", "/v1/validate", "application/json", `{"schema":"kesu/case/v1","id":"!","customer":{}}`, 422, `"/intake`},
		{"validate syntax", "POST", "/v1/validate", "application/json", `{"id": `, 422, `"line": 1`},
		{"validate missing file", "POST", "/v1/validate", "application/json", strings.Replace(minimal, `"description"`, `"evidence":[{"file":"assets/a.jpg"}],"description"`, 1), 422, `/complaint/evidence/0/file`},
		{"no content type", "POST", "/v1/validate", "", minimal, 415, "Content-Type"},
		{"unknown content type", "POST", "/v1/validate", "text/plain", minimal, 415, "text/plain"},
		{"over the limit", "POST", "/v1/validate", "application/json", bigCase, 413, "over the limit"},
		{"bad multipart", "POST", "/v1/validate", "multipart/form-data; boundary=x", "garbage", 400, "multipart"},
		{"render pdf", "POST", "/v1/render?doc=registration&format=pdf", "application/json", minimal, 200, `attachment; filename="KS-2026-000001_registration.pdf"`},
		{"render xlsx", "POST", "/v1/render?doc=registration&format=xlsx", "application/json", minimal, 200, `KS-2026-000001_registration.xlsx`},
		{"render masked", "POST", "/v1/render?doc=registration&copy=third-party&watermark=草稿", "application/json", minimal, 200, `registration.pdf`},
		{"render no doc", "POST", "/v1/render", "application/json", minimal, 400, "doc="},
		{"render bad format", "POST", "/v1/render?doc=registration&format=docx", "application/json", minimal, 400, "pdf or xlsx"},
		{"render unknown doc", "POST", "/v1/render?doc=registraton", "application/json", minimal, 400, "registraton"},
		{"render doc without data", "POST", "/v1/render?doc=agreement", "application/json", minimal, 422, "settlement"},
		{"render bad copy", "POST", "/v1/render?doc=registration&copy=secret", "application/json", minimal, 400, "secret"},
		{"bundle open case", "POST", "/v1/bundle", "application/json", minimal, 422, "closure"},
		{"schema", "GET", "/v1/schema", "", "", 200, `"$schema"`},
		{"documents", "GET", "/v1/documents", "", "", 200, `"id": "registration"`},
		{"openapi", "GET", "/openapi.json", "", "", 200, `"openapi": "3.1.0"`},
		{"healthz", "GET", "/healthz", "", "", 200, `"ok"`},
		{"readyz", "GET", "/readyz", "", "", 200, `"ready"`},
		{"metrics", "GET", "/metrics", "", "", 200, "kesu_http_requests_total"},
		{"page", "GET", "/", "", "", 200, "顾客投诉登记"},
		{"script", "GET", "/static/app.js", "", "", 200, "collect"},
		{"no such static", "GET", "/static/nope.js", "", "", 404, ""},
		{"save", "PUT", "/v1/cases/KS-2026-000001", "application/json", minimal, 201, `"file": "KS-2026-000001.yaml"`},
		{"save again, same bytes", "PUT", "/v1/cases/KS-2026-000001", "application/json", minimal, 201, ""},
		{"save over another", "PUT", "/v1/cases/KS-2026-000001", "application/json", strings.Replace(minimal, "张晓堃", "李雷", 1), 409, "overwrite=true"},
		{"save over, confirmed", "PUT", "/v1/cases/KS-2026-000001?overwrite=true", "application/json", strings.Replace(minimal, "张晓堃", "李雷", 1), 201, ""},
		{"save id mismatch", "PUT", "/v1/cases/OTHER", "application/json", minimal, 400, "the address says OTHER"},
		{"save bad id", "PUT", "/v1/cases/..%2Fx", "application/json", minimal, 400, "letters, digits"},
		{"save invalid", "PUT", "/v1/cases/KS-2026-000001", "application/json", `{"id":"KS-2026-000001"}`, 422, "problems"},
		{"list", "GET", "/v1/cases", "", "", 200, `"customer": "李雷"`},
		// Received in November with no reply logged: judged today, the
		// first reply is overdue and the list says so.
		{"list deadlines", "GET", "/v1/cases", "", "", 200, `"overdue": `},
		{"validate warns", "POST", "/v1/validate", "application/json", strings.Replace(minimal, `"complaint"`, `"handling":{"log":[{"at":"2026-11-03T10:25:00+08:00","by":"李敏","action":"接待","kind":"intake"},{"at":"2026-11-06T10:00:00+08:00","by":"李敏","action":"电话回复处理进展","kind":"reply"}]},"complaint"`, 1), 200, `"warnings": [
    {`},
		{"get", "GET", "/v1/cases/KS-2026-000001", "", "", 200, `"name": "李雷"`},
		{"get missing", "GET", "/v1/cases/KS-404", "", "", 404, "no case"},
		{"file not named", "GET", "/v1/cases/KS-2026-000001/files?path=KS-2026-000001.yaml", "", "", 404, "names no file"},
		{"file escaping", "GET", "/v1/cases/KS-2026-000001/files?path=../etc/passwd", "", "", 400, "inside the folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, tt.method, u+tt.path, tt.ctype, strings.NewReader(tt.body))
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			all := string(body) + "\n" + fmt.Sprint(res.Header)
			if !strings.Contains(all, tt.want) {
				t.Errorf("%q not in the answer:\n%.2000s", tt.want, all)
			}
			if res.StatusCode >= 400 && strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
				var v map[string]any
				if err := json.Unmarshal(body, &v); err != nil || v["error"] == nil {
					t.Errorf("an error answer without an error field: %s", body)
				}
			}
		})
	}
	saved, err := os.ReadFile(filepath.Join(cases, "KS-2026-000001.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(saved), "name: 李雷") || strings.Contains(string(saved), "{") {
		t.Errorf("saved case is not block YAML with the confirmed change:\n%s", saved)
	}
	if c, err := gen(t).Load("saved.yaml", saved); err != nil || c.ID() != "KS-2026-000001" {
		t.Errorf("the saved case does not load again: %v", err)
	}
}

func TestMultipartCaseWithFiles(t *testing.T) {
	cases := t.TempDir()
	_, ts := newServer(t, Config{Cases: cases})
	for _, name := range []string{"furniture-sofa.yaml", "manufacturer-8d.yaml"} {
		ctype, body := sample(t, name)
		raw := body.Bytes()
		res, data := do(t, "POST", ts.URL+"/v1/render?doc=8d&format=pdf", ctype, bytes.NewReader(raw))
		if res.StatusCode != 200 || !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Fatalf("%s: render: %d %.500s", name, res.StatusCode, data)
		}
		res, data = do(t, "POST", ts.URL+"/v1/bundle", ctype, bytes.NewReader(raw))
		if res.StatusCode != 200 || !bytes.HasPrefix(data, []byte("PK")) {
			t.Fatalf("%s: bundle: %d %.500s", name, res.StatusCode, data)
		}
	}
	// Saved with its photos, the case opens from the folder with them.
	ctype, body := sample(t, "furniture-sofa.yaml")
	res, data := do(t, "PUT", ts.URL+"/v1/cases/KS-2026-000123", ctype, body)
	if res.StatusCode != 201 {
		t.Fatalf("save: %d %s", res.StatusCode, data)
	}
	if _, err := os.Stat(filepath.Join(cases, "assets/furniture/logo.png")); err != nil {
		t.Fatal("the logo was not saved beside the case:", err)
	}
	res, data = do(t, "GET", ts.URL+"/v1/cases/KS-2026-000123/files?path=assets/furniture/logo.png", "", nil)
	if res.StatusCode != 200 || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Fatalf("file: %d %.200s", res.StatusCode, data)
	}
	res, data = do(t, "GET", ts.URL+"/v1/cases", "", nil)
	if res.StatusCode != 200 || !strings.Contains(string(data), `"status": "closed"`) {
		t.Fatalf("list: %d %s", res.StatusCode, data)
	}
}

func TestToken(t *testing.T) {
	_, ts := newServer(t, Config{Token: "s3cret"})
	if res, _ := do(t, "POST", ts.URL+"/v1/validate", "application/json", strings.NewReader(minimal)); res.StatusCode != 401 {
		t.Fatalf("no token: %d, want 401", res.StatusCode)
	}
	if res, _ := do(t, "POST", ts.URL+"/v1/validate", "application/json", strings.NewReader(minimal), "Authorization", "Bearer wrong"); res.StatusCode != 401 {
		t.Fatalf("wrong token: %d, want 401", res.StatusCode)
	}
	if res, b := do(t, "POST", ts.URL+"/v1/validate", "application/json", strings.NewReader(minimal), "Authorization", "Bearer s3cret"); res.StatusCode != 200 {
		t.Fatalf("token: %d %s", res.StatusCode, b)
	}
	// Probes stay open: an orchestrator has no token.
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		if res, _ := do(t, "GET", ts.URL+p, "", nil); res.StatusCode != 200 {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
}

// TestPanic: a panic in a handler is a 500 with an id the log repeats, and
// the server answers the next request.
func TestPanic(t *testing.T) {
	var logs bytes.Buffer
	s := New(Config{Generator: gen(t), Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	s.mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("kaboom") })
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	res, body := do(t, "GET", ts.URL+"/boom", "", nil)
	if res.StatusCode != 500 {
		t.Fatalf("status %d", res.StatusCode)
	}
	id := regexp.MustCompile(`internal error ([0-9a-f]{16})`).FindStringSubmatch(string(body))
	if id == nil || !strings.Contains(logs.String(), id[1]) || !strings.Contains(logs.String(), "kaboom") {
		t.Fatalf("the answer's id is not in the log:\n%s\n%s", body, logs.String())
	}
	if res, _ := do(t, "GET", ts.URL+"/healthz", "", nil); res.StatusCode != 200 {
		t.Fatal("the server did not live on")
	}
}

// TestBusy: beyond the renders running and the queue, 503 with Retry-After.
func TestBusy(t *testing.T) {
	s, ts := newServer(t, Config{InFlight: 1, Queue: -1})
	release, err := s.acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res, body := do(t, "POST", ts.URL+"/v1/render?doc=registration", "application/json", strings.NewReader(minimal))
	if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q: %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	if res, _ := do(t, "GET", ts.URL+"/readyz", "", nil); res.StatusCode != 503 {
		t.Fatalf("readyz while full: %d", res.StatusCode)
	}
	release()
	if res, _ := do(t, "POST", ts.URL+"/v1/render?doc=registration", "application/json", strings.NewReader(minimal)); res.StatusCode != 200 {
		t.Fatalf("after release: %d", res.StatusCode)
	}
}

// TestDeadline: a request that waits past the server's deadline for a
// place is told so, and frees its place in the queue.
func TestDeadline(t *testing.T) {
	s, ts := newServer(t, Config{InFlight: 1, Timeout: 50 * time.Millisecond})
	release, _ := s.acquire(context.Background())
	defer release()
	res, body := do(t, "POST", ts.URL+"/v1/render?doc=registration", "application/json", strings.NewReader(minimal))
	if res.StatusCode != 503 || !strings.Contains(string(body), "longer than") {
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if len(s.waiting) != 1 {
		t.Fatalf("%d places taken after the deadline, want 1 (the test's own)", len(s.waiting))
	}
}

// TestCancel: a client that goes away stops its render: it leaves the
// queue at once and nothing is rendered for it.
func TestCancel(t *testing.T) {
	s, ts := newServer(t, Config{InFlight: 1})
	release, _ := s.acquire(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/v1/render?doc=registration", strings.NewReader(minimal))
	req.Header.Set("Content-Type", "application/json")
	errc := make(chan error, 1)
	go func() { _, err := http.DefaultClient.Do(req); errc <- err }()
	waitFor(t, func() bool { return len(s.waiting) == 2 })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("client: %v", err)
	}
	waitFor(t, func() bool { return len(s.waiting) == 1 })
	release()
	// And a render already under way is handed the request's context.
	if _, err := gen(t).Render(ctx, mustLoad(t), "registration", generator.PDF, io.Discard); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled context rendered: %v", err)
	}
	m := httptest.NewRecorder()
	s.metrics.serve(m, nil)
	if strings.Contains(m.Body.String(), "kesu_renders_total{") {
		t.Fatalf("a render was counted:\n%s", m.Body.String())
	}
}

func mustLoad(t testing.TB) *generator.Case {
	c, err := gen(t).Load("case.json", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatal("timed out waiting")
}

// TestConcurrentRenders: 100 renders at once, each answered with its own
// case's document (run under -race in CI).
func TestConcurrentRenders(t *testing.T) {
	_, ts := newServer(t, Config{InFlight: 4, Queue: 200})
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("KS-C-%03d", i)
			body := strings.Replace(minimal, "KS-2026-000001", id, 1)
			format := []string{"pdf", "xlsx"}[i%2]
			req, _ := http.NewRequest("POST", ts.URL+"/v1/render?doc=registration&format="+format, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				errs <- err
				return
			}
			data, _ := io.ReadAll(res.Body)
			res.Body.Close()
			want := fmt.Sprintf(`filename="%s_registration.%s"`, id, format)
			if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), want) || len(data) < 1000 {
				errs <- fmt.Errorf("%s: %d %q %d bytes", id, res.StatusCode, res.Header.Get("Content-Disposition"), len(data))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestShutdown: a stop lets the requests in flight finish and answers them.
func TestShutdown(t *testing.T) {
	s := New(Config{Generator: gen(t), InFlight: 1, Queue: 20})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	// Hold the one render place so the requests are surely in flight when
	// the stop comes.
	release, _ := s.acquire(context.Background())
	const n = 6
	codes := make(chan int, n)
	for range n {
		go func() {
			res, err := http.Post("http://"+ln.Addr().String()+"/v1/render?doc=registration", "application/json", strings.NewReader(minimal))
			if err != nil {
				codes <- -1
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			codes <- res.StatusCode
		}()
	}
	waitFor(t, func() bool { return len(s.waiting) == n+1 })
	stop()
	time.Sleep(50 * time.Millisecond) // the stop is under way: no new connection is taken
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("a new request was taken after the stop")
	}
	release()
	for range n {
		if c := <-codes; c != 200 {
			t.Errorf("a request in flight got %d", c)
		}
	}
	if err := <-served; err != nil {
		t.Fatal(err)
	}
}

// BenchmarkRender compares POST /v1/render of the registration PDF with
// what a Go service importing kesu does for the same request, Load and
// Render of the posted bytes on a warm Generator, alternating the two in
// each iteration so a noisy machine slows both alike; http/library is the
// ratio (goal ≤ 1.3).
func BenchmarkRender(b *testing.B) {
	g := gen(b)
	_, ts := newServer(b, Config{})
	var lib, web time.Duration
	for b.Loop() {
		t0 := time.Now()
		c, err := g.Load("case.json", []byte(minimal))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := g.Render(context.Background(), c, "registration", generator.PDF, io.Discard); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		res, err := http.Post(ts.URL+"/v1/render?doc=registration", "application/json", strings.NewReader(minimal))
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatal(res.Status)
		}
		lib, web = lib+t1.Sub(t0), web+time.Since(t1)
	}
	b.ReportMetric(float64(lib.Microseconds())/1000/float64(b.N), "library-ms/op")
	b.ReportMetric(float64(web.Microseconds())/1000/float64(b.N), "http-ms/op")
	b.ReportMetric(float64(web)/float64(lib), "http/library")
}
