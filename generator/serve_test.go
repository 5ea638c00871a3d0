package generator_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/kesuhq/kesu/generator"
)

// Fifty clients post the same case with its files at once to a service
// holding one Generator (run under -race by CI): every one gets the same
// PDF, the one a single render gives.
func TestConcurrentHTTPRenders(t *testing.T) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(renderHandler(g))
	defer srv.Close()
	body, err := sampleRequest("agreement")
	if err != nil {
		t.Fatal(err)
	}
	const clients = 50
	got := make([][]byte, clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
			if err != nil {
				errs[i] = err
				return
			}
			defer resp.Body.Close()
			data, err := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("client %d: %s: %s", i, resp.Status, data)
			}
			got[i], errs[i] = data, err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
	}
	want := got[0]
	if !bytes.HasPrefix(want, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", want)
	}
	for i, data := range got {
		if !bytes.Equal(data, want) {
			t.Errorf("client %d got %d bytes, client 0 %d: renders differ", i, len(data), len(want))
		}
	}
	text := pdfText(t, want)
	containsAll(t, "agreement over HTTP", text, "投诉处理协议书", "人民币壹万叁仟肆佰元整（¥13,400.00）")
}

// A case posted without the pictures it names is the client's to fix, at
// the field naming the missing file; a case posted with no files at all
// is a usage error.
func TestHTTPMissingFiles(t *testing.T) {
	g, err := generator.New(generator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	body, err := sampleRequest("apology")
	if err != nil {
		t.Fatal(err)
	}
	// Drop the logo: the apology is on the letterhead.
	body = bytes.Replace(body, []byte(`"assets/furniture/logo.png"`), []byte(`"assets/furniture/other.png"`), 1)
	rec := httptest.NewRecorder()
	renderHandler(g).ServeHTTP(rec, httptest.NewRequest("POST", "/", bytes.NewReader(body)))
	if rec.Code != http.StatusUnprocessableEntity || !bytes.Contains(rec.Body.Bytes(), []byte("logo.png")) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}

	c, err := g.Load("case.yaml", mustRead(t, "../samples/furniture-sofa.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.Render(t.Context(), c, "apology", generator.PDF, io.Discard)
	var ue *generator.UsageError
	if !errors.Is(err, generator.ErrNoAssets) || !errors.As(err, &ue) {
		t.Errorf("a case loaded without its folder: %v, want a usage error, ErrNoAssets", err)
	}
	for what, err := range map[string]error{"bundle": bundleErr(g, c), "check": g.CheckFiles(c)} {
		if !errors.Is(err, generator.ErrNoAssets) || !errors.As(err, &ue) {
			t.Errorf("%s of a case loaded without its folder: %v, want a usage error, ErrNoAssets", what, err)
		}
	}
	_, err = g.Render(t.Context(), c, "nosuch", generator.PDF, io.Discard)
	if !errors.Is(err, generator.ErrUnknownDocument) {
		t.Errorf("unknown document: %v", err)
	}
	_, err = g.Render(t.Context(), c, "registration", "docx", io.Discard)
	if !errors.Is(err, generator.ErrUnknownFormat) {
		t.Errorf("unknown format: %v", err)
	}
	_, err = g.LoadFile("../samples/no-such-case.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist wrapped", err)
	}
}

func bundleErr(g *generator.Generator, c *generator.Case) error {
	_, err := g.Bundle(context.Background(), c, io.Discard)
	return err
}
