package fpdf

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

func archiveDoc(t *testing.T, title, text string, a *Archive) []byte {
	t.Helper()
	font, err := os.ReadFile("../../../templates/default/fonts/Go-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	p := NewCustom(&InitType{UnitStr: "pt", Size: SizeType{Wd: 200, Ht: 200}})
	p.SetCompression(true)
	day := time.Date(2026, 11, 3, 10, 20, 0, 0, time.FixedZone("CST", 8*3600))
	p.SetCreationDate(day)
	p.SetModificationDate(day)
	p.SetTitle(title, true)
	p.SetAuthor("星河 & <Co>", true)
	p.SetArchive(a)
	p.AddUTF8FontFromBytesPrecut("go", "", font)
	p.AddPage()
	p.SetFont("go", "", 12)
	p.Text(10, 20, text)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var trailerID = regexp.MustCompile(`/ID \[<([0-9a-f]{32})> <([0-9a-f]{32})>\]`)

// The trailer ID of a PDF/A document comes from its bytes: the same
// document gets the same ID, another document another one.
func TestArchiveID(t *testing.T) {
	a := func() *Archive {
		return &Archive{Part: 1, ICC: []byte{1, 2, 3}, Channels: 3, Condition: "sRGB IEC61966-2.1"}
	}
	one, again, other := archiveDoc(t, "一", "AB", a()), archiveDoc(t, "一", "AB", a()), archiveDoc(t, "一", "AC", a())
	if !bytes.Equal(one, again) {
		t.Fatal("the same document written twice differs")
	}
	m, m2 := trailerID.FindSubmatch(one), trailerID.FindSubmatch(other)
	if m == nil || m2 == nil {
		t.Fatalf("no trailer ID in\n%s", one[len(one)-300:])
	}
	if string(m[1]) == string(m2[1]) {
		t.Error("two different documents have the same ID")
	}
	if !bytes.HasPrefix(one, []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")) {
		t.Errorf("header %q: want version 1.4 and a binary comment", one[:16])
	}
	if bytes.Contains(one, []byte("/Names")) || bytes.Contains(one, []byte("/Group")) {
		t.Error("an empty name tree or a transparency group in a PDF/A-1 document")
	}
}

// The XMP metadata says what the information dictionary says, escaped
// as XML, and the dates carry their offset in both.
func TestArchiveMetadata(t *testing.T) {
	pdf := string(archiveDoc(t, "登记表 <1>", "AB", &Archive{Part: 1, ICC: []byte{1}, Channels: 3, Condition: "sRGB"}))
	for _, want := range []string{
		`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">登记表 &lt;1&gt;</rdf:li></rdf:Alt></dc:title>`,
		`<dc:creator><rdf:Seq><rdf:li>星河 &amp; &lt;Co&gt;</rdf:li></rdf:Seq></dc:creator>`,
		`<xmp:CreateDate>2026-11-03T10:20:00+08:00</xmp:CreateDate>`,
		`/CreationDate (D:20261103102000+08'00')`,
		`<pdfaid:part>1</pdfaid:part>`,
		`/OutputIntents [<</Type /OutputIntent /S /GTS_PDFA1`,
		`/CIDSet `,
	} {
		if !strings.Contains(pdf, want) {
			t.Errorf("no %s", want)
		}
	}
}

// A PDF/A-3 document lists its associated files in the catalog's /AF and
// in an EmbeddedFiles name tree sorted by name, each with its media type
// and relationship.
func TestArchiveFiles(t *testing.T) {
	day := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	pdf := string(archiveDoc(t, "卷", "AB", &Archive{Part: 3, ICC: []byte{1}, Channels: 3, Condition: "sRGB", Files: []AssociatedFile{
		{Name: "manifest.json", MIME: "application/json", Relationship: "Data", ModDate: day, Content: []byte("{}")},
		{Name: "case.yaml", MIME: "application/yaml", Relationship: "Source", ModDate: day, Content: []byte("id: x\n")},
	}}))
	for _, want := range []string{"%PDF-1.7", "<pdfaid:part>3</pdfaid:part>", "/Subtype /application#2Fjson", "/AFRelationship /Source",
		"/ModDate (D:20261128000000Z)", "/AF ["} {
		if !strings.Contains(pdf, want) {
			t.Errorf("no %s", want)
		}
	}
	names := regexp.MustCompile(`/EmbeddedFiles <</Names \[\((.*?)\) \d+ 0 R \((.*?)\) \d+ 0 R\]>>`).FindStringSubmatch(pdf)
	if names == nil || names[1] != "case.yaml" || names[2] != "manifest.json" {
		t.Errorf("EmbeddedFiles names %q, want case.yaml then manifest.json", names)
	}
}

func TestPDFName(t *testing.T) {
	for in, want := range map[string]string{"application/json": "/application#2Fjson", "Source": "/Source", "a b#": "/a#20b#23"} {
		if got := pdfName(in); got != want {
			t.Errorf("pdfName(%q) = %q, want %q", in, got, want)
		}
	}
}

// An entry set empty (a byte order mark and nothing) is in neither the
// information dictionary nor the XMP packet: PDF/A wants the two alike.
func TestArchiveEmptyEntry(t *testing.T) {
	p := NewCustom(&InitType{UnitStr: "pt", Size: SizeType{Wd: 100, Ht: 100}})
	p.SetKeywords("", true)
	p.SetArchive(&Archive{Part: 1, ICC: []byte{1}, Channels: 3, Condition: "sRGB"})
	p.AddPage()
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(buf.Bytes(), []byte("/Keywords")) || bytes.Contains(buf.Bytes(), []byte("pdf:Keywords")) {
		t.Error("empty keywords written")
	}
}
