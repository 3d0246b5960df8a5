#!/usr/bin/env python3
"""Fonts and weights of a rendered report, read back from the PDF.

usage: weights_test.py NIANBAO SOURCE_DIR WORK_DIR

Renders tests/weights/report.yaml (gb-2021) and checks:
- pdffonts: the embedded faces, by role: 仿宋 is the Song face UMing (not
  the 楷 LXGW WenKai), Latin and digits are Liberation Serif (Times New Roman);
- the content stream (qpdf --qdf), run by run: face, size, and the synthetic
  bold (`w` + `2 Tr`) that layout.yaml declares per heading level, exactly;
  a dense glyph (𪚥 from BabelStone Han, 龘, 齉) gets a thinner stroke
  (weights.counter_share), every body character comes from UMing;
- the page as rendered: the same eight characters at each heading level are
  darker the higher the level (一、 > （一） > 1. > body), and 𪚥 keeps white
  between its strokes."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402

check = nbcli.check
WORDS = "政府信息公开管理"


def run(*cmd):
    return subprocess.run(cmd, capture_output=True)


def parse_qdf(raw):
    """objects: number → bytes (dict text, or stream data for streams)."""
    objs, streams = {}, {}
    for m in re.finditer(rb"\n(\d+) 0 obj\n(.*?)\nendobj", raw, re.S):
        body = m.group(2)
        s = re.search(rb"\nstream\n(.*)\nendstream$", body, re.S)
        objs[int(m.group(1))] = body
        if s:
            streams[int(m.group(1))] = s.group(1)
    return objs, streams


def hex16(s):
    return bytes.fromhex(s.decode()).decode("utf-16-be")


def tounicode(cmap):
    """code → text from a ToUnicode CMap (bfchar and bfrange)."""
    out = {}
    for blk in re.findall(rb"beginbfchar\n(.*?)endbfchar", cmap, re.S):
        for c, u in re.findall(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", blk):
            out[int(c, 16)] = hex16(u)
    for blk in re.findall(rb"beginbfrange\n(.*?)endbfrange", cmap, re.S):
        for a, b, u in re.findall(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", blk):
            first = ord(hex16(u))
            for c in range(int(a, 16), int(b, 16) + 1):
                out[c] = chr(first + c - int(a, 16))
    return out


def page_runs(objs, streams, page):
    """The text runs of a page object: (face, size, stroke or None, x, y, text)."""
    d = objs[page]
    fonts = {}
    for name, ref in re.findall(rb"/(F\d+) (\d+) 0 R", d):
        f = objs[int(ref)]
        base = re.search(rb"/BaseFont /[A-Z]{6}\+(\S+)", f).group(1).decode()
        tu = int(re.search(rb"/ToUnicode (\d+) 0 R", f).group(1))
        fonts[name.decode()] = (base, tounicode(streams[tu]))
    content = streams[int(re.search(rb"/Contents (\d+) 0 R", d).group(1))].decode("latin-1")
    runs = []
    pat = (r"/(F\d+) ([\d.]+) Tf (?:([\d.]+) w 2 Tr )?1 0 0 1 ([\d.-]+) ([\d.-]+) Tm \[(.*?)\] TJ( 0 Tr)?$")
    for line in content.splitlines():
        m = re.match(pat, line)
        if not m:
            continue
        base, cmap = fonts[m.group(1)]
        codes = "".join(re.findall(r"<([0-9a-fA-F]+)>", m.group(6)))
        text = "".join(cmap.get(int(codes[i:i + 4], 16), "?") for i in range(0, len(codes), 4))
        stroke = m.group(3)
        check((stroke is None) == (m.group(7) is None), "Tr not reset after a bold run: %r" % line)
        runs.append((base, float(m.group(2)), float(stroke) if stroke else None,
                     float(m.group(4)), float(m.group(5)), text))
    return runs


def find(runs, text, size=None):
    return [r for r in runs if r[5] == text and (size is None or r[1] == size)]


def expect_run(runs, text, face, size, stroke):
    got = [(r[0], r[1], r[2]) for r in find(runs, text)]
    check(got[:1] == [(face, size, stroke)], "run %r: expected %r, got %r" % (text, (face, size, stroke), got))


def gray_page(pdf, page, dpi, work):
    base = os.path.join(work, "weights_p%d" % page)
    p = run("pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-f", str(page), "-l", str(page), pdf, base)
    check(p.returncode == 0 and p.stderr == b"", "pdftoppm: %r" % p.stderr)
    data = open(base + ".pgm", "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    return int(m.group(1)), int(m.group(2)), data[m.end():]


def ink(img, x0, y0, x1, y1, gray=False):
    """Share of the pixels in the box (image pixels) that are black, or
    with gray, the mean coverage (how dark the box looks)."""
    w, h, px = img
    n = tot = 0
    for yy in range(max(0, int(y0)), min(h, int(y1))):
        row = px[yy * w + max(0, int(x0)):yy * w + min(w, int(x1))]
        n += sum(255 - v for v in row) / 255 if gray else sum(1 for v in row if v < 128)
        tot += len(row)
    return n / tot if tot else 0


def layout_errors(nianbao, src, work):
    """Bad weights and latin keys are errors at their place in layout.yaml."""
    import shutil
    lay = os.path.join(work, "weights-layout")
    shutil.rmtree(lay, ignore_errors=True)
    shutil.copytree(os.path.join(src, "layouts", "gb-2021"), lay)
    path = os.path.join(lay, "layout.yaml")
    lines = open(path, encoding="utf-8").read().split("\n")
    expected = []
    k = next(i for i, l in enumerate(lines) if l.startswith("  strong:"))
    del lines[k]
    t = next(i for i, l in enumerate(lines) if l.startswith("  title:"))
    lines[t] = lines[t].replace("bold: 0.03em", "bold: true")
    expected.append("%s:%d:%d: error: style 'title': bold: true needs weights.strong (or give the stroke width, "
                    "e.g. bold: 0.03em)" % (path, t + 1, lines[t].index("bold: true") + 7))
    c = next(i for i, l in enumerate(lines) if l.startswith("  counter_share:"))
    lines[c] = "  counter_share: 2"
    expected.insert(0, "%s:%d:18: error: counter_share: expected a number from 0 to 1, found '2'" % (path, c + 1))
    f = next(i for i, l in enumerate(lines) if l.startswith("    latin: latin"))
    lines[f] = "    latin: roman"
    expected.insert(0, "%s:%d:12: error: unknown font role 'roman'" % (path, f + 1))
    open(path, "w", encoding="utf-8").write("\n".join(lines))
    pdf = os.path.join(work, "weights-bad.pdf")
    r = nbcli.nb(nianbao, "render", os.path.join(src, "tests/weights/report.yaml"), "-o", pdf, "--layout", lay)
    check(r.returncode == 3 and r.stderr.splitlines() == expected,
          "layout errors: %d\n%s\nexpected:\n%s" % (r.returncode, r.stderr, "\n".join(expected)))


def main():
    nianbao, src, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    layout_errors(nianbao, src, work)
    pdf = os.path.join(work, "weights.pdf")
    r = nbcli.nb(nianbao, "render", os.path.join(src, "tests/weights/report.yaml"), "-o", pdf)
    check(r.returncode == 0, "render: %d %s" % (r.returncode, r.stderr))
    if r.returncode:
        return report()

    # The faces embedded: one per role, and the rare hanzi's fallback.
    p = run("pdffonts", pdf)
    names = sorted(re.sub(r"^[A-Z]{6}\+", "", l.split()[0]) for l in p.stdout.decode().splitlines()[2:])
    check(names == ["BabelStoneHan", "LiberationSerif", "UKaiCN", "UMingCN", "WenQuanYiZenHei"],
          "pdffonts: %r" % names)

    qdf = os.path.join(work, "weights.qdf")
    p = run("qpdf", "--qdf", "--object-streams=disable", pdf, qdf)
    check(p.returncode == 0, "qpdf --qdf: %r" % p.stderr)
    objs, streams = parse_qdf(open(qdf, "rb").read())
    page1 = re.search(rb"%% Page 1\n%% Original object ID: \d+ 0\n(\d+) 0 obj", open(qdf, "rb").read())
    check(page1 is not None, "no page 1 in the QDF")
    runs = page_runs(objs, streams, int(page1.group(1)))

    # Per-level weights (layout.yaml: bold: as a stroke width in em):
    # title 0.03em of 22pt, 一、 0.02em, （一） 0.03em, 1. 0.006em of 16pt.
    expect_run(runs, "某县", "UMingCN", 22, 0.66)
    expect_run(runs, "政府信息公开工作年度报告", "UMingCN", 22, 0.66)
    expect_run(runs, "一、" + WORDS, "WenQuanYiZenHei", 16, 0.32)
    expect_run(runs, "（一）" + WORDS, "UKaiCN", 16, 0.48)
    expect_run(runs, "1.", "LiberationSerif", 16, 0.096)
    expect_run(runs, WORDS, "UMingCN", 16, 0.096)
    # **重点** in the body: weights.strong 0.02em.
    expect_run(runs, "重点", "UMingCN", 16, 0.32)
    # Dense glyphs: 0.25 × their mean counter width (𪚥: 44/1000 em in
    # BabelStone Han; 龘 56, 齉 70 in UMing) instead of 0.66.
    expect_run(runs, "𪚥", "BabelStoneHan", 22, 0.242)
    expect_run(runs, "龘", "UMingCN", 22, 0.302)
    expect_run(runs, "齉", "UMingCN", 22, 0.385)
    # Body: Song (UMing), no stroke; digits in Liberation Serif, also in tables.
    expect_run(runs, "2023", "LiberationSerif", 16, None)
    body = [r for r in runs if r[1] == 16 and r[2] is None and r[0] != "LiberationSerif"]
    check(body and all(r[0] == "UMingCN" for r in body), "body runs not all UMing: %r" % body)
    table = [r for r in runs if r[1] == 10.5]
    digits = [r for r in table if re.fullmatch(r"[\d.]+", r[5])]
    check(len(digits) >= 5 and all(r[0] == "LiberationSerif" and r[2] is None for r in digits),
          "table digits: %r" % digits)
    check(all(r[0] == "UMingCN" for r in table if not re.search(r"[\d.]", r[5])), "table text not UMing")
    check(not any("LXGW" in r[0] for r in runs), "LXGW WenKai used")

    # Darkness at 150 dpi: the eight characters WORDS at each level (the
    # last eight grid cells of a heading, the first eight of a body line).
    dpi = 150
    s = dpi / 72
    img = gray_page(pdf, 1, dpi, work)
    pitch = 156 / 25.4 * 72 / 28  # text_width / chars_per_line, pt
    height = 841.89

    def cells(r, last):
        x = r[3] + (len(r[5]) - 8) * pitch if last else r[3]
        y = r[4]
        return ink(img, x * s, (height - y - 0.9 * 16) * s, (x + 8 * pitch) * s, (height - y + 0.2 * 16) * s, True)

    found = [find(runs, "一、" + WORDS), find(runs, "（一）" + WORDS), find(runs, WORDS, 16),
             [r for r in runs if r[5].startswith(WORDS * 3)]]
    check(all(found), "heading or body runs of %s not found" % WORDS)
    if not all(found):
        return report()
    levels = [cells(f[0], i < 2) for i, f in enumerate(found)]
    print("ink of %s: 一、 %.3f, （一） %.3f, 1. %.3f, body %.3f" % ((WORDS,) + tuple(levels)))
    check(levels == sorted(levels, reverse=True) and len(set(levels)) == 4,
          "heading levels not darker top-down: %r" % levels)

    # 𪚥 keeps its counters: at 300 dpi less than 62 % of its cell is black
    # (with the full 0.66 stroke it is 77 %, unbolded 44 %).
    img = gray_page(pdf, 1, 300, work)
    s = 300 / 72
    r = (find(runs, "𪚥") + [r for r in runs if "𪚥" in r[5]])[0]
    share = ink(img, r[3] * s, (height - r[4] - 0.88 * 22) * s, (r[3] + 22) * s, (height - r[4] + 0.12 * 22) * s)
    print("𪚥: %.3f of its cell black" % share)
    check(share < 0.62, "𪚥 is a blob: %.3f of its cell black" % share)
    return report()


def report():
    for f in nbcli.failures:
        print("FAIL:", f, file=sys.stderr)
    print("weights_test.py: %d failures" % len(nbcli.failures))
    return 1 if nbcli.failures else 0


if __name__ == "__main__":
    sys.exit(main())
