#!/usr/bin/env python3
"""Line-level typography of every sample, read back from the PDF glyph by
glyph (`mutool draw -F stext`: each glyph's origin and advance box) and
checked by rule, the signs a careful typesetter looks for (issue 10):

  title      no title line break inside one of the layout's title words
             (text.title_words: 政府 信息 公开 …) nor between a number and 年
  quote      a “ ” ‘ ’ inside a line, next to CJK text, takes at least 0.45 em (a
             full-width cell, the mark on its inner side; half when
             compressed against a neighbouring mark): from the quote to
             the next glyph, for “ ‘ from the end of the glyph before it
  pair       two adjacent full-width marks take at most 1.7 em together
             (one of them set at half width: 1.5 em)
  gap        no more than 0.15 em between two Han characters on a line
  measure    no glyph's box beyond the text block's right edge, unless the
             layout's linebreak.line_end policy is `hang` (then only a
             closing mark ending a line, and wholly outside the measure)
  split      no number of a table cell broken across its lines (a line
             ending in a digit followed by one starting with a digit)
  widow      no table cell whose last line is one CJK character (closing
             marks after it not counted)

Table cells are read back from the glyphs: the rows set in a table style's
size whose baselines follow one another at that style's leading, their x
ranges overlapping, are the lines of one cell (the rules and the padding put
at least twice the padding between two cells of one column).

usage: typography_lines.py NIANBAO SOURCE_DIR WORKDIR [SAMPLE.yaml ...]
(default: every samples/*.yaml). Prints each violation and the counts per
rule; exit status 1 when there is any."""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402

MM = 72 / 25.4
SIZE_NAMES = {"二号": 22, "三号": 16, "四号": 14, "五号": 10.5, "小五": 9}
CLOSING = set("、。，．：；？！）］｝〉》」』】〕〗〙〛”’")
OPENING = set("（［｛〈《「『【〔〖〘〚“‘")
QUOTES = set("“”‘’")
RULES = ("title", "quote", "pair", "gap", "measure", "split", "widow")
DIGITS = set("0123456789０１２３４５６７８９")


def is_han(ch):
    o = ord(ch)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000


def is_cjk(ch):
    o = ord(ch)
    return is_han(ch) or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or ch in QUOTES


def measure_pt(s):
    s = str(s)
    if s in SIZE_NAMES:
        return SIZE_NAMES[s]
    m = re.fullmatch(r"([0-9.]+)(mm|pt)", s)
    return float(m.group(1)) * (MM if m.group(2) == "mm" else 1)


class Glyph:
    __slots__ = ("ch", "x", "y", "w", "size")

    def __init__(self, ch, x, y, w, size):
        self.ch, self.x, self.y, self.w, self.size = ch, x, y, w, size

    def ink_right(self):
        """A full-width closing mark's right half is blank."""
        return self.x + (self.size / 2 if self.ch in CLOSING - QUOTES and self.w > 0.9 * self.size else self.w)


def read_pages(stext):
    """Per page, its rows: glyphs on one baseline and of one size, left to right.
    Rows not of the body size are split where a gap of over 0.5 em opens
    (table cells side by side share a baseline)."""
    pages = []
    for page in ET.parse(stext).getroot().iter("page"):
        rows = {}
        for font in page.iter("font"):
            size = float(font.get("size"))
            for c in font.iter("char"):
                if c.get("c") == " ":
                    continue  # mutool's stand-in for a gap: the program draws no spaces
                q = [float(v) for v in c.get("quad").split()]
                g = Glyph(c.get("c"), float(c.get("x")), float(c.get("y")), q[2] - q[0], size)
                rows.setdefault((round(g.y, 1), size), []).append(g)
        out = []
        for key in sorted(rows):
            glyphs = sorted(rows[key], key=lambda g: g.x)
            cur = [glyphs[0]]
            for a, b in zip(glyphs, glyphs[1:]):
                if key[1] != 16 and b.x - (a.x + a.w) > 0.5 * a.size:
                    out.append(cur)
                    cur = []
                cur.append(b)
            out.append(cur)
        pages.append(out)
    return pages


def text(row):
    return "".join(g.ch for g in row)


def advance(row, i):
    """From glyph i to the next one, or its ink at the row's end."""
    return row[i + 1].x - row[i].x if i + 1 < len(row) else row[i].ink_right() - row[i].x


def quote_cell(row, i):
    """The cell a quote takes: to the next glyph; for “ ‘, whose cell is blank
    on the left, from where the glyph before it ends."""
    start = row[i].x
    if row[i].ch in "“‘" and i > 0:
        start = min(start, row[i - 1].x + row[i - 1].w)
    return row[i + 1].x - start


def check_title(pages, title_size, words, report):
    rows = []
    for row in pages[0] if pages else []:
        if abs(row[0].size - title_size) > 0.01:
            if rows:
                break
            continue
        rows.append(text(row))
    for a, b in zip(rows, rows[1:]):
        for w in words:
            for k in range(1, len(w)):
                if a.endswith(w[:k]) and b.startswith(w[k:]):
                    report("title", "%s/%s splits %s" % (a, b, w))
        if re.search(r"[0-9０-９]$", a) and b.startswith("年"):
            report("title", "%s/%s splits the year" % (a, b))


def check_rows(pages, right, hang, report):
    for p, rows in enumerate(pages, 1):
        for row in rows:
            t = text(row)
            where = "p%d %s" % (p, t[:40])
            for i, g in enumerate(row):
                em = g.size
                prev = row[i - 1].ch if i > 0 else ""
                nxt = row[i + 1].ch if i + 1 < len(row) else ""
                if g.ch in QUOTES and prev and nxt and (is_cjk(prev) or is_cjk(nxt)):
                    if quote_cell(row, i) < 0.45 * em - 0.01:
                        report("quote", "%s: %s takes %.2f em" % (where, g.ch, quote_cell(row, i) / em))
                if i + 1 < len(row):
                    b = row[i + 1]
                    if (g.ch in CLOSING | OPENING) and (b.ch in CLOSING | OPENING):
                        span = advance(row, i) + advance(row, i + 1)
                        if span > 1.7 * em + 0.01:
                            report("pair", "%s: %s%s takes %.2f em" % (where, g.ch, b.ch, span / em))
                    if is_han(g.ch) and is_han(b.ch):
                        gap = b.x - (g.x + g.w)
                        if gap > 0.15 * em + 0.01:
                            report("gap", "%s: %.2f em between %s%s" % (where, gap / em, g.ch, b.ch))
                over = g.x + g.w - right  # the glyph's box: a squeezed 。's blank half sticks out too
                if over > 0.05 * em:  # the grid's tracking lets em boxes overlap by 0.013 em
                    hangs = hang and i + 1 == len(row) and g.ch in CLOSING and g.x >= right - 0.01
                    if not hangs:
                        report("measure", "%s: %s %.1f pt beyond the measure" % (where, g.ch, over))


def table_pitches(layout):
    """Font size -> line pitch of every style a table grid uses (its
    styles and the smaller ones it may step down to)."""
    styles, names = layout["styles"], set()
    for grid in (layout.get("tables") or {}).values():
        names.update((grid.get("styles") or {}).values())
        names.update(((grid.get("fit") or {}).get("smaller") or {}).values())
    return {round(measure_pt(styles[n]["size"]), 2): measure_pt(styles[n]["leading"]) for n in names if n in styles}


def table_cells(pages, pitches):
    """Per page, the cells of its tables: lists of rows (lines), top to bottom."""
    for p, rows in enumerate(pages, 1):
        open_cells = []  # [cell lines]
        done = []
        for row in sorted((r for r in rows if round(r[0].size, 2) in pitches), key=lambda r: (r[0].y, r[0].x)):
            pitch = pitches[round(row[0].size, 2)]
            x0, x1 = row[0].x, row[-1].x + row[-1].w
            home = None
            for cell in open_cells:
                last = cell[-1]
                if abs(row[0].y - last[0].y - pitch) < 0.3 and x0 < last[-1].x + last[-1].w and last[0].x < x1:
                    home = cell
                    break
            if home is None:
                home = []
                open_cells.append(home)
                done.append(home)
            home.append(row)
        for cell in done:
            yield p, cell


def check_cells(pages, pitches, report):
    for p, cell in table_cells(pages, pitches):
        lines = [text(r) for r in cell]
        where = "p%d %s" % (p, "/".join(lines)[:60])
        for a, b in zip(lines, lines[1:]):
            if a[-1] in DIGITS and b[0] in DIGITS:
                report("split", "%s: a number broken across lines" % where)
        last = lines[-1].rstrip("".join(CLOSING))
        if len(lines) > 1 and len(last) == 1 and is_cjk(last):
            report("widow", "%s: %s alone on the last line" % (where, last))


def render_stext(nianbao, sample, work):
    """Renders sample into work and reads its glyphs back (mutool's stext):
    (pdf, stext) paths, or (None, None) after a failed render (a check failed)."""
    name = os.path.splitext(os.path.basename(sample))[0]
    pdf, stext = os.path.join(work, name + ".pdf"), os.path.join(work, name + ".stext")
    r = nbcli.nb(nianbao, "render", sample, "-o", pdf)
    nbcli.check(r.returncode == 0, "%s: render failed: %s" % (name, r.stderr))
    if r.returncode != 0:
        return None, None
    subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", stext, pdf], check=True, stderr=subprocess.DEVNULL)
    return pdf, stext


def main():
    nianbao, source, work = sys.argv[1:4]
    samples = sys.argv[4:] or sorted(
        os.path.join(source, "samples", f) for f in os.listdir(os.path.join(source, "samples")) if f.endswith(".yaml"))
    os.makedirs(work, exist_ok=True)
    counts = {r: 0 for r in RULES}
    for sample in samples:
        name = os.path.splitext(os.path.basename(sample))[0]
        data = yaml.safe_load(open(sample, encoding="utf-8"))
        layout = yaml.safe_load(open(os.path.join(source, "layouts", data.get("layout", "gb-2021"), "layout.yaml"),
                                     encoding="utf-8"))
        page, styles, lb = layout["page"], layout["styles"], layout.get("linebreak", {})
        right = measure_pt(page["margin_left"]) + measure_pt(page["text_width"])
        words = (layout.get("text", {}).get("title_words") or "").split()
        pdf, stext = render_stext(nianbao, sample, work)
        if not pdf:
            continue

        def report(rule, msg):
            counts[rule] += 1
            print("%s: %s: %s" % (name, rule, msg))

        pages = read_pages(stext)
        check_title(pages, measure_pt(styles[layout["parts"]["title"]]["size"]), words, report)
        check_rows(pages, right, lb.get("line_end") == "hang", report)
        check_cells(pages, table_pitches(layout), report)
    print("violations: " + ", ".join("%s %d" % (r, counts[r]) for r in RULES))
    nbcli.check(sum(counts.values()) == 0, "typographic violations (above)")
    for f in nbcli.failures:
        print("FAIL: " + f)
    sys.exit(1 if nbcli.failures else 0)


if __name__ == "__main__":
    main()
