#!/usr/bin/env python3
"""Issue 10's comparison: every gb-2021 sample set by XeLaTeX + ctex
(ctex_report.py) and by nianbao, both read back glyph by glyph and checked
by the rules of tests/typography_lines.py (title words, quotes, adjacent
marks, gaps between hanzi, the measure), plus pages and time. A measuring
aid, not a test: XeLaTeX is not among the test dependencies.

usage: compare_ctex.py NIANBAO SOURCE_DIR WORKDIR"""
import os
import subprocess
import sys
import time

import yaml

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
import typography_lines as tl  # noqa: E402

RULES = ("title", "quote", "pair", "gap", "measure")


def stext_pages(pdf):
    st = pdf + ".stext"
    subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", st, pdf], check=True, stderr=subprocess.DEVNULL)
    return tl.read_pages(st)


def rules(pages, right, title_size, words):
    counts = dict.fromkeys(RULES, 0)

    def report(rule, msg):
        if rule in counts:
            counts[rule] += 1

    tl.check_title(pages, title_size, words, report)
    tl.check_rows(pages, right, False, report)
    return counts


def main():
    nianbao, source, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    layout = yaml.safe_load(open(os.path.join(source, "layouts", "gb-2021", "layout.yaml"), encoding="utf-8"))
    right = tl.measure_pt(layout["page"]["margin_left"]) + tl.measure_pt(layout["page"]["text_width"])
    words = (layout.get("text", {}).get("title_words") or "").split()
    total = {"nianbao": dict.fromkeys(RULES, 0), "xelatex": dict.fromkeys(RULES, 0)}
    secs = {"nianbao": 0.0, "xelatex": 0.0}
    pages = {"nianbao": 0, "xelatex": 0}
    for f in sorted(os.listdir(os.path.join(source, "samples"))):
        sample = os.path.join(source, "samples", f)
        if not f.endswith(".yaml") or yaml.safe_load(open(sample, encoding="utf-8")).get("layout"):
            continue
        name = f[:-5]
        nb_pdf = os.path.join(work, name + ".nianbao.pdf")
        t = time.time()
        subprocess.run([nianbao, "render", sample, "-o", nb_pdf], check=True, capture_output=True)
        secs["nianbao"] += time.time() - t
        tex = os.path.join(work, name + ".tex")
        subprocess.run([sys.executable, os.path.join(here, "ctex_report.py"), sample, tex], check=True)
        t = time.time()
        for _ in range(2):  # the second run for longtable's widths
            subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", name + ".tex"], cwd=work,
                           capture_output=True)
        secs["xelatex"] += (time.time() - t) / 2
        line = [name]
        for who, pdf in (("nianbao", nb_pdf), ("xelatex", os.path.join(work, name + ".pdf"))):
            if not os.path.exists(pdf):
                line.append("%s: no PDF" % who)
                continue
            pg = stext_pages(pdf)
            c = rules(pg, right, 22.0, words)
            pages[who] += len(pg)
            for r in RULES:
                total[who][r] += c[r]
            line.append("%s %d p %s" % (who, len(pg), " ".join("%s=%d" % (r, c[r]) for r in RULES)))
        print("  ".join(line), flush=True)
    for who in total:
        print("%s: %d pages, %.0f ms per report, %s" % (who, pages[who], 1000 * secs[who] / 17, ", ".join(
            "%s %d" % (r, total[who][r]) for r in RULES)))


if __name__ == "__main__":
    main()
