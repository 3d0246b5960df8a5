#!/usr/bin/env python3
"""Table column widths from the content (gen/typeset/tablefit.c, layouts/README.md
"Column widths"), read back from the PDF glyph by glyph (mutool stext, the
cell reader of typography_lines.py):

  - sample 004: table 三's first column holds 三、本/年度办/理结果, （三）不予公开
    is mended to （三）/不予/公开, 自然人 stays on one line;
  - sample 106: every six-digit count of table 三 is one line of its cell;
  - counts too wide for 五号 set table 三 in the smaller styles (小五, 9 pt),
    numbers unbroken, the other tables at 五号;
  - counts too wide even then: the exact error at the row, exit 1, no file;
    the same with a layout without `smaller`, at once;
  - the layout's `fit` keys are checked (exit 3 with FILE:LINE:COL).

usage: table_fit_test.py NIANBAO SOURCE_DIR WORKDIR"""
import os
import re
import shutil
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402
import typography_lines as tl  # noqa: E402

check = nbcli.check


def render_cells(nianbao, data, work, name, layout=None):
    """(cells, glyph sizes by text) of a render of data; cells as lists of line texts."""
    pdf, stext = os.path.join(work, name + ".pdf"), os.path.join(work, name + ".stext")
    args = ["render", data, "-o", pdf] + (["--layout", layout] if layout else [])
    r = nbcli.nb(nianbao, *args)
    check(r.returncode == 0, "%s: render failed: %s" % (name, r.stderr))
    if r.returncode != 0:
        return [], {}
    subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", stext, pdf], check=True, stderr=subprocess.DEVNULL)
    lay = yaml.safe_load(open(os.path.join(layout or os.path.join(SRC, "layouts", "gb-2021"), "layout.yaml"),
                              encoding="utf-8"))
    pages = tl.read_pages(stext)
    cells = [[tl.text(row) for row in cell] for _, cell in tl.table_cells(pages, tl.table_pitches(lay))]
    sizes = {}
    for rows in pages:
        for row in rows:
            sizes.setdefault(tl.text(row), set()).add(row[0].size)
    return cells, sizes


def big_counts(path, count, drop_smaller_layout=None):
    """Sample 004 with table 三's received and disclosed rows at `count` in
    every column (the rest 0, the totals computed). Returns the line of
    the received row's list (1-based)."""
    d = yaml.safe_load(open(os.path.join(SRC, "samples", "004_3971b268707d3ce1.yaml"), encoding="utf-8"))

    def zero(x):
        if isinstance(x, dict):
            return {k: zero(v) for k, v in x.items()}
        return [0] * len(x) if isinstance(x, list) else x

    a = zero(d["applications"])
    a["received"] = [count] * 6
    a["results"]["disclosed"] = [count] * 6
    a["results"].pop("total", None)
    d["applications"] = a
    # 004's text says 未收到…申请: with these counts that would be a text-against-table warning
    text = yaml.safe_dump(d, allow_unicode=True, sort_keys=False).replace("未收到", "办理")
    open(path, "w", encoding="utf-8").write(text)
    return text.split("\n").index("  received:") + 2  # the row's list, on the next line


def test_samples(nianbao, work):
    cells, _ = render_cells(nianbao, os.path.join(SRC, "samples", "004_3971b268707d3ce1.yaml"), work, "s004")
    for want in (["三、本", "年度办", "理结果"], ["（三）", "不予", "公开"], ["自然人"]):
        check(want in cells, "004: no cell set as %s (cells: %s)" % ("/".join(want), [c for c in cells if len(c) > 1][:12]))
    cells, _ = render_cells(nianbao, os.path.join(SRC, "samples", "106_province_office.yaml"), work, "s106")
    for n in ("285972", "344165", "120345", "145307", "108548", "342100"):
        check([n] in cells, "106: %s is not one line of its cell" % n)


def test_smaller(nianbao, work):
    data = os.path.join(work, "step.yaml")
    # nine digits in every column (Liberation Serif's digits: eight still fit at 五号)
    big_counts(data, 100000000)
    cells, sizes = render_cells(nianbao, data, work, "step")
    check(["100000000"] in cells and ["600000000"] in cells, "step: counts broken: %s" % cells[:20])
    check(sizes.get("600000000") == {9.0}, "step: table 三 not at 小五: %s" % sizes.get("600000000"))
    # the largest counts there are (below 10^9, a total of ten digits) still fit at 小五
    data = os.path.join(work, "largest.yaml")
    big_counts(data, 999999999)
    cells, sizes = render_cells(nianbao, data, work, "largest")
    check(["5999999994"] in cells and sizes.get("5999999994") == {9.0}, "largest: %s" % sizes.get("5999999994"))
    check(sizes.get("248.9611") == {10.5}, "step: table 二 not at 五号: %s" % sizes.get("248.9611"))


def expect_too_wide(nianbao, work, name, layout=None):
    data = os.path.join(work, name + ".yaml")
    line = big_counts(data, 999999999)
    pdf = os.path.join(work, name + ".pdf")
    args = ["render", data, "-o", pdf] + (["--layout", layout] if layout else [])
    r = nbcli.nb(nianbao, *args)
    need = "163.8"  # at 五号, the layout giving no smaller styles
    want = ("%s:%d:3: error: 表三（收到和处理政府信息公开申请情况） is too wide for the page: its columns need %s mm to "
            "set its numbers unbroken (the widest here: 5999999994), the text is 156.0 mm wide\n" % (data, line, need))
    check(r.returncode == 1 and r.stderr == want, "%s: %d %r (wanted %r)" % (name, r.returncode, r.stderr, want))
    check(not os.path.exists(pdf), "%s: a PDF was written" % name)


def layout_copy(work, name, old, new, count=1):
    lay = os.path.join(work, name)
    shutil.rmtree(lay, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, "layouts", "gb-2021"), lay)
    path = os.path.join(lay, "layout.yaml")
    y = open(path, encoding="utf-8").read()
    check(old in y, "layout has no %r" % old)
    open(path, "w", encoding="utf-8").write(y.replace(old, new, count))
    return lay


def test_layout_keys(nianbao, work):
    fit = "fit: {min_chars: 2, smaller: {head: table_head_small, label: table_label_small, value: table_value_small}}"
    sample = os.path.join(SRC, "samples", "004_3971b268707d3ce1.yaml")
    for name, new, msg in (
            ("min0", fit.replace("min_chars: 2", "min_chars: 0"),
             r"layout\.yaml:\d+:22: error: expected a whole number from 1 to 100, found the number 0"),
            ("nolabel", fit.replace(" label: table_label_small,", ""),
             r"layout\.yaml:\d+:34: error: missing required key 'label'"),
            ("badkey", fit.replace("min_chars", "min_char"),
             r"layout\.yaml:\d+:11: error: unknown key 'min_char' \(did you mean 'min_chars'\?\)")):
        lay = layout_copy(work, "lay_" + name, fit, new)
        r = nbcli.nb(nianbao, "render", sample, "-o", os.path.join(work, name + ".pdf"), "--layout", lay)
        check(r.returncode == 3 and re.search(msg, r.stderr) is not None, "%s: %d %s" % (name, r.returncode, r.stderr))
    # without smaller: too wide for 五号 is an error at once
    lay = layout_copy(work, "lay_nosmaller", fit, "fit: {min_chars: 2}", -1)
    expect_too_wide(nianbao, work, "nosmaller", lay)


def main():
    global SRC
    nianbao, SRC, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    test_samples(nianbao, work)
    test_smaller(nianbao, work)
    test_layout_keys(nianbao, work)
    for f in nbcli.failures:
        print("FAIL: " + f)
    print("%d passed, %d failed" % (0 if nbcli.failures else 1, 1 if nbcli.failures else 0))
    sys.exit(1 if nbcli.failures else 0)


SRC = None
if __name__ == "__main__":
    main()
