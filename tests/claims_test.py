"""Text against tables (form.yaml `claims:`), one ctest per case: the number
the prose states, the cell it speaks of, and the warning at the number's
exact line and column inside the block scalar.

    claims_test.py NIANBAO SRC WORK CASE
"""
import os
import shutil
import sys

import nbcli
from nbcli import check

NIANBAO, SRC, WORK, CASE = sys.argv[1:5]

BASE = """agency: 甲局
year: 2023
overview: |
  本局认真落实政府信息公开工作。

  OVERVIEW
proactive:
  normative_documents: [2, 0, 5]
  fees: 0.5
applications:
  received: [15, 0, 0, 0, 0, 0]
  carried_over: [2, 0, 0, 0, 0, 0]
  results:
    disclosed: [17, 0, 0, 0, 0, 0]
reviews:
  review: [1, 0, 0, 0]
  litigation_direct: [1, 0, 0, 0]
  litigation_after_review: [0, 0, 1, 0]
problems: 无。
other_matters: 无。
"""
T3 = "表三（收到和处理政府信息公开申请情况）"
T2 = "表二（主动公开政府信息情况）"
T4 = "表四（政府信息公开行政复议、行政诉讼情况）"
RECEIVED = T3 + " 一、本年新收政府信息公开申请数量 总计"


def run(overview, base=BASE, *more):
    path = os.path.join(WORK, "a.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(base.replace("OVERVIEW", overview))
    return nbcli.nb(NIANBAO, "check", "a.yaml", *more, cwd=WORK)


def expect(overview, *lines, base=BASE):
    r = run(overview, base)
    want = "".join("a.yaml:%s\n" % l for l in lines)
    check(r.returncode == 0 and r.stderr == want, "%r: exit %d\n got %r\nwant %r" % (overview, r.returncode, r.stderr, want))


def test_received():
    """受理…申请N件 against 新收 (or 新收 + 上年结转); the warning at the number."""
    expect("本年度共收到政府信息公开申请15件，均按时答复。")
    expect("本年度共受理政府信息公开申请17件。")  # 新收 + 上年结转
    expect("全年收到15件申请，办结14件。")  # the count before the word it counts
    expect("全年收到16件申请，办结15件。", "6:7: warning: the text says “收到16件” but %s is 15" % RECEIVED)
    expect("全年共收到政府信息公开申请\n  95件。",  # folded over two lines: the number on the second
           "7:3: warning: the text says “收到政府信息公开申请95件” but %s is 15" % RECEIVED)
    expect("本年度共收到政府信息公开申请 16 件，办结15件。",
           "6:18: warning: the text says “收到政府信息公开申请 16 件” but %s is 15" % RECEIVED)


def test_chinese_numerals():
    """十五 is 15; 一百零五 is 105."""
    expect("本年度收到政府信息公开申请十五件。")
    expect("本年度收到政府信息公开申请一百零五件。",
           "6:16: warning: the text says “收到政府信息公开申请一百零五件” but %s is 15" % RECEIVED)


def test_none_stated():
    """未收到…申请 states 0."""
    base = BASE.replace("received: [15,", "received: [0,").replace("disclosed: [17,", "disclosed: [2,")
    expect("本年度未收到政府信息公开申请。", base=base)
    expect("本年度未收到政府信息公开申请。",
           "6:6: warning: the text says “未收到政府信息公开申请” but %s is 15" % RECEIVED)


def test_other_figures():
    """Another year's sentence, a change over last year, a breakdown: not claims."""
    expect("2022年收到政府信息公开申请30件。本年度收到政府信息公开申请15件。")
    expect("收到政府信息公开申请较上年增加5件。")
    expect("收到政府信息公开申请15件，其中自然人申请12件。")
    expect("行政复议“其他结果”1件。")


def test_units():
    """元 against a 万元 cell, exactly in decimal; `/` is not checked."""
    expect("本年度行政事业性收费5000元。")
    expect("本年度行政事业性收费0.50万元。")
    expect("本年度行政事业性收费6000元。",
           "6:13: warning: the text says “行政事业性收费6000元” but %s 行政事业性收费 is 0.5万元" % T2)
    expect("本年度行政事业性收费6000元。", base=BASE.replace("fees: 0.5", "fees: /"))


def test_reviews():
    """行政复议 against its total; 行政诉讼 against both suit rows; 予以公开; 规范性文件."""
    expect("发生行政复议1件、行政诉讼2件，予以公开17件。本年度制发规范性文件2件。")
    expect("予以公开及部分公开18件。", base=BASE.replace("disclosed: [17,", "disclosed: [17, 0, 0, 0, 0, 0]\n    partially_disclosed: [1,", 1)
           .replace("carried_over: [2,", "carried_over: [3,"))
    expect("发生行政复议3件、行政诉讼1件。",
           "6:9: warning: the text says “行政复议3件” but %s 行政复议 总计 is 1" % T4,
           "6:16: warning: the text says “行政诉讼1件” but %s 行政诉讼（未经复议直接起诉） 总计 + 行政诉讼（复议后起诉） 总计 is 2" % T4)
    expect("本年度印发行政规范性文件3件。",
           "6:15: warning: the text says “印发行政规范性文件3件” but %s 行政规范性文件 本年制发件数 is 2" % T2)


def test_strict():
    """--strict makes the warning an error, exit 1."""
    r = run("本年度收到政府信息公开申请16件。")
    check(r.returncode == 0, "without --strict: exit %d" % r.returncode)
    r = nbcli.nb(NIANBAO, "check", "--strict", "a.yaml", cwd=WORK)
    check(r.returncode == 1 and r.stderr.endswith(
        "nianbao: error: a.yaml: 1 warning, and --strict makes warnings errors\n"), "--strict: %d %r" % (r.returncode, r.stderr))


def test_form_error():
    """A claim naming a cell the form lacks is an error in form.yaml at its position."""
    run("无。")
    lay = os.path.join(WORK, "layouts", "bad")
    shutil.copytree(os.path.join(SRC, "layouts", "gb-2021"), lay)
    p = os.path.join(lay, "form.yaml")
    with open(p, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("cells: [reviews.review.4]", "cells: [reviews.reveiw.4]")
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    line = text[:text.index("reviews.reveiw")].count("\n") + 1
    col = len(text[:text.index("[reviews.reveiw")].rsplit("\n", 1)[-1]) + 2
    r = nbcli.nb(NIANBAO, "check", "--layout", "bad", "a.yaml", cwd=WORK,
                 env={"NIANBAO_LAYOUT_PATH": os.path.join(WORK, "layouts")})
    want = "%s:%d:%d: error: cells: 'reviews.reveiw.4' is not a cell of the form (SECTION.ROW or SECTION.ROW.N)" % (p, line, col)
    check(r.returncode != 0 and want in r.stderr, "bad form: %d %r, want %r" % (r.returncode, r.stderr, want))


sys.exit(nbcli.run_case(WORK, CASE, globals()))
