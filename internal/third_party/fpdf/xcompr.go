// Copyright ©2021 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"fmt"

	"github.com/klauspost/compress/zlib"

	"github.com/kesuhq/kesu/internal/freelist"
)

// kesu: free lists, not sync.Pools, which dropped the compressors at
// every collection of kesu's small heap. A compressor goes back to its
// list as soon as its stream is deflated, not with the buffer: a document
// keeps three deflated streams of each embedded font until its end, and
// compressors held with them outnumbered the list, so each document made
// new ones (~0.4 MB of state each).
//
// Font files are deflated by Huffman coding alone (kesu): TrueType outlines
// hold few repeats for LZ77 to find, so it saved little (the Noto CJK
// subsets of the samples: 72 % of their size against 84 %) for three times
// the time, and a document's font file is most of what it deflates.
var (
	xmem   = xmempool{freelist.New[*membuffer]()}
	xzw    = freelist.New[*zlib.Writer]()
	xzwHuf = freelist.New[*zlib.Writer]()
)

type xmempool struct{ *freelist.List[*membuffer] }

func (pool *xmempool) get() *membuffer {
	if mem, ok := pool.Get(); ok {
		return mem
	}
	return new(membuffer)
}

func (pool *xmempool) compress(data []byte) *membuffer {
	return pool.compressLevel(data, xzw, zlib.BestSpeed)
}

// compressFont deflates a font file (kesu; see xzwHuf).
func (pool *xmempool) compressFont(data []byte) *membuffer {
	return pool.compressLevel(data, xzwHuf, zlib.HuffmanOnly)
}

// compressCIDMap deflates the CIDToGIDMap stream of cids (by CID): two
// bytes a CID up to the highest (kesu: not all 65,536; CIDs past the end
// of the map are glyph 0, as before). The map, mostly zeros (CIDs are
// code points, and ：is U+FF1A), is written a piece at a time rather
// than made whole: the deflated bytes are the same.
func (pool *xmempool) compressCIDMap(cids []cidGlyph) *membuffer {
	n := 2
	if len(cids) > 0 {
		n = 2 * int(cids[len(cids)-1].r+1)
	}
	var piece [4096]byte
	return pool.deflate(n/64, xzw, zlib.BestSpeed, func(zw *zlib.Writer) error {
		for off := 0; off < n; off += len(piece) {
			b := piece[:min(len(piece), n-off)]
			clear(b)
			for len(cids) > 0 && 2*int(cids[0].r) < off+len(b) {
				i := 2*int(cids[0].r) - off
				b[i], b[i+1] = byte(cids[0].gid>>8), byte(cids[0].gid)
				cids = cids[1:]
			}
			if _, err := zw.Write(b); err != nil {
				return err
			}
		}
		return nil
	})
}

func (pool *xmempool) compressLevel(data []byte, zws *freelist.List[*zlib.Writer], level int) *membuffer {
	return pool.deflate(len(data), zws, level, func(zw *zlib.Writer) error {
		_, err := zw.Write(data)
		return err
	})
}

// deflate is what write writes, deflated at level into a buffer of room
// bytes to begin with.
func (pool *xmempool) deflate(room int, zws *freelist.List[*zlib.Writer], level int, write func(*zlib.Writer) error) *membuffer {
	mem := pool.get()
	buf := &mem.buf
	buf.Grow(room)

	zw, ok := zws.Get()
	if !ok {
		var err error
		if zw, err = zlib.NewWriterLevel(buf, level); err != nil {
			panic(fmt.Errorf("could not create zlib writer: %w", err))
		}
	} else {
		zw.Reset(buf)
	}
	defer zws.Put(zw)
	if err := write(zw); err != nil {
		panic(fmt.Errorf("could not zlib-compress slice: %w", err))
	}
	if err := zw.Close(); err != nil {
		panic(fmt.Errorf("could not close zlib writer: %w", err))
	}
	return mem
}

func (pool *xmempool) uncompress(data []byte) (*membuffer, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}

	mem := pool.get()
	mem.buf.Reset()

	_, err = mem.buf.ReadFrom(zr)
	if err != nil {
		mem.release()
		return nil, err
	}

	return mem, nil
}

type membuffer struct {
	buf bytes.Buffer
}

func (mem *membuffer) bytes() []byte { return mem.buf.Bytes() }
func (mem *membuffer) release() {
	mem.buf.Reset()
	xmem.Put(mem)
}

func (mem *membuffer) copy() []byte {
	src := mem.bytes()
	dst := make([]byte, len(src))
	copy(dst, src)
	return dst
}
