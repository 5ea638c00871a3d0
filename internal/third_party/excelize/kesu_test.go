package excelize

import (
	"bytes"
	"errors"
	"testing"
)

// kesu: an encrypted workbook (an OLE compound file) is refused without
// being decrypted, with the error upstream gave for one it could not
// decrypt; a workbook this copy writes opens again.
func TestOpenReaderRefusesOLE(t *testing.T) {
	ole := append(append([]byte{}, oleIdentifier...), make([]byte, 4096)...)
	if _, err := OpenReader(bytes.NewReader(ole), Options{Password: "secret"}); !errors.Is(err, ErrWorkbookFileFormat) {
		t.Fatalf("OpenReader(OLE file) = %v, want ErrWorkbookFileFormat", err)
	}
	f := NewFile()
	if err := f.SetCellStr("Sheet1", "AB12", "登记表"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := g.GetCellValue("Sheet1", "AB12"); err != nil || v != "登记表" {
		t.Fatalf("AB12 = %q, %v", v, err)
	}
}

// ColumnNumberToName spells names per call now; the edges of each length.
func TestColumnNumberToName(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 52: "AZ", 702: "ZZ", 703: "AAA", MaxColumns: "XFD"} {
		if got, err := ColumnNumberToName(n); err != nil || got != want {
			t.Errorf("ColumnNumberToName(%d) = %q, %v; want %q", n, got, err, want)
		}
	}
	for _, n := range []int{0, MaxColumns + 1} {
		if _, err := ColumnNumberToName(n); !errors.Is(err, ErrColumnNumber) {
			t.Errorf("ColumnNumberToName(%d): %v", n, err)
		}
	}
	for n := 1; n <= MaxColumns; n++ {
		name, _ := ColumnNumberToName(n)
		if back, err := ColumnNameToNumber(name); err != nil || back != n {
			t.Fatalf("%d → %q → %d, %v", n, name, back, err)
		}
	}
}

// Setting a cell clears the calculation caches only when something was
// cached: a formula's cached value still goes when a cell changes, and a
// workbook nobody calculates sets cells without clearing empty caches (an
// allocation each time with sync.Map).
func TestCalcCacheClearedOnlyWhenFilled(t *testing.T) {
	f := NewFile()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellInt("Sheet1", "B1", 2))
	must(f.SetCellFormula("Sheet1", "A1", "B1*10"))
	if v, err := f.CalcCellValue("Sheet1", "A1"); err != nil || v != "20" {
		t.Fatalf("A1 = %q, %v", v, err)
	}
	must(f.SetCellInt("Sheet1", "B1", 3))
	if v, err := f.CalcCellValue("Sheet1", "A1"); err != nil || v != "30" {
		t.Fatalf("A1 after B1 changed = %q, %v; the cached 20 was kept", v, err)
	}
	must(f.SetCellStr("Sheet1", "C1", "x"))
	if f.calcCached.Load() {
		t.Fatal("the caches are marked filled after a cell was set")
	}
	g := NewFile()
	must(g.SetCellStr("Sheet1", "A1", "登记表"))
	if n := testing.AllocsPerRun(100, func() { g.clearCalcCache() }); n != 0 {
		t.Errorf("clearing empty caches allocates %v times", n)
	}
}
