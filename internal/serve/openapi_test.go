package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"go.yaml.in/yaml/v4"
)

func init() {
	for _, ct := range []string{"application/pdf", "application/zip", "application/octet-stream",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
	openapi3filter.RegisterBodyDecoder("application/schema+json", openapi3filter.JSONBodyDecoder)
}

// TestOpenAPI checks the OpenAPI document, then sends every example
// request it holds to the server and checks the request and the answer
// against it.
func TestOpenAPI(t *testing.T) {
	ctx := context.Background()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openapiDoc)
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(ctx); err != nil {
		t.Fatal(err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newServer(t, Config{Cases: t.TempDir()})
	h := s.Handler()

	// Every route the server has is documented, and the other way round.
	documented := doc.Paths.InMatchingOrder()
	for _, p := range []string{"/v1/validate", "/v1/render", "/v1/bundle", "/v1/schema", "/v1/documents", "/v1/cases", "/v1/cases/{id}", "/v1/cases/{id}/files", "/openapi.json", "/healthz", "/readyz", "/metrics"} {
		if !slices.Contains(documented, p) {
			t.Errorf("%s is served but not documented", p)
		}
	}

	ran := 0
	// The saving example goes first, so the folder has the case the GET
	// examples ask for.
	order := []string{"/v1/cases/{id}"}
	for _, p := range doc.Paths.InMatchingOrder() {
		if p != order[0] {
			order = append(order, p)
		}
	}
	for _, path := range order {
		item := doc.Paths.Value(path)
		ops := item.Operations()
		for _, method := range []string{"PUT", "POST", "GET"} {
			op := ops[method]
			if op == nil {
				continue
			}
			params := url.Values{}
			target := path
			for _, pr := range append(item.Parameters, op.Parameters...) {
				p := pr.Value
				if p.Example == nil {
					continue
				}
				v := p.Example.(string)
				if p.In == "path" {
					target = strings.ReplaceAll(target, "{"+p.Name+"}", v)
				} else {
					params.Set(p.Name, v)
				}
			}
			if len(params) > 0 {
				target += "?" + params.Encode()
			}
			type example struct{ name, ctype, body string }
			var examples []example
			if op.RequestBody != nil {
				for ct, mt := range op.RequestBody.Value.Content {
					for name, ex := range mt.Examples {
						var b []byte
						switch ct {
						case "application/json":
							b, _ = json.Marshal(ex.Value.Value)
						case "application/yaml":
							b, _ = yaml.Marshal(ex.Value.Value)
						default:
							t.Fatalf("%s %s: an example of %s cannot be sent", method, path, ct)
						}
						body := string(b)
						examples = append(examples, example{name, ct, body})
					}
				}
			} else {
				examples = append(examples, example{name: "no body"})
			}
			for _, ex := range examples {
				t.Run(method+" "+path+" "+ex.name, func(t *testing.T) {
					req := httptest.NewRequest(method, target, strings.NewReader(ex.body))
					if ex.ctype != "" {
						req.Header.Set("Content-Type", ex.ctype)
					}
					route, pathParams, err := router.FindRoute(req)
					if err != nil {
						t.Fatal(err)
					}
					in := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route,
						Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
					if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
						t.Fatalf("the example request does not match the document: %v", err)
					}
					req.Body = io.NopCloser(strings.NewReader(ex.body))
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code >= 500 {
						t.Fatalf("%d: %s", rec.Code, rec.Body)
					}
					out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
						Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
					if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
						t.Fatalf("the answer (%d) does not match the document: %v\n%.1000s", rec.Code, err, rec.Body)
					}
					ran++
				})
			}
		}
	}
	if ran < 15 {
		t.Fatalf("only %d example requests ran", ran)
	}
}

// TestOpenAPIServed: the document served is the one checked.
func TestOpenAPIServed(t *testing.T) {
	_, ts := newServer(t, Config{})
	res, body := do(t, http.MethodGet, ts.URL+"/openapi.json", "", nil)
	if res.StatusCode != 200 || !bytes.Equal(body, openapiDoc) {
		t.Fatal("GET /openapi.json is not the embedded document")
	}
}
