"""nianbao new (the skeleton of a report to fill in), one ctest per case:
the exact file for gb-2021 (tests/new/blank_gb-2021.yaml), every row of
both forms under its label, placeholders that check and render report as
errors at their positions, a filled-in skeleton that checks and renders,
--previous carrying the form's previous: rows and the texts' structure,
a previous report of another year or invalid, refusing to overwrite,
byte-identical reruns, usage errors and --help.

    new_test.py NIANBAO SRC WORK CASE
"""
import os
import re
import sys

import yaml

import nbcli
from nbcli import check

NIANBAO, SRC, WORK, CASE = sys.argv[1:5]
PREV = os.path.join(SRC, "samples", "399_qinghe_natural_resources_2022.yaml")
MSG = "error: placeholder left: write this text before publishing"
PLACEHOLDER = re.compile("【待填写：[^】]*】")


def nb(*args):
    return nbcli.nb(NIANBAO, *args, cwd=WORK)


def read(name):
    with open(os.path.join(WORK, name), encoding="utf-8") as f:
        return f.read()


def write(name, text):
    with open(os.path.join(WORK, name), "w", encoding="utf-8") as f:
        f.write(text)


def new(out, *extra, agency="青禾县自然资源局", year="2023"):
    return nb("new", "--agency", agency, "--year", year, *extra, "-o", out)


def positions(text, name):
    """FILE:LINE:COL of each placeholder, as check reports them (columns in characters)."""
    return ["%s:%d:%d: %s" % (name, i + 1, m.start() + 1, MSG)
            for i, line in enumerate(text.splitlines()) for m in PLACEHOLDER.finditer(line)]


def form_rows(layout):
    """(indent, label, key) of each row the data file holds, groups included, in form order."""
    with open(os.path.join(SRC, "layouts", layout, "form.yaml"), encoding="utf-8") as f:
        form = yaml.safe_load(f)
    out = []

    def walk(rows, depth):
        for r in rows:
            if "sum" in r:
                continue
            label = r["label"] if depth > 1 or "rows" in r else r.get("name", r["label"])
            out.append((2 * depth, label, r["key"]))
            if "rows" in r:
                walk(r["rows"], depth + 1)

    for s in form["sections"]:
        if s["kind"] == "table":
            walk(s["rows"], 1)
    return form, out


def test_golden():
    """A blank gb-2021 skeleton is exactly the golden file."""
    r = new("a.yaml", agency="某县某局")
    check(r.returncode == 0 and r.stderr == "", "new: %d %r" % (r.returncode, r.stderr))
    with open(os.path.join(SRC, "tests", "new", "blank_gb-2021.yaml"), encoding="utf-8") as f:
        want = f.read()
    got = read("a.yaml")
    check(got == want, "skeleton differs from tests/new/blank_gb-2021.yaml:\n" + got)


def test_every_row():
    """Every row and group of both forms, under a comment with its label; counts 0; a placeholder per body."""
    for layout, extra in (("gb-2021", ()), ("gb-2019", ("--layout", "gb-2019"))):
        out = layout + ".yaml"
        r = new(out, *extra, year="2020")
        check(r.returncode == 0, "%s: %r" % (layout, r.stderr))
        text = read(out)
        form, rows = form_rows(layout)
        for indent, label, key in rows:
            pat = "%*s# %s\n%*s%s:" % (indent, "", label, indent, "", key)
            check(pat in text, "%s: row %s not under its label %s" % (layout, key, label))
        data = yaml.safe_load(text)
        check(data["year"] == 2020 and data.get("layout") == (None if layout == "gb-2021" else "gb-2019"),
              "%s: envelope %r" % (layout, {k: data.get(k) for k in ("year", "layout")}))
        for i, s in enumerate(form["sections"]):
            if s["kind"] == "body":
                want = "【待填写：%s、%s】" % ("一二三四五六"[i], s["heading"])
                check(data[s["key"]] == want, "%s: %s is %r" % (layout, s["key"], data[s["key"]]))
        counts = re.findall(r"^ +[a-z_]+: (.*)$", text, re.M)
        nonzero = [c for c in counts if c not in ("", "0") and set(c) - set("[0, ]")]
        check(len(counts) > 20 and not nonzero, "%s: counts not 0: %r" % (layout, nonzero))


def test_check_placeholders():
    """check on a fresh skeleton: exit 1, one error per placeholder at its LINE:COL; render refuses it too."""
    new("a.yaml")
    r = nb("check", "a.yaml")
    want = ["a.yaml:7:11: " + MSG, "a.yaml:98:11: " + MSG, "a.yaml:101:16: " + MSG]
    check(r.returncode == 1 and r.stderr.splitlines() == want, "check: %d %r" % (r.returncode, r.stderr))
    check(positions(read("a.yaml"), "a.yaml") == want, "the positions are the placeholders'")
    r = nb("render", "a.yaml", "-o", "a.pdf", "-o", "a.html")
    check(r.returncode == 1 and r.stderr.splitlines() == want, "render: %d %r" % (r.returncode, r.stderr))
    check(not os.path.exists(os.path.join(WORK, "a.pdf")) and not os.path.exists(os.path.join(WORK, "a.html")),
          "render wrote nothing")
    new("p.yaml", "--previous", PREV)
    text = read("p.yaml")
    want = positions(text, "p.yaml")
    check(len(want) == 6, "399's skeleton: 6 placeholders (intro, 2 items, 2 items, other_matters): %d" % len(want))
    r = nb("check", "p.yaml")
    check(r.returncode == 1 and r.stderr.splitlines() == want, "check --previous skeleton: %r" % r.stderr)


def test_filled_renders():
    """With its placeholders written, a skeleton checks clean and renders (both forms)."""
    for layout, extra in (("gb-2021", ()), ("gb-2019", ("--layout", "gb-2019"))):
        new("s.yaml", "--force", *extra, year="2020")
        write("f.yaml", PLACEHOLDER.sub("本年度无此类情况。", read("s.yaml")))
        r = nb("check", "f.yaml")
        check(r.returncode == 0 and r.stderr == "", "%s filled: %d %r" % (layout, r.returncode, r.stderr))
        r = nb("render", "f.yaml", "-o", "f.pdf", "-o", "f.html")
        check(r.returncode == 0 and r.stderr == "", "%s render: %d %r" % (layout, r.returncode, r.stderr))
        check(os.path.getsize(os.path.join(WORK, "f.pdf")) > 1000, "%s: a PDF" % layout)


def test_previous():
    """--previous 399 (2022) for 2023: 上年结转 = 399's 结转下年度, 现行有效 = 399's, `/` kept, structure kept."""
    r = new("p.yaml", "--previous", PREV)
    check(r.returncode == 0 and r.stderr == "", "new --previous: %d %r" % (r.returncode, r.stderr))
    text = read("p.yaml")
    got = yaml.safe_load(text)
    with open(PREV, encoding="utf-8") as f:
        last = yaml.safe_load(f)
    check(got["applications"]["carried_over"] == last["applications"]["carried_forward"] == [2, 0, 0, 0, 0, 0],
          "上年结转 = 399's 结转下年度: %r" % got["applications"]["carried_over"])
    check(got["proactive"]["normative_documents"] == [0, 0, last["proactive"]["normative_documents"][2]] == [0, 0, 13],
          "现行有效 = 399's: %r" % got["proactive"]["normative_documents"])
    check(got["proactive"]["rules"] == ["/", "/", "/"], "不适用 kept: %r" % got["proactive"]["rules"])
    check(got["applications"]["received"] == [0] * 6 and got["proactive"]["licensing"] == 0, "the rest is 0")
    items = got["overview"]["items"]
    check([(i["heading"], i["run_in"]) for i in items] == [(i["heading"], True) for i in last["overview"]["items"]],
          "items kept: %r" % items)
    check(got["overview"]["intro"] == "【待填写：一、总体情况（开头）】", "intro: %r" % got["overview"]["intro"])
    check(items[1]["text"] == "【待填写：一、总体情况（二）依申请公开情况】", "item text: %r" % items[1]["text"])
    check(got["problems"]["items"][0]["text"] == "【待填写：五、存在的主要问题及改进情况（一）存在的问题】",
          "problems item: %r" % got["problems"]["items"][0])
    check(got["other_matters"] == "【待填写：六、其他需要报告的事项】", "other_matters: %r" % got["other_matters"])
    check("      # last year (2022):\n      #   全年主动公开信息341条，" in text, "last year's text shown above")
    check("# last year (2022):\n#   本年度未收取信息处理费。\nother_matters: " in text, "last year's plain text shown")
    check(got["signed"] == {"by": "青禾县自然资源局"} and "(last year: 2023-01-18)" in text, "signed: %r" % got.get("signed"))
    # a title of its own is shown, not kept; the preface and headings are kept
    r = new("t.yaml", "--previous", os.path.join(SRC, "samples", "103_long_title.yaml"), year="2024")
    text = read("t.yaml")
    with open(os.path.join(SRC, "samples", "103_long_title.yaml"), encoding="utf-8") as f:
        last = yaml.safe_load(f)
    got = yaml.safe_load(text)
    check(r.returncode == 0 and "\n# last year's title: %s\n" % last["title"] in text and "title" not in got,
          "103's title shown as a comment: %r" % r.stderr)
    check(got["preface"] == "【待填写：前言】" and got["headings"] == last["headings"],
          "103's preface and headings: %r %r" % (got.get("preface"), got.get("headings")))
    # filled in (texts, this year's counts, what was carried over still pending): clean against 399
    filled = (PLACEHOLDER.sub("写了。", read("p.yaml")).replace("  carried_forward: [0, 0", "  carried_forward: [2, 0")
              .replace("  received: [0, 0, 0, 0, 0, 0]", "  received: [38, 4, 0, 0, 2, 0]")
              .replace("  disclosed: [0, 0, 0, 0, 0, 0]", "  disclosed: [38, 4, 0, 0, 2, 0]"))
    write("f.yaml", filled)
    r = nb("check", "f.yaml", "--previous", PREV)
    check(r.returncode == 0 and r.stderr == "", "filled, check --previous 399: %d %r" % (r.returncode, r.stderr))


def test_previous_wrong():
    """A previous report of another year, or invalid, is an error naming it; nothing written."""
    r = new("x.yaml", "--previous", PREV, year="2024")
    want = [PREV + ":5:7: error: year 2022 is not 2023, the year before 2024: --previous is last year's report",
            "nianbao: error: x.yaml not written"]
    check(r.returncode == 1 and r.stderr.splitlines() == want, "wrong year: %d %r" % (r.returncode, r.stderr))
    with open(PREV, encoding="utf-8") as f:
        write("bad.yaml", f.read().replace("received: [38,", "received: [39,"))
    r = new("x.yaml", "--previous", "bad.yaml")
    # (399's text says 新收申请44件: the changed count is also a warning of text against tables)
    lines = [l for l in r.stderr.splitlines() if ": warning: the text says" not in l]
    check(r.returncode == 1 and len(lines) == 4 and lines[0].startswith("bad.yaml:") and lines[2:] == [
        "nianbao: error: bad.yaml: last year's report not valid (its problems above)",
        "nianbao: error: x.yaml not written"], "invalid previous: %d %r" % (r.returncode, r.stderr))
    check(not os.path.exists(os.path.join(WORK, "x.yaml")), "nothing written")


def test_overwrite():
    """An existing file is a usage error (exit 2, untouched); --force replaces it."""
    write("a.yaml", "mine\n")
    r = new("a.yaml")
    check(r.returncode == 2 and r.stderr.splitlines()[0] == "nianbao: error: a.yaml exists (--force replaces it)",
          "overwrite: %d %r" % (r.returncode, r.stderr))
    check(read("a.yaml") == "mine\n", "untouched")
    r = new("a.yaml", "--force")
    check(r.returncode == 0 and read("a.yaml").startswith("# The 2023 report, to fill in"), "--force: %r" % r.stderr)
    check(not [f for f in os.listdir(WORK) if f != "a.yaml"], "no temporary left: %r" % os.listdir(WORK))


def test_rerun():
    """Byte-identical reruns, blank and with --previous."""
    for extra in ((), ("--previous", PREV)):
        new("a.yaml", "--force", *extra)
        first = read("a.yaml")
        new("a.yaml", "--force", *extra)
        check(read("a.yaml") == first, "rerun %r differs" % (extra,))


def test_usage():
    """Usage errors: exit 2, nothing written."""
    cases = [(("--agency", "甲", "--year", "20x3"), "--year needs a year from 2008 to 2100, not '20x3'"),
             (("--agency", "甲", "--year", "2101"), "--year needs a year from 2008 to 2100, not '2101'"),
             (("--agency", "甲", "--year", "-2023"), "--year needs a year from 2008 to 2100, not '-2023'"),
             (("--agency", "", "--year", "2023"), "--agency must not be empty"),
             (("--year", "2023"), "new needs --agency NAME"),
             (("--agency", "甲"), "new needs --year Y")]
    for args, msg in cases:
        r = nb("new", *args, "-o", "u.yaml")
        check(r.returncode == 2 and r.stderr.splitlines()[0] == "nianbao: error: " + msg,
              "%r: %d %r" % (args, r.returncode, r.stderr))
    r = nb("new", "--agency", "甲", "--year", "2023")
    check(r.returncode == 2 and "new needs one -o FILE.yaml" in r.stderr, "no -o: %r" % r.stderr)
    check(not os.listdir(WORK), "nothing written: %r" % os.listdir(WORK))


def test_help():
    """new --help lists its options; the program's help shows the command."""
    r = nb("new", "--help")
    listed = re.findall(r"^  (\S.*?)  +\S", r.stdout, re.M)
    want = ["--agency NAME", "--year Y", "--previous LAST.yaml", "-o, --output FILE", "--force", "--layout NAME|PATH",
            "-h, --help"]
    check(r.returncode == 0 and listed == want, "new --help: %r" % listed)
    r = nb("--help")
    check("usage: nianbao new --agency NAME --year Y" in r.stdout, "--help shows new")


if __name__ == "__main__":
    sys.exit(nbcli.run_case(WORK, CASE, globals()))
