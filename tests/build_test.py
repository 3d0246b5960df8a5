#!/usr/bin/env python3
"""`nianbao build` (spec/cli.md): outputs byte-identical to `nianbao render`,
change detection (data, layout, fonts, program, settings; content hashes,
not timestamps), orphaned outputs, bad files among good ones, -j, progress
on a terminal, the OUTDIR lock, and interruption (SIGKILL and SIGTERM at
any moment leave every output old-and-complete or new-and-complete; the
next build finishes the job).

usage: build_test.py NIANBAO SOURCE_DIR WORKDIR CASE"""
import fcntl
import hashlib
import html.parser
import os
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402

NIANBAO, SRC, WORK_ROOT, CASE = sys.argv[1:5]
WORK = os.path.join(WORK_ROOT, CASE)
SAMPLES = sorted(os.path.join(SRC, "samples", f) for f in os.listdir(os.path.join(SRC, "samples"))
                 if f.endswith(".yaml"))


def declared_layout(path):
    """The sample's `layout:` (None: the default)."""
    with open(path, encoding="utf-8") as f:
        m = re.search(r"^layout:\s*(\S+)", f.read(), re.M)
    return m.group(1) if m else None


# the cases that swap or edit the default layout use the samples written for it
# (and give no warning: the rebuild cases expect a bare summary; tests/sample_warnings.txt)
DEFAULT_SAMPLES = [s for s in SAMPLES if declared_layout(s) is None and not nbcli.sample_warnings(SRC, s)
                   and not nbcli.sample_warnings(SRC, s, build=True)]
GEN = os.path.join(SRC, "tests", "bench", "gen_reports.py")
failures = nbcli.failures
check = nbcli.check
env_for = nbcli.clean_env


def nb(*args, env=None, exe=None):
    return nbcli.nb(exe or NIANBAO, *args, env=env, timeout=None)


def summary(rendered, uptodate, failed, warnings=0):
    tail = ", %d warning%s" % (warnings, "" if warnings == 1 else "s") if warnings else ""
    return "nianbao: %d rendered, %d up to date, %d failed%s\n" % (rendered, uptodate, failed, tail)


def build(src, out, *more, env=None, exe=None):
    return nb("build", src, "-o", out, *more, env=env, exe=exe)


def expect(r, rendered, uptodate, failed, what, rc=None, warned=""):
    """A build whose whole stderr is its summary line (no problem printed),
    after the warnings `warned` (lines) when given."""
    want_rc = rc if rc is not None else (1 if failed else 0)
    check(r.returncode == want_rc, "%s: exit %d, expected %d (%s)" % (what, r.returncode, want_rc, r.stderr))
    want = warned + summary(rendered, uptodate, failed, warned.count("\n"))
    check(r.stderr == want, "%s: stderr %r, expected %r" % (what, r.stderr, want))


def samples_warned():
    """The warnings a build of samples/ prints (tests/sample_warnings.txt):
    those about the tree (缺报) before any report's."""
    return "".join(nbcli.sample_warnings(SRC, s, build=True) for s in SAMPLES) + \
        "".join(nbcli.sample_warnings(SRC, s) for s in SAMPLES)


def copy_samples(dst, names=None):
    os.makedirs(dst, exist_ok=True)
    for s in DEFAULT_SAMPLES:
        if names is None or os.path.basename(s) in names:
            shutil.copy(s, dst)
    return sorted(f for f in os.listdir(dst) if f.endswith(".yaml"))


def outputs(out):
    """{relative path: sha256} of the visible files under out, but the
    dashboard (index.html: case_dashboard)."""
    res = {}
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if not f.startswith(".") and not (root == out and f == "index.html"):
                p = os.path.join(root, f)
                with open(p, "rb") as fh:
                    res[os.path.relpath(p, out)] = hashlib.sha256(fh.read()).hexdigest()
    return res


def stamps(out):
    """{relative path: (inode, mtime_ns)}: what a re-render changes."""
    res = {}
    for rel in outputs(out):
        st = os.stat(os.path.join(out, rel))
        res[rel] = (st.st_ino, st.st_mtime_ns)
    return res


def hidden_temps(out):
    found = []
    for root, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if d != ".nianbao"]
        found += [os.path.join(root, f) for f in files if re.fullmatch(r"\..*\.tmp-[A-Za-z0-9]{6}", f)]
    return found


def manifest_lines(out, kind):
    with open(os.path.join(out, ".nianbao", "manifest"), encoding="utf-8") as f:
        return [l.rstrip("\n").split(" ") for l in f if l.startswith(kind + " ")]


def render_refs(src, ref, env=None):
    """`nianbao render` of every data file of src into ref: the expected bytes."""
    os.makedirs(ref, exist_ok=True)
    for f in sorted(os.listdir(src)):
        if f.endswith(".yaml"):
            stem = os.path.join(ref, f[:-5])
            r = nb("render", os.path.join(src, f), "-o", stem + ".pdf", "-o", stem + ".html", env=env)
            check(r.returncode == 0, "render %s: %s" % (f, r.stderr))
    return outputs(ref)


def fresh(*parts):
    p = os.path.join(WORK, *parts)
    shutil.rmtree(p, ignore_errors=True)
    return p


# ---- cases -----------------------------------------------------------------

def case_identical():
    """Every sample: PDF and HTML present and byte-identical to render."""
    out = fresh("out")
    r = build(os.path.join(SRC, "samples"), out)
    n = len(SAMPLES)
    expect(r, n, 0, 0, "first build", warned=samples_warned())
    got = outputs(out)
    want = render_refs(os.path.join(SRC, "samples"), fresh("ref"))
    check(sorted(got) == sorted(want), "outputs %s, expected %s" % (sorted(got), sorted(want)))
    for rel in want:
        check(got.get(rel) == want[rel], "%s differs from nianbao render" % rel)
    check(len(want) == 2 * n, "%d reference files for %d samples" % (len(want), n))
    check(sorted(os.listdir(out)) == sorted([".nianbao", "index.html"] + list(want)), "extra files: %s" % os.listdir(out))
    with open(os.path.join(out, ".nianbao", "manifest"), encoding="utf-8") as f:
        check(f.readline() == "nianbao-build-manifest 1\n", "manifest header")
    recs = manifest_lines(out, "R")
    check(sorted(x[5] for x in recs) == sorted(os.path.basename(s)[:-5] for s in SAMPLES), "records %s" % recs)
    for x in recs:
        stem = os.path.join(out, x[5])
        check(int(x[2]) == os.path.getsize(stem + ".pdf") and int(x[3]) == os.path.getsize(stem + ".html"),
              "record sizes of %s" % x[5])
        declared = declared_layout(os.path.join(SRC, "samples", x[5] + ".yaml"))
        want = "=" + declared if declared else "-"  # manifest: =NAME, or - for the default
        check(x[4] == want, "%s: layout %s, expected %s" % (x[5], x[4], want))
    # the font records: exactly the files `nianbao fonts` lists
    fonts = set(re.findall(r" (/\S+):\d+$", nb("fonts").stdout, re.M))
    check({x[7] for x in manifest_lines(out, "F")} == fonts, "font records %s, expected %s"
          % (sorted(x[7] for x in manifest_lines(out, "F")), sorted(fonts)))
    for x in manifest_lines(out, "F"):
        check(int(x[2]) == os.path.getsize(x[7]), "font record size of %s" % x[7])


def case_rerun():
    """A second build renders nothing; a timestamp alone changes nothing."""
    src, out = fresh("src"), fresh("out")
    copy_samples(src)
    os.makedirs(os.path.join(src, "县 区", "100%"))  # names the manifest must escape
    with open(SAMPLES[0], encoding="utf-8") as f:  # another agency: two reports of one agency-year are a warning
        copy = f.read().replace("agency: ", "agency: 另一", 1)
    with open(os.path.join(src, "县 区", "100%", "a b%20.yaml"), "w", encoding="utf-8") as f:
        f.write(copy)
    names = sorted(f for f in os.listdir(src) if f.endswith(".yaml"))
    n = len(names) + 1
    expect(build(src, out), n, 0, 0, "first build")
    check(os.path.exists(os.path.join(out, "县 区", "100%", "a b%20.pdf")), "output in a subfolder")
    before = stamps(out)
    expect(build(src, out), 0, n, 0, "second build")
    check(stamps(out) == before, "the second build touched outputs")
    os.utime(os.path.join(src, names[0]), ns=(1, 1))  # same bytes, another time
    expect(build(src, out), 0, n, 0, "after touch")
    check(stamps(out) == before, "touch re-rendered")
    expect(build(src, out, "--force"), n, 0, 0, "--force")
    expect(build(src, out, "-j", "1"), 0, n, 0, "after --force")


def case_data_change():
    """Editing one data file re-renders that report only."""
    src, out = fresh("src"), fresh("out")
    names = copy_samples(src)
    n = len(names)
    expect(build(src, out), n, 0, 0, "first build")
    before = stamps(out)
    edited = names[2]
    with open(os.path.join(src, edited), "a", encoding="utf-8") as f:
        f.write("# edited\n")
    expect(build(src, out), 1, n - 1, 0, "after editing %s" % edited)
    after = stamps(out)
    stem = edited[:-5]
    changed = sorted(rel for rel in before if after[rel] != before[rel])
    check(changed == [stem + ".html", stem + ".pdf"], "re-rendered %s, expected %s only" % (changed, stem))
    want = render_refs(src, fresh("ref"))
    check(outputs(out) == want, "outputs differ from render after the edit")
    # back to the old bytes: re-rendered again (the record is of the edit)
    with open(os.path.join(SRC, "samples", edited), encoding="utf-8") as f:
        old = f.read()
    with open(os.path.join(src, edited), "w", encoding="utf-8") as f:
        f.write(old)
    expect(build(src, out), 1, n - 1, 0, "after undoing the edit")


def case_layout_change():
    """Editing any file of the layout (a copy used by --layout) re-renders all."""
    src, out, lay = fresh("src"), fresh("out"), fresh("mylayout")
    names = copy_samples(src)
    n = len(names)
    shutil.copytree(os.path.join(SRC, "layouts", "gb-2021"), lay)
    expect(build(src, out, "--layout", lay), n, 0, 0, "first build")
    expect(build(src, out, "--layout", lay), 0, n, 0, "second build")
    with open(os.path.join(lay, "layout.yaml"), "a", encoding="utf-8") as f:
        f.write("# a comment changes the bytes, not the meaning\n")
    expect(build(src, out, "--layout", lay), n, 0, 0, "after editing layout.yaml")
    expect(build(src, out, "--layout", lay), 0, n, 0, "again")
    with open(os.path.join(lay, "html.css"), "a", encoding="utf-8") as f:
        f.write("/* edited */\n")
    expect(build(src, out, "--layout", lay), n, 0, 0, "after editing html.css")
    # another layout option is another setting
    expect(build(src, out), n, 0, 0, "without --layout")
    # the outputs are those of render with the same layout
    expect(build(src, out, "--layout", lay), n, 0, 0, "back to the copy")
    os.makedirs(os.path.join(WORK, "ref"), exist_ok=True)
    stem = os.path.join(WORK, "ref", "x")
    r = nb("render", os.path.join(src, names[0]), "--layout", lay, "-o", stem + ".pdf", "-o", stem + ".html")
    check(r.returncode == 0, "render with the copy: %s" % r.stderr)
    for ext in ("pdf", "html"):
        with open(stem + "." + ext, "rb") as a, open(os.path.join(out, names[0][:-5] + "." + ext), "rb") as b:
            check(a.read() == b.read(), "%s with --layout differs from render" % ext)


def case_fonts_change():
    """Font files count by content: a copy with the same bytes changes nothing,
    one more byte re-renders all; fonts.conf counts; the cached hash is used
    while the file's identity (size, mtime, ctime, inode) is unchanged."""
    home = fresh("home")
    shutil.copytree(os.path.join(SRC, "layouts"), os.path.join(home, "layouts"))
    os.makedirs(os.path.join(home, "fonts"))
    with open(os.path.join(SRC, "fonts", "fonts.conf"), encoding="utf-8") as f:
        conf = "".join(l for l in f if "<dir" not in l)  # only NIANBAO_HOME/fonts
    with open(os.path.join(home, "fonts", "fonts.conf"), "w", encoding="utf-8") as f:
        f.write(conf)
    system = set(re.findall(r" (/\S+):\d+$", nb("fonts").stdout, re.M))
    for p in system:
        os.symlink(p, os.path.join(home, "fonts", os.path.basename(p)))
    env = {"NIANBAO_HOME": home}
    listed = nb("fonts", env=env).stdout
    check(re.search(r"^kai: .* %s/fonts/ukai\.ttc:0$" % re.escape(home), listed, re.M) is not None,
          "the test's fonts are not used:\n" + listed)
    src, out = fresh("src"), fresh("out")
    n = len(copy_samples(src, {"004_3971b268707d3ce1.yaml", "105_township.yaml"}))
    expect(build(src, out, env=env), n, 0, 0, "first build")
    expect(build(src, out, env=env), 0, n, 0, "second build")
    ukai = os.path.join(home, "fonts", "ukai.ttc")
    target = os.path.realpath(ukai)
    os.unlink(ukai)
    shutil.copyfile(target, ukai)  # same bytes, another file
    expect(build(src, out, env=env), 0, n, 0, "same bytes in another file")
    with open(ukai, "ab") as f:
        f.write(b"\0\0\0\0")
    expect(build(src, out, env=env), n, 0, 0, "font file changed")
    expect(build(src, out, env=env), 0, n, 0, "again")
    with open(os.path.join(home, "fonts", "fonts.conf"), "a", encoding="utf-8") as f:
        f.write("<!-- edited -->\n")
    expect(build(src, out, env=env), n, 0, 0, "fonts.conf changed")
    # the cache: a record whose identity matches is trusted (not re-read) …
    path = os.path.join(out, ".nianbao", "manifest")

    def ukai_record():
        with open(path, encoding="utf-8") as f:
            return next(l for l in f.read().split("\n") if l.startswith("F ") and l.endswith("/ukai.ttc"))

    def replace_record(old, new):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new))

    real = ukai_record().split(" ")
    wrong = real[:1] + ["%016x" % (int(real[1], 16) ^ 1)] + real[2:]
    replace_record(" ".join(real), " ".join(wrong))
    expect(build(src, out, env=env), n, 0, 0, "cached font hash changed")
    check(ukai_record() == " ".join(wrong), "a record with the file's identity was hashed again")
    # … and one whose identity differs is read again
    stale = wrong[:3] + [str(int(wrong[3]) - 1)] + wrong[4:]
    replace_record(" ".join(wrong), " ".join(stale))
    expect(build(src, out, env=env), n, 0, 0, "font hashed again")
    check(ukai_record() == " ".join(real), "stale record %s, expected %s" % (ukai_record(), " ".join(real)))
    expect(build(src, out, env=env), 0, n, 0, "again")


def case_program_change():
    """Another program (here: the same one with a byte more) re-renders all."""
    src, out = fresh("src"), fresh("out")
    n = len(copy_samples(src, {"004_3971b268707d3ce1.yaml", "105_township.yaml"}))
    expect(build(src, out), n, 0, 0, "first build")
    exe = os.path.join(WORK, "nianbao-copy")
    shutil.copyfile(NIANBAO, exe)
    os.chmod(exe, 0o755)
    expect(build(src, out, exe=exe), 0, n, 0, "an identical copy of the program")
    with open(exe, "ab") as f:
        f.write(b"\0")
    expect(build(src, out, exe=exe), n, 0, 0, "another program")
    expect(build(src, out, exe=exe), 0, n, 0, "again")


def case_settings_change():
    """SOURCE_DATE_EPOCH (PDF dates) and --formats are part of the key."""
    src, out = fresh("src"), fresh("out")
    n = len(copy_samples(src, {"004_3971b268707d3ce1.yaml", "105_township.yaml"}))
    expect(build(src, out), n, 0, 0, "first build")
    expect(build(src, out, env={"SOURCE_DATE_EPOCH": "1700000000"}), n, 0, 0, "SOURCE_DATE_EPOCH")
    expect(build(src, out, env={"SOURCE_DATE_EPOCH": "1700000000"}), 0, n, 0, "same SOURCE_DATE_EPOCH")
    out2 = fresh("pdfonly")
    expect(build(src, out2, "--formats", "pdf"), n, 0, 0, "--formats pdf")
    check(sorted(outputs(out2)) == ["004_3971b268707d3ce1.pdf", "105_township.pdf"], "pdf only: %s" % outputs(out2))
    expect(build(src, out2, "--formats=html,pdf"), n, 0, 0, "--formats html,pdf")
    expect(build(src, out2), 0, n, 0, "default formats = pdf,html")
    r = build(src, out2, "--formats", "pdf,xml")
    check(r.returncode == 2 and "unknown format 'xml' in --formats" in r.stderr, "bad format: %r" % r.stderr)


def case_orphan():
    """An output whose data file disappeared is reported, and kept."""
    src, out = fresh("src"), fresh("out")
    names = copy_samples(src, {"004_3971b268707d3ce1.yaml", "105_township.yaml", "103_long_title.yaml"})
    expect(build(src, out), 3, 0, 0, "first build")
    os.unlink(os.path.join(src, "103_long_title.yaml"))
    r = build(src, out)
    warn = ("nianbao: warning: {o}/103_long_title.pdf, {o}/103_long_title.html: data file "
            "{s}/103_long_title.yaml no longer exists (output kept)\n").format(o=out, s=src)
    check(r.returncode == 0, "exit %d" % r.returncode)
    check(r.stderr == warn + summary(0, 2, 0), "orphan report: %r" % r.stderr)
    check(os.path.exists(os.path.join(out, "103_long_title.pdf")), "orphaned output deleted")
    r = build(src, out)
    check(r.stderr == warn + summary(0, 2, 0), "orphan reported again: %r" % r.stderr)
    os.unlink(os.path.join(out, "103_long_title.pdf"))
    os.unlink(os.path.join(out, "103_long_title.html"))
    expect(build(src, out), 0, 2, 0, "after removing the orphaned outputs")
    check(len(manifest_lines(out, "R")) == 2, "record of the removed outputs kept")
    del names


class Dashboard(html.parser.HTMLParser):
    """The dashboard read back: per <h2> section, its rows, each as
    {agency, status, messages, figures {label: text}, chart (aria-label), links}."""

    def __init__(self):
        super().__init__()
        self.sections, self.row, self.cell, self.text, self.li, self.span = [], None, None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h2":
            self.text = ""
        elif tag == "tr" and self.sections:
            self.row = {"figures": {}, "messages": [], "links": [], "chart": None}
        elif tag in ("th", "td") and self.row is not None:
            self.cell, self.text = a.get("data-label", "agency"), ""
        elif tag == "li":
            self.li = ""
        elif tag == "span" and self.cell == "状态":
            self.span = ""
        elif tag == "svg" and self.row is not None:
            self.row["chart"] = a.get("aria-label")
        elif tag == "a" and self.row is not None:
            self.row["links"].append(a["href"])

    def handle_endtag(self, tag):
        if tag == "h2":
            self.sections.append((self.text, []))
            self.text = None
        elif tag == "li" and self.row is not None:
            self.row["messages"].append(self.li)
            self.li = None
        elif tag == "span" and self.span is not None:
            self.row["status"], self.span = self.span, None
        elif tag in ("th", "td") and self.row is not None and self.cell:
            if self.cell == "agency":
                self.row["agency"] = self.text
            elif self.cell not in ("状态", "历年", "文件"):
                self.row["figures"][self.cell] = self.text
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if "status" in self.row:
                self.sections[-1][1].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data
        if self.li is not None:
            self.li += data
        if self.span is not None:
            self.span += data


def read_dashboard(out):
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        page = f.read()
    d = Dashboard()
    d.feed(page)
    return page, {title: {r["agency"]: r for r in rows} for title, rows in d.sections}


def case_dashboard():
    """OUTDIR/index.html: one row per report grouped by year (newest first), its status with the first
    messages, the form's figures, links to the outputs, a chart where an agency has several years, 缺报
    rows; the same bytes when nothing changed; rewritten when a report's state changes."""
    src, out = fresh("src"), fresh("out")
    os.makedirs(src)
    body = ("overview: 本年度收到政府信息公开申请{said}件。\nproblems: 无。\nother_matters: 无。\n"
            "proactive:\n  fees: 1.5\n"
            "applications:\n  received: [{rec}, 0, 0, 0, 0, 0]\n  carried_over: [{co}, 0, 0, 0, 0, 0]\n"
            "  results:\n    disclosed: [{dis}, 0, 0, 0, 0, 0]\n    partially_disclosed: [1, 0, 0, 0, 0, 0]\n"
            "  carried_forward: [{cf}, 0, 0, 0, 0, 0]\nreviews:\n  review: [1, 0, 0, 0]\n"
            "  litigation_after_review: [0, 2, 0, 0]\n")
    files = {
        "a2022.yaml": "agency: 甲局\nyear: 2022\n" + body.format(said=5, rec=5, co=0, dis=2, cf=2),
        "a2023.yaml": "agency: 甲局\nyear: 2023\n" + body.format(said=8, rec=8, co=2, dis=6, cf=3),
        "b2023.yaml": "agency: 乙局\nyear: 2023\n" + body.format(said=9, rec=4, co=0, dis=3, cf=0),
        "c2023.yaml": "agency: 丙局\nyear: 2023\noverview: 好。\nproblems: 无。\nother_matters: 无。\nfoo: 1\n",
        "d2022.yaml": "agency: 丁局\nyear: 2022\n" + body.format(said=5, rec=5, co=0, dis=2, cf=2),
    }
    for name, text in files.items():
        with open(os.path.join(src, name), "w", encoding="utf-8") as f:
            f.write(text)
    r = build(src, out, "-j", "2")
    check(r.returncode == 1, "build with a bad file: exit %d %r" % (r.returncode, r.stderr))
    page, got = read_dashboard(out)
    check(list(got) == ["2023年度（2 份，缺报 1 份）", "2022年度（2 份）", "未能读取的数据文件（1 份）"], "sections: %s" % list(got))
    y23, y22 = got.get("2023年度（2 份，缺报 1 份）", {}), got.get("2022年度（2 份）", {})
    a = y23.get("甲局", {})
    check(a.get("status") == "通过" and a.get("messages") == [], "甲局 2023 status: %s" % a)
    check(a.get("figures") == {"新收申请": "8", "上年结转": "2", "结转下年度": "3", "公开率": "100.0%", "行政复议": "1",
                               "行政诉讼": "2", "行政事业性收费（万元）": "1.5"}, "甲局 2023 figures: %s" % a.get("figures"))
    check(a.get("chart") == "新收申请：2022年 5，2023年 8", "甲局 chart: %r" % a.get("chart"))
    check(a.get("links") == ["a2023.pdf", "a2023.html"], "甲局 links: %s" % a.get("links"))
    b = y23.get("乙局", {})
    check(b.get("status") == "有警告" and b.get("messages") == [
        "3:24: warning: the text says “收到政府信息公开申请9件” but 表三（收到和处理政府信息公开申请情况） "
        "一、本年新收政府信息公开申请数量 总计 is 4"] and b.get("chart") is None, "乙局: %s" % b)
    check(b.get("figures", {}).get("公开率") == "100.0%", "乙局 share: %s" % b.get("figures"))
    d = y23.get("丁局", {})
    check(d.get("status") == "缺报" and d.get("links") == [], "丁局 缺报 row: %s" % d)
    check(list(y22) == ["丁局", "甲局"], "2022 rows: %s" % list(y22))
    bad = got.get("未能读取的数据文件（1 份）", {}).get("c2023", {})
    check(bad.get("status") == "未通过" and bad.get("messages") == ["6:1: error: unknown key 'foo'"]
          and bad.get("links") == [], "the bad file's row: %s" % bad)
    # nothing changed: the same bytes; the bad file fixed: its row, rewritten
    r = build(src, out, "-j", "2")
    again, _ = read_dashboard(out)
    check(again == page, "a rerun changed the dashboard")
    with open(os.path.join(src, "c2023.yaml"), "w", encoding="utf-8") as f:
        f.write(files["c2023.yaml"].replace("foo: 1\n", ""))
    build(src, out)
    _, got = read_dashboard(out)
    check(got.get("2023年度（3 份，缺报 1 份）", {}).get("丙局", {}).get("status") == "通过", "fixed file: %s" % list(got))


def case_bad_file():
    """A bad file among good ones: the others are rendered, its errors are
    printed as by check (FILE:LINE:COL), exit 1; nothing written for it."""
    src, out = fresh("src"), fresh("out")
    copy_samples(src, {"004_3971b268707d3ce1.yaml", "105_township.yaml", "103_long_title.yaml"})
    os.makedirs(os.path.join(src, "sub"))
    with open(os.path.join(src, "sub", "broken.yaml"), "w", encoding="utf-8") as f:
        f.write("agency: 测试局\nyear: [2023\n")
    with open(os.path.join(SRC, "samples", "105_township.yaml"), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(src, "invalid.yaml"), "w", encoding="utf-8") as f:
        f.write(re.sub(r"^year: .*$", "year: 20x3", text, 1, re.M))
    errs = []
    for bad in (os.path.join(src, "invalid.yaml"), os.path.join(src, "sub", "broken.yaml")):
        c = nb("check", bad)
        check(c.returncode == 1 and c.stderr, "check %s: %d %r" % (bad, c.returncode, c.stderr))
        check(all(re.match(re.escape(bad) + r":\d+:\d+: error: ", l) for l in c.stderr.splitlines()),
              "not FILE:LINE:COL: %r" % c.stderr)
        errs.append(c.stderr)
    for jobs in ("1", "2"):
        r = build(src, out, "-j", jobs)
        check(r.returncode == 1, "-j%s: exit %d" % (jobs, r.returncode))
        for e in errs:
            check(e in r.stderr, "-j%s: errors %r not in %r" % (jobs, e, r.stderr))
        rest = r.stderr
        for e in errs:
            rest = rest.replace(e, "")
        good = 3 if jobs == "1" else 0
        check(rest == summary(good, 3 - good, 2), "-j%s: %r" % (jobs, rest))
    check(sorted(outputs(out)) == sorted(["004_3971b268707d3ce1.html", "004_3971b268707d3ce1.pdf",
                                          "103_long_title.html", "103_long_title.pdf",
                                          "105_township.html", "105_township.pdf"]),
          "outputs: %s" % sorted(outputs(out)))


def case_jobs():
    """-j 1, -j 2 and -j 5 give the same bytes (and the same records)."""
    src = os.path.join(SRC, "samples")
    res = {}
    for j in ("1", "2", "5"):
        out = fresh("out" + j)
        expect(build(src, out, "-j", j), len(SAMPLES), 0, 0, "-j " + j, warned=samples_warned())
        res[j] = (outputs(out), sorted(" ".join(x) for x in manifest_lines(out, "R")))
    check(res["1"] == res["2"] == res["5"], "-j changes the outputs")
    r = build(src, fresh("outbad"), "-j", "0")
    check(r.returncode == 2, "-j 0: exit %d" % r.returncode)


def case_progress():
    """On a terminal: one updating line [i/n] name; elsewhere only the summary."""
    src, out = fresh("src"), fresh("out")
    copy_samples(src, {"004_3971b268707d3ce1.yaml", "105_township.yaml", "103_long_title.yaml"})
    cmd = " ".join("'%s'" % a for a in (NIANBAO, "build", src, "-o", out, "-j", "1"))
    r = subprocess.run(["script", "-qefc", cmd, "/dev/null"], capture_output=True, env=env_for())
    text = r.stdout.decode("utf-8").replace("\r\n", "\n")  # the terminal's newlines
    for i, name in enumerate(("004_3971b268707d3ce1", "103_long_title", "105_township"), 1):
        check("\r[%d/3] %s\x1b[K" % (i, name) in text, "no progress [%d/3] %s in %r" % (i, name, text))
    check(text.endswith("\r\x1b[K" + summary(3, 0, 0)), "terminal output ends %r" % text[-80:])
    expect(build(src, out, "--force"), 3, 0, 0, "not a terminal")


def case_lock():
    """A second build into the same OUTDIR while one runs: refused (exit 3)."""
    src, out = fresh("src"), fresh("out")
    copy_samples(src, {"105_township.yaml"})
    expect(build(src, out), 1, 0, 0, "first build")
    with open(os.path.join(out, ".nianbao", "lock"), "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        r = build(src, out)
        check(r.returncode == 3, "locked: exit %d" % r.returncode)
        check(r.stderr == "nianbao: error: another nianbao build is writing into %s\n" % out, "locked: %r" % r.stderr)
    expect(build(src, out), 0, 1, 0, "after unlocking")


def case_temps():
    """Temporary files a killed build left are deleted; other files stay."""
    src, out = fresh("src"), fresh("out")
    copy_samples(src, {"105_township.yaml"})
    os.makedirs(os.path.join(out, "sub"))
    junk = [os.path.join(out, ".105_township.pdf.tmp-AbC123"), os.path.join(out, "sub", ".x.html.tmp-999999")]
    keep = [os.path.join(out, ".keep"), os.path.join(out, "notes.txt"), os.path.join(out, ".x.tmp-12345")]
    for p in junk + keep:
        with open(p, "w") as f:
            f.write("x")
    expect(build(src, out), 1, 0, 0, "build")
    check(not any(os.path.exists(p) for p in junk), "temporary files left: %s" % [p for p in junk if os.path.exists(p)])
    check(all(os.path.exists(p) for p in keep), "other files deleted")


def gen(dst, n):
    subprocess.run([sys.executable, GEN, os.path.join(SRC, "samples"), dst, str(n)], check=True)


def bump(src, tag):
    """A new version of every data file: another agency name, so that every
    output changes (a comment would give the same bytes)."""
    for f in os.listdir(src):
        p = os.path.join(src, f)
        with open(p, encoding="utf-8") as fh:
            text = fh.read()
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(re.sub(r"^agency: (.+)$", lambda m: "agency: %s（%s）" % (m.group(1), tag), text, 1, re.M))


def start_and_stop(src, out, sig, changed_at, before):
    """Starts a build -j2 and sends sig once at least changed_at outputs
    differ from `before` (hashes). Returns (returncode, stderr, changed)."""
    p = subprocess.Popen([NIANBAO, "build", src, "-o", out, "-j", "2"], stderr=subprocess.PIPE, text=True,
                         env=env_for())
    deadline = time.time() + 120
    changed = 0
    while p.poll() is None and time.time() < deadline:
        changed = 0
        for rel, h in before.items():
            try:
                st = os.stat(os.path.join(out, rel))
            except FileNotFoundError:
                continue
            if h is None or (st.st_ino, st.st_mtime_ns) != h:
                changed += 1
        if changed >= changed_at:
            p.send_signal(sig)
            break
        time.sleep(0.002)
    _, err = p.communicate()
    return p.returncode, err, changed


def complete(out, allowed):
    """Every output is one of the allowed versions; PDFs end with %%EOF and
    pass qpdf --check, HTML ends with </html>; no temporary file is visible."""
    got = outputs(out)
    for rel, h in got.items():
        ok = any(h == v.get(rel) for v in allowed)
        check(ok, "%s is neither the old nor the new complete file" % rel)
        p = os.path.join(out, rel)
        with open(p, "rb") as f:
            data = f.read()
        if rel.endswith(".pdf"):
            check(data.endswith(b"%%EOF\n") or data.endswith(b"%%EOF"), "%s: no %%%%EOF" % rel)
        elif rel.endswith(".html"):
            check(data.rstrip().endswith(b"</html>"), "%s: unfinished HTML" % rel)
        else:
            check(False, "unexpected visible file %s" % rel)
    return got


def qpdf_all(out):
    for rel in outputs(out):
        if rel.endswith(".pdf"):
            r = subprocess.run(["qpdf", "--check", os.path.join(out, rel)], capture_output=True, text=True)
            check(r.returncode == 0, "qpdf --check %s: %s" % (rel, r.stdout[-300:]))


def case_kill():
    """SIGKILL mid-build, from empty and over older outputs: every output is
    the old or the new complete file; the next build completes the job and
    equals a clean build."""
    src, out = fresh("src"), fresh("out")
    n = 100
    gen(src, n)
    ref1 = outputs(render_ref_build(src, fresh("ref1")))
    check(len(ref1) == 2 * n, "reference build: %d files" % len(ref1))
    # 1. from an empty OUTDIR
    rc, err, changed = start_and_stop(src, out, signal.SIGKILL, 20, {rel: None for rel in ref1})
    check(rc == -signal.SIGKILL, "not killed (exit %s, %d outputs): %s" % (rc, changed, err))
    got = complete(out, [ref1])
    check(20 <= len(got) < 2 * n, "killed with %d of %d outputs written" % (len(got), 2 * n))
    r = build(src, out)
    m = re.fullmatch(r"nianbao: (\d+) rendered, (\d+) up to date, 0 failed\n", r.stderr)
    check(r.returncode == 0 and m and int(m.group(1)) + int(m.group(2)) == n and int(m.group(1)) > 0,
          "rerun: %r" % r.stderr)
    check(outputs(out) == ref1, "after the rerun: not the clean build")
    check(not hidden_temps(out), "temporary files left: %s" % hidden_temps(out))
    # 2. over complete older outputs
    bump(src, "第二版")
    ref2 = outputs(render_ref_build(src, fresh("ref2")))
    before = stamps(out)
    rc, err, changed = start_and_stop(src, out, signal.SIGKILL, 60, before)
    check(rc == -signal.SIGKILL, "not killed (exit %s, %d changed): %s" % (rc, changed, err))
    got = complete(out, [ref1, ref2])
    old = sum(1 for rel in got if got[rel] == ref1[rel])
    check(len(got) == 2 * n and 0 < old < 2 * n, "killed with %d of %d outputs old" % (old, len(got)))
    qpdf_all(out)
    r = build(src, out)
    m = re.fullmatch(r"nianbao: (\d+) rendered, (\d+) up to date, 0 failed\n", r.stderr)
    check(r.returncode == 0 and m and int(m.group(1)) + int(m.group(2)) == n and int(m.group(1)) > 0,
          "rerun: %r" % r.stderr)
    check(outputs(out) == ref2, "after the rerun: not the clean build")
    check(not hidden_temps(out), "temporary files left: %s" % hidden_temps(out))
    expect(build(src, out), 0, n, 0, "third run")


def case_sigterm():
    """SIGTERM: the reports under way finish, the manifest records every
    report rendered, exit 143; the next build renders exactly the rest."""
    src, out = fresh("src"), fresh("out")
    n = 60
    gen(src, n)
    expect(build(src, out), n, 0, 0, "first build")
    bump(src, "第二版")
    ref2 = outputs(render_ref_build(src, fresh("ref2")))
    rc, err, changed = start_and_stop(src, out, signal.SIGTERM, 20, stamps(out))
    m = re.fullmatch(r"nianbao: interrupted: (\d+) rendered, 0 up to date, 0 failed\n", err)
    check(rc == 143 and m is not None, "SIGTERM: exit %s, %r" % (rc, err))
    done = int(m.group(1)) if m else -1
    check(0 < done < n, "stopped after %d of %d" % (done, n))
    now = outputs(out)
    new = sum(1 for rel in now if now[rel] == ref2[rel])
    check(new == 2 * done, "%d outputs new after %d reports" % (new, done))
    expect(build(src, out), n - done, done, 0, "after SIGTERM")
    check(outputs(out) == ref2, "after the rerun: not the clean build")


def render_ref_build(src, ref):
    """A clean build of src (the expected bytes of an interrupted one)."""
    r = build(src, ref)
    check(r.returncode == 0, "reference build: %s" % r.stderr)
    return ref


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    if CASE not in CASES:
        sys.exit("unknown case %s (one of %s)" % (CASE, ", ".join(sorted(CASES))))
    os.makedirs(WORK, exist_ok=True)
    CASES[CASE]()
    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print("ok: build %s" % CASE)
