package pdf

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/third_party/fpdf"
)

// Every PDF kesu writes is PDF/A (ISO 19005), level B: archives keep
// closed complaint files for decades, and accept PDF/A. Its colours are
// device RGB and gray, which PDF/A allows only with an output intent: an
// sRGB profile (icc/LICENSE says where it comes from).
//
// srgbDeflated is icc/sRGB.icc as the PDF carries it, zlib at
// BestCompression, deflated when kesu is built rather than in every
// process: a compressor at that level is ~1 MB of fresh memory, ~7 ms of
// a cold `kesu render` for 7 KB. TestSRGBDeflated checks it against the
// profile (go test ./internal/render/pdf -run SRGB -update writes it).
//
//go:embed icc/sRGB.icc.zlib
var srgbDeflated []byte

// File is a file a PDF/A-3 document carries inside it.
type File struct {
	Name        string
	Description string
	MIME        string
	// Relationship to the document: Source (what it was made from) or
	// Data (the data it shows).
	Relationship string
	Content      []byte
}

// archive is the PDF/A setting of a document: PDF/A-1b, or PDF/A-3b when
// it carries files.
func archive(meta Meta) *fpdf.Archive {
	if meta.Plain {
		return nil
	}
	a := &fpdf.Archive{Part: 1, ICC: srgbDeflated, Channels: 3, Condition: "sRGB IEC61966-2.1"}
	if len(meta.Files) > 0 {
		a.Part = 3
		for _, f := range meta.Files {
			a.Files = append(a.Files, fpdf.AssociatedFile{Name: f.Name, Description: f.Description, MIME: f.MIME,
				Relationship: f.Relationship, ModDate: meta.Date, Content: f.Content})
		}
	}
	return a
}

// archivable returns a picture PDF/A-1 can hold: a PNG with an alpha
// channel or transparent colour (transparency is forbidden), 16 bits a
// channel (PDF 1.5) or interlaced (which fpdf cannot read) is flattened
// onto white and written again as 8-bit RGB. Anything else is returned
// as it is.
func archivable(pic *doc.Picture) *doc.Picture {
	if pic.Type != "PNG" || !pngNeedsFlattening(pic.Data) {
		return pic
	}
	img, err := png.Decode(bytes.NewReader(pic.Data))
	if err != nil {
		// The generator decoded it once already; fpdf reports it.
		return pic
	}
	flat := image.NewRGBA(img.Bounds())
	draw.Draw(flat, flat.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), img, img.Bounds().Min, draw.Over)
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, flat); err != nil {
		return pic
	}
	out := *pic
	out.Data = buf.Bytes()
	return &out
}

// pngNeedsFlattening reads a PNG's header and chunk names: alpha, 16 bits,
// interlacing or a tRNS chunk.
func pngNeedsFlattening(data []byte) bool {
	const sig = 8
	if len(data) < sig+8+13 {
		return false
	}
	depth, colorType, interlace := data[sig+8+8], data[sig+8+9], data[sig+8+12]
	if depth == 16 || colorType&4 != 0 || interlace != 0 {
		return true
	}
	for at := sig; at+8 <= len(data); {
		n := int(binary.BigEndian.Uint32(data[at:]))
		switch string(data[at+4 : at+8]) {
		case "tRNS":
			return true
		case "IDAT", "IEND":
			return false // tRNS comes before the image data
		}
		if n < 0 || n > len(data) {
			return false
		}
		at += 12 + n
	}
	return false
}
