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


def sample_warnings(name):
    """The warnings the sample itself gives (tests/sample_warnings.txt): a real
    report's own contradiction comes back with it. Messages only: the
    imported file's lines differ from the sample's."""
    return [l.split(": ", 1)[1] for l in nbcli.sample_warnings(SRC, name + ".yaml").splitlines()]


def warnings(stderr, data):
    """The messages of stderr's lines; each must be at a line of the imported file data."""
    out = []
    for l in stderr.splitlines():
        m = re.match(re.escape(data) + r":\d+:\d+: (.*)$", l)
        out.append(m.group(1) if m else "not at the imported file: " + l)
    return out


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
        check(warnings(r.stderr, data) == sample_warnings(ARG), "%s %s: warnings: %s" % (ARG, fmt, r.stderr))
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


# ---- warnings and errors, on a small report in the text form ----

APPLICANT_ROWS = [
    ("一、本年新收政府信息公开申请数量", "2\t0\t0\t0\t0\t0\t2"),
    ("二、上年结转政府信息公开申请数量", "0\t0\t0\t0\t0\t0\t0"),
]


def report(table3=None, table2=None, extra=""):
    t2 = table2 if table2 is not None else (
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t1\t0\t1\n"
        "信息内容\t本年处理决定数量\n行政许可\t5\n行政处罚\t0\n行政强制\t0\n"
        "信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t1.5\n")
    t3 = table3 if table3 is not None else (
        "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\n"
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\n"
        "三、本年度办理结果\t（一）予以公开\t2\t0\t0\t0\t0\t0\t2\n"
        "（七）总计\t\t2\t0\t0\t0\t0\t0\t2\n"
        "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\n")
    return ("某局2023年政府信息公开工作年度报告\n一、总体情况\n总体情况的文字。\n"
            "二、主动公开政府信息情况\n" + t2 +
            "三、收到和处理政府信息公开申请情况\n" + t3 +
            "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n"
            "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n"
            "五、存在的主要问题及改进情况\n问题的文字。\n六、其他需要报告的事项\n无。\n" + extra)


def run_text(text, name="r.txt", expect_rc=0):
    with open(os.path.join(WORK, name), "w", encoding="utf-8") as f:
        f.write(text)
    out = os.path.join(WORK, "r.yaml")
    r = do_import(name, "r.yaml", expect_rc=expect_rc)
    data = load(out) if os.path.exists(out) else None
    return r, data, [l for l in r.stderr.splitlines() if "not in the report" not in l]


def line_of(text, start):
    return 1 + [i for i, l in enumerate(text.split("\n")) if l.startswith(start)][0]


def test_blank_cell():
    """Seed 001 prints only the 总计 of （一）予以公开: each blank cell 0 with a warning at its column."""
    txt = os.path.join(SHARED, "seeds", "001_df727756f9ba5517.txt")
    r = do_import(txt, os.path.join(WORK, "001.yaml"))
    # the one 0 stands under 总计 (the header's column): the six applicant cells are blank, the first not even given
    cols = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    head = "%s:45:%d: warning: 表三（收到和处理政府信息公开申请情况） （一）予以公开, column %s: "
    want = [head % (txt, 19, "自然人") + "missing, read as 0"] + \
        [head % (txt, 19 + i, c) + "blank cell, read as 0" for i, c in enumerate(cols)]
    check(r.stderr.splitlines() == want, "blank cells: %r" % r.stderr)
    d = load(os.path.join(WORK, "001.yaml"))
    check(d["applications"]["results"]["disclosed"] == ["0"] * 7, "blank read as 0: %r" % d["applications"])
    # and in a report of our own: a blank 行政处罚
    text = report().replace("行政处罚\t0\n", "行政处罚\t\n")
    r, d, lines = run_text(text)
    n = line_of(text, "行政处罚")
    check(lines == ["r.txt:%d:6: warning: 表二（主动公开政府信息情况） 行政处罚: blank cell, read as 0" % n],
          "blank 行政处罚: %r" % lines)
    check(d["proactive"]["punishment"] == "0", "行政处罚 0: %r" % d["proactive"])


def test_unplaceable():
    """A row the form has no label for is a warning at its line, its numbers shown; nothing else moves."""
    text = report(table3="一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\n（八）其他情形\t\t7\t0\t0\t0\t0\t0\t7\n"
                  "三、本年度办理结果\t（一）予以公开\t2\t0\t0\t0\t0\t0\t2\n"
                  "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\n")
    r, d, lines = run_text(text)  # the tables still add up: the 7 is in none of them
    n = line_of(text, "（八）")
    want = "r.txt:%d:10: warning: 表三（收到和处理政府信息公开申请情况）: cannot place this row: （八）其他情形 |  | 7 | 0 | 0 | 0 | 0 | 0 | 7" % n
    check(want in lines, "unplaceable row: %r" % lines)
    missing = [l for l in r.stderr.splitlines() if "not in the report" in l]
    check("r.txt:%d:1: warning: 表三（收到和处理政府信息公开申请情况） 二、上年结转政府信息公开申请数量: not in the report, left out (0)"
          % line_of(text, "三、收到") in missing, "missing row at the table's heading: %r" % missing)
    # a PDF: warnings name the page. A gb-2019 report read as gb-2021 has rows the form lacks.
    pdf = os.path.join(WORK, "201.pdf")
    nb("render", sample_path("201_wuhai_2020"), "-o", pdf)
    r = nb("import", pdf, "-o", os.path.join(WORK, "201.yaml"))
    want = pdf + ": page 2: warning: 表二（主动公开政府信息情况） 行政处罚: given again, not placed (the first kept)"
    check(want in r.stderr.splitlines(), "PDF warning by page: %r" % r.stderr[:2000])


def test_shifted():
    """Seed 000's 3.其他 row, shifted left by a page break, still lands in （六）其他处理."""
    txt = os.path.join(SHARED, "seeds", "000_f74ffc3f614d7b53.txt")
    text = open(txt, encoding="utf-8").read().replace("3. 其他\t\t0\t0\t0\t0\t0\t0\t0", "3. 其他\t\t4\t0\t0\t0\t0\t0\t4")
    text = text.replace("(七) 总计\t\t0\t0\t0\t0\t0\t0\t0", "(七) 总计\t\t4\t0\t0\t0\t0\t0\t4")
    text = text.replace("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0", "一、本年新收政府信息公开申请数量\t\t4\t0\t0\t0\t0\t0\t4")
    # and the prose says so (else the text contradicts table 三: a claims warning)
    text = text.replace("受理依申请公开政府信息 0 件，回复 0 件", "受理依申请公开政府信息 4 件，回复 4 件")
    check("受理依申请公开政府信息 4 件" in text, "the seed's prose changed: %r" % text[:600])
    r, d, lines = run_text(text)
    check(r.stderr == "", "no warning: %r" % r.stderr)
    check(d["applications"]["results"]["other_handling"]["other"] == ["4", "0", "0", "0", "0", "0", "4"],
          "shifted 3.其他: %r" % d["applications"]["results"]["other_handling"])


def test_wording():
    """Half-width punctuation, labels without their numbers, an alias (规范性文件) and the report's own heading."""
    text = report().replace("行政规范性文件\t1\t0\t1", "规范性文件\t1\t0\t1") \
        .replace("三、本年度办理结果\t（一）予以公开", "三、本年度办理结果\t(一) 予以公开") \
        .replace("五、存在的主要问题及改进情况", "五、存在的主要问题及整改措施")
    r, d, lines = run_text(text)
    check(lines == [], "no warnings: %r" % lines)
    check(d["proactive"]["normative_documents"] == ["1", "0", "1"], "alias: %r" % d["proactive"])
    check(d["applications"]["results"]["disclosed"] == ["2", "0", "0", "0", "0", "0", "2"], "half width: %r" % d)
    check(d.get("headings") == {"problems": "存在的主要问题及整改措施"}, "own heading: %r" % d.get("headings"))


def test_signoff():
    """The sign-off: the agency, the date in the layout's format; a portal's footer after it is a warning."""
    text = report(extra="某局\n2024年1月5日\n主办：某局 网站\n")
    r, d, lines = run_text(text)
    n = line_of(text, "主办")
    check(lines == ["r.txt:%d:1: warning: after the sign-off, not placed: 主办：某局网站" % n], "footer: %r" % lines)
    check(d.get("signed") == {"date": "2024-01-05"}, "signed: %r" % d.get("signed"))
    check(d.get("other_matters") == "无。", "other_matters: %r" % d.get("other_matters"))
    # a title naming a place (form.yaml import: place_ends), signed by its agency: the signer is the agency
    text = report(extra="某省人民政府办公厅\n2024年1月5日\n").replace("某局2023年", "某省2023年")
    r, d, lines = run_text(text)
    got = (d.get("agency"), d.get("title"), d.get("signed"))
    check(got == ("某省人民政府办公厅", "某省2023年政府信息公开工作年度报告", {"date": "2024-01-05"}), "place: %r" % (got,))
    # not a place: the title's agency stays, the signer is signed.by
    text = report(extra="某局办公室\n2024年1月5日\n")
    r, d, lines = run_text(text)
    got = (d.get("agency"), d.get("title"), d.get("signed"))
    check(got == ("某局", None, {"by": "某局办公室", "date": "2024-01-05"}), "not a place: %r" % (got,))


def test_units():
    """A fee printed in 元 is moved into 万元 exactly, with a warning."""
    text = report().replace("本年收费金额（单位：万元）", "本年收费金额（单位：元）").replace("行政事业性收费\t1.5", "行政事业性收费\t2489611")
    r, d, lines = run_text(text)
    n = line_of(text, "行政事业性收费")
    check(lines == ["r.txt:%d:9: warning: 表二（主动公开政府信息情况） 行政事业性收费: 2489611 元 written as 248.9611 万元" % n],
          "units: %r" % lines)
    check(d["proactive"]["fees"] == "248.9611", "fees: %r" % d["proactive"])


def test_collapsed():
    """（六）其他处理 printed as one row (the 2019 form's): its numbers go to 3.其他, with a warning."""
    t3 = ("一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3\n二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\n"
          "三、本年度办理结果\t（一）予以公开\t2\t0\t0\t0\t0\t0\t2\n\t（六）其他处理\t1\t0\t0\t0\t0\t0\t1\n"
          "\t（七）总计\t3\t0\t0\t0\t0\t0\t3\n四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\n")
    text = report(table3=t3)
    r, d, lines = run_text(text)
    n = line_of(text, "\t（六）")
    check(lines == ["r.txt:%d:2: warning: 表三（收到和处理政府信息公开申请情况） （六）其他处理 printed as one row: its numbers"
                    " given to （六）其他处理 3.其他" % n], "collapsed: %r" % lines)
    check(d["applications"]["results"]["other_handling"] == {"other": ["1", "0", "0", "0", "0", "0", "1"]},
          "collapsed row: %r" % d["applications"]["results"])


def test_inconsistent():
    """Tables that do not add up: exit 1, the file written all the same, and said so."""
    text = report().replace("一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2", "一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t3")
    r, d, lines = run_text(text, expect_rc=1)
    check(d is not None and d["applications"]["received"] == ["3", "0", "0", "0", "0", "0", "3"], "written: %r" % d)
    out = os.path.join(WORK, "r.yaml")
    check(lines[-1] == "nianbao: error: r.txt: the data read from it does not pass check (above: the published tables"
          " do not add up, or a part is missing); r.yaml written, fix it", "last line: %r" % lines[-1:])
    check(any(l.startswith("r.yaml:") and ": error: 表三" in l for l in lines), "check's error: %r" % lines)
    check(os.path.exists(out), "file written")


def test_rerun():
    """Byte-identical reruns, every kind; no temporary file left beside the output."""
    pdf, html = os.path.join(WORK, "s.pdf"), os.path.join(WORK, "s.html")
    nb("render", sample_path("101_county_bureau"), "-o", pdf, "-o", html)
    txt = os.path.join(SHARED, "seeds", "003_48c53b98b73b857d.txt")
    for src in (pdf, html, txt):
        outs = []
        for k in range(2):
            out = os.path.join(WORK, "o%d.yaml" % k)
            do_import(src, out)
            outs.append(open(out, "rb").read())
        check(outs[0] == outs[1], "rerun of %s differs" % src)
    check(not [f for f in os.listdir(WORK) if ".tmp-" in f], "temporary files left: %r" % os.listdir(WORK))


def test_hostile():
    """Malformed, huge or hostile input: one clear error, exit 1, nothing written."""
    def bad(name, data, want):
        path = os.path.join(WORK, name)
        with open(path, "wb") as f:
            f.write(data)
        out = os.path.join(WORK, name + ".yaml")
        r = nb("import", path, "-o", out)
        check(r.returncode == 1, "%s: exit %d: %r" % (name, r.returncode, r.stderr))
        check(r.stderr.splitlines()[:1] == [path + ": error: " + want], "%s: %r" % (name, r.stderr))
        check(not os.path.exists(out), "%s: nothing written" % name)
    bad("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 64,
        "cannot read the PDF (damaged or truncated): PDF document is damaged")
    bad("notpdf.pdf", b"<html>hello</html>", "not a PDF file (no %PDF- header)")
    bad("huge.html", b"<p>" + b"x" * (33 * 1024 * 1024), "file is larger than the 32 MiB limit")
    bad("deep.html", b"<div>" * 100000 + "文字".encode(),
        "elements nested more than 256 deep (the parser's limit): not a report")
    bad("deep300.html", ("<p>前</p>" + "<div>" * 300 + "<p>深处</p>" + "</div>" * 300).encode(),
        "elements nested more than 256 deep (the parser's limit): not a report")  # not the text before it alone
    bad("empty.html", b"<html><body><script>alert(1)</script></body></html>", "no text in the page")
    bad("binary.txt", b"\x00\x01\x02abc", "not UTF-8 text (give a .html, .htm or .pdf file by its name)")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    globals()["test_" + CASE]()
    for f in nbcli.failures:
        print("FAIL: " + f)
    sys.exit(1 if nbcli.failures else 0)


if __name__ == "__main__":
    main()
