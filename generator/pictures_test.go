package generator_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/kesuhq/kesu/generator"
)

// sofaWithLogo copies the sofa sample into a folder of its own with its
// logo replaced by logo (named name), and returns the case file's path.
func sofaWithLogo(t testing.TB, name string, logo []byte) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile("../samples/furniture-sofa.yaml")
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("assets/furniture/logo.png"), []byte("assets/"+name), 1)
	if err := os.MkdirAll(filepath.Join(dir, "assets/furniture"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"crack-left-arm.jpg", "crack-right-back.jpg", "thickness-gauge.jpg"} {
		data, err := os.ReadFile(filepath.Join("../samples/assets/furniture", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "assets/furniture", f), data, 0o644)
	}
	if err := os.WriteFile(filepath.Join(dir, "assets", name), logo, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "case.yaml")
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pngChunk is one chunk: length, type, data, CRC.
func pngChunk(w io.Writer, typ string, data []byte) {
	binary.Write(w, binary.BigEndian, uint32(len(data)))
	io.WriteString(w, typ)
	w.Write(data)
	crc := crc32.NewIEEE()
	io.WriteString(crc, typ)
	crc.Write(data)
	binary.Write(w, binary.BigEndian, crc.Sum32())
}

// pngBomb is a PNG of w×h 16-bit RGBA pixels whose rows are all zero:
// rows of them deflate to almost nothing, so the file is small and what
// it decodes to is w×h×8 bytes.
func pngBomb(t testing.TB, w, h, rows int) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6 // 16 bits, RGBA
	pngChunk(&b, "IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	row := make([]byte, 1+w*8)
	for range rows {
		zw.Write(row)
	}
	zw.Close()
	pngChunk(&b, "IDAT", z.Bytes())
	pngChunk(&b, "IEND", nil)
	return b.Bytes()
}

// interlacedPNG is a valid 1×1 PNG written with Adam7 interlacing: one
// pixel is all of the first pass, so only the header's flag differs.
func interlacedPNG(t testing.TB) []byte {
	var plain bytes.Buffer
	img := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	img.Set(0, 0, color.NRGBA{200, 30, 30, 255})
	if err := png.Encode(&plain, img); err != nil {
		t.Fatal(err)
	}
	data := plain.Bytes()
	var b bytes.Buffer
	b.Write(data[:8])
	ihdr := append([]byte{}, data[16:29]...)
	ihdr[12] = 1
	pngChunk(&b, "IHDR", ihdr)
	b.Write(data[33:])
	if _, err := png.Decode(bytes.NewReader(b.Bytes())); err != nil {
		t.Fatalf("the interlaced PNG does not decode: %v", err)
	}
	return b.Bytes()
}

// TestPictureFormats: a picture validate accepts is one render can draw,
// and one it cannot is reported by validate at the field naming it.
func TestPictureFormats(t *testing.T) {
	g := newGen(t)
	var gifData bytes.Buffer
	gif.Encode(&gifData, image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{color.Black, color.White}), nil)
	jpeg, err := os.ReadFile("../samples/assets/furniture/crack-left-arm.jpg")
	if err != nil {
		t.Fatal(err)
	}
	forged := append(append([]byte{}, jpeg[:len(jpeg)/2]...), 0xFF, 0xD9)
	for _, tc := range []struct {
		name string
		file string
		data []byte
		want string
	}{
		{"gif logo", "logo.gif", gifData.Bytes(), "GIF image"},
		{"gif named png", "logo.png", gifData.Bytes(), "GIF image"},
		{"webp logo", "logo.webp", []byte("RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00"), "WebP image"},
		{"interlaced png", "logo.png", interlacedPNG(t), "interlaced PNG"},
		{"jpeg with a forged end", "logo.jpg", forged, "damaged"},
		{"png bomb", "logo.png", pngBomb(t, 20000, 20000, 16), "20000×20000 pixels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := sofaWithLogo(t, tc.file, tc.data)
			c, err := g.LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			err = g.CheckFiles(c)
			var ve *generator.ValidationError
			if !errors.As(err, &ve) || len(ve.Problems) != 1 {
				t.Fatalf("validate: %v, want one problem", err)
			}
			p := ve.Problems[0]
			if p.Line != 15 || p.Col != 9 || p.Pointer != "/organization/logo" || !strings.Contains(p.Message, tc.want) {
				t.Errorf("validate: %d:%d %s: %s; want 15:9 /organization/logo: …%s…", p.Line, p.Col, p.Pointer, p.Message, tc.want)
			}
			// render agrees, at the same place, whatever validate was asked.
			c2, err := g.LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = g.Render(context.Background(), c2, "apology", generator.PDF, io.Discard)
			if !errors.As(err, &ve) || ve.Problems[0].Line != 15 || !strings.Contains(ve.Problems[0].Message, tc.want) {
				t.Errorf("render: %v; want the validate's problem", err)
			}
		})
	}
}

// peakAlloc runs f and returns how many bytes it allocated and how long
// it took.
func peakAlloc(f func()) (uint64, time.Duration) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, d
}

// TestPictureBomb: a small PNG claiming 20000×20000 16-bit RGBA pixels
// (3.2 GB decoded) is refused by validate and render from its header,
// allocating next to nothing.
func TestPictureBomb(t *testing.T) {
	g := newGen(t)
	bomb := pngBomb(t, 20000, 20000, 2000)
	path := sofaWithLogo(t, "logo.png", bomb)
	var verr, rerr error
	alloc, took := peakAlloc(func() {
		c, err := g.LoadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		verr = g.CheckFiles(c)
		_, rerr = g.Render(context.Background(), c, "apology", generator.PDF, io.Discard)
	})
	t.Logf("bomb of %d KB: validate and render allocated %.1f MB in %v", len(bomb)>>10, float64(alloc)/(1<<20), took)
	if verr == nil || rerr == nil {
		t.Fatalf("validate: %v, render: %v; want both to refuse the bomb", verr, rerr)
	}
	if alloc > 64<<20 || took > 2*time.Second {
		t.Errorf("refusing a picture bomb allocated %d MB in %v; want under 64 MB and 2 s", alloc>>20, took)
	}
}
