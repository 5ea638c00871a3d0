package generator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"runtime"
	"strconv"
	"testing/fstest"

	"github.com/kesuhq/kesu/generator"
)

// Render a case file's 登记表 as PDF into any io.Writer.
func ExampleGenerator_Render() {
	g, err := generator.New(generator.Options{})
	if err != nil {
		log.Fatal(err)
	}
	c, err := g.LoadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		log.Fatal(err)
	}
	var pdf bytes.Buffer
	res, err := g.Render(context.Background(), c, "registration", generator.PDF, &pdf)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.ID(), res.Pages, "page(s)", bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")))
	// Output: KS-2026-000123 2 page(s) true
}

// A case with mistakes: every problem, each at its line, column and JSON
// pointer, in the form editors jump to.
func ExampleGenerator_Validate() {
	g, err := generator.New(generator.Options{})
	if err != nil {
		log.Fatal(err)
	}
	_, err = g.Load("case.yaml", []byte(`schema: kesu/case/v1
id: KS-1
intake:
  channel: telegram
  received_at: 2026-13-01T09:00:00+08:00
customer: {name: 张三}
complaint: {description: 沙发开裂}
`))
	var ve *generator.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// case.yaml:4:12: /intake/channel: "telegram" is not allowed; expected one of: service_desk, front_desk, merchant, regulator, social_media, hotline, group_staff, group_visit, email, app, other
	// case.yaml:5:16: /intake/received_at: "2026-13-01T09:00:00+08:00" is not a time: expected RFC 3339 with an offset, like 2026-11-03T10:20:00+08:00
}

// caseRequest is what a client posts: the case file's name and every file
// by its path (the case file and the pictures it names), each as bytes
// (base64 in JSON).
type caseRequest struct {
	Case  string            `json:"case"`
	Doc   string            `json:"doc"`
	Files map[string][]byte `json:"files"`
}

// renderHandler renders a posted case from memory: the files never touch
// the disk, and a picture the case names is read from the posted ones.
// Renders are CPU work: one per core runs at a time and the others wait
// for a place, so a burst of requests queues instead of each one taking
// the burst's time (and running into the render deadline).
func renderHandler(g *generator.Generator) http.Handler {
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-r.Context().Done():
			return
		}
		var req caseRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<20)).Decode(&req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fsys := fstest.MapFS{}
		for name, data := range req.Files {
			fsys[name] = &fstest.MapFile{Data: data}
		}
		c, err := g.LoadFS(fsys, req.Case)
		var ve *generator.ValidationError
		switch {
		case errors.As(err, &ve):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			json.NewEncoder(w).Encode(ve)
			return
		case err != nil:
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var out bytes.Buffer
		res, err := g.Render(r.Context(), c, req.Doc, generator.PDF, &out)
		if errors.Is(err, generator.ErrUnknownDocument) {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("X-Pages", strconv.Itoa(res.Pages))
		w.Write(out.Bytes())
	})
}

// sampleRequest is the furniture sample and its pictures, as a client
// would post them.
func sampleRequest(doc string) ([]byte, error) {
	req := caseRequest{Case: "furniture-sofa.yaml", Doc: doc, Files: map[string][]byte{}}
	root := os.DirFS("../samples")
	for _, dir := range []string{".", "assets/furniture"} {
		entries, err := fs.ReadDir(root, dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			name := path.Join(dir, e.Name())
			if e.IsDir() || (dir == "." && name != req.Case) {
				continue
			}
			if req.Files[name], err = fs.ReadFile(root, name); err != nil {
				return nil, err
			}
		}
	}
	return json.Marshal(req)
}

// Serve cases posted over HTTP: the case and its files arrive as bytes and
// are rendered from an in-memory fs.FS, with one Generator for every
// request.
func ExampleGenerator_LoadFS() {
	g, err := generator.New(generator.Options{})
	if err != nil {
		log.Fatal(err)
	}
	srv := httptest.NewServer(renderHandler(g))
	defer srv.Close()

	body, err := sampleRequest("apology")
	if err != nil {
		log.Fatal(err)
	}
	resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("X-Pages"), "page(s)")
	// Output: 200 OK application/pdf 1 page(s)
}
