package ledger

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlsxWith is an empty workbook with one more part, name, inflating to n
// bytes of spaces: small on disk.
func xlsxWith(t testing.TB, name string, n int64) []byte {
	t.Helper()
	f := excelize.NewFile()
	var book bytes.Buffer
	if _, err := f.WriteTo(&book); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, p := range zr.File {
		if p.Name == name {
			continue
		}
		if err := zw.Copy(p); err != nil {
			t.Fatal(err)
		}
	}
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	for left := n; left > 0; left -= int64(len(spaces)) {
		w.Write(spaces[:min(left, int64(len(spaces)))])
	}
	io.WriteString(w, `</sst>`)
	zw.Close()
	return out.Bytes()
}

// TestReadBomb: a ledger whose shared strings inflate to 256 MiB is
// refused before they are inflated, allocating next to nothing.
func TestReadBomb(t *testing.T) {
	bomb := xlsxWith(t, "xl/sharedStrings.xml", 256<<20)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Read(bytes.NewReader(bomb), int64(len(bomb)))
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d KB ledger: %v; allocated %.1f MB", len(bomb)>>10, err, float64(alloc)/(1<<20))
	if err == nil || !strings.Contains(err.Error(), "inflate to more than") {
		t.Errorf("err = %v; want a refusal of the size it inflates to", err)
	}
	if alloc > 32<<20 {
		t.Errorf("reading a ledger bomb allocated %d MB; want under 32 MB", alloc>>20)
	}
}

// FuzzReadLedger: no workbook makes Read panic or hang.
func FuzzReadLedger(f *testing.F) {
	f.Add(xlsxWith(f, "xl/sharedStrings.xml", 100))
	var buf bytes.Buffer
	if err := Write(&buf, []Row{{ID: "KS-1"}}, ZhCN, Options{}); err == nil {
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		Read(bytes.NewReader(data), int64(len(data)))
	})
}
