#!/usr/bin/env python3
"""Renders one sample to PDF and HTML and checks both against its data,
its seed (when it has one) and the official structure (official.py).

usage: report_test.py NIANBAO SAMPLE.yaml SEEDS_DIR WORKDIR

PDF: byte-identical rerun; qpdf --check; no poppler warnings; fonts
embedded as subsets with ToUnicode; A4 pages; every word inside the text
block (page numbers below it); every prose paragraph of the data and of the
seed found in the extracted text; table numbers found in their rows by
position; no line starting with a closing mark or ending with an opening
one. HTML: the three table grids parsed back and compared cell by cell
with the official grids; every paragraph of data and seed present."""
import html.parser
import os
import re
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import official  # noqa: E402
import official_2019  # noqa: E402
import nbcli  # noqa: E402

FORMS = {"gb-2019": official_2019}
form = official  # the official structure of the sample's format (main)

NO_START = set("!%),.:;?]}¢°·’”…‰′″›℃∶、。〃〉》」』】〕〗〞！％），．：；？］｝～")
NO_END = set("$([{£¥‘“〈《「『【〔〖（［｛￥")
MM = 72 / 25.4
TEXT_LEFT, TEXT_TOP = 28 * MM, 37 * MM
TEXT_RIGHT, TEXT_BOTTOM = TEXT_LEFT + 156 * MM, TEXT_TOP + 225 * MM

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


# ---------------------------------------------------------------- PDF

class Word:
    def __init__(self, page, x0, y0, x1, y1, text):
        self.page, self.x0, self.y0, self.x1, self.y1, self.text = page, x0, y0, x1, y1, text

    @property
    def yc(self):
        return (self.y0 + self.y1) / 2


def bbox_lines(pdf):
    """Pages → lines → words, from pdftotext -bbox-layout."""
    out = run(["pdftotext", "-bbox-layout", pdf, "-"], text=True)
    check(out.returncode == 0 and not out.stderr.strip(), "pdftotext -bbox-layout: %s" % out.stderr.strip())
    lines, words, page = [], [], 0
    cur = None
    for m in re.finditer(r'<page |<line |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>|</line>', out.stdout):
        tok = m.group(0)
        if tok.startswith("<page"):
            page += 1
        elif tok.startswith("<line"):
            cur = []
        elif tok == "</line>":
            if cur:
                lines.append(cur)
            cur = None
        else:
            w = Word(page, float(m.group(1)), float(m.group(2)), float(m.group(3)), float(m.group(4)),
                     html.unescape(m.group(5)))
            words.append(w)
            if cur is not None:
                cur.append(w)
    return lines, words


def pdf_checks(pdf, data, raw, seed, nianbao, sample, work):
    out = run(["qpdf", "--check", pdf], text=True)
    check(out.returncode == 0 and "No syntax or stream encoding errors" in out.stdout, "qpdf --check: " + out.stdout[-300:] + out.stderr)
    info = run(["pdfinfo", pdf], text=True)
    check(info.returncode == 0 and not info.stderr.strip(), "pdfinfo: " + info.stderr)
    check(re.search(r"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info.stdout) is not None, "page size is not A4: " + info.stdout)
    check(re.search(r"^Author:\s+%s$" % re.escape(data["agency"]), info.stdout, re.M) is not None, "Author is not the agency")
    title = data.get("title") or "%s%d年政府信息公开工作年度报告" % (data["agency"], data["year"])
    check(re.search(r"^Title:\s+%s$" % re.escape(title), info.stdout, re.M) is not None, "Title is not %s" % title)
    fonts = run(["pdffonts", pdf], text=True)
    rows = fonts.stdout.splitlines()[2:]
    check(len(rows) >= 1 and not fonts.stderr.strip(), "pdffonts: " + fonts.stderr)
    for r in rows:
        check(re.search(r"CID TrueType\s+Identity-H\s+yes yes yes", r) is not None, "font not embedded as a subset with ToUnicode: " + r)

    text = run(["pdftotext", "-raw", pdf, "-"], text=True)
    check(text.returncode == 0 and not text.stderr.strip(), "poppler warned: " + text.stderr.strip())
    body = "\n".join(l for l in text.stdout.splitlines() if not re.fullmatch(r"— \d+ —", l.strip()))
    flat = official.normalize(body)
    for p in expected_paragraphs(data):
        check(official.normalize(p) in flat, "PDF lacks paragraph: " + p[:60])
    if seed:
        for p in official.seed_paragraphs(seed):
            check(p in flat, "PDF lacks seed paragraph: " + p[:60])

    lines, words = bbox_lines(pdf)
    for ln in lines:
        s = "".join(w.text for w in ln)
        check(s[0] not in NO_START, "line starts with %s: %s" % (s[0], s))
        check(s[-1] not in NO_END, "line ends with %s: %s" % (s[-1], s))
    for w in words:
        if re.fullmatch(r"—|\d+", w.text) and w.y0 > TEXT_BOTTOM:
            continue  # the page number, below the text block
        # a line-end closing mark may be squeezed into its blank half: its
        # advance (what pdftotext reports) then reaches half an em past the edge
        slack = 8.5 if w.text[-1] in NO_START else 1
        inside = w.x0 >= TEXT_LEFT - 1 and w.x1 <= TEXT_RIGHT + slack and w.y0 >= TEXT_TOP - 4 and w.y1 <= TEXT_BOTTOM + 4
        check(inside, "word outside the text block on page %d: %s (%.1f,%.1f)-(%.1f,%.1f)" % (w.page, w.text, w.x0, w.y0, w.x1, w.y1))
    table_positions(lines, words, data, raw)
    # a heading never sits alone at the foot of a page: the last line above
    # the page number is never a section or item heading on its own line
    overrides = data.get("headings") or {}
    heads = {official.CN[i] + "、" + overrides.get(k, form.SECTIONS[i]) for i, k in enumerate(form.SECTION_KEYS)}
    items = standalone_item_headings(data)
    last = {}
    for ln in lines:
        if ln[0].y1 <= TEXT_BOTTOM + 4:
            if ln[0].page not in last or ln[0].y0 > last[ln[0].page][0].y0:
                last[ln[0].page] = ln
    pages = max(last) if last else 0
    for page, ln in last.items():
        text = "".join(w.text for w in ln)
        is_head = text in heads or any(text.endswith(h) and len(text) - len(h) <= 4 for h in items)
        check(page == pages or not is_head, "page %d ends with the heading %s" % (page, text))


def standalone_item_headings(data):
    """Item headings set on their own line, without their numbers."""
    out = set()
    def walk(items):
        for it in items or []:
            if not it.get("run_in") or not it.get("text"):
                out.add(str(it["heading"]))
            walk(it.get("items"))
    for k in ("overview", "problems", "other_matters"):
        if isinstance(data.get(k), dict):
            walk(data[k].get("items"))
    return out


def expected_paragraphs(data):
    ps = []
    for k in ("preface", "subtitle"):
        ps += official.paragraphs(data.get(k))
    for k in ("overview", "problems", "other_matters"):
        ps += official.paragraphs(data.get(k))
    for k in ("proactive", "applications", "reviews"):
        ps += official.paragraphs((data.get(k) or {}).get("note"))
    return ps


def numbers_right_of(words, label_word, n):
    """The first n words on the label's line (same page, overlapping y) right of it."""
    band = [w for w in words if w.page == label_word.page and w.x0 > label_word.x1
            and abs(w.yc - label_word.yc) < 3]
    band.sort(key=lambda w: w.x0)
    return [w.text for w in band][:n]


def table_positions(lines, words, data, raw):
    """Numbers of table 三 rows (single-line labels) and table 四 found at the right place."""
    by_text = {}
    for ln in lines:
        s = "".join(w.text for w in ln)
        by_text.setdefault(s, []).append(ln)
    checked = 0
    for path, label in form.APP_ROWS:
        found = by_text.get(label)
        if not found:
            continue  # the label wraps in its cell: checked through the HTML grid
        ln = found[0]
        want = form.app_row(data, path)
        if any("（" in w for w in want):
            continue  # a count with a note wraps in its cell: checked through the HTML grid
        got = numbers_right_of(words, ln[-1], 7)
        ok = len(got) == 7 and all(g.startswith(w.split("（")[0]) for g, w in zip(got, want))
        check(ok, "table 三 row %s: expected %s, found %s" % (label, want, got))
        checked += 1
    check(checked >= 8, "only %d table 三 rows found by position" % checked)
    want = form.rev_row(data, "review") + form.rev_row(data, "litigation_direct") + form.rev_row(data, "litigation_after_review")
    bands = {}
    for w in words:
        bands.setdefault((w.page, round(w.yc)), []).append(w)
    rows = [sorted(b, key=lambda w: w.x0) for b in bands.values()
            if len(b) == 15 and all(re.fullmatch(r"\d+(（.*)?", w.text) for w in b)]
    got = [w.text for w in rows[-1]] if rows else []
    check(got == want, "table 四 row: expected %s, found %s" % (want, got))
    for label, want in form.proactive_rows(data, raw):
        ln = by_text.get(label)
        got = numbers_right_of(words, ln[0][-1], len(want)) if ln else []
        ok = len(got) == len(want) and all(w.startswith(g) for g, w in zip(got, want))
        check(ok, "table 二 row %s: expected %s, found %s" % (label, want, got))


# ---------------------------------------------------------------- HTML

class Grids(html.parser.HTMLParser):
    """Tables of an HTML page as (row, col, rowspan, colspan, text) cells, and the page text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.text = [], []
        self.cell = None
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "style":
            self.in_style = True
        if tag == "table":
            self.tables.append({"cells": [], "rows": [], "caption": ""})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = [int(a.get("rowspan", 1)), int(a.get("colspan", 1)), "", tag, a.get("scope")]
            self.tables[-1]["rows"][-1].append(self.cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.cell = None
        if tag == "style":
            self.in_style = False

    def handle_data(self, d):
        if self.in_style:
            return
        self.text.append(d)
        if self.cell is not None:
            self.cell[2] += d

    def grid(self, t):
        """Places cells on the grid the way browsers do (rowspans reserve slots below)."""
        taken, cells = set(), []
        for r, row in enumerate(t["rows"]):
            c = 0
            for rs, cs, text, tag, scope in row:
                while (r, c) in taken:
                    c += 1
                cells.append((r, c, rs, cs, " ".join(text.split())))
                for i in range(rs):
                    for j in range(cs):
                        taken.add((r + i, c + j))
                c += cs
        return cells


def html_checks(page, data, raw, seed):
    p = Grids()
    p.feed(open(page, encoding="utf-8").read())
    check(len(p.tables) == 3, "expected 3 tables, found %d" % len(p.tables))
    if len(p.tables) == 3:
        for name, want, t in (("二", form.grid_proactive(data, raw), p.tables[0]),
                              ("三", form.grid_applications(data), p.tables[1]),
                              ("四", form.grid_reviews(data), p.tables[2])):
            got = p.grid(t)
            for w, g in zip(sorted(want), sorted(got)):
                check(w == g, "table %s cell: expected %s, found %s" % (name, w, g))
            check(len(want) == len(got), "table %s: expected %d cells, found %d" % (name, len(want), len(got)))
    flat = official.normalize("".join(p.text))
    for para in expected_paragraphs(data):
        check(official.normalize(para) in flat, "HTML lacks paragraph: " + para[:60])
    if seed:
        for para in official.seed_paragraphs(seed):
            check(para in flat, "HTML lacks seed paragraph: " + para[:60])
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", open(page, encoding="utf-8").read(), re.S)
    overrides = data.get("headings") or {}
    want = [official.CN[i] + "、" + overrides.get(k, form.SECTIONS[i]) for i, k in enumerate(form.SECTION_KEYS)]
    got = [re.sub(r"<[^>]+>", "", h) for h in headings]
    check(got == want, "section headings: expected %s, found %s" % (want, got))


def main():
    nianbao, sample, seeds, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    name = os.path.splitext(os.path.basename(sample))[0]
    raw = open(sample, encoding="utf-8").read()
    data = yaml.safe_load(raw)
    global form
    form = FORMS.get(data.get("layout"), official)
    seed = os.path.join(seeds, name + ".txt")
    seed = seed if os.path.exists(seed) else None
    pdf, page = os.path.join(work, name + ".pdf"), os.path.join(work, name + ".html")
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    r = run([nianbao, "render", sample, "-o", pdf, "-o", page], env=env, text=True)
    if r.returncode != 0:
        print("render failed (%d): %s" % (r.returncode, r.stderr))
        return 1
    want = nbcli.sample_warnings(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), sample)
    check(r.stderr == want, "render printed: %r, expected %r" % (r.stderr, want))
    first = (open(pdf, "rb").read(), open(page, "rb").read())
    r = run([nianbao, "render", sample, "-o", pdf, "-o", page], env=env)
    check((open(pdf, "rb").read(), open(page, "rb").read()) == first, "rerun is not byte-identical")
    check(b"/CreationDate (D:%d" % (data.get("signed", {}).get("date", None) and data["signed"]["date"].year or data["year"]) in first[0],
          "CreationDate does not come from the data")
    pdf_checks(pdf, data, raw, seed, nianbao, sample, work)
    html_checks(page, data, raw, seed)
    for f in failures:
        print("FAIL:", f)
    print("%s: %d failures (pdf %d bytes)" % (name, len(failures), len(first[0])))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
