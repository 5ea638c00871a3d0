package bundle

import (
	"bytes"
	"testing"
	"time"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
)

// carrying is a PDF/A-3 document carrying files, as kesu writes one.
func carrying(t testing.TB, files ...fpdf.AssociatedFile) []byte {
	t.Helper()
	p := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 100, Ht: 100}})
	p.SetCompression(true)
	p.SetCreationDate(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
	p.SetModificationDate(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))
	p.SetArchive(&fpdf.Archive{Part: 3, ICC: []byte{1}, Channels: 3, Condition: "sRGB", Files: files})
	p.AddPage()
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEmbeddedFiles(t *testing.T) {
	files := []fpdf.AssociatedFile{
		{Name: "投诉(2026).yaml", Description: "案件 (source)", MIME: "application/yaml", Relationship: "Source", Content: []byte("id: KS-1\n(\\)\n")},
		{Name: "manifest.json", MIME: "application/json", Relationship: "Data", Content: bytes.Repeat([]byte("{}\n"), 5000)},
	}
	got, err := EmbeddedFiles(carrying(t, files...), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(files) {
		t.Fatalf("%d files, want %d", len(got), len(files))
	}
	for i, f := range files {
		if got[i].Name != f.Name || got[i].Relationship != f.Relationship || !bytes.Equal(got[i].Data, f.Content) {
			t.Errorf("file %d: %q %s %d bytes, want %q %s %d bytes", i, got[i].Name, got[i].Relationship, len(got[i].Data), f.Name, f.Relationship, len(f.Content))
		}
	}
	if _, err := EmbeddedFiles(carrying(t, files...), 100); err == nil {
		t.Error("a file larger than the limit is read")
	}
	if got, err := EmbeddedFiles(carrying(t), 100); err != nil || len(got) != 0 {
		t.Errorf("a PDF carrying nothing: %v, %v", got, err)
	}
	if _, err := EmbeddedFiles([]byte("%PDF-1.7\nnot really"), 100); err == nil {
		t.Error("a file that is not kesu's PDF reads")
	}
}

// EmbeddedFiles reads bundles from anywhere: no input makes it panic or
// return more than the limit.
func FuzzEmbeddedFiles(f *testing.F) {
	f.Add(carrying(f, fpdf.AssociatedFile{Name: "a.yaml", MIME: "application/yaml", Relationship: "Source", Content: []byte("id: 1\n")}))
	f.Add([]byte("xref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n0\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, pdf []byte) {
		files, err := EmbeddedFiles(pdf, 1<<10)
		if err != nil {
			return
		}
		for _, e := range files {
			if len(e.Data) > 1<<10 {
				t.Fatalf("%d bytes read past the limit", len(e.Data))
			}
		}
	})
}
