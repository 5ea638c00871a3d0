package pdf

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
)

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A picture with transparency or 16-bit channels, which PDF/A-1 cannot
// hold, is flattened onto white as 8-bit RGB; an opaque 8-bit one is
// embedded as it is.
func TestArchivable(t *testing.T) {
	alpha := image.NewNRGBA(image.Rect(0, 0, 4, 1))
	alpha.SetNRGBA(0, 0, color.NRGBA{R: 255, A: 255})
	alpha.SetNRGBA(1, 0, color.NRGBA{R: 255, A: 0})
	deep := image.NewRGBA64(image.Rect(0, 0, 4, 1))
	for x := range 4 {
		deep.SetRGBA64(x, 0, color.RGBA64{R: 0x1234, G: 0x5678, B: 0x9abc, A: 0xffff})
	}
	paletted := image.NewPaletted(image.Rect(0, 0, 4, 1), color.Palette{color.NRGBA{A: 0}, color.NRGBA{G: 255, A: 255}})
	paletted.SetColorIndex(1, 0, 1)
	opaque := image.NewRGBA(image.Rect(0, 0, 4, 1))
	for x := range 4 {
		opaque.Set(x, 0, color.RGBA{B: 255, A: 255})
	}
	tests := []struct {
		name    string
		img     image.Image
		flatten bool
		first   color.RGBA // pixel (1, 0) after flattening
	}{
		{"alpha channel", alpha, true, color.RGBA{255, 255, 255, 255}},
		{"16 bits a channel", deep, true, color.RGBA{0x12, 0x56, 0x9a, 255}},
		{"transparent palette entry (tRNS)", paletted, true, color.RGBA{0, 255, 0, 255}},
		{"opaque RGB", opaque, false, color.RGBA{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := &doc.Picture{Type: "PNG", Data: encodePNG(t, tt.img), W: 4, H: 1}
			out := archivable(in)
			if !tt.flatten {
				if out != in {
					t.Error("an opaque 8-bit PNG was written again")
				}
				return
			}
			if pngNeedsFlattening(out.Data) {
				t.Fatal("the flattened PNG still has transparency or 16-bit channels")
			}
			img, err := png.Decode(bytes.NewReader(out.Data))
			if err != nil {
				t.Fatal(err)
			}
			if got := color.RGBAModel.Convert(img.At(1, 0)).(color.RGBA); got != tt.first {
				t.Errorf("pixel (1,0) is %v, want %v", got, tt.first)
			}
		})
	}
}

// BenchmarkArchive measures what PDF/A costs a document: the same layout
// drawn plain and as PDF/A, one after the other in every round so both
// see the same load on a shared machine; it reports the median of each.
//
//	go test ./internal/render/pdf -run '^$' -bench Archive
func BenchmarkArchive(b *testing.B) {
	d := testDoc("zh-CN", fishBlock(sampleCauses()), doc.Block{Kind: pack.Text, Text: strings.Repeat(problem, 8)})
	l, err := Lay(d, fonts(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	meta := Meta{Title: "8D 报告 RC-QC-2026-0007", Subject: "8D 报告", Author: "瑞驰精密压铸有限公司", Keywords: "RC-QC-2026-0007",
		Creator: "kesu", Lang: "zh-CN", Date: time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))}
	plain := meta
	plain.Plain = true
	var took [2][]time.Duration
	var size [2]int
	var buf bytes.Buffer
	round := 0
	for b.Loop() {
		// Each goes first every other round: the second of a pair pays
		// for collecting the first one's garbage.
		order := []int{0, 1}
		if round%2 == 1 {
			order = []int{1, 0}
		}
		round++
		for _, i := range order {
			m := []Meta{plain, meta}[i]
			buf.Reset()
			start := time.Now()
			if err := Draw(&buf, l, fonts(b), nil, m); err != nil {
				b.Fatal(err)
			}
			took[i] = append(took[i], time.Since(start))
			size[i] = buf.Len()
		}
	}
	median := func(ds []time.Duration) float64 {
		slices.Sort(ds)
		return float64(ds[len(ds)/2].Nanoseconds())
	}
	b.ReportMetric(median(took[0]), "plain-ns")
	b.ReportMetric(median(took[1]), "pdfa-ns")
	b.ReportMetric(float64(size[0]), "plain-bytes")
	b.ReportMetric(float64(size[1]), "pdfa-bytes")
}

// The deflated sRGB profile embedded in kesu is the profile, deflated as
// the PDF/A output intent has always carried it.
func TestSRGBDeflated(t *testing.T) {
	profile, err := os.ReadFile("icc/sRGB.icc")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw, err := zlib.NewWriterLevel(&buf, zlib.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zw.Write(profile)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("icc/sRGB.icc.zlib", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(srgbDeflated, buf.Bytes()) {
		t.Fatalf("icc/sRGB.icc.zlib (%d bytes) is not icc/sRGB.icc deflated (%d bytes); run with -update", len(srgbDeflated), buf.Len())
	}
	zr, err := zlib.NewReader(bytes.NewReader(srgbDeflated))
	if err != nil {
		t.Fatal(err)
	}
	back, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(back, profile) {
		t.Fatalf("icc/sRGB.icc.zlib inflates to %d bytes (%v), not the %d of the profile", len(back), err, len(profile))
	}
}
