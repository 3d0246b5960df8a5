#!/usr/bin/env python3
"""The PDF font layer, end to end: runs fonts_pdf (libharu + gen/pdf_fonts)
and checks the file with poppler and qpdf.

usage: fonts_pdf.py FONTS_PDF_BINARY FONTS.CONF WORK_DIR

Checks: text extracted exactly (𠀀 and shared-glyph characters included),
every font a subset CID TrueType with ToUnicode, qpdf clean, poppler silent
on stderr, a small file, byte-identical reruns, and every glyph drawn with
ink (so composite glyphs are not blank)."""
import os
import re
import subprocess
import sys

failures = 0


def check(cond, what):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, file=sys.stderr)


def run(*cmd):
    p = subprocess.run(cmd, capture_output=True)
    return p.returncode, p.stdout, p.stderr


def main():
    binary, conf, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    a = os.path.join(work, "fonts_a.pdf")
    b = os.path.join(work, "fonts_b.pdf")
    rc, out, err = run(binary, conf, a)
    check(rc == 0, "fonts_pdf exit status %d: %s" % (rc, err.decode()))
    rc2, out2, _ = run(binary, conf, b)
    check(rc2 == 0, "second run")
    sys.stderr.write(err.decode())
    lines = [l[5:] for l in out.decode().splitlines() if l.startswith("line ")]
    glyphs = [l.split()[1:] for l in out.decode().splitlines() if l.startswith("glyph ")]
    check(lines == ["国临2024年Hello-\u2011，𠀀㈠ǖǘǚǜ𠮷",
                    "一、总体情况：临国㈠㈡‐∶≌℅ABC 123",
                    "（一）主动公开lǖlǘlǚlǜ䶮𠀀"], "drawn lines: %r" % lines)

    # Byte-identical rerun.
    da, db = open(a, "rb").read(), open(b, "rb").read()
    check(da == db, "rerun differs")
    size = len(da)
    print("PDF size: %d bytes" % size)
    check(size < 30000, "file too big: %d bytes" % size)

    # Text comes back exactly, poppler says nothing on stderr.
    rc, txt, err = run("pdftotext", "-raw", "-enc", "UTF-8", a, "-")
    check(rc == 0 and err == b"", "pdftotext: rc %d stderr %r" % (rc, err))
    check(txt.decode() == "\n".join(lines) + "\n\f", "pdftotext text: %r" % txt.decode())

    # Fonts: all embedded subsets, CID TrueType, Identity-H, with ToUnicode.
    rc, fonts, err = run("pdffonts", a)
    check(rc == 0 and err == b"", "pdffonts: rc %d stderr %r" % (rc, err))
    rows = fonts.decode().splitlines()[2:]
    names = set()
    for r in rows:
        m = re.match(r"^([A-Z]{6})\+(\S+)\s+CID TrueType\s+Identity-H\s+yes yes yes\s+\d+\s+0$", r)
        check(m is not None, "pdffonts row: %r" % r)
        if m:
            names.add(m.group(2))
    # 仿宋 is UMing (a Song face); LXGW WenKai, the first fallback, gives 𠮷.
    check(names == {"UMingCN", "LXGWWenKai-Regular", "WenQuanYiZenHei", "UKaiCN", "BabelStoneHan"},
          "font names: %r" % names)

    # qpdf: no syntax or stream errors, no warnings.
    rc, q, err = run("qpdf", "--check", a)
    check(rc == 0 and b"No syntax or stream encoding errors found" in q and err == b"",
          "qpdf --check: rc %d %r %r" % (rc, q, err))

    # The font objects, uncompressed.
    qdf = os.path.join(work, "fonts_a.qdf")
    rc, _, err = run("qpdf", "--qdf", "--object-streams=disable", a, qdf)
    check(rc == 0, "qpdf --qdf: %r" % err)
    raw = open(qdf, "rb").read()
    check(raw.count(b"/Subtype /CIDFontType2") == 5, "5 CIDFontType2")
    check(raw.count(b"/Ordering (Identity)") == 5, "Ordering (Identity)")
    check(raw.count(b"/CIDSet ") == 5 and raw.count(b"/CapHeight ") == 5, "CIDSet + CapHeight")
    check(raw.count(b"/CIDToGIDMap ") == 5 and raw.count(b"/FontFile2 ") == 5, "CIDToGIDMap + FontFile2")
    check(b"<D840DC00>" in raw, "ToUnicode has U+20000 as a surrogate pair")
    check(b"<D842DFB7>" in raw, "ToUnicode has U+20BB7 as a surrogate pair")
    check(b"begincidrange" not in raw, "no cidrange in ToUnicode")

    # Every glyph but spaces has ink inside its box (rendered at 144 dpi).
    ppm = os.path.join(work, "fonts_page")
    rc, _, err = run("pdftoppm", "-r", "144", "-gray", "-singlefile", a, ppm)
    check(rc == 0 and err == b"", "pdftoppm: %r" % err)
    with open(ppm + ".pgm", "rb") as f:
        data = f.read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    scale = 144 / 72

    def ink(x0, y0, x1, y1):
        n = 0
        for yy in range(max(0, int(y0)), min(h, int(y1))):
            row = px[yy * w:(yy + 1) * w]
            n += sum(1 for v in row[max(0, int(x0)):min(w, int(x1))] if v < 128)
        return n

    for cp, x, y, adv, size in glyphs:
        x, y, adv, size = float(x), float(y), float(adv), float(size)
        if cp == "U+0020":
            continue
        X0, X1 = x * scale, (x + adv) * scale
        Y0, Y1 = h - (y + 0.9 * size) * scale, h - (y - 0.25 * size) * scale
        check(ink(X0, Y0, X1, Y1) >= 6, "no ink for %s at %.1f,%.1f" % (cp, x, y))
        # ㈠ ㈡: the parentheses (components numbered above 32767 in Zen Hei)
        # are at the left and right edges of the box.
        if cp in ("U+3220", "U+3221"):
            check(ink(X0, Y0, X0 + (X1 - X0) * 0.25, Y1) >= 6, "no left parenthesis in %s" % cp)
            check(ink(X1 - (X1 - X0) * 0.25, Y0, X1, Y1) >= 6, "no right parenthesis in %s" % cp)

    print("fonts_pdf.py: %d glyph boxes, %d failures" % (len(glyphs), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
