package ledger

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/kesuhq/kesu/internal/third_party/excelize"
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

// TestReadForged: a workbook whose part claims to inflate to 60 MiB from a
// few bytes, or an encrypted one, is refused before excelize reads it
// (it made a buffer of the claimed size, or hashed the password 10
// million times).
func TestReadForged(t *testing.T) {
	var forged bytes.Buffer
	zw := zip.NewWriter(&forged)
	zr, err := zip.NewReader(bytes.NewReader(xlsxWith(t, "xl/sharedStrings.xml", 100)), int64(len(xlsxWith(t, "xl/sharedStrings.xml", 100))))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range zr.File {
		if p.Name == "xl/workbook.xml" {
			p.UncompressedSize64 = 60 << 20
		}
		raw, err := p.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.CreateRaw(&p.FileHeader)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, raw)
	}
	zw.Close()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"forged size", forged.Bytes(), "claims to inflate to 62914560 bytes"},
		{"encrypted", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 4096)...), "encrypted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := Read(bytes.NewReader(tc.data), int64(len(tc.data)))
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%v; allocated %.1f MB", err, float64(alloc)/(1<<20))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v; want one saying %q", err, tc.want)
			}
			if alloc > 8<<20 {
				t.Errorf("allocated %d MB; want under 8 MB", alloc>>20)
			}
		})
	}
}

// FuzzReadLedger: no workbook makes Read panic or hang. The seeds are
// small: a ledger of one row without its statistics sheet, styles and
// theme, stored rather than deflated so that mutations change its XML,
// not only break its compression. The fuzzer minimizes each input that
// finds new code before it counts on; one that reads for 50 ms took it
// a minute each time.
func FuzzReadLedger(f *testing.F) {
	f.Add(xlsxWith(f, "xl/sharedStrings.xml", 100))
	var buf bytes.Buffer
	if err := Write(&buf, []Row{{ID: "KS-1"}}, ZhCN, Options{}); err != nil {
		f.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		f.Fatal(err)
	}
	var small bytes.Buffer
	zw := zip.NewWriter(&small)
	for _, p := range zr.File {
		if !strings.HasSuffix(p.Name, "sheet1.xml") && !strings.HasSuffix(p.Name, "rels") && !strings.Contains(p.Name, "Content_Types") &&
			p.Name != "xl/workbook.xml" && p.Name != "xl/sharedStrings.xml" && p.Name != "docProps/custom.xml" {
			continue
		}
		r, err := p.Open()
		if err != nil {
			f.Fatal(err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Store})
		if err != nil {
			f.Fatal(err)
		}
		io.Copy(w, r)
	}
	zw.Close()
	if rows, err := Read(bytes.NewReader(small.Bytes()), int64(small.Len())); err != nil || len(rows) != 1 {
		f.Fatalf("the small ledger reads as %v, %v; want its row", rows, err)
	}
	f.Add(small.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		Read(bytes.NewReader(data), int64(len(data)))
	})
}
