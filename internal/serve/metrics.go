package serve

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// metrics are the server's Prometheus metrics, written in the text
// exposition format by hand: five families do not need client_golang and
// the dozen modules it brings, and the format is stable.
type metrics struct {
	mu        sync.Mutex
	requests  map[[3]string]uint64  // method, route, status
	hist      map[string]*histogram // by route
	renders   map[[2]string]uint64  // doc, format
	inflight  atomic.Int64          // requests being answered
	rendering atomic.Int64          // renders holding a place
	panics    atomic.Uint64
}

// bounds are the duration histogram's buckets in seconds, from a warm
// one-page PDF to a bundle.
var bounds = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

type histogram struct {
	counts []uint64 // per bound, not cumulative
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[[3]string]uint64{}, hist: map[string]*histogram{}, renders: map[[2]string]uint64{}}
}

func (m *metrics) request(method, route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[3]string{method, route, fmt.Sprint(status)}]++
	h := m.hist[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(bounds))}
		m.hist[route] = h
	}
	sec := d.Seconds()
	if i, _ := slices.BinarySearch(bounds, sec); i < len(bounds) {
		h.counts[i]++
	}
	h.sum += sec
	h.count++
}

func (m *metrics) rendered(doc, format string) {
	m.mu.Lock()
	m.renders[[2]string{doc, format}]++
	m.mu.Unlock()
}

func (m *metrics) serve(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	m.mu.Lock()
	family(&b, "kesu_http_requests_total", "counter", "HTTP requests answered, by method, route and status.")
	for _, k := range sortedKeys(m.requests, func(k [3]string) string { return strings.Join(k[:], "\x00") }) {
		fmt.Fprintf(&b, "kesu_http_requests_total{method=%q,route=%q,status=%q} %d\n", k[0], k[1], k[2], m.requests[k])
	}
	family(&b, "kesu_http_request_duration_seconds", "histogram", "Time to answer a request, by route.")
	for _, route := range sortedKeys(m.hist, func(k string) string { return k }) {
		h, cum := m.hist[route], uint64(0)
		for i, le := range bounds {
			cum += h.counts[i]
			fmt.Fprintf(&b, "kesu_http_request_duration_seconds_bucket{route=%q,le=\"%g\"} %d\n", route, le, cum)
		}
		fmt.Fprintf(&b, "kesu_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", route, h.count)
		fmt.Fprintf(&b, "kesu_http_request_duration_seconds_sum{route=%q} %g\n", route, h.sum)
		fmt.Fprintf(&b, "kesu_http_request_duration_seconds_count{route=%q} %d\n", route, h.count)
	}
	family(&b, "kesu_renders_total", "counter", "Documents rendered, by document and format.")
	for _, k := range sortedKeys(m.renders, func(k [2]string) string { return k[0] + "\x00" + k[1] }) {
		fmt.Fprintf(&b, "kesu_renders_total{doc=%q,format=%q} %d\n", k[0], k[1], m.renders[k])
	}
	m.mu.Unlock()
	family(&b, "kesu_http_requests_in_flight", "gauge", "Requests being answered.")
	fmt.Fprintf(&b, "kesu_http_requests_in_flight %d\n", m.inflight.Load())
	family(&b, "kesu_renders_in_progress", "gauge", "Renders holding a place.")
	fmt.Fprintf(&b, "kesu_renders_in_progress %d\n", m.rendering.Load())
	family(&b, "kesu_panics_total", "counter", "Panics recovered while answering.")
	fmt.Fprintf(&b, "kesu_panics_total %d\n", m.panics.Load())
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	fmt.Fprint(w, b.String())
}

func family(b *strings.Builder, name, kind, help string) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, kind)
}

func sortedKeys[K comparable, V any](m map[K]V, key func(K) string) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(a, b K) int { return strings.Compare(key(a), key(b)) })
	return ks
}
