#!/usr/bin/python3
"""Cut kesu's Song and Hei faces from Debian's fonts-noto-cjk, as TrueType.

Run once, by hand, when the faces change (the result is committed):

    apt-get install -y fonts-noto-cjk python3-fonttools
    /usr/bin/python3 templates/fontsrc/noto-cjk.py templates/default/fonts

Noto Serif CJK SC (宋体-style body) and Noto Sans CJK SC Bold (黑体-style
headings) are CFF-based OpenType; kesu's PDF path embeds TrueType outlines,
so the cubic CFF outlines are converted to quadratic ones (cu2qu, max error
1/1000 em: invisible at print sizes). The faces are cut to what a
complaint office writes: GB 2312 (its 6,763 hanzi are the common core of
通用规范汉字表, whose list is not shipped by Debian) plus every character of
the default pack's templates and samples, ASCII and Latin-1, general and CJK
punctuation, full-width forms, circled numbers and the marks kesu draws
(☐☑✓→…). Anything else falls through to Droid Sans Fallback. The em dash
is mapped to a full-width rule, as the ellipsis and quotes are full width.

Punctuation compression (标点挤压): for each mark of HALF_MARKS the faces get
a half-width copy at HALF_BASE + its index, a Private Use code point: a
closing mark or pause/stop mark keeps its left half (ink), an opening mark
its right half, exactly as the font's own `halt` GPOS feature moves them
(placement and advance read from it, not assumed). kesu draws the copy where
clreq compresses a mark and writes a ToUnicode entry mapping the code point
back to the mark, so copy-paste and pdftotext read the real punctuation
(internal/typeset/compress.go holds the same table).

The output is deterministic for a given fonttools and fonts-noto-cjk (the
head table keeps the source's dates).
"""
import glob
import os
import sys

from fontTools.ttLib import TTCollection, newTable
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

SRC = "/usr/share/fonts/opentype/noto"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# Must match internal/typeset/compress.go: closing and pause/stop marks
# first, then opening marks.
HALF_MARKS = "，。、；：？！）》」』】〕〉”’（《「『【〔〈“‘"
HALF_BASE = 0xF780


def charset():
    cs = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    for lo, hi in [(0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2460, 0x24FF),
                   (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2100, 0x214F), (0x25A0, 0x25FF),
                   (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3200, 0x33FF), (0x0391, 0x03C9)]:
        cs |= set(range(lo, hi + 1))
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                cs.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    for pat in ["templates/default/**/*.yaml", "templates/default/**/*.tpl", "samples/*.yaml",
                "samples/*.json", "internal/doc/*.go", "internal/casefile/*.go"]:
        for f in glob.glob(os.path.join(ROOT, pat), recursive=True):
            with open(f, encoding="utf-8") as fh:
                cs |= {ord(c) for c in fh.read() if ord(c) < 0x10000}
    return sorted(cs)


def halt(font):
    """The `halt` feature's (x placement, x advance) per glyph, as the
    default language system of the hani script (else DFLT) applies it."""
    gpos = font["GPOS"].table
    lookups = {}
    for sr in gpos.ScriptList.ScriptRecord:
        if sr.Script.DefaultLangSys is None:
            continue
        for fi in sr.Script.DefaultLangSys.FeatureIndex:
            fr = gpos.FeatureList.FeatureRecord[fi]
            if fr.FeatureTag == "halt":
                lookups[sr.ScriptTag] = fr.Feature.LookupListIndex
    out = {}
    for li in lookups.get("hani") or lookups.get("DFLT") or []:
        lookup = gpos.LookupList.Lookup[li]
        for st in lookup.SubTable:
            if lookup.LookupType == 9:
                st = st.ExtSubTable
            if st.LookupType != 1:
                continue
            values = [st.Value] * len(st.Coverage.glyphs) if st.Format == 1 else st.Value
            for g, v in zip(st.Coverage.glyphs, values):
                out.setdefault(g, (getattr(v, "XPlacement", 0) or 0, getattr(v, "XAdvance", 0) or 0))
    return out


def full_width_dash(font):
    """U+2014 drawn as a full-width rule centred on the ideographs, edge to
    edge (the glyph of U+2500, the same stroke as the face's full-width
    dash U+2015 but without its side bearings), so a Chinese 破折号 ——
    is one unbroken line two ems long (GB/T 15834). The face's own U+2014
    is a 0.89 em Latin dash set low, and its full-width dash leaves a gap
    between the two halves. (An English em dash, rare in kesu's documents,
    then sits at the ideographs' middle.)"""
    for t in font["cmap"].tables:
        if t.isUnicode() and t.format in (4, 12) and 0x2014 in t.cmap and 0x2500 in t.cmap:
            t.cmap[0x2014] = t.cmap[0x2500]


def half_copies(font, moves):
    """(code point, new glyph, source glyph, x shift, advance) of each mark's
    half-width copy; a mark the font does not compress by half is left out."""
    cmap = font.getBestCmap()
    out = []
    for i, mark in enumerate(HALF_MARKS):
        g = cmap.get(ord(mark))
        if g is None or g not in moves:
            continue
        dx, dadv = moves[g]
        adv = font["hmtx"][g][0] + dadv
        if adv * 2 != font["hmtx"][g][0]:
            continue
        out.append((HALF_BASE + i, g + ".half", g, dx, adv))
    return out


def to_truetype(font, halves=()):
    """CFF outlines → glyf, as fontTools' otf2ttf snippet does; halves are
    drawn as shifted copies of their source glyphs."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    hmtx = font["hmtx"]
    for cp, name, src, dx, adv in halves:
        pen = TTGlyphPen(gs)
        gs[src].draw(TransformPen(Cu2QuPen(pen, 1.0, reverse_direction=True), (1, 0, 0, 1, dx, 0)))
        glyphs[name] = pen.glyph()
        order.append(name)
        hmtx.metrics[name] = (adv, hmtx[src][1] + dx)
        for t in font["cmap"].tables:
            if t.isUnicode() and t.format in (4, 12):
                t.cmap[cp] = name
    font.setGlyphOrder(order)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for t in ("VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE", "DSIG"):
        if t in font:
            del font[t]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for a in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
              "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, a, 0)
    maxp.maxPoints = maxp.maxContours = maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    maxp.numGlyphs = len(order)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def cut(ttc, face, out, chars):
    coll = TTCollection(os.path.join(SRC, ttc), recalcTimestamp=False)
    font = next(f for f in coll.fonts if face in str(f["name"].getDebugName(4)))
    moves = halt(font)
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.notdef_outline = True
    opts.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE"]
    s = subset.Subsetter(opts)
    s.populate(unicodes=chars)
    s.subset(font)
    full_width_dash(font)
    to_truetype(font, half_copies(font, moves))
    font.save(out)
    print(out, os.path.getsize(out), "bytes,", len(font.getGlyphOrder()), "glyphs")


def main():
    dst = sys.argv[1]
    chars = charset()
    cut("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", os.path.join(dst, "NotoSerifCJKsc-Regular.ttf"), chars)
    cut("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold", os.path.join(dst, "NotoSansCJKsc-Bold.ttf"), chars)


if __name__ == "__main__":
    main()
