package assets

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
)

// FuzzPicture: no file makes reading a picture panic or decode past its
// budget, and every picture it accepts the PDF writer can embed: validate
// never passes what render then fails on. The seeds are small pictures of
// each kind: mutations of the samples' 10 KB logos run a few a
// millisecond, and the fuzzer minimizing one it finds interesting keeps
// both workers busy for up to a minute each time, counting no executions.
// testdata/fuzz holds a JPEG of 2,000 scans that took validate 2 s.
func FuzzPicture(f *testing.F) {
	m, _ := filepath.Glob("../../samples/assets/*/*")
	for _, p := range m {
		if data, err := os.ReadFile(p); err == nil && len(data) < 4<<10 {
			f.Add(data)
		}
	}
	for _, img := range []image.Image{
		image.NewNRGBA64(image.Rect(0, 0, 3, 2)),
		image.NewGray(image.Rect(0, 0, 9, 9)),
		image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.White, color.Black}),
		image.NewRGBA(image.Rect(0, 0, 16, 8)),
	} {
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
		b.Reset()
		if err := jpeg.Encode(&b, img, nil); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	f.Add(progressiveJPEG(16, 16, [][2]byte{{1, 5}, {6, 63}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		pic, err := readImage(fstest.MapFS{"p": {Data: data}}, "p", 1<<20)
		if err != nil {
			return
		}
		pdf := fpdf.New("P", "mm", "A4", "")
		pdf.RegisterImageOptionsReader("p", fpdf.ImageOptions{ImageType: pic.Type}, bytes.NewReader(pic.Data))
		if err := pdf.Error(); err != nil {
			t.Fatalf("accepted a %s picture the PDF writer cannot embed: %v", pic.Type, err)
		}
	})
}
