package fpdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"regexp"
	"strconv"
	"testing"
)

// cidMapOf reads back the CIDToGIDMap stream of a one-font PDF.
func cidMapOf(t *testing.T, pdf []byte) []byte {
	t.Helper()
	m := regexp.MustCompile(`/CIDToGIDMap (\d+) 0 R`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no CIDToGIDMap")
	}
	n, _ := strconv.Atoi(string(m[1]))
	obj := regexp.MustCompile(`(?s)\n` + strconv.Itoa(n) + ` 0 obj\n<</Length \d+/Filter /FlateDecode>>\nstream\n(.*?)\nendstream`).FindSubmatch(pdf)
	if obj == nil {
		t.Fatalf("object %d not found", n)
	}
	zr, err := zlib.NewReader(bytes.NewReader(obj[1]))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// The CIDToGIDMap deflated ahead holds every rune of a precut font; when
// the document draws fewer (kesu's fonts are cut to what is drawn, so only
// another caller's would), Output writes the map of what is drawn.
func TestPrecutCIDMap(t *testing.T) {
	font, err := os.ReadFile("../../../templates/default/fonts/Go-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	p := NewCustom(&InitType{UnitStr: "pt", Size: SizeType{Wd: 200, Ht: 200}})
	p.SetCompression(true)
	p.AddUTF8FontFromBytesPrecut("go", "", font)
	p.AddPage()
	p.SetFont("go", "", 12)
	p.Text(10, 20, "AB")
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	m := cidMapOf(t, buf.Bytes())
	// The highest code used is B (66): two bytes a CID up to it.
	if len(m) != (66+1)*2 {
		t.Fatalf("CIDToGIDMap of %d bytes, want %d: the map of the whole font was written", len(m), (66+1)*2)
	}
	if m[65*2] == 0 && m[65*2+1] == 0 {
		t.Error("A maps to glyph 0")
	}
}
