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
(☐☑✓→…). Anything else falls through to Droid Sans Fallback.

The output is deterministic for a given fonttools and fonts-noto-cjk.
"""
import glob
import os
import sys

from fontTools.ttLib import TTCollection, newTable
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

SRC = "/usr/share/fonts/opentype/noto"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


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


def to_truetype(font):
    """CFF outlines → glyf, as fontTools' otf2ttf snippet does."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
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
    coll = TTCollection(os.path.join(SRC, ttc))
    font = next(f for f in coll.fonts if face in str(f["name"].getDebugName(4)))
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.notdef_outline = True
    opts.drop_tables += ["VORG", "vhea", "vmtx", "GSUB", "GPOS", "GDEF", "BASE"]
    s = subset.Subsetter(opts)
    s.populate(unicodes=chars)
    s.subset(font)
    to_truetype(font)
    font.save(out)
    print(out, os.path.getsize(out), "bytes,", len(font.getGlyphOrder()), "glyphs")


def main():
    dst = sys.argv[1]
    chars = charset()
    cut("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", os.path.join(dst, "NotoSerifCJKsc-Regular.ttf"), chars)
    cut("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC Bold", os.path.join(dst, "NotoSansCJKsc-Bold.ttf"), chars)


if __name__ == "__main__":
    main()
