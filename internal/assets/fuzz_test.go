package assets

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/kesuhq/kesu/internal/third_party/fpdf"
)

// FuzzPicture: no file makes reading a picture panic or decode past its
// budget, and every picture it accepts the PDF writer can embed: validate
// never passes what render then fails on.
func FuzzPicture(f *testing.F) {
	m, _ := filepath.Glob("../../samples/assets/*/*")
	for _, p := range m {
		if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
			f.Add(data)
		}
	}
	var small bytes.Buffer
	img := image.NewNRGBA64(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.NRGBA64{R: 0xffff, A: 0x8000})
	png.Encode(&small, img)
	f.Add(small.Bytes())
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
