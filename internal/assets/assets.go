// Package assets reads the files a case names from the case's folder:
// pictures (measured, checked whole), attachments, each bounded in size and
// kept inside the folder; and draws QR codes as modules.
package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // evidence photos
	_ "image/png"  // logos, seals, screenshots
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/boombuler/barcode/qr"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/pack"
	"github.com/kesuhq/kesu/internal/safefile"
)

// ErrNoAssets: the case was given without its folder, and a file it
// names is needed. It is the caller's mistake, not the case's.
var ErrNoAssets = errors.New("the case was given without its folder, so the files it names cannot be read")

// maxImage bounds one picture file: a phone photo is a few MB.
const maxImage = 32 << 20

// Pictures reads and measures every picture a resolved document shows,
// from the case's folder, or from packFS for the pack's own (a seal). A
// picture that is missing, too big or not a JPEG or PNG is bad input,
// reported at the field that names it; budget bounds a picture decoded.
func Pictures(c *casefile.Case, d *doc.Document, packFS fs.FS, budget int64) (map[string]*doc.Picture, error) {
	out := map[string]*doc.Picture{}
	ve := &casefile.ValidationError{File: c.File}
	for _, b := range d.Blocks {
		for _, im := range b.Images {
			if _, done := out[im.Src]; done {
				continue
			}
			if strings.HasPrefix(im.Src, doc.QRPrefix) {
				img, err := QR(strings.TrimPrefix(im.Src, doc.QRPrefix))
				if err != nil {
					return nil, err
				}
				out[im.Src] = img
				continue
			}
			var img *doc.Picture
			var err error
			if rest, ok := strings.CutPrefix(im.Src, doc.PackPrefix); ok {
				if img, err = readImage(packFS, rest, budget); err != nil {
					return nil, &pack.Error{File: rest, Msg: err.Error()}
				}
			} else {
				img, err = casePicture(c, im.Src, budget)
			}
			if errors.Is(err, ErrNoAssets) {
				return nil, err
			}
			if err != nil {
				n, ptr := fileField(c, im.Src)
				ve.Problems = append(ve.Problems, casefile.Problem{Line: n.Line, Col: n.Col, Pointer: ptr, Message: err.Error()})
				out[im.Src] = nil
				continue
			}
			out[im.Src] = img
		}
	}
	if len(ve.Problems) > 0 {
		return nil, ve
	}
	return out, nil
}

// casePicture reads a picture of the case once: validating and rendering
// share the verdict through the case's memo.
func casePicture(c *casefile.Case, name string, budget int64) (*doc.Picture, error) {
	type verdict struct {
		pic *doc.Picture
		err error
	}
	key := "picture:" + name
	if v, ok := c.Memo.Load(key); ok {
		return v.(verdict).pic, v.(verdict).err
	}
	pic, err := readImage(c.Assets, name, budget)
	c.Memo.Store(key, verdict{pic, err})
	return pic, err
}

// readImage reads, measures and decodes a picture whole, so what validate
// accepts the PDF and workbook writers can draw. Its cost is judged by
// what it decodes to (width × height × bytes per pixel), before any
// pixel is decoded.
func readImage(assets fs.FS, name string, budget int64) (*doc.Picture, error) {
	data, err := readAsset(assets, name, maxImage)
	if err != nil {
		return nil, err
	}
	if kind := sniff(data); kind != "" {
		return nil, fmt.Errorf("%q is a %s image; kesu draws JPEG and PNG pictures only: save it as one of those", name, kind)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%q is not a readable JPEG or PNG image", name)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("%q is %d×%d pixels: an empty picture", name, cfg.Width, cfg.Height)
	}
	if cost := int64(cfg.Width) * int64(cfg.Height) * bytesPerPixel(cfg.ColorModel); cost > budget {
		return nil, fmt.Errorf("%q is %d×%d pixels, %d MiB decoded, over the %d MiB a picture may take: scale it down",
			name, cfg.Width, cfg.Height, cost>>20, budget>>20)
	}
	if format == "jpeg" {
		if limit := scanLimit(cfg.Width, cfg.Height); jpegScans(data, limit) > limit {
			return nil, fmt.Errorf("%q is a JPEG of more than %d scans, each a pass over all its %d×%d pixels; encoders write about 10: save it again", name, limit, cfg.Width, cfg.Height)
		}
	}
	if format == "png" && interlaced(data) {
		return nil, fmt.Errorf("%q is an interlaced PNG, which the PDF writer cannot embed: save it without interlacing", name)
	}
	// A damaged file must fail here, not inside fpdf or excelize: decoded
	// whole, a JPEG whose end marker was stuck onto cut-short data fails.
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("%q is damaged: %v", name, err)
	}
	typ := map[string]string{"jpeg": "JPG", "png": "PNG"}[format]
	return &doc.Picture{Data: data, Type: typ, W: cfg.Width, H: cfg.Height}, nil
}

// A JPEG costs its decoder a pass over the whole picture per scan, and a
// scan that says "nothing here" for all of it is a dozen bytes: 20,000 of
// them in a 236 KB file took validate 24 s. A progressive JPEG has 6 to 10
// scans (libjpeg) or a few dozen (hand-made), so a JPEG may have
// maxScans, and fewer when it is large: scans × 8×8 blocks at most
// maxBlockPasses, but always at least 10.
const (
	maxScans       = 100
	maxBlockPasses = 16 << 20
)

func scanLimit(w, h int) int {
	blocks := int64((w+7)/8) * int64((h+7)/8)
	return int(max(10, min(maxScans, maxBlockPasses/blocks)))
}

// jpegScans counts a JPEG's scans (SOS markers), up to limit+1, from its
// markers: each segment's length, and after a scan header its
// entropy-coded data, in which 0xFF is followed by 0x00 (a stuffed byte),
// a restart marker or another 0xFF (fill).
func jpegScans(data []byte, limit int) int {
	n := 0
	for i := 2; i+4 <= len(data) && n <= limit; {
		if data[i] != 0xff {
			i++
			continue
		}
		m := data[i+1]
		switch {
		case m == 0xff:
			i++
			continue
		case m == 0xd9: // end of image
			return n
		case m == 0x00 || m == 0x01 || m >= 0xd0 && m <= 0xd7:
			i += 2
			continue
		}
		i += 2 + (int(data[i+2])<<8 | int(data[i+3]))
		if m != 0xda {
			continue
		}
		n++
		for i+1 < len(data) && (data[i] != 0xff || data[i+1] == 0 || data[i+1] >= 0xd0 && data[i+1] <= 0xd7) {
			i++
		}
	}
	return n
}

// bytesPerPixel is what one pixel of a colour model costs decoded, at
// most (a JPEG's YCbCr counted without chroma subsampling).
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

// sniff names the picture formats kesu does not draw, by their first
// bytes, so the message says what the file is.
func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "GIF"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "WebP"
	case bytes.HasPrefix(data, []byte("BM")) && len(data) > 26:
		return "BMP"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "TIFF"
	case len(data) >= 12 && string(data[4:8]) == "ftyp" && (string(data[8:11]) == "hei" || string(data[8:11]) == "avi" || string(data[8:12]) == "mif1"):
		return "HEIF/AVIF"
	}
	return ""
}

// interlaced reads the interlace method of a PNG's header (IHDR, the
// first chunk: 8-byte signature, length, type, 13 bytes of which the last
// is the method).
func interlaced(data []byte) bool {
	return len(data) >= 29 && string(data[12:16]) == "IHDR" && data[28] != 0
}

// openProblem words why a file named by a case cannot be opened. os.Root
// refuses a path or symbolic link that leads out of the case's folder.
func openProblem(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "no such file next to the case"
	}
	if strings.Contains(err.Error(), "escapes") || errors.Is(err, fs.ErrInvalid) {
		return "leads out of the case file's folder; attachments must be inside it"
	}
	return safefile.Reason(err)
}

// fileField finds the field of the case that names a file, for messages.
func fileField(c *casefile.Case, name string) (*casefile.Node, string) {
	var found *casefile.Node
	var at string
	var walk func(n *casefile.Node, ptr string)
	walk = func(n *casefile.Node, ptr string) {
		if found != nil {
			return
		}
		switch n.Kind {
		case casefile.String:
			if n.Text == name {
				found, at = n, ptr
			}
		case casefile.Object:
			for i, k := range n.Keys {
				walk(n.Elems[i], casefile.Pointer(ptr, k))
			}
		case casefile.Array:
			for i, e := range n.Elems {
				walk(e, fmt.Sprintf("%s/%d", ptr, i))
			}
		}
	}
	walk(c.Root, "")
	if found == nil {
		return c.Root, ""
	}
	return found, at
}

// QR is a QR code (error correction M) as its dark modules,
// drawn as squares: crisper than a picture at any zoom and in print, and
// cheaper than encoding a PNG that fpdf would decode again.
func QR(content string) (*doc.Picture, error) {
	code, err := qr.Encode(content, qr.M, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	b := code.Bounds()
	// A quiet zone of four modules around the code, as the standard asks.
	const quiet = 4
	side := b.Dx() + 2*quiet
	mods := make([][]bool, side)
	for y := range side {
		mods[y] = make([]bool, side)
		for x := range side {
			cx, cy := b.Min.X+x-quiet, b.Min.Y+y-quiet
			if cx >= b.Min.X && cx < b.Max.X && cy >= b.Min.Y && cy < b.Max.Y {
				r, _, _, _ := code.At(cx, cy).RGBA()
				mods[y][x] = r < 0x8000
			}
		}
	}
	return &doc.Picture{W: side, H: side, Modules: mods}, nil
}

// DirFS is the files under dir. Unlike os.DirFS it refuses paths and
// symbolic links that lead out of dir (os.Root): a case file's
// attachments must stay in its folder.
// It opens the folder for each file, so a batch over thousands of cases
// holds no descriptor between renders, and opens without blocking, so a
// FIFO is refused rather than waited on.
func DirFS(dir string) fs.FS { return safefile.Root(dir) }

// Check reads every file the case names (logo, evidence,
// attachments) from its folder, and every picture among them as a picture,
// so a missing, escaping or damaged file is found before a document needs
// it. Problems come back as a *ValidationError at the fields naming them.
func Check(c *casefile.Case, budget int64) error {
	if _, err := Attachments(c); err != nil {
		return err
	}
	ve := &casefile.ValidationError{File: c.File}
	// The logo is drawn whatever its name (an image block); in lists, a
	// file named as a picture is drawn and any other is listed.
	checkPicture(c, "/organization/logo", true, budget, ve)
	for _, list := range []string{"/complaint/evidence", "/attachments"} {
		if n := c.Root.Lookup(list); n != nil {
			for i := range n.Elems {
				checkPicture(c, fmt.Sprintf("%s/%d/file", list, i), false, budget, ve)
			}
		}
	}
	if len(ve.Problems) > 0 {
		return ve
	}
	return nil
}

func checkPicture(c *casefile.Case, pointer string, always bool, budget int64, ve *casefile.ValidationError) {
	n := c.Root.Lookup(pointer)
	if n == nil || n.Kind != casefile.String || !always && !doc.IsPicture(n.Text) {
		return
	}
	if _, err := casePicture(c, n.Text, budget); err != nil && !errors.Is(err, ErrNoAssets) {
		ve.Problems = append(ve.Problems, casefile.Problem{Line: n.Line, Col: n.Col, Pointer: pointer, Message: err.Error()})
	}
}

// File is a file a case names, as it names it, and its bytes.
type File struct {
	Name string
	Data []byte
}

// Attachments reads every file the case names (logo, evidence,
// attachments) from its folder, once each, in the order the case names
// them: two spellings of one path (assets/x.jpg, ./assets/x.jpg) are one
// file, named in its clean form. Keys starting with x- are the writer's own
// and ignored, so a file named under one is neither read nor bundled.
func Attachments(c *casefile.Case) ([]File, error) {
	var out []File
	var noAssets error
	seen := map[string]bool{}
	ve := &casefile.ValidationError{File: c.File}
	var walk func(n *casefile.Node, ptr, key string)
	walk = func(n *casefile.Node, ptr, key string) {
		switch n.Kind {
		case casefile.String:
			name := path.Clean(n.Text)
			if (key != "file" && key != "logo") || seen[name] {
				return
			}
			seen[name] = true
			data, err := readAsset(c.Assets, n.Text, maxAttachment)
			if errors.Is(err, ErrNoAssets) && noAssets == nil {
				noAssets = err
			}
			if err != nil {
				ve.Problems = append(ve.Problems, casefile.Problem{Line: n.Line, Col: n.Col, Pointer: ptr, Message: err.Error()})
				return
			}
			out = append(out, File{Name: name, Data: data})
		case casefile.Object:
			for i, k := range n.Keys {
				if !strings.HasPrefix(k, "x-") {
					walk(n.Elems[i], casefile.Pointer(ptr, k), k)
				}
			}
		case casefile.Array:
			for i, e := range n.Elems {
				walk(e, ptr+"/"+strconv.Itoa(i), key)
			}
		}
	}
	walk(c.Root, "", "")
	if noAssets != nil {
		return nil, noAssets
	}
	if len(ve.Problems) > 0 {
		return nil, ve
	}
	return out, nil
}

// Digests returns the first 12 hex digits of the SHA-256 of each file of
// case.attachments, in order, for documents that list the attachments
// (d.attachment_sha256[n-1]); "" for a file that cannot be read, which
// rendering or bundling reports on its own.
func Digests(c *casefile.Case) []any {
	list := c.Root.Get("attachments")
	if list == nil || list.Kind != casefile.Array {
		return nil
	}
	out := make([]any, len(list.Elems))
	for i, a := range list.Elems {
		out[i] = ""
		if f := a.Get("file"); f != nil && f.Kind == casefile.String {
			if data, err := readAsset(c.Assets, f.Text, maxAttachment); err == nil {
				sum := sha256.Sum256(data)
				out[i] = hex.EncodeToString(sum[:6])
			}
		}
	}
	return out
}

// maxAttachment bounds one attached file.
const maxAttachment = 64 << 20

// readAsset reads a file the case names from the case's folder, at most
// limit bytes.
func readAsset(assets fs.FS, name string, limit int) ([]byte, error) {
	if assets == nil {
		return nil, fmt.Errorf("%q: %w", name, ErrNoAssets)
	}
	data, err := safefile.ReadFS(assets, name, int64(limit))
	if err != nil {
		return nil, fmt.Errorf("%q: %s", name, openProblem(err))
	}
	return data, nil
}
