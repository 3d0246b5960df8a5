#!/usr/bin/env python3
"""Page-level typography of every sample, read back from the PDF: glyph
boxes from `mutool draw -F stext`, table rules from `mutool draw -F trace`
(issue 10, page decisions):

  date       the sign-off's date ends the sign-off style's margin_right
             (GB/T 9704 §7.3.5.1 右空四字: 4 em) left of the text block's
             right edge, within 0.5 pt
  agency     every line of the agency name is centred over the date
             (within 0.5 pt), a name of several lines in balanced lines
             (none shorter than half the longest: no stub of a line; the
             lines break between names, text.signoff_break_after/before)
  alone      no page holds only the sign-off (and it is not split)
  grid       every line of body size (headings, paragraphs, sign-off) has its
             baseline on the page grid (margin_top + k × line pitch + the
             baseline's place in a line) within 0.5 pt, on every page,
             page 1 and after tables included
  foot       no page ends more than FOOT_MM above the text block's foot when
             the heading and table (or the table) that start the next page
             would have fitted with the table style's declared shrink

usage: typography_pages.py NIANBAO SOURCE_DIR WORKDIR [SAMPLE.yaml ...]
(default: every samples/*.yaml and tests/pages_input/*.yaml). Prints each
violation and the counts per rule; exit status 1 when there is any."""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402
import typography_lines  # noqa: E402

MM = 72 / 25.4
SIZE_NAMES = {"二号": 22, "三号": 16, "四号": 14, "五号": 10.5}
RULES = ("date", "agency", "alone", "grid", "foot")
FOOT_MM = 10
TOL = 0.5


def measure_pt(s, size=0.0, pitch=0.0):
    s = str(s)
    if s in SIZE_NAMES:
        return SIZE_NAMES[s]
    if s == "line":
        return pitch
    m = re.fullmatch(r"([0-9.]+)(mm|pt|em|line)", s)
    v = float(m.group(1))
    return v * {"mm": MM, "pt": 1, "em": size, "line": pitch}[m.group(2)]


def style_pt(st, key, pitch):
    size = measure_pt(st["size"])
    return measure_pt(st[key], size, pitch) if key in st else 0.0


class Row:
    """Glyphs on one baseline, of one size, left to right."""

    def __init__(self, y, size, glyphs):
        self.y, self.size, self.glyphs = y, size, sorted(glyphs)
        self.text = "".join(g[2] for g in self.glyphs)
        self.left = self.glyphs[0][0]
        self.right = max(g[0] + g[1] for g in self.glyphs)


def read_rows(stext):
    pages = []
    for page in ET.parse(stext).getroot().iter("page"):
        rows = {}
        for font in page.iter("font"):
            size = float(font.get("size"))
            for c in font.iter("char"):
                if c.get("c") == " ":
                    continue
                q = [float(v) for v in c.get("quad").split()]
                rows.setdefault((round(float(c.get("y")), 1), size), []).append(
                    (float(c.get("x")), q[2] - q[0], c.get("c")))
        pages.append([Row(y, s, g) for (y, s), g in sorted(rows.items())])
    return pages


def read_rules(pdf, height):
    """Per page, every stroked rule: (top, bottom, horizontal), y top-down."""
    out = subprocess.run(["mutool", "draw", "-q", "-F", "trace", "-o", "-", pdf], check=True,
                         capture_output=True).stdout
    pages = []
    for page in ET.fromstring(out).iter("page"):
        spans = []
        for path in page.iter("stroke_path"):
            ys = [height - float(pt.get("y")) for pt in path if pt.get("y") is not None]
            if ys:
                spans.append((min(ys), max(ys), max(ys) - min(ys) < 0.01))
        pages.append(spans)
    return pages


def tables_of(spans, gap=1.0):
    """Stroked rules grouped into table pieces: [top, bottom, row boundaries]."""
    out = []
    for top, bot, horizontal in sorted(spans):
        if not (out and top <= out[-1][1] + gap):
            out.append([top, bot, set()])
        out[-1][1] = max(out[-1][1], bot)
        if horizontal:
            out[-1][2].add(round(top, 2))
    return [(a, b, sorted(ys)) for a, b, ys in out]


def min_rows(grid):
    """How many rows must start a table together (tablebox.c's
    nb_tablebox_min_height): the header rows, then the body rows to the
    end of the first keep chain, two body rows at least."""
    rows = grid["rows"]
    keep = [isinstance(r, dict) and bool(r.get("keep")) for r in rows]

    def chain_end(r):
        while r + 1 < len(rows) and keep[r]:
            r += 1
        return r
    first = grid.get("header_rows", 0)
    if first >= len(rows):
        return len(rows)
    end = chain_end(first)
    if end == first and first + 1 < len(rows):
        end = chain_end(first + 1)
    return end + 1


def line_top(pitch, size):
    """From a line's top to its baseline (typeset.c: the em box centred, baseline 0.88 em down)."""
    return (pitch - size) / 2 + size * 0.88


def signoff_rows(pages, agency, date, body):
    """The sign-off's rows (page, row): the date row, the agency rows above it."""
    flat = [(p, r) for p, rows in enumerate(pages) for r in rows if abs(r.size - body) < 0.01]
    for k in range(len(flat) - 1, -1, -1):
        if flat[k][1].text == date:
            got, j = "", k
            while j > 0 and len(got) < len(agency):
                j -= 1
                got = flat[j][1].text + got
            if got == agency:
                return flat[j:k + 1]
            return None
    return None


def check(name, data, layout, pdf, stext, report):
    page, styles, parts = layout["page"], layout["styles"], layout["parts"]
    top, left = measure_pt(page["margin_top"]), measure_pt(page["margin_left"])
    width, height = measure_pt(page["text_width"]), measure_pt(page["text_height"])
    bottom = top + height
    pitch = height / page["lines_per_page"]
    so = styles[parts["signoff"]]
    body = measure_pt(styles[parts["body"]]["size"])
    pages = read_rows(stext)
    rules = read_rules(pdf, measure_pt(page["height"]))

    # the sign-off
    signed = data.get("signed")
    if isinstance(signed, dict) and signed.get("date"):
        agency = str(signed.get("by") or data["agency"])
        y, m, d = (int(v) for v in str(signed["date"]).split("-"))
        date = layout["text"]["date"].format(y=y, m=m, d=d)
        rows = signoff_rows(pages, agency, date, body)
        if not rows:
            report("alone", "%s: sign-off %s / %s not found" % (name, agency, date))
        else:
            d_row = rows[-1][1]
            want = left + width - style_pt(so, "margin_right", pitch)
            if abs(d_row.right - want) > TOL:
                report("date", "%s: date ends at %.2f pt, not %.2f (margin_right in)" % (name, d_row.right, want))
            centre = (d_row.left + d_row.right) / 2
            lens = [len(r.text) for _, r in rows[:-1]]
            for _, r in rows[:-1]:
                c = (r.left + r.right) / 2
                if abs(c - centre) > TOL:
                    report("agency", "%s: %s centred at %.2f pt, the date at %.2f" % (name, r.text, c, centre))
            if min(lens) * 2 < max(lens):
                report("agency", "%s: agency lines not balanced: %s" % (name, "/".join(r.text for _, r in rows[:-1])))
            pg = {p for p, _ in rows}
            if len(pg) > 1:
                report("alone", "%s: sign-off split over pages %s" % (name, sorted(p + 1 for p in pg)))
            p0 = rows[0][0]
            mine = {id(r) for _, r in rows}
            others = [r for r in pages[p0] if id(r) not in mine and r.size != 14 and r.y < bottom]
            if not others and not tables_of(rules[p0]):
                report("alone", "%s: page %d holds only the sign-off" % (name, p0 + 1))

    # the grid: body-size rows (table cells are smaller, the title larger);
    # a heading right above a table may leave it when on the grid the
    # table's first rows would not fit on the page (rule foot)
    tb = styles[parts["table"]]
    t_before, t_after, shrink = (style_pt(tb, k, pitch) for k in ("space_before", "space_after", "shrink"))
    grids = list(layout.get("tables", {}).values())  # in the document's order
    origin = top + (pitch - body) / 2 + body * 0.88
    seen = 0
    for p, rows in enumerate(pages, 1):
        pieces = tables_of(rules[p - 1])
        new = [t for t in pieces if t[0] > top + 1]  # a piece at the page top may be a continuation
        for r in rows:
            if abs(r.size - body) > 0.01:
                continue
            off = (r.y - origin) % pitch
            if min(off, pitch - off) <= TOL:
                continue
            below = [t for t in pieces if 0 < t[0] - (r.y - line_top(pitch, body)) < pitch + t_before + 1]
            k = seen + sum(1 for t in new if t[0] <= below[0][0]) - 1 if below else len(grids)
            if 0 <= k < len(grids):
                bounds = below[0][2]
                n = min_rows(grids[k])
                if n < len(bounds) and bounds[n] + (pitch - off) > bottom + 0.01:
                    if os.environ.get("TP_DEBUG"):
                        print("debug %s p%d: off the grid above a table to fit: %s" % (name, p, r.text))
                    continue  # on the next grid line the table's first rows would miss the page
            report("grid", "%s p%d: %.1f pt off the grid: %s" % (name, p, min(off, pitch - off), r.text[:20]))
        seen += len(new)

    # blank feet: the table (with the heading before it) that starts the next
    # page, had its first rows fitted on this one with the declared shrink
    lt = line_top(pitch, body)
    items = []  # per page, top to bottom: (top, bottom, "t" or "T", table piece)
    seen = 0
    for p in range(len(pages)):
        its = sorted([(r.y - lt, r.y - lt + pitch, "t", None) for r in pages[p]
                      if abs(r.size - body) < 0.01] + [(a, b, "T", t) for t in tables_of(rules[p]) for a, b in [t[:2]]],
                     key=lambda it: it[0])
        out = []
        for k, it in enumerate(its):
            if it[2] == "T":
                cont = k == 0 and p > 0 and items[p - 1] and items[p - 1][-1][2] == "T"
                out.append(it[:3] + (None if cont else seen,))
                seen += 0 if cont else 1
            else:
                out.append(it)
        items.append(out)
    for p in range(len(pages) - 1):
        if not items[p] or not items[p + 1]:
            continue
        end, kind = max((it[1], it[2]) for it in items[p])
        if bottom - end <= FOOT_MM * MM:
            continue
        nxt = items[p + 1]
        if nxt[0][2] == "T":
            t, start = nxt[0], end + (t_after if kind == "T" else 0) + t_before - shrink
        elif len(nxt) > 1 and nxt[1][2] == "T" and nxt[1][0] - nxt[0][0] < pitch + t_before + 1:
            t, start = nxt[1], end  # a heading (one grid line) then the table
            if kind == "T":  # the heading leaves the grid rather than the table the page
                start = end + t_after - shrink
            start += pitch + t_before - shrink
        else:
            continue
        if t[3] is None or t[3] >= len(grids):
            continue
        piece = tables_of(rules[p + 1])
        bounds = next(b for a, _, b in piece if abs(a - t[0]) < 0.01)
        n = min_rows(grids[t[3]])
        if n >= len(bounds):
            continue
        need = bounds[n] - bounds[0]
        if os.environ.get("TP_DEBUG"):
            print("debug %s p%d blank %.1fmm start %.1f need %.1f bottom %.1f n %d" % (name, p + 1, (bottom - end) / MM, start, need, bottom, n))
        if start + need <= bottom + 0.01:
            report("foot", "%s p%d: %.1f mm blank at the foot; the next page's first %s rows (%.1f pt) fit with %.1f pt shrink"
                   % (name, p + 1, (bottom - end) / MM, n, need, shrink))


def main():
    nianbao, source, work = sys.argv[1:4]
    samples = sys.argv[4:]
    if not samples:
        for d in ("samples", os.path.join("tests", "pages_input")):
            folder = os.path.join(source, d)
            samples += sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".yaml"))
    os.makedirs(work, exist_ok=True)
    counts = {r: 0 for r in RULES}
    for sample in samples:
        name = os.path.splitext(os.path.basename(sample))[0]
        data = yaml.safe_load(open(sample, encoding="utf-8"))
        layout = yaml.safe_load(open(os.path.join(source, "layouts", data.get("layout", "gb-2021"), "layout.yaml"),
                                     encoding="utf-8"))
        pdf, stext = typography_lines.render_stext(nianbao, sample, work)
        if not pdf:
            continue

        def report(rule, msg):
            counts[rule] += 1
            print("%s: %s" % (rule, msg))

        check(name, data, layout, pdf, stext, report)
    print("violations: " + ", ".join("%s %d" % (r, counts[r]) for r in RULES))
    nbcli.check(sum(counts.values()) == 0, "page violations (above)")
    for f in nbcli.failures:
        print("FAIL: " + f)
    sys.exit(1 if nbcli.failures else 0)


if __name__ == "__main__":
    main()
