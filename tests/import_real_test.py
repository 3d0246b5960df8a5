"""Real published reports (tests/import/real): `nianbao import NAME.txt` must give
back every table number of the hand-written NAME.yaml, as published, quirks and
all, and exit as `nianbao check NAME.yaml` does (1 when the published tables do
not add up: the file is still written).

    import_real_test.py NIANBAO FIXTURES WORK NAME   one fixture: FIXTURES/NAME.txt + NAME.yaml
    import_real_test.py --self-test                  the comparison itself, on made-up rows
"""
import os
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


def one(nianbao, fixtures, work, name):
    txt, want = os.path.join(fixtures, name + ".txt"), os.path.join(fixtures, name + ".yaml")
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, name + ".yaml")
    if os.path.exists(out):
        os.remove(out)
    published_ok = nbcli.nb(nianbao, "check", want).returncode
    r = nbcli.nb(nianbao, "import", txt, "-o", out)
    nbcli.check(r.returncode == published_ok,
                "import exit %d, expected %d (as check of %s.yaml)\n%s" % (r.returncode, published_ok, name, r.stderr))
    if not os.path.exists(out):
        nbcli.check(False, "import wrote no %s.yaml\n%s" % (name, r.stderr))
        return
    for line in compare(load(want), load(out)):
        nbcli.check(False, "%s: %s" % (name, line))


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
    else:
        one(*sys.argv[1:5])
    for f in nbcli.failures:
        print("FAIL: " + f)
    sys.exit(1 if nbcli.failures else 0)


if __name__ == "__main__":
    main()
