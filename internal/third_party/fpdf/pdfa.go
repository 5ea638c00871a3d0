package fpdf

// kesu: this file is kesu's, not go-pdf/fpdf's: what a document needs to be
// PDF/A (ISO 19005-1 and -3, conformance level B), the archive format.

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Archive makes a document PDF/A of the given part, conformance level B.
type Archive struct {
	// Part is 1 (PDF/A-1b, ISO 19005-1) or 3 (PDF/A-3b, which may carry
	// files of any type as associated files).
	Part int
	// ICC is the output intent's ICC profile, deflated: every colour
	// the document uses is in a device space, which PDF/A allows only
	// with an output intent saying what the device is. The caller
	// deflates it once; a profile is the same for every document.
	ICC []byte
	// Channels is the number of colour components of the profile: 3 for
	// RGB, which covers DeviceRGB and DeviceGray.
	Channels int
	// Condition names the profile (OutputConditionIdentifier), e.g.
	// "sRGB IEC61966-2.1".
	Condition string
	// Files are embedded as associated files of the document (PDF/A-3
	// only).
	Files []AssociatedFile
}

// AssociatedFile is a file a PDF/A-3 document carries, tied to the
// document by the catalog's /AF array and listed in its EmbeddedFiles.
type AssociatedFile struct {
	Name        string
	Description string
	// MIME is the file's media type, e.g. application/json.
	MIME string
	// Relationship is how the file relates to the document: Source (it
	// was made from it), Data (the data it shows), Alternative,
	// Supplement or Unspecified.
	Relationship string
	ModDate      time.Time
	Content      []byte
}

// SetArchive makes the document PDF/A: a binary header comment, an
// output intent with the ICC profile, XMP metadata matching the
// document information (title, author, subject, keywords, creator,
// producer, dates), a trailer ID derived from the document's bytes (so
// the same document gives the same bytes), no empty name tree, and for
// part 3 the associated files. nil makes it a plain PDF.
func (f *Fpdf) SetArchive(a *Archive) {
	f.archive = a
	if a == nil {
		return
	}
	v := pdfVers1_4
	if a.Part >= 2 {
		v = pdfVersionFrom(1, 7)
	}
	if f.pdfVersion < v {
		f.pdfVersion = v
	}
}

// pdfDate is a date as the document information writes it, with its
// offset from UTC (PDF/A compares it with the XMP date, which has one).
func pdfDate(t time.Time) string {
	s := "D:" + t.Format("20060102150405")
	_, off := t.Zone()
	if off == 0 {
		return s + "Z"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return s + sign + twoDigits(off/3600) + "'" + twoDigits(off%3600/60) + "'"
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// putArchiveObjects writes the output intent's profile, the associated
// files and the XMP metadata, before the catalog that refers to them.
func (f *Fpdf) putArchiveObjects() {
	a := f.archive
	f.newobj()
	f.archiveICC = f.n
	f.out("<</N " + strconv.Itoa(a.Channels) + " /Length " + strconv.Itoa(len(a.ICC)) + " /Filter /FlateDecode>>")
	f.putstream(a.ICC)
	f.out("endobj")

	f.archiveFiles = f.archiveFiles[:0]
	for _, af := range a.Files {
		mem := xmem.compress(af.Content)
		data := mem.bytes()
		f.newobj()
		sum := md5.Sum(af.Content)
		f.out("<</Type /EmbeddedFile /Subtype " + pdfName(af.MIME) + " /Length " + strconv.Itoa(len(data)) +
			" /Filter /FlateDecode /Params <</ModDate " + f.textstring(pdfDate(af.ModDate)) +
			" /Size " + strconv.Itoa(len(af.Content)) + " /CheckSum <" + hex.EncodeToString(sum[:]) + ">>>>>")
		f.putstream(data)
		f.out("endobj")
		mem.release()
		stream := strconv.Itoa(f.n)
		f.newobj()
		name := f.textstring(pdfText(af.Name))
		f.out("<</Type /Filespec /F " + name + " /UF " + name + " /Desc " + f.textstring(pdfText(af.Description)) +
			" /AFRelationship " + pdfName(af.Relationship) + " /EF <</F " + stream + " 0 R /UF " + stream + " 0 R>>>>")
		f.out("endobj")
		f.archiveFiles = append(f.archiveFiles, archiveFile{name: pdfText(af.Name), obj: f.n})
	}

	xmp := f.xmpPacket()
	f.newobj()
	f.archiveXMP = f.n
	// PDF/A-1 wants the metadata stream unfiltered, readable by any
	// tool that scans a file for an XMP packet.
	f.out("<</Type /Metadata /Subtype /XML /Length " + strconv.Itoa(len(xmp)) + ">>")
	f.putstream(xmp)
	f.out("endobj")
}

type archiveFile struct {
	name string // as a PDF text string, unescaped
	obj  int
}

// putArchiveCatalog writes the catalog's PDF/A entries.
func (f *Fpdf) putArchiveCatalog() {
	f.out("/Metadata " + strconv.Itoa(f.archiveXMP) + " 0 R")
	f.out("/OutputIntents [<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier " +
		f.textstring(f.archive.Condition) + " /Info " + f.textstring(f.archive.Condition) +
		" /DestOutputProfile " + strconv.Itoa(f.archiveICC) + " 0 R>>]")
	if len(f.archiveFiles) > 0 {
		refs := make([]string, len(f.archiveFiles))
		for i, af := range f.archiveFiles {
			refs[i] = strconv.Itoa(af.obj) + " 0 R"
		}
		f.out("/AF [" + strings.Join(refs, " ") + "]")
	}
}

// embeddedFileNames is the EmbeddedFiles name tree's /Names array: keys
// in the byte order a name tree requires.
func (f *Fpdf) embeddedFileNames() string {
	files := slices.Clone(f.archiveFiles)
	slices.SortStableFunc(files, func(a, b archiveFile) int { return strings.Compare(a.name, b.name) })
	var b strings.Builder
	for _, af := range files {
		b.WriteString(f.textstring(af.name) + " " + strconv.Itoa(af.obj) + " 0 R ")
	}
	return strings.TrimSuffix(b.String(), " ")
}

// documentID is the trailer's /ID: a hash of the bytes written so far,
// so two runs that write the same document write the same ID. SHA-256,
// cut to the 16 bytes IDs usually have, is the fastest hash at hand
// (hardware-assisted): it is the one part of PDF/A whose cost grows with
// the document.
func (f *Fpdf) documentID() string {
	sum := sha256.Sum256(f.buffer.Bytes())
	id := "<" + hex.EncodeToString(sum[:16]) + ">"
	return "/ID [" + id + " " + id + "]"
}

// pdfText is s as a PDF text string: PDFDocEncoding's ASCII as it is,
// anything else as UTF-16BE with a byte order mark.
func pdfText(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return utf8toutf16(s)
		}
	}
	return s
}

// fromPDFText undoes the UTF-16 of a text string set by SetTitle and its
// kind with isUTF8.
func fromPDFText(s string) string {
	if !strings.HasPrefix(s, "\xfe\xff") {
		return s
	}
	u := make([]uint16, 0, len(s)/2)
	for i := 2; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}

// pdfName is s as a PDF name, characters outside ! to ~ and the
// delimiters written #XX.
func pdfName(s string) string {
	var b strings.Builder
	b.WriteByte('/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '!' || c > '~' || strings.IndexByte("#/()<>[]{}%", c) >= 0 {
			b.WriteString("#" + strings.ToUpper(hex.EncodeToString([]byte{c})))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// The XMP packet's fixed parts; a document fills in its values.
const (
	xmpHead = "<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n" +
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
		"<rdf:Description rdf:about=\"\"" +
		" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"" +
		" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"" +
		" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"" +
		" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
	xmpTail = "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>"
)

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\"", "&quot;", "'", "&apos;")

// xmpPacket is the document's XMP metadata: the same title, author,
// subject, keywords, creator, producer and dates as its information
// dictionary (PDF/A asks that the two agree), and the PDF/A part.
func (f *Fpdf) xmpPacket() []byte {
	var b strings.Builder
	b.WriteString(xmpHead)
	b.WriteString("<dc:format>application/pdf</dc:format>\n")
	alt := func(tag, v string) {
		if v != "" {
			b.WriteString("<" + tag + "><rdf:Alt><rdf:li xml:lang=\"x-default\">" + xmlEscaper.Replace(fromPDFText(v)) + "</rdf:li></rdf:Alt></" + tag + ">\n")
		}
	}
	simple := func(tag, v string) {
		if v != "" {
			b.WriteString("<" + tag + ">" + xmlEscaper.Replace(v) + "</" + tag + ">\n")
		}
	}
	alt("dc:title", f.title)
	if f.author != "" {
		b.WriteString("<dc:creator><rdf:Seq><rdf:li>" + xmlEscaper.Replace(fromPDFText(f.author)) + "</rdf:li></rdf:Seq></dc:creator>\n")
	}
	alt("dc:description", f.subject)
	simple("pdf:Keywords", fromPDFText(f.keywords))
	simple("pdf:Producer", fromPDFText(f.producer))
	simple("xmp:CreatorTool", fromPDFText(f.creator))
	simple("xmp:CreateDate", f.creationDate.Format(time.RFC3339))
	simple("xmp:ModifyDate", f.modDate.Format(time.RFC3339))
	simple("pdfaid:part", strconv.Itoa(f.archive.Part))
	simple("pdfaid:conformance", "B")
	b.WriteString(xmpTail)
	return []byte(b.String())
}

// cidSet is a CIDFont's CIDSet stream: one bit a CID, high bit first,
// set for .notdef and every CID the font program has a glyph for (cids
// by CID).
func cidSet(cids []cidGlyph) []byte {
	maxCID := 0
	if len(cids) > 0 {
		maxCID = int(cids[len(cids)-1].r)
	}
	set := make([]byte, maxCID/8+1)
	set[0] = 0x80
	for _, c := range cids {
		set[c.r/8] |= 0x80 >> (c.r % 8)
	}
	return set
}

// subsetTag is the six capital letters PDF puts before a subset font's
// name, derived from its CIDSet (a few kilobytes, where the font is tens)
// so the same subset is named the same.
func subsetTag(set []byte) string {
	h := uint32(2166136261)
	for _, c := range set {
		h = (h ^ uint32(c)) * 16777619
	}
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(h%26)
		h /= 26
	}
	return string(tag)
}
