"""nianbao sum (the 本级 roll-up) and check --children, one ctest per case:
exact sums (fees in decimal), `/` carried only when every child has it,
placeholders that check reports, children of another year or invalid, and
the parent-against-children warnings at the cell.

    rollup_test.py NIANBAO SRC WORK CASE
"""
import os
import shutil
import sys

import yaml

import nbcli
from nbcli import check

NIANBAO, SRC, WORK, CASE = sys.argv[1:5]

CHILD = """agency: 甲局
year: 2023
overview: 好。
proactive:
  rules: [/, /, /]
  fees: 0.1
applications:
  received: [2, 0, 0, 0, 0, 0]
  results:
    disclosed: [2, 0, 0, 0, 0, 0]
problems: 无。
other_matters: 无。
"""


def write(name, text):
    with open(os.path.join(WORK, name), "w", encoding="utf-8") as f:
        f.write(text)


def nb(*args):
    return nbcli.nb(NIANBAO, *args, cwd=WORK)


def children():
    write("a.yaml", CHILD)
    write("b.yaml", CHILD.replace("甲局", "乙局").replace("fees: 0.1", "fees: 0.2")
          .replace("rules: [/, /, /]", "rules: [1, 0, 1]"))


def test_samples():
    """The three 青禾县 children sum to the tables of samples/400 exactly."""
    kids = sorted(os.path.join(SRC, "samples", f) for f in os.listdir(os.path.join(SRC, "samples"))
                  if f.startswith(("401_", "402_", "403_")))
    check(len(kids) == 3, "children samples 401-403: %d" % len(kids))
    r = nb("sum", *kids, "--agency", "青禾县人民政府", "-o", "400.yaml")
    check(r.returncode == 0 and r.stderr == "", "sum of samples: %d %r" % (r.returncode, r.stderr))
    with open(os.path.join(WORK, "400.yaml"), encoding="utf-8") as f:
        got_text = f.read()
    got = yaml.safe_load(got_text)
    with open(os.path.join(SRC, "samples", "400_qinghe_county.yaml"), encoding="utf-8") as f:
        want = yaml.safe_load(f)
    for key in ("agency", "year", "proactive", "applications", "reviews"):
        check(got.get(key) == want.get(key), "roll-up %s differs from samples/400" % key)
    check("  fees: 250.0000\n" in got_text, "248.9611 + 1.0389 + 0 printed as 250.0000")
    check("  # （三）不予公开\n    withheld:\n" in got_text, "rows under their official labels")
    r = nb("check", os.path.join(SRC, "samples", "400_qinghe_county.yaml"), "--children", *kids)
    check(r.returncode == 0 and r.stderr == "", "sample parent against its children: %r" % r.stderr)


def test_decimal_and_na():
    children()
    r = nb("sum", "a.yaml", "b.yaml", "--agency", "丙", "-o", "ab.yaml")
    check(r.returncode == 0, "sum: %r" % r.stderr)
    text = open(os.path.join(WORK, "ab.yaml"), encoding="utf-8").read()
    check("  fees: 0.3\n" in text, "0.1 + 0.2 is exactly 0.3")
    check("  rules: [1, 0, 1]\n" in text, "/ + 1 is 1 (/ counts 0 unless every child has it)")
    write("b2.yaml", CHILD.replace("甲局", "乙局"))
    r = nb("sum", "a.yaml", "b2.yaml", "--agency", "丙", "-o", "aa.yaml")
    text = open(os.path.join(WORK, "aa.yaml"), encoding="utf-8").read()
    check("  rules: [/, /, /]\n" in text, "/ kept where every child has it")


def test_placeholders():
    children()
    nb("sum", "a.yaml", "b.yaml", "--agency", "丙", "-o", "ab.yaml")
    r = nb("check", "ab.yaml")
    msg = "error: placeholder left: write this text before publishing"
    want = ["ab.yaml:9:11: " + msg, "ab.yaml:100:11: " + msg, "ab.yaml:103:16: " + msg]
    check(r.returncode == 1 and r.stderr.splitlines() == want, "placeholders: %r" % r.stderr)


def test_other_year():
    children()
    write("c.yaml", CHILD.replace("year: 2023", "year: 2022"))
    r = nb("sum", "a.yaml", "c.yaml", "--agency", "丙", "-o", "ac.yaml")
    want = ["c.yaml:2:7: error: year 2022 differs from a.yaml's 2023: a roll-up and its children are of one year",
            "nianbao: error: ac.yaml not written"]
    check(r.returncode == 1 and r.stderr.splitlines() == want, "other year: %r" % r.stderr)
    check(not os.path.exists(os.path.join(WORK, "ac.yaml")), "nothing written")


def test_invalid_child():
    children()
    write("bad.yaml", CHILD.replace("received: [2", "received: [3"))
    r = nb("sum", "a.yaml", "bad.yaml", "--agency", "丙", "-o", "x.yaml")
    lines = r.stderr.splitlines()
    check(r.returncode == 1 and len(lines) == 4, "invalid child: %r" % r.stderr)
    check(lines[2:] == ["nianbao: error: bad.yaml: child not valid (its problems above): no roll-up with it",
                        "nianbao: error: x.yaml not written"], "invalid child named: %r" % lines)
    check(not os.path.exists(os.path.join(WORK, "x.yaml")), "nothing written")


def test_output_is_child():
    children()
    before = open(os.path.join(WORK, "a.yaml"), encoding="utf-8").read()
    r = nb("sum", "a.yaml", "b.yaml", "--agency", "丙", "-o", "a.yaml")
    check(r.returncode == 2 and r.stderr.startswith("nianbao: error: -o a.yaml is one of the children\n"),
          "output over a child: %d %r" % (r.returncode, r.stderr))
    check(open(os.path.join(WORK, "a.yaml"), encoding="utf-8").read() == before, "child untouched")


def test_children_warnings():
    children()
    nb("sum", "a.yaml", "b.yaml", "--agency", "丙", "-o", "ab.yaml")
    text = open(os.path.join(WORK, "ab.yaml"), encoding="utf-8").read()
    import re
    text = re.sub("【待填写：[^】]*】", "写了。", text)
    text = text.replace("received: [4, 0", "received: [5, 0").replace("disclosed: [4, 0", "disclosed: [5, 0")
    write("p.yaml", text)
    r = nb("check", "p.yaml", "--children", "a.yaml", "b.yaml")
    t3 = "表三（收到和处理政府信息公开申请情况）"
    want = ["p.yaml:31:14: warning: %s 一、本年新收政府信息公开申请数量, column 自然人: 5 but the 2 children sum to 4" % t3,
            "p.yaml:37:17: warning: %s （一）予以公开, column 自然人: 5 but the 2 children sum to 4" % t3]
    check(r.returncode == 0 and r.stderr.splitlines() == want, "children warnings: %d %r" % (r.returncode, r.stderr))


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    globals()["test_" + CASE]()
    for f in nbcli.failures:
        print("FAIL: " + f)
    return 1 if nbcli.failures else 0


if __name__ == "__main__":
    sys.exit(main())
