package assets

import (
	"bytes"
	"image/jpeg"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// progressiveJPEG is a grey w×h progressive JPEG (w and h multiples of 8,
// at most 32767 blocks or a multiple of 16384) of a DC scan and the AC scans given as spectral
// bands, each band's coefficients all zero: one end-of-band run covers
// every block of a scan, so a scan costs its decoder a pass over all the
// picture's blocks for a dozen bytes of file.
func progressiveJPEG(w, h int, bands [][2]byte) []byte {
	blocks := w / 8 * h / 8
	r, runs := 0, 1
	for 1<<(r+1) <= blocks {
		r++
	}
	if blocks > 32767 {
		r, runs = 14, blocks/16384
	}
	var b bytes.Buffer
	seg := func(marker byte, body ...byte) {
		b.Write([]byte{0xff, marker, byte((len(body) + 2) >> 8), byte(len(body) + 2)})
		b.Write(body)
	}
	var bits []byte // the entropy-coded data of one scan, as 0s and 1s
	flush := func() {
		for len(bits)%8 != 0 {
			bits = append(bits, 1)
		}
		for i := 0; i < len(bits); i += 8 {
			var c byte
			for _, bit := range bits[i : i+8] {
				c = c<<1 | bit
			}
			b.WriteByte(c)
			if c == 0xff {
				b.WriteByte(0)
			}
		}
		bits = bits[:0]
	}
	b.Write([]byte{0xff, 0xd8})
	seg(0xdb, append([]byte{0}, bytes.Repeat([]byte{1}, 64)...)...)
	seg(0xc2, 8, byte(h>>8), byte(h), byte(w>>8), byte(w), 1, 1, 0x11, 0)
	one := func(class, symbol byte) []byte { // one code, "0", for symbol
		return append([]byte{class, 1}, append(make([]byte, 15), symbol)...)
	}
	seg(0xc4, one(0x00, 0)...)          // DC: difference 0
	seg(0xc4, one(0x10, byte(r<<4))...) // AC: end-of-band run of 2^r + r bits
	seg(0xda, 1, 1, 0x00, 0, 0, 0)      // DC first scan
	bits = make([]byte, blocks)         // a 0 per block
	flush()
	for _, band := range bands {
		seg(0xda, 1, 1, 0x00, band[0], band[1], 0)
		for range runs {
			bits = append(bits, 0)
			for i := r - 1; i >= 0; i-- {
				bits = append(bits, byte((blocks/runs-1<<r)>>i&1))
			}
		}
		flush()
	}
	b.Write([]byte{0xff, 0xd9})
	return b.Bytes()
}

// TestJPEGScans: a progressive JPEG is read whatever its scans, as many
// as encoders write; one of thousands of scans, each a pass over the
// whole picture for a few bytes of file, is refused from its markers
// before it is decoded, quickly.
func TestJPEGScans(t *testing.T) {
	ok := progressiveJPEG(64, 64, [][2]byte{{1, 5}, {6, 63}})
	if _, err := jpeg.Decode(bytes.NewReader(ok)); err != nil {
		t.Fatalf("the test's own progressive JPEG: %v", err)
	}
	if _, err := readImage(fstest.MapFS{"ok.jpg": {Data: ok}}, "ok.jpg", 1<<20); err != nil {
		t.Errorf("a progressive JPEG of 3 scans: %v", err)
	}
	big := scanLimit(4096, 4096)
	if big >= maxScans || big < 10 {
		t.Fatalf("scanLimit(4096, 4096) = %d; the test wants one under %d", big, maxScans)
	}
	for _, tc := range []struct {
		w, h, scans int
		decode, ok  bool
	}{
		{64, 64, maxScans, true, true}, {64, 64, maxScans + 1, true, false},
		{4096, 4096, big, false, true}, {4096, 4096, big + 1, true, false},
	} {
		bands := make([][2]byte, tc.scans-1)
		for i := range bands {
			bands[i] = [2]byte{1, 63}
		}
		data := progressiveJPEG(tc.w, tc.h, bands)
		if got := jpegScans(data, 1000); got != tc.scans {
			t.Errorf("%d scans counted in one of %d", got, tc.scans)
		}
		if !tc.decode {
			continue
		}
		if _, err := readImage(fstest.MapFS{"p.jpg": {Data: data}}, "p.jpg", 128<<20); (err == nil) != tc.ok {
			t.Errorf("%d×%d of %d scans: err = %v; want ok = %v", tc.w, tc.h, tc.scans, err, tc.ok)
		}
	}
	bands := make([][2]byte, 20000)
	for i := range bands {
		bands[i] = [2]byte{1, 63}
	}
	bomb := progressiveJPEG(1024, 1024, bands)
	start := time.Now()
	_, err := readImage(fstest.MapFS{"bomb.jpg": {Data: bomb}}, "bomb.jpg", 128<<20)
	took := time.Since(start)
	t.Logf("%d KB, %d scans: %v in %v", len(bomb)>>10, len(bands)+1, err, took)
	if err == nil || !strings.Contains(err.Error(), "bomb.jpg") || !strings.Contains(err.Error(), "scans") {
		t.Errorf("err = %v; want bomb.jpg refused for its scans", err)
	}
	if took > 2*time.Second {
		t.Errorf("took %v; want under 2 s", took)
	}
}
