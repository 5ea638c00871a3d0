package ledger

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// ledgerOfRows is a ledger kesu wrote with n more rows of one cell (an
// ID) put in its sheet: some 60 bytes of XML a row, 656 bytes of memory.
func ledgerOfRows(t testing.TB, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, []Row{{ID: "KS-1"}}, ZhCN, Options{}); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	const name = "xl/worksheets/sheet1.xml"
	r, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	sheet, _ := io.ReadAll(r)
	end := bytes.Index(sheet, []byte("</sheetData>"))
	if end < 0 {
		t.Fatal("no sheetData in the ledger sheet")
	}
	var b strings.Builder
	b.Write(sheet[:end])
	for i := 3; i < n+3; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>K%d</t></is></c></row>`, i, i, i)
	}
	b.Write(sheet[end:])
	return withPart(t, buf.Bytes(), name, b.String())
}

// A ledger's rows are bounded: a sheet of a million one-cell rows fits
// the 64 MiB a ledger may inflate to and would cost 660 MB read; one
// row over MaxRows is refused, within 250 MB allocated in all.
func TestReadManyRows(t *testing.T) {
	rows, err := Read(bytes.NewReader(ledgerOfRows(t, 1000)), int64(len(ledgerOfRows(t, 1000))))
	if err != nil || len(rows) != 1001 {
		t.Fatalf("a ledger of 1,001 rows reads as %d rows, %v", len(rows), err)
	}
	many := ledgerOfRows(t, MaxRows)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = Read(bytes.NewReader(many), int64(len(many)))
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d KB ledger of %d rows: %v; allocated %.1f MB", len(many)>>10, MaxRows+1, err, float64(alloc)/(1<<20))
	if err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("err = %v; want a refusal of its number of rows", err)
	}
	if alloc > 250<<20 {
		t.Errorf("reading %d rows allocated %d MB in all; want under 250 MB", MaxRows+1, alloc>>20)
	}
}
