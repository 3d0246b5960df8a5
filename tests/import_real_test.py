"""Real published reports (tests/import/real): `nianbao import NAME.txt` must give
back every table number of the hand-written NAME.yaml, as published, quirks and
all, and exit as `nianbao check NAME.yaml` does (1 when the published tables do
not add up: the file is still written).

    import_real_test.py NIANBAO FIXTURES WORK NAME [txt|html] [--numbers-only]
        one fixture: FIXTURES/NAME.txt (or NAME.html, the portal's page as published) + NAME.yaml;
        --numbers-only: every table number must come back, the exit status is not compared
    import_real_test.py --self-test                  the comparison itself, on made-up rows
    import_real_test.py --fixtures NIANBAO FIXTURES  every fixture is whole and agrees with itself:
        NAME.yaml and NAME.source exist, `check NAME.yaml` passes (fails if NAME.source says the
        published tables "do not add up"), and the numbers of NAME.txt's table rows, read back in
        the grid's order, are NAME.yaml's (a slip in the hand-written file shows as a diff line);
        every NAME.html has its NAME.yaml, and NAME.source names the page's <meta name="Url">
"""
import os
import re
import sys

import yaml

import nbcli
import official

COLS = official.APP_COLS
PROACTIVE = [("proactive.rules", 3), ("proactive.normative_documents", 3), ("proactive.licensing", 0),
             ("proactive.punishment", 0), ("proactive.coercion", 0), ("proactive.fees", 0)]
ROWS = [("applications." + p, 6) for p, _ in official.APP_ROWS]
ROWS += [("reviews." + g, 4) for g in official.REV_GROUPS]
REV_COLS = official.REV_COLS


def load(path):
    # BaseLoader keeps every scalar as written: a fee stays "0.0000", `/` stays "/".
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader) or {}


def cell(c):
    """A cell's number as text: the count of {count, note}, digits without leading zeros."""
    if isinstance(c, dict):
        c = c.get("count", "")
    c = str(c).strip()
    return str(int(c)) if c.isdigit() else c


def row(data, path, n):
    """The cells of one row, zeros where the row (or the whole table) is left out; for a
    table row the last cell is the total: as given, or computed when not given."""
    v = data
    for k in path.split("."):
        v = v.get(k) if isinstance(v, dict) else None
    if n == 0:
        return [cell(v if v is not None else "0")]
    if v is None and path == "applications.results.total":
        parts = [row(data, "applications." + p, 6) for p, _ in official.APP_ROWS[2:-2]]
        v = [sum(int(r[i]) for r in parts if r[i].isdigit()) for i in range(6)]
    cells = [cell(c) for c in v] if isinstance(v, list) else ["0"] * n
    if path.startswith("proactive."):
        return cells
    if len(cells) == n:
        cells.append(str(sum(int(c) for c in cells if c.isdigit())))
    return cells


def col_name(path, i, n):
    if path.startswith("proactive."):
        return ["本年制发件数", "本年废止件数", "现行有效件数"][i] if n else ""
    return (REV_COLS if path.startswith("reviews.") else COLS)[i]


def compare(want, got):
    """One line per table cell that differs: path[column] (name): expected X, got Y."""
    out = []
    for path, n in PROACTIVE + ROWS:
        w, g = row(want, path, n), row(got, path, n)
        for i in range(max(len(w), len(g))):
            wi = w[i] if i < len(w) else "(none)"
            gi = g[i] if i < len(g) else "(none)"
            if wi != gi:
                name = col_name(path, i, n)
                at = "%s[%d] (%s)" % (path, i, name) if name else path
                out.append("%s: expected %s, got %s" % (at, wi, gi))
    return out


def self_test():
    want = yaml.load("""
proactive: {rules: [/, /, /], licensing: 12, fees: '0.0000'}
applications:
  received: [3, 0, 0, 0, 0, 0, 3]
  results:
    disclosed: [{count: 2, note: 其中1件部分}, 0, 0, 0, 0, 0]
    total: [2, 0, 0, 0, 0, 0, 2]
  carried_forward: [1, 0, 0, 0, 0, 0]
reviews: {review: [1, 0, 0, 0, 2]}
""", Loader=yaml.BaseLoader)
    got = yaml.load("""
proactive: {rules: [/, /, /], licensing: 12, fees: 0}
applications:
  received: [3, 0, 0, 0, 0, 0]
  results:
    disclosed: [2, 0, 0, 0, 0, 0]
    total: [2, 0, 0, 0, 0, 0, 2]
reviews: {review: [1, 0, 0, 0]}
""", Loader=yaml.BaseLoader)
    nbcli.check(compare(want, want) == [], "a file differs from itself")
    expected = ["proactive.fees: expected 0.0000, got 0",
                "applications.carried_forward[0] (自然人): expected 1, got 0",
                "applications.carried_forward[6] (总计): expected 1, got 0",
                "reviews.review[4] (总计): expected 2, got 1"]
    diff = compare(want, got)
    nbcli.check(diff == expected, "compare gave\n  " + "\n  ".join(diff))


PROACTIVE_LABELS = {"规章": "rules", "行政规范性文件": "normative_documents", "行政许可": "licensing",
                    "行政处罚": "punishment", "行政强制": "coercion", "行政事业性收费": "fees"}


def put(d, path, v):
    ks = path.split(".")
    for k in ks[:-1]:
        d = d.setdefault(k, {})
    d[ks[-1]] = v


def numeric(c):
    return c.replace(".", "", 1).isdigit()


def tables_of_text(path):
    """The table numbers of a page text in the seed form, as a data mapping: table 二's rows
    by their label, table 三's rows of 7 numbers and table 四's row of 15 in the grid's order."""
    data, section, app = {}, "", 0
    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if "\t" not in line:
                if line[:2] in ("二、", "三、", "四、", "五、"):
                    section = line[:1]
                continue
            cells = [c.strip() for c in line.split("\t")]
            nums = [c for c in cells if c and numeric(c)]
            if section == "二" and cells[0] in PROACTIVE_LABELS and nums:
                key = PROACTIVE_LABELS[cells[0]]
                put(data, "proactive." + key, nums if key in ("rules", "normative_documents") else nums[0])
            elif section == "三" and len(cells) >= 7 and all(numeric(c) for c in cells[-7:]):
                if app < len(official.APP_ROWS):
                    put(data, "applications." + official.APP_ROWS[app][0], cells[-7:])
                app += 1
            elif section == "四" and len(nums) == 15 and len(cells) == 15:
                for i, g in enumerate(official.REV_GROUPS):
                    put(data, "reviews." + g, nums[5 * i:5 * i + 5])
    nbcli.check(app == len(official.APP_ROWS), "%s: %d rows of 7 numbers in table 三, expected %d"
                % (os.path.basename(path), app, len(official.APP_ROWS)))
    return data


def check_fixtures(nianbao, folder):
    names = sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".txt"))
    nbcli.check(names, "no fixture in " + folder)
    for name in names:
        base = os.path.join(folder, name)
        for ext in (".yaml", ".source"):
            nbcli.check(os.path.exists(base + ext), "%s: no %s%s" % (name, name, ext))
        if not os.path.exists(base + ".yaml") or not os.path.exists(base + ".source"):
            continue
        with open(base + ".source", encoding="utf-8") as f:
            adds_up = "do not add up" not in f.read()
        r = nbcli.nb(nianbao, "check", base + ".yaml")
        nbcli.check(r.returncode == (0 if adds_up else 1),
                    "%s: check exit %d, expected %d\n%s" % (name, r.returncode, 0 if adds_up else 1, r.stderr))
        for line in compare(load(base + ".yaml"), tables_of_text(base + ".txt")):
            nbcli.check(False, "%s.txt vs %s.yaml: %s" % (name, name, line))
    for page in sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".html")):
        base = os.path.join(folder, page)
        nbcli.check(os.path.exists(base + ".yaml"), "%s.html: no %s.yaml" % (page, page))
        with open(base + ".html", encoding="utf-8") as f:
            url = re.search(r'<meta name="Url" content="([^"]*)"', f.read())
        source = open(base + ".source", encoding="utf-8").read() if os.path.exists(base + ".source") else ""
        nbcli.check(url is not None and url.group(1) in source,
                    "%s.html: its <meta name=\"Url\"> is not in %s.source" % (page, page))


def one(nianbao, fixtures, work, name, kind="txt", numbers_only=False):
    src, want = os.path.join(fixtures, name + "." + kind), os.path.join(fixtures, name + ".yaml")
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, name + ("" if kind == "txt" else "." + kind) + ".yaml")
    if os.path.exists(out):
        os.remove(out)
    published_ok = nbcli.nb(nianbao, "check", want).returncode
    r = nbcli.nb(nianbao, "import", src, "-o", out)
    nbcli.check(numbers_only or r.returncode == published_ok,
                "import exit %d, expected %d (as check of %s.yaml)\n%s" % (r.returncode, published_ok, name, r.stderr))
    if not os.path.exists(out):
        nbcli.check(False, "import wrote no %s.yaml\n%s" % (name, r.stderr))
        return
    for line in compare(load(want), load(out)):
        nbcli.check(False, "%s: %s" % (name, line))
    if kind == "html":  # the page's menus and footer kept out of the report's own text
        got, exp = load(out), load(want)
        for key in ("agency", "year", "title", "preface", "other_matters"):
            nbcli.check(got.get(key) == exp.get(key), "%s.html: %s is %r, expected %r" % (name, key, got.get(key), exp.get(key)))


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    elif sys.argv[1:2] == ["--fixtures"]:
        check_fixtures(*sys.argv[2:4])
    else:
        args = [a for a in sys.argv[1:] if a != "--numbers-only"]
        one(*args[:5], numbers_only="--numbers-only" in sys.argv[1:])
    for f in nbcli.failures:
        print("FAIL: " + f)
    sys.exit(1 if nbcli.failures else 0)


if __name__ == "__main__":
    main()
