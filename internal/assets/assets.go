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
	_ "image/jpeg" // evidence photos
	"image/png"
	"io/fs"
	"strconv"
	"strings"

	"github.com/boombuler/barcode/qr"
	"github.com/kesuhq/kesu/internal/casefile"
	"github.com/kesuhq/kesu/internal/doc"
	"github.com/kesuhq/kesu/internal/safefile"
)

// maxImage bounds one picture file: a phone photo is a few MB.
const maxImage = 32 << 20

// Pictures reads and measures every picture a resolved document shows,
// from the case's folder, or from packFS for the pack's own (a seal). A picture that is missing, too big or not a
// JPEG or PNG is bad input, reported at the field that names it.
func Pictures(c *casefile.Case, d *doc.Document, packFS fs.FS) (map[string]*doc.Picture, error) {
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
			assets, name := c.Assets, im.Src
			if rest, ok := strings.CutPrefix(im.Src, doc.PackPrefix); ok {
				assets, name = packFS, rest
			}
			img, err := readImage(assets, name)
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

func readImage(assets fs.FS, name string) (*doc.Picture, error) {
	data, err := readAsset(assets, name, maxImage)
	if err != nil {
		return nil, err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%q is not a readable JPEG or PNG image", name)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > 20000 || cfg.Height > 20000 {
		return nil, fmt.Errorf("%q is %d×%d pixels; expected a picture up to 20000×20000", name, cfg.Width, cfg.Height)
	}
	// A damaged file must fail here, not inside fpdf. A PNG is decoded
	// whole (fpdf decodes it anyway); a JPEG goes into the PDF as it is, so
	// its header and its end-of-image marker are enough to tell it whole.
	switch format {
	case "png":
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("%q is damaged: %v", name, err)
		}
	case "jpeg":
		if !bytes.HasSuffix(bytes.TrimRight(data, "\x00"), []byte{0xFF, 0xD9}) {
			return nil, fmt.Errorf("%q is damaged: the JPEG data is cut short (no end-of-image marker)", name)
		}
	}
	typ := map[string]string{"jpeg": "JPG", "png": "PNG"}[format]
	return &doc.Picture{Data: data, Type: typ, W: cfg.Width, H: cfg.Height}, nil
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
func Check(c *casefile.Case) error {
	if _, err := Attachments(c); err != nil {
		return err
	}
	ve := &casefile.ValidationError{File: c.File}
	for _, p := range []string{"/organization/logo"} {
		checkPicture(c, p, ve)
	}
	for _, list := range []string{"/complaint/evidence", "/attachments"} {
		if n := c.Root.Lookup(list); n != nil {
			for i := range n.Elems {
				checkPicture(c, fmt.Sprintf("%s/%d/file", list, i), ve)
			}
		}
	}
	if len(ve.Problems) > 0 {
		return ve
	}
	return nil
}

func checkPicture(c *casefile.Case, pointer string, ve *casefile.ValidationError) {
	n := c.Root.Lookup(pointer)
	if n == nil || n.Kind != casefile.String || !doc.IsPicture(n.Text) {
		return
	}
	if _, err := readImage(c.Assets, n.Text); err != nil {
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
// them.
func Attachments(c *casefile.Case) ([]File, error) {
	var out []File
	seen := map[string]bool{}
	ve := &casefile.ValidationError{File: c.File}
	var walk func(n *casefile.Node, ptr, key string)
	walk = func(n *casefile.Node, ptr, key string) {
		switch n.Kind {
		case casefile.String:
			if (key != "file" && key != "logo") || seen[n.Text] {
				return
			}
			seen[n.Text] = true
			data, err := readAsset(c.Assets, n.Text, maxAttachment)
			if err != nil {
				ve.Problems = append(ve.Problems, casefile.Problem{Line: n.Line, Col: n.Col, Pointer: ptr, Message: err.Error()})
				return
			}
			out = append(out, File{Name: n.Text, Data: data})
		case casefile.Object:
			for i, k := range n.Keys {
				walk(n.Elems[i], casefile.Pointer(ptr, k), k)
			}
		case casefile.Array:
			for i, e := range n.Elems {
				walk(e, ptr+"/"+strconv.Itoa(i), key)
			}
		}
	}
	walk(c.Root, "", "")
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
		return nil, fmt.Errorf("%q: the case was given without its folder, so its files cannot be read", name)
	}
	data, err := safefile.ReadFS(assets, name, int64(limit))
	if err != nil {
		return nil, fmt.Errorf("%q: %s", name, openProblem(err))
	}
	return data, nil
}
