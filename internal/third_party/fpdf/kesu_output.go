package fpdf

// sizeEstimate is about what the rest of the document takes once its
// pages are drawn and its fonts deflated, a little more rather than less
// (kesu): Output's buffer, grown from nothing by doubling, touched near
// twice the document's size in memory a fresh process pays for page by
// page. The pages' content, not yet deflated, is counted at half its size
// (kesu's deflates to a third or less); the rest is at most what its
// streams hold and a few kilobytes of dictionaries.
func (f *Fpdf) sizeEstimate() int {
	n := f.buffer.Len() + 16<<10
	for _, pg := range f.pages[1:] {
		if f.compress {
			n += pg.Len()/2 + 256
		} else {
			n += pg.Len() + 256
		}
	}
	for _, font := range f.fonts {
		if pf := font.precut; pf != nil {
			n += pf.pc.font.buf.Len() + pf.pc.cidMap.buf.Len() + pf.pc.cidSet.buf.Len()
		} else if font.utf8File != nil {
			n += len(font.utf8File.fileReader.array)
		}
		// The /W array, ToUnicode and the font's other dictionaries.
		n += 12*len(font.usedRunes) + 2<<10
	}
	for _, img := range f.images {
		n += len(img.data) + len(img.smask) + len(img.pal) + 512
	}
	if a := f.archive; a != nil {
		n += len(a.ICC) + 4<<10
		for _, af := range a.Files {
			n += len(af.Content) + 512
		}
	}
	return n + len(f.xmp)
}
