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

func (pool *xmempool) compressLevel(data []byte, zws *freelist.List[*zlib.Writer], level int) *membuffer {
	mem := pool.get()
	buf := &mem.buf
	buf.Grow(len(data))

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
	_, err := zw.Write(data)
	if err != nil {
		panic(fmt.Errorf("could not zlib-compress slice: %w", err))
	}

	err = zw.Close()
	if err != nil {
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
