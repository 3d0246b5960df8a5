"""nianbao import, one ctest per case:

  roundtrip SAMPLE   render the sample to HTML and PDF, import each: the data
                     equals the sample (every number exactly, as written;
                     prose exactly but for what import.md documents: bold
                     marks, paragraph line breaks, spaces next to CJK)
  seed SEED          import the seed's .txt: the matching sample's numbers
                     exactly and its prose
  blank_cell, unplaceable, shifted, units, collapsed, inconsistent, rerun,
  hostile            the warnings and errors, with exact messages

    import_test.py NIANBAO SRC SHARED WORK CASE [ARG]

Prints per case the numbers and paragraphs recovered (for the report).
"""
import os
import re
import shutil
import sys

import yaml

import nbcli
from nbcli import check

NIANBAO, SRC, SHARED, WORK, CASE = sys.argv[1:6]
ARG = sys.argv[6] if len(sys.argv) > 6 else None
TOTALS = {"applications": 6, "reviews": 4}  # lists whose computed total import also reads


def nb(*args):
    return nbcli.nb(NIANBAO, *args, cwd=WORK)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)  # every scalar a string: numbers as written


def is_cjk(c):
    o = ord(c)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F \
        or 0x20000 <= o <= 0x3FFFF


def paras(text):
    """A text as its paragraphs, as the data loader reads them: bold marks
    (not recovered from a page) and spaces next to CJK removed."""
    if text is None:
        return []
    out = []
    for p in re.split(r"\n\s*\n", text.strip()):
        lines = [l.strip() for l in p.split("\n") if l.strip()]
        s = ""
        for l in lines:
            if s and not (is_cjk(s[-1]) or is_cjk(l[0])):
                s += " "
            s += l
        s = s.replace("**", "").replace("\\*", "*")
        s = re.sub(r" (?=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f])|(?<=[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]) ",
                   "", s)
        if s:
            out.append(s)
    return out


def body(v):
    if v is None or isinstance(v, str):
        return {"numbering": None, "intro": paras(v), "items": [], "outro": []}
    def items(lst):
        res = []
        for it in lst or []:
            text = paras(it.get("text"))
            res.append({"heading": it["heading"], "run_in": it.get("run_in") == "true" and bool(text),
                        "text": text, "items": items(it.get("items"))})
        return res
    n = v.get("numbering")
    return {"numbering": None if n in (None, "（一）") else n, "intro": paras(v.get("intro")),
            "items": items(v.get("items")), "outro": paras(v.get("outro"))}


def count_of(x):
    if isinstance(x, dict):
        return int(x["count"])
    return 0 if x == "/" else int(x)


def flat_table(sec, v):
    """path -> list of cells (as written); a list's total appended when absent."""
    out = {}
    def walk(prefix, m):
        for k, x in m.items():
            if k == "note" and not prefix:
                continue
            p = prefix + k
            if isinstance(x, dict) and "count" not in x:
                walk(p + ".", x)
            else:
                cells = x if isinstance(x, list) else [x]
                if sec in TOTALS and len(cells) == TOTALS[sec]:
                    cells = cells + [str(sum(count_of(c) for c in cells))]
                out[p] = cells
    walk("", v or {})
    return out


def zeros_like(cells):
    return ["0"] * len(cells)


SECTIONS_TEXT = ("overview", "problems", "other_matters")
TABLES = ("proactive", "applications", "reviews")


def compare(got, want, what, prose=True):
    """Numbers and paragraphs compared; returns (numbers, paragraphs) recovered."""
    nums = paras_n = 0
    for sec in TABLES:
        g, w = flat_table(sec, got.get(sec)), flat_table(sec, want.get(sec))
        for p in sorted(set(g) | set(w)):
            if p == "results.total" and p not in w:
                continue  # computed: check has verified it
            gv = g.get(p) or zeros_like(w[p])
            wv = w.get(p) or zeros_like(g[p])
            check(gv == wv, "%s: %s.%s: got %r, want %r" % (what, sec, p, gv, wv))
            nums += sum(1 for a, b in zip(gv, wv) if a == b)
        gn = paras((got.get(sec) or {}).get("note"))
        wn = paras((want.get(sec) or {}).get("note"))
        check(gn == wn, "%s: %s note: got %r, want %r" % (what, sec, gn, wn))
        paras_n += len(gn) if gn == wn else 0
    if not prose:
        return nums, paras_n
    for k in ("agency", "year", "title", "subtitle", "layout"):
        check(got.get(k) == want.get(k), "%s: %s: got %r, want %r" % (what, k, got.get(k), want.get(k)))
    gp, wp = paras(got.get("preface")), paras(want.get("preface"))
    check(gp == wp, "%s: preface: got %r, want %r" % (what, gp, wp))
    paras_n += len(gp) if gp == wp else 0
    check((got.get("headings") or {}) == (want.get("headings") or {}),
          "%s: headings: got %r, want %r" % (what, got.get("headings"), want.get("headings")))
    for sec in SECTIONS_TEXT:
        gb, wb = body(got.get(sec)), body(want.get(sec))
        if gb != wb:
            # the last item's paragraphs and the outro read the same on a page
            if wb["outro"] and wb["items"]:
                last = wb["items"][-1]
                while last["items"]:
                    last = last["items"][-1]
                last["text"] = last["text"] + wb["outro"]
                wb["outro"] = []
        check(gb == wb, "%s: %s:\n  got  %r\n  want %r" % (what, sec, gb, wb))
        if gb == wb:
            def count(items):  # a heading and its paragraphs
                return sum(1 + len(i["text"]) + count(i["items"]) for i in items)
            paras_n += len(gb["intro"]) + len(gb["outro"]) + count(gb["items"])
    gs, ws = dict(got.get("signed") or {}), dict(want.get("signed") or {})
    for s in (gs, ws):
        if s and s.get("by") in (None, got.get("agency"), want.get("agency")):
            s.pop("by", None)
    check(gs == ws, "%s: signed: got %r, want %r" % (what, gs, ws))
    return nums, paras_n


def do_import(src, out, expect_rc=0, layout=None):
    args = ["import", src, "-o", out] + (["--layout", layout] if layout else [])
    r = nb(*args)
    check(r.returncode == expect_rc, "import %s: exit %d, want %d: %s" % (src, r.returncode, expect_rc, r.stderr))
    return r


def sample_path(name):
    return os.path.join(SRC, "samples", name + ".yaml")


def test_roundtrip():
    want = load(sample_path(ARG))
    layout = want.get("layout")
    for fmt in ("html", "pdf"):
        out = os.path.join(WORK, ARG + "." + fmt)
        r = nb("render", sample_path(ARG), "-o", out)
        check(r.returncode == 0, "render %s: %s" % (fmt, r.stderr))
        data = os.path.join(WORK, ARG + "." + fmt + ".yaml")
        r = do_import(out, data, layout=layout)
        if r.returncode != 0:
            continue
        check(r.stderr == "", "%s %s: warnings: %s" % (ARG, fmt, r.stderr))
        n, p = compare(load(data), want, ARG + " " + fmt)
        print("%s %s: %d numbers, %d paragraphs recovered" % (ARG, fmt, n, p))


def test_seed():
    txt = os.path.join(SHARED, "seeds", ARG + ".txt")
    want = load(sample_path(ARG))
    data = os.path.join(WORK, ARG + ".yaml")
    r = do_import(txt, data)
    n, p = compare(load(data), want, ARG + " txt")
    print("%s txt: %d numbers, %d paragraphs recovered" % (ARG, n, p))
    sys.stdout.write(r.stderr)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    globals()["test_" + CASE]()
    for f in nbcli.failures:
        print("FAIL: " + f)
    sys.exit(1 if nbcli.failures else 0)


if __name__ == "__main__":
    main()
