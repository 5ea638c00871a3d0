package casegen

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"sync"
)

// The pictures cases name: one logo per organisation and a handful of
// evidence photos and screenshots, drawn with simple shapes (no photos,
// no fonts) so each is a few kilobytes and the same bytes every time.

var (
	assetsOnce sync.Once
	assetFiles []File
)

// Assets returns the picture files the cases name (logos, evidence,
// attachments) with names like "assets/crack-01.jpg": one logo per
// organisation, ten JPEG "photos" and four PNG screenshots, a few KB
// each. They are drawn once; each call returns its own copy.
func Assets() []File {
	assetsOnce.Do(func() { assetFiles = drawAssets() })
	out := make([]File, len(assetFiles))
	for i, f := range assetFiles {
		out[i] = File{f.Name, bytes.Clone(f.Data)}
	}
	return out
}

func drawAssets() []File {
	var out []File
	logoColors := map[string][2]color.NRGBA{
		"xinghe":   {{0x1f, 0x4e, 0x9c, 255}, {0xf2, 0xb1, 0x34, 255}},
		"jingui":   {{0xb8, 0x86, 0x0b, 255}, {0x8b, 0x1a, 0x1a, 255}},
		"youxuan":  {{0xe8, 0x4a, 0x27, 255}, {0x33, 0x33, 0x33, 255}},
		"xianfeng": {{0x2e, 0x8b, 0x57, 255}, {0xf5, 0xa6, 0x23, 255}},
		"hengtai":  {{0x00, 0x5b, 0x96, 255}, {0x80, 0x80, 0x80, 255}},
		"bailian":  {{0xc8, 0x10, 0x2e, 255}, {0x1a, 0x1a, 0x1a, 255}},
	}
	for i, o := range orgs {
		out = append(out, File{"assets/logo-" + o.key + ".png", encodePNG(logo(logoColors[o.key], i))})
	}
	photos := []struct {
		name string
		draw func(*canvas)
	}{
		{"crack-01", drawCrack(color.NRGBA{0x8b, 0x5a, 0x3c, 255}, 1)},
		{"crack-02", drawCrack(color.NRGBA{0xc9, 0xb8, 0x9a, 255}, 2)},
		{"stain-01", drawStain},
		{"dent-01", drawDent},
		{"leak-01", drawLeak},
		{"foreign-01", drawForeign},
		{"package-01", drawPackage},
		{"burr-01", drawBurr},
		{"label-01", drawLabel},
		{"screen-01", drawScreen},
	}
	for _, p := range photos {
		c := newCanvas(320, 240, 11)
		p.draw(c)
		c.grain(5)
		out = append(out, File{"assets/" + p.name + ".jpg", encodeJPEG(c.img)})
	}
	shots := []struct {
		name string
		w, h int
		draw func(*canvas)
	}{
		{"chat-01", 240, 420, drawChat},
		{"call-log-01", 240, 420, drawCallLog},
		{"receipt-01", 200, 380, drawReceipt},
		{"report-01", 300, 420, drawReport},
	}
	for _, s := range shots {
		c := newCanvas(s.w, s.h, 7)
		s.draw(c)
		out = append(out, File{"assets/" + s.name + ".png", encodePNG(c.img)})
	}
	return out
}

func encodePNG(img image.Image) []byte {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func encodeJPEG(img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 70}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// ---- a tiny canvas ----

type canvas struct {
	img  *image.NRGBA
	w, h int
	r    *rand.Rand
}

func newCanvas(w, h int, seed uint64) *canvas {
	return &canvas{image.NewNRGBA(image.Rect(0, 0, w, h)), w, h, rand.New(rand.NewPCG(seed, uint64(w*h)))}
}

func (c *canvas) set(x, y int, col color.NRGBA) {
	if x >= 0 && y >= 0 && x < c.w && y < c.h {
		c.img.SetNRGBA(x, y, col)
	}
}

func (c *canvas) rect(x0, y0, x1, y1 int, col color.NRGBA) {
	for y := max(y0, 0); y < min(y1, c.h); y++ {
		for x := max(x0, 0); x < min(x1, c.w); x++ {
			c.img.SetNRGBA(x, y, col)
		}
	}
}

func (c *canvas) ellipse(cx, cy, rx, ry float64, col color.NRGBA) {
	for y := int(cy - ry); y <= int(cy+ry); y++ {
		for x := int(cx - rx); x <= int(cx+rx); x++ {
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			if dx*dx+dy*dy <= 1 {
				c.set(x, y, col)
			}
		}
	}
}

func (c *canvas) roundRect(x0, y0, x1, y1, r int, col color.NRGBA) {
	c.rect(x0+r, y0, x1-r, y1, col)
	c.rect(x0, y0+r, x1, y1-r, col)
	for _, p := range [][2]int{{x0 + r, y0 + r}, {x1 - r, y0 + r}, {x0 + r, y1 - r}, {x1 - r, y1 - r}} {
		c.ellipse(float64(p[0]), float64(p[1]), float64(r), float64(r), col)
	}
}

// line draws a thick line.
func (c *canvas) line(x0, y0, x1, y1, width float64, col color.NRGBA) {
	n := int(math.Hypot(x1-x0, y1-y0)) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		c.ellipse(x0+(x1-x0)*t, y0+(y1-y0)*t, width/2, width/2, col)
	}
}

// gradient fills the canvas from top color a to bottom color b.
func (c *canvas) gradient(a, b color.NRGBA) {
	for y := 0; y < c.h; y++ {
		t := float64(y) / float64(c.h-1)
		col := mix(a, b, t)
		for x := 0; x < c.w; x++ {
			c.img.SetNRGBA(x, y, col)
		}
	}
}

// grain adds a little noise so a "photo" is not flat.
func (c *canvas) grain(amp int) {
	for i := 0; i < len(c.img.Pix); i += 4 {
		d := c.r.IntN(2*amp+1) - amp
		for k := 0; k < 3; k++ {
			c.img.Pix[i+k] = uint8(min(max(int(c.img.Pix[i+k])+d, 0), 255))
		}
	}
}

// crack draws a jagged random-walk line.
func (c *canvas) crack(x, y, dx float64, steps int, width float64, col color.NRGBA) {
	for range steps {
		nx, ny := x+dx, y+float64(c.r.IntN(13)-6)
		c.line(x, y, nx, ny, width, col)
		x, y = nx, ny
		width = math.Max(1, width*0.97)
	}
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	m := func(p, q uint8) uint8 { return uint8(float64(p) + (float64(q)-float64(p))*t) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 255}
}

func shade(a color.NRGBA, f float64) color.NRGBA {
	s := func(p uint8) uint8 { return uint8(math.Min(255, float64(p)*f)) }
	return color.NRGBA{s(a.R), s(a.G), s(a.B), 255}
}

var (
	white = color.NRGBA{255, 255, 255, 255}
	ink   = color.NRGBA{0x33, 0x33, 0x33, 255}
	gray  = color.NRGBA{0xbb, 0xbb, 0xbb, 255}
	light = color.NRGBA{0xee, 0xee, 0xee, 255}
	red   = color.NRGBA{0xd0, 0x21, 0x2a, 255}
)

// ---- the pictures ----

func logo(cols [2]color.NRGBA, variant int) image.Image {
	c := newCanvas(240, 80, uint64(variant+1))
	c.rect(0, 0, 240, 80, color.NRGBA{255, 255, 255, 0})
	a, b := cols[0], cols[1]
	switch variant % 3 {
	case 0:
		c.ellipse(40, 40, 30, 30, a)
		c.ellipse(40, 40, 18, 18, white)
		c.ellipse(40, 40, 9, 9, b)
	case 1:
		c.roundRect(10, 10, 70, 70, 12, a)
		c.rect(25, 25, 55, 33, b)
		c.rect(36, 25, 44, 58, b)
	default:
		for i := range 3 {
			c.line(12+float64(i)*18, 68, 30+float64(i)*18, 12, 9, []color.NRGBA{a, b, a}[i])
		}
	}
	// the name, as bars: a logo needs no font to read as a logo here
	c.roundRect(84, 20, 84+40+variant*9, 38, 4, a)
	c.roundRect(84+48+variant*9, 20, 220, 38, 4, a)
	c.rect(84, 48, 200-variant*7, 54, b)
	c.rect(84, 60, 170, 64, shade(b, 1.4))
	return c.img
}

func drawCrack(base color.NRGBA, kind int) func(*canvas) {
	return func(c *canvas) {
		c.gradient(shade(base, 1.15), shade(base, 0.85))
		if kind == 2 {
			// a seam
			c.line(0, 170, 320, 150, 3, shade(base, 0.7))
		}
		c.crack(40, 110, 9, 26, 5, shade(base, 0.35))
		c.crack(150, 118, 7, 8, 2.5, shade(base, 0.45))
	}
}

func drawStain(c *canvas) {
	base := color.NRGBA{0xd8, 0xcf, 0xc4, 255}
	c.gradient(shade(base, 1.1), base)
	for i := 0; i < 320; i += 16 {
		c.line(float64(i), 0, float64(i), 240, 1, shade(base, 0.95))
	}
	for i := range 7 {
		c.ellipse(130+float64(c.r.IntN(80)), 100+float64(c.r.IntN(60)), 20+float64(i*3), 14+float64(i*2), color.NRGBA{0x6b, 0x4c, 0x7a, 255})
	}
}

func drawDent(c *canvas) {
	base := color.NRGBA{0x9a, 0xa7, 0xb4, 255}
	c.gradient(shade(base, 1.2), shade(base, 0.9))
	c.ellipse(160, 120, 70, 45, shade(base, 0.75))
	c.ellipse(150, 112, 52, 30, shade(base, 0.95))
	c.ellipse(170, 128, 30, 16, shade(base, 1.15))
}

func drawLeak(c *canvas) {
	c.rect(0, 0, 320, 240, color.NRGBA{0xe6, 0xe0, 0xd4, 255})
	for i := 0; i <= 320; i += 80 {
		c.line(float64(i), 0, float64(i), 240, 2, gray)
	}
	for i := 0; i <= 240; i += 80 {
		c.line(0, float64(i), 320, float64(i), 2, gray)
	}
	water := color.NRGBA{0x7f, 0xa8, 0xc9, 255}
	for i := range 9 {
		c.ellipse(90+float64(i*18), 150+float64(c.r.IntN(30)), 40, 22, water)
	}
	c.rect(0, 0, 320, 40, color.NRGBA{0xf4, 0xf4, 0xf4, 255})
	c.line(60, 40, 70, 120, 5, water)
}

func drawForeign(c *canvas) {
	c.gradient(color.NRGBA{0x6b, 0x55, 0x44, 255}, color.NRGBA{0x4a, 0x3a, 0x30, 255})
	c.ellipse(160, 125, 130, 95, white)
	c.ellipse(160, 125, 112, 80, light)
	for i := range 4 {
		c.ellipse(110+float64(i*35), 110+float64(i%2*30), 26, 18, color.NRGBA{0xf0, 0xe6, 0xc8, 255})
	}
	x, y := 120.0, 150.0
	for i := range 30 {
		nx, ny := x+3, y-2+2*math.Sin(float64(i)/3)
		c.line(x, y, nx, ny, 1.5, ink)
		x, y = nx, ny
	}
}

func drawPackage(c *canvas) {
	c.rect(0, 0, 320, 240, color.NRGBA{0xcf, 0xcf, 0xc8, 255})
	box := color.NRGBA{0xb5, 0x8a, 0x55, 255}
	c.rect(50, 40, 270, 210, box)
	c.rect(50, 110, 270, 130, color.NRGBA{0xd8, 0xc3, 0x8a, 255})
	for y := 40; y < 100; y++ {
		for x := 200; x < 270-(y-40); x++ {
			c.set(x+(y-40), y, shade(box, 0.5))
		}
	}
	c.crack(60, 180, 8, 12, 3, shade(box, 0.45))
}

func drawBurr(c *canvas) {
	c.gradient(color.NRGBA{0xc4, 0xc9, 0xce, 255}, color.NRGBA{0x7d, 0x84, 0x8b, 255})
	c.rect(0, 150, 320, 240, color.NRGBA{0x5a, 0x60, 0x66, 255})
	for x := 20; x < 300; x += 12 {
		h := float64(4 + c.r.IntN(12))
		c.line(float64(x), 150, float64(x+4), 150-h, 2, color.NRGBA{0xe8, 0xea, 0xec, 255})
	}
	c.ellipse(160, 80, 28, 28, color.NRGBA{0x4a, 0x4f, 0x55, 255})
}

func drawLabel(c *canvas) {
	c.gradient(color.NRGBA{0xe9, 0xd8, 0xb8, 255}, color.NRGBA{0xc9, 0xb3, 0x8c, 255})
	c.rect(60, 50, 260, 190, white)
	c.rect(60, 50, 260, 70, red)
	for i := range 4 {
		c.rect(75, 82+i*14, 75+60+c.r.IntN(100), 88+i*14, ink)
	}
	for x := 80; x < 240; x += 3 {
		if c.r.IntN(3) > 0 {
			c.rect(x, 145, x+1+c.r.IntN(2), 180, ink)
		}
	}
}

func drawScreen(c *canvas) {
	c.gradient(color.NRGBA{0x8a, 0x7f, 0x74, 255}, color.NRGBA{0x5e, 0x55, 0x4d, 255})
	c.roundRect(100, 10, 220, 230, 14, color.NRGBA{0x11, 0x11, 0x11, 255})
	c.rect(108, 24, 212, 216, color.NRGBA{0x2c, 0x4a, 0x6e, 255})
	for _, x := range []int{130, 133, 171, 190} {
		c.rect(x, 24, x+2, 216, color.NRGBA{0xf0, 0xf8, 0xff, 255})
	}
}

func drawChat(c *canvas) {
	c.rect(0, 0, c.w, c.h, color.NRGBA{0xed, 0xed, 0xed, 255})
	c.rect(0, 0, c.w, 36, color.NRGBA{0xf7, 0xf7, 0xf7, 255})
	c.rect(80, 14, 160, 22, ink)
	y := 50
	for i := range 7 {
		w := 80 + c.r.IntN(90)
		lines := 1 + c.r.IntN(2)
		h := 14 + lines*14
		if i%2 == 0 {
			c.roundRect(44, y, 44+w, y+h, 6, white)
			for l := range lines {
				c.rect(52, y+9+l*14, 44+w-10, y+15+l*14, gray)
			}
			c.roundRect(8, y, 36, y+28, 4, color.NRGBA{0x7a, 0x9c, 0xc6, 255})
		} else {
			c.roundRect(c.w-44-w, y, c.w-44, y+h, 6, color.NRGBA{0x95, 0xec, 0x69, 255})
			for l := range lines {
				c.rect(c.w-36-w, y+9+l*14, c.w-54, y+15+l*14, color.NRGBA{0x5f, 0xa8, 0x3f, 255})
			}
			c.roundRect(c.w-36, y, c.w-8, y+28, 4, color.NRGBA{0xe0, 0x9f, 0x5a, 255})
		}
		y += h + 16
	}
}

func drawCallLog(c *canvas) {
	c.rect(0, 0, c.w, c.h, white)
	c.rect(0, 0, c.w, 40, light)
	c.rect(16, 16, 90, 24, ink)
	for i := range 8 {
		y := 52 + i*45
		col := ink
		if i < 3 {
			col = red
		}
		c.ellipse(26, float64(y+14), 9, 9, shade(col, 1.3))
		c.rect(46, y+6, 46+70+c.r.IntN(50), y+13, col)
		c.rect(46, y+19, 46+50, y+24, gray)
		c.rect(180, y+10, 224, y+16, gray)
		c.rect(0, y+38, c.w, y+39, light)
	}
}

func drawReceipt(c *canvas) {
	c.rect(0, 0, c.w, c.h, color.NRGBA{0xd5, 0xd5, 0xd5, 255})
	c.rect(14, 10, c.w-14, c.h-10, color.NRGBA{0xfb, 0xfb, 0xf6, 255})
	c.rect(60, 24, 140, 32, ink)
	y := 50
	for i := range 14 {
		if i == 4 || i == 11 {
			for x := 22; x < c.w-22; x += 6 {
				c.rect(x, y+3, x+3, y+4, gray)
			}
			y += 14
			continue
		}
		c.rect(24, y, 24+40+c.r.IntN(60), y+5, ink)
		c.rect(c.w-64, y, c.w-26, y+5, ink)
		y += 18
	}
	for x := 30; x < c.w-30; x += 3 {
		if c.r.IntN(3) > 0 {
			c.rect(x, c.h-70, x+1+c.r.IntN(2), c.h-30, ink)
		}
	}
}

func drawReport(c *canvas) {
	c.rect(0, 0, c.w, c.h, white)
	c.rect(90, 20, 210, 30, ink)
	c.rect(60, 40, 240, 44, gray)
	for r := 0; r <= 10; r++ {
		c.rect(20, 70+r*26, c.w-20, 71+r*26, ink)
	}
	for _, x := range []int{20, 110, 200, c.w - 21} {
		c.rect(x, 70, x+1, 330, ink)
	}
	for r := range 10 {
		c.rect(28, 80+r*26, 28+40+c.r.IntN(30), 85+r*26, gray)
		c.rect(118, 80+r*26, 118+30+c.r.IntN(40), 85+r*26, gray)
		c.rect(208, 80+r*26, 208+20+c.r.IntN(40), 85+r*26, gray)
	}
	// a seal
	c.ellipse(220, 375, 32, 32, red)
	c.ellipse(220, 375, 28, 28, white)
	c.ellipse(220, 375, 8, 8, red)
}
