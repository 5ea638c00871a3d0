package generator_test

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
)

// BenchmarkPDFACost measures what PDF/A costs a document's warm render
// (Render of a loaded case on a Generator that has drawn the document
// before): the registration form and the 8D report of the 8D sample, each
// rendered as PDF/A and plain in every round, in alternating order, so
// both see the same load on a shared machine. It reports the medians, the
// median of each round's difference as a share of the plain render, and
// the sizes.
//
//	go test ./generator -run '^$' -bench PDFACost -benchtime 300x
func BenchmarkPDFACost(b *testing.B) {
	for _, id := range []string{"registration", "8d"} {
		b.Run(id, func(b *testing.B) {
			g, err := generator.New(generator.Options{})
			if err != nil {
				b.Fatal(err)
			}
			c := loadFile(b, g, "../samples/manufacturer-8d.yaml")
			var buf bytes.Buffer
			render := func(plain bool) time.Duration {
				g.SetPlainPDF(plain)
				buf.Reset()
				start := time.Now()
				if _, err := g.Render(b.Context(), c, id, generator.PDF, &buf); err != nil {
					b.Fatal(err)
				}
				return time.Since(start)
			}
			var size [2]int
			for i, plain := range []bool{true, false} {
				render(plain) // warm: templates compiled, fonts cut once
				size[i] = buf.Len()
			}
			var plainT, pdfaT, diff []float64
			round := 0
			for b.Loop() {
				var p, a time.Duration
				// Each goes first every other round: the second of a
				// pair pays for collecting the first one's garbage.
				if round%2 == 0 {
					p, a = render(true), render(false)
				} else {
					a, p = render(false), render(true)
				}
				round++
				plainT, pdfaT = append(plainT, millis(p)), append(pdfaT, millis(a))
				diff = append(diff, millis(a)-millis(p))
			}
			b.ReportMetric(median(plainT), "plain-ms")
			b.ReportMetric(median(pdfaT), "pdfa-ms")
			b.ReportMetric(100*median(diff)/median(plainT), "cost-%")
			b.ReportMetric(float64(size[0]), "plain-bytes")
			b.ReportMetric(float64(size[1]), "pdfa-bytes")
		})
	}
}

func millis(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	return s[len(s)/2]
}
