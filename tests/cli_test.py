#!/usr/bin/env python3
"""The command line of spec/cli.md: exit codes, diagnostics, atomic outputs,
layout lookup, the layout-change test (no recompilation), hostile text,
rare characters and reproducible dates.

usage: cli_test.py NIANBAO SOURCE_DIR WORKDIR"""
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402

NIANBAO, SRC, WORK = sys.argv[1:4]
SAMPLE = os.path.join(SRC, "samples", "004_3971b268707d3ce1.yaml")
failures = nbcli.failures
check = nbcli.check


def nb(*args, cwd=None, env=None):
    return nbcli.nb(NIANBAO, *args, cwd=cwd, env=env, timeout=None)


def write(name, text):
    p = os.path.join(WORK, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    return p


def pdftext(pdf):
    return subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout


MINIMAL = """agency: 测试局
year: 2023
overview: 总体情况正文。
problems: 问题正文。
other_matters: 无。
"""


def test_usage():
    for args, what in (((), "no command"), (("frobnicate",), "unknown command"), (("render", SAMPLE), "no -o"),
                       (("render", SAMPLE, "-o", os.path.join(WORK, "x.txt")), "unknown format"),
                       (("check",), "no file"), (("render", SAMPLE, "-o", "a.pdf", "--bogus"), "unknown option"),
                       (("build", SRC), "no -o")):
        r = nb(*args)
        check(r.returncode == 2, "%s: exit %d, expected 2" % (what, r.returncode))
        check("usage:" in r.stderr or "error:" in r.stderr, "%s: no usage message" % what)


def test_options_per_command():
    """An option a command does not take is a usage error naming it (exit 2,
    nothing written); the first such option is named."""
    out = os.path.join(WORK, "opts.pdf")
    if os.path.exists(out):
        os.remove(out)
    r = nb("render", SAMPLE, "-o", out, "--force", "-j", "3", "--previous", "y.yaml")
    check(r.returncode == 2, "render --force: exit %d, expected 2" % r.returncode)
    check(r.stderr == "nianbao: error: render does not take --force\n"
          "usage: nianbao render DATA.yaml -o OUT [-o OUT …] [--layout NAME|PATH] [--fragment]\n"
          "(nianbao render --help lists its options)\n", "render --force: stderr " + repr(r.stderr))
    check(not os.path.exists(out), "a usage error wrote an output")
    src, outdir = os.path.join(WORK, "opts_src"), os.path.join(WORK, "opts_out")  # never built: usage errors come first
    for cmd, args, named in ((("render", SAMPLE, "-o", out), ("-j", "3"), "-j"),
                             (("render", SAMPLE, "-o", out), ("--jobs=3",), "--jobs"),
                             (("render", SAMPLE, "-o", out), ("--previous", SAMPLE), "--previous"),
                             (("render", SAMPLE, "-o", out), ("--formats", "pdf"), "--formats"),
                             (("check", SAMPLE), ("-o", out), "-o"),
                             (("check", SAMPLE), ("--fragment",), "--fragment"),
                             (("check", SAMPLE), ("--force",), "--force"),
                             (("check", SAMPLE), ("-j2",), "-j"),
                             (("build", src, "-o", outdir), ("--previous", SAMPLE), "--previous"),
                             (("build", src, "-o", outdir), ("--fragment",), "--fragment"),
                             (("fonts",), ("-o", out), "-o"),
                             (("fonts",), ("--force",), "--force")):
        r = nb(*cmd, *args)
        first = r.stderr.splitlines()[0] if r.stderr else ""
        check(r.returncode == 2 and first == "nianbao: error: %s does not take %s" % (cmd[0], named),
              "%s %s: exit %d, %r" % (cmd[0], " ".join(args), r.returncode, first))
    r = nb("render", SAMPLE, "-o", out, "--fragment=yes")
    check(r.returncode == 2 and r.stderr.startswith("nianbao: error: --fragment takes no value\n"), "--fragment=yes: " + r.stderr)
    r = nb("render", SAMPLE, "-o", out, "--bogus=1")
    check(r.returncode == 2 and r.stderr.startswith("nianbao: error: unknown option '--bogus'\n"), "--bogus=1: " + r.stderr)
    r = nb("build", src, "-o", outdir, "-j", "0")
    check(r.returncode == 2 and r.stderr.startswith("nianbao: error: -j needs a number from 1 to 256, not '0'\n"),
          "-j 0: " + r.stderr)
    # the attached forms of the options a command does take
    r = nb("render", SAMPLE, "--output=" + out, "--layout=gb-2021")
    check(r.returncode == 0 and os.path.exists(out), "--output=/--layout=: %d %s" % (r.returncode, r.stderr))


def test_help():
    """--help (whole program and per command) prints the options and exits 0."""
    per_command = {"render": ["-o, --output OUT", "--layout NAME|PATH", "--fragment", "-h, --help"],
                   "check": ["--previous LAST.yaml", "--strict", "--children CHILD.yaml …", "--layout NAME|PATH", "-h, --help"],
                   "sum": ["--agency NAME", "-o, --output FILE", "--layout NAME|PATH", "-h, --help"],
                   "build": ["-o, --output OUTDIR", "-j, --jobs N", "--formats LIST", "--layout NAME|PATH", "--force",
                             "--strict", "-h, --help"],
                   "fonts": ["--layout NAME|PATH", "-h, --help"]}
    every = {o for opts in per_command.values() for o in opts}
    for args in (("--help",), ("-h",), ("help",)):
        r = nb(*args)
        check(r.returncode == 0 and r.stderr == "", "%s: exit %d %s" % (args[0], r.returncode, r.stderr))
        for cmd in per_command:
            check("usage: nianbao %s " % cmd in r.stdout, "%s does not show the command %s" % (args[0], cmd))
        for o in every:
            check(re.search(r"^  %s\s" % re.escape(o), r.stdout, re.M) is not None, "%s does not list %s" % (args[0], o))
        check("exit status: 0 success, 1 invalid data, 2 wrong usage, 3 environment" in r.stdout, "%s: no exit status" % args[0])
    for cmd, opts in per_command.items():
        for args in ((cmd, "--help"), (cmd, "-h"), ("help", cmd), (cmd, SAMPLE, "--force", "--help")):
            r = nb(*args)
            check(r.returncode == 0 and r.stderr == "" and r.stdout.startswith("usage: nianbao %s" % cmd),
                  "%s: exit %d %s" % (" ".join(args), r.returncode, r.stderr))
            listed = re.findall(r"^  (\S.*?)  +\S", r.stdout, re.M)
            check(listed == opts, "%s lists %s, expected %s" % (" ".join(args), listed, opts))
    r = nb("--version")
    check(r.returncode == 0 and re.fullmatch(r"nianbao \d+\.\d+\.\d+\n", r.stdout) is not None, "--version: " + r.stdout)


def test_strict():
    """A warning leaves check's exit 0; --strict makes it 1, with the count."""
    f = write("warn.yaml", MINIMAL.replace("year: 2023", "year: 2023\nsubtitle: \"（2024年\\u202e1月）\""))
    warning = f + ":3:11: warning: removed the bidirectional control character U+202E: it would reorder the text readers see"
    r = nb("check", f)
    check(r.returncode == 0 and r.stderr.splitlines() == [warning], "warning without --strict: %d %r" % (r.returncode, r.stderr))
    r = nb("check", f, "--strict")
    check(r.returncode == 1 and r.stderr.splitlines() == [warning, "nianbao: error: %s: 1 warning, and --strict makes warnings errors" % f],
          "warning with --strict: %d %r" % (r.returncode, r.stderr))
    r = nb("check", SAMPLE, "--strict")
    check(r.returncode == 0 and r.stderr == "", "clean file with --strict: %d %r" % (r.returncode, r.stderr))
    # build: the summary counts the warnings; --strict fails the report (a new run: the key holds strict)
    tree = os.path.join(WORK, "strict_tree")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    shutil.copy(f, os.path.join(tree, "warn.yaml"))
    out = os.path.join(WORK, "strict_out")
    shutil.rmtree(out, ignore_errors=True)
    w = os.path.join(tree, "warn.yaml") + warning[len(f):]
    r = nb("build", tree, "-o", out, "-j", "1")
    check(r.returncode == 0 and r.stderr.splitlines() == [w, "nianbao: 1 rendered, 0 up to date, 0 failed, 1 warning"],
          "build with a warning: %d %r" % (r.returncode, r.stderr))
    r = nb("build", tree, "-o", out, "-j", "1", "--strict")
    check(r.returncode == 1 and r.stderr.splitlines() == [
        w, "nianbao: error: %s: 1 warning, and --strict makes warnings errors" % os.path.join(tree, "warn.yaml"),
        "nianbao: 0 rendered, 0 up to date, 1 failed, 1 warning"], "build --strict: %d %r" % (r.returncode, r.stderr))


def test_bad_data_writes_nothing():
    good = os.path.join(WORK, "keep.pdf")
    r = nb("render", SAMPLE, "-o", good)
    check(r.returncode == 0, "render sample: " + r.stderr)
    before = open(good, "rb").read()
    bad = write("bad.yaml", MINIMAL.replace("year: 2023", "year: 2023\nagnecy: x\nproactive: {licensing: -1}"))
    r = nb("render", bad, "-o", good, "-o", os.path.join(WORK, "bad.html"))
    check(r.returncode == 1, "bad data: exit %d" % r.returncode)
    lines = r.stderr.strip().splitlines()
    check(len(lines) == 2, "expected 2 diagnostics, got: " + r.stderr)
    check(re.match(re.escape(bad) + r":3:1: error: unknown key 'agnecy' \(did you mean 'agency'\?\)", lines[0] if lines else "") is not None,
          "unknown key diagnostic: " + r.stderr)
    check(re.match(re.escape(bad) + r":4:24: error: count must not be negative: -1", lines[1] if len(lines) > 1 else "") is not None, "negative count position: " + r.stderr)
    check(open(good, "rb").read() == before, "a failed render damaged the earlier output")
    check(not os.path.exists(os.path.join(WORK, "bad.html")), "a failed render wrote an output")
    check(not [f for f in os.listdir(WORK) if ".tmp-" in f], "temporary files left behind")


def test_check_exit_codes():
    ok = write("ok.yaml", MINIMAL)
    r = nb("check", ok, SAMPLE)
    check(r.returncode == 0 and r.stderr == "", "check valid files: %d %s" % (r.returncode, r.stderr))
    bad = write("inconsistent.yaml", MINIMAL + "applications:\n  received: [5, 0, 0, 0, 0, 0]\n")
    r = nb("check", ok, bad)
    check(r.returncode == 1, "check inconsistent: exit %d" % r.returncode)
    check(re.search(re.escape(bad) + r":7:13: error: .*自然人.*5.*0", r.stderr) is not None,
          "一+二=三+四 violation not reported at the received row: " + r.stderr)


def test_cross_year_rule():
    """二、上年结转 this year = 四、结转下年度继续办理 last year (check --previous)."""
    y22 = write("y2022.yaml", MINIMAL.replace("2023", "2022") + "applications:\n  received: [5, 1, 0, 0, 0, 0]\n"
                "  results: {disclosed: [3, 0, 0, 0, 0, 0]}\n  carried_forward: [2, 1, 0, 0, 0, 0]\n")
    good = write("y2023.yaml", MINIMAL + "applications:\n  received: [1, 0, 0, 0, 0, 0]\n"
                 "  carried_over: [2, 1, 0, 0, 0, 0]\n  results: {disclosed: [3, 0, 0, 0, 0, 0]}\n  carried_forward: [0, 1, 0, 0, 0, 0]\n")
    r = nb("check", good, "--previous", y22)
    check(r.returncode == 0 and r.stderr == "", "cross-year consistent: %d %s" % (r.returncode, r.stderr))
    bad = write("y2023bad.yaml", MINIMAL + "applications:\n  received: [1, 0, 0, 0, 0, 0]\n"
                "  carried_over: [2, 0, 0, 0, 0, 0]\n  results: {disclosed: [3, 0, 0, 0, 0, 0]}\n")
    r = nb("check", bad, "--previous", y22)
    want = [re.escape(bad) + r":8:17: error: 表三（收到和处理政府信息公开申请情况） column 商业企业: 二、上年结转政府信息公开申请数量 is 0 "
            r"but 2022's 四、结转下年度继续办理 \(" + re.escape(y22) + r"\) is 1",
            re.escape(bad) + r":8:17: error: .* column 总计: .* is 2 but 2022's .* is 3"]
    lines = r.stderr.strip().splitlines()
    check(r.returncode == 1 and len(lines) == 2 and all(re.fullmatch(w, l) for w, l in zip(want, lines)),
          "cross-year violation: %d %s" % (r.returncode, r.stderr))
    r = nb("check", good, "--previous", good)
    check(r.returncode == 1 and "is for 2023, not 2022" in r.stderr, "previous file of the wrong year: " + r.stderr)
    r = nb("check", good, bad, "--previous", y22)
    check(r.returncode == 2, "--previous with two data files is a usage error")


def test_build_pairs_years():
    """build checks an agency's year-Y file against its year-Y−1 file in the tree; a broken carry-over is
    an error of the year-Y file; a change of last year's file re-checks this year's."""
    tree = os.path.join(WORK, "years_tree")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "2022"))
    os.makedirs(os.path.join(tree, "2023"))
    last = MINIMAL.replace("2023", "2022") + ("applications:\n  received: [5, 1, 0, 0, 0, 0]\n"
                                              "  results: {disclosed: [3, 0, 0, 0, 0, 0]}\n  carried_forward: [2, 1, 0, 0, 0, 0]\n")
    with open(os.path.join(tree, "2022", "a.yaml"), "w", encoding="utf-8") as f:
        f.write(last)
    this = os.path.join(tree, "2023", "a.yaml")
    with open(this, "w", encoding="utf-8") as f:
        f.write(MINIMAL + "applications:\n  received: [1, 0, 0, 0, 0, 0]\n"
                "  carried_over: [2, 0, 0, 0, 0, 0]\n  results: {disclosed: [3, 0, 0, 0, 0, 0]}\n")
    out = os.path.join(WORK, "years_out")
    shutil.rmtree(out, ignore_errors=True)
    r = nb("build", tree, "-o", out, "-j", "1")
    lines = r.stderr.splitlines()
    check(r.returncode == 1 and len(lines) == 3 and lines[-1] == "nianbao: 1 rendered, 0 up to date, 1 failed",
          "build of a broken carry-over: %d %r" % (r.returncode, r.stderr))
    check(lines[:1] == [this + ":8:17: error: 表三（收到和处理政府信息公开申请情况） column 商业企业: 二、上年结转政府信息公开申请数量 is 0 "
                        "but 2022's 四、结转下年度继续办理 (%s) is 1" % os.path.join(tree, "2022", "a.yaml")],
          "the error is the 2023 file's: %r" % lines[:1])
    with open(os.path.join(tree, "2022", "a.yaml"), "w", encoding="utf-8") as f:
        f.write(last.replace("carried_forward: [2, 1,", "carried_forward: [2, 0,").replace("received: [5, 1,", "received: [5, 0,"))
    r = nb("build", tree, "-o", out, "-j", "1")
    check(r.returncode == 0 and r.stderr == "nianbao: 2 rendered, 0 up to date, 0 failed\n",
          "last year's file fixed: both rendered: %d %r" % (r.returncode, r.stderr))
    r = nb("build", tree, "-o", out, "-j", "1")
    check(r.returncode == 0 and r.stderr == "nianbao: 0 rendered, 2 up to date, 0 failed\n", "rerun: %r" % r.stderr)


def test_build_missing_report():
    """缺报: an agency with a file for Y−1 and none for Y, in a tree that has Y files of others, is one
    warning at its agency; counted in the summary; --strict makes the build fail; a tree of one year
    has none."""
    tree = os.path.join(WORK, "missing_tree")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(tree)
    files = {"a2022.yaml": MINIMAL.replace("2023", "2022"), "a2023.yaml": MINIMAL,
             # quoted: read by the YAML parser, not the plain-value scan (years.c)
             "b2022.yaml": MINIMAL.replace("2023", "2022").replace("测试局", '"乙局"'),
             "c2020.yaml": MINIMAL.replace("2023", "2020").replace("测试局", "丙局")}  # no 2021 file: no 缺报
    for name, text in files.items():
        with open(os.path.join(tree, name), "w", encoding="utf-8") as f:
            f.write(text)
    out = os.path.join(WORK, "missing_out")
    shutil.rmtree(out, ignore_errors=True)
    r = nb("build", tree, "-o", out, "-j", "1")
    want = ("%s:1:9: warning: 缺报: 乙局 has no 2023 report\n" % os.path.join(tree, "b2022.yaml") +
            "nianbao: 4 rendered, 0 up to date, 0 failed, 1 warning\n")
    check(r.returncode == 0 and r.stderr == want, "缺报: %d %r, want %r" % (r.returncode, r.stderr, want))
    r = nb("build", tree, "-o", out, "-j", "1", "--strict")
    check(r.returncode == 1 and r.stderr.startswith(os.path.join(tree, "b2022.yaml") + ":1:9: warning: 缺报"),
          "缺报 under --strict: %d %r" % (r.returncode, r.stderr))
    os.remove(os.path.join(tree, "a2023.yaml"))
    shutil.rmtree(out, ignore_errors=True)
    r = nb("build", tree, "-o", out, "-j", "1")
    check(r.returncode == 0 and r.stderr == "nianbao: 3 rendered, 0 up to date, 0 failed\n",
          "no 2023 file in the tree: no 缺报: %r" % r.stderr)


def test_cross_year_in_force():
    """现行有效 = last year's 现行有效 + 本年制发 − 本年废止, per row of table 二: a warning (check --previous)."""
    y22 = write("f2022.yaml", MINIMAL.replace("2023", "2022") + "proactive:\n  normative_documents: [3, 1, 40]\n")
    good = write("f2023.yaml", MINIMAL + "proactive:\n  normative_documents: [5, 2, 43]\n")
    r = nb("check", good, "--previous", y22)
    check(r.returncode == 0 and r.stderr == "", "in force carried: %d %r" % (r.returncode, r.stderr))
    bad = write("f2023bad.yaml", MINIMAL + "proactive:\n  rules: [1, 0, 1]\n  normative_documents: [5, 2, 44]\n")
    want = [bad + ":6:8: warning: 表二（主动公开政府信息情况） 规章 现行有效件数: 1, but 2022's 0 (%s) + 本年制发 − 本年废止 gives 1" % y22,
            bad + ":8:24: warning: 表二（主动公开政府信息情况） 行政规范性文件 现行有效件数: 44, but 2022's 40 (%s) + 本年制发 − 本年废止 gives 43" % y22]
    r = nb("check", bad, "--previous", y22)
    check(r.returncode == 0 and r.stderr.splitlines() == want[1:], "in force off by one: %d %r" % (r.returncode, r.stderr))
    r = nb("check", bad, "--previous", y22, "--strict")
    check(r.returncode == 1 and r.stderr.splitlines()[:1] == want[1:], "in force with --strict: %d %r" % (r.returncode, r.stderr))


def test_cross_year_jumps():
    """A count more than 5× or below 1/5 of last year's, either at least 10: a warning at its row."""
    rows = "applications:\n  received: [N, 0, 0, 0, 0, 0]\n  results:\n    disclosed: [N, 0, 0, 0, 0, 0]\n"
    y22 = write("j2022.yaml", MINIMAL.replace("2023", "2022") + rows.replace("N", "12"))
    t3 = "表三（收到和处理政府信息公开申请情况） 一、本年新收政府信息公开申请数量"
    for n, change in (("60", None), ("61", "more than 5×"), ("3", None), ("2", "less than 1/5 of")):
        f = write("j2023_%s.yaml" % n, MINIMAL + rows.replace("N", n))
        r = nb("check", f, "--previous", y22)
        want = [] if change is None else [
            "%s:7:13: warning: %s, column %s: %s, %s 2022's 12 (%s): check it" % (f, t3, col, n, change, y22)
            for col in ("自然人", "总计")]
        check(r.returncode == 0 and r.stderr.splitlines() == want, "jump to %s: %d %r" % (n, r.returncode, r.stderr))
    small = write("j2021.yaml", MINIMAL.replace("2023", "2022") + rows.replace("N", "1"))
    f = write("j2023_9.yaml", MINIMAL + rows.replace("N", "9"))
    r = nb("check", f, "--previous", small)
    check(r.returncode == 0 and r.stderr == "", "1 to 9: both below 10, no warning: %r" % r.stderr)


def test_cross_year_copied():
    """A text section 90 % or more the same as last year's (both 40+ characters): a warning naming it and the share."""
    text = ("overview: 2022年，甲局认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
            "全面推进决策、执行、管理、服务、结果公开，政务公开工作取得新成效。\n")
    y22 = write("c2022.yaml", MINIMAL.replace("2023", "2022").replace("overview: 总体情况正文。\n", text))
    same = write("c2023.yaml", MINIMAL.replace("overview: 总体情况正文。\n", text.replace("2022年", "2023年")))
    r = nb("check", same, "--previous", y22)
    want = ["%s:3:11: warning: 总体情况: 97%% the same text as 2022's (%s): a report copied from last year (内容雷同)?" % (same, y22)]
    check(r.returncode == 0 and r.stderr.splitlines() == want, "copied overview: %d %r" % (r.returncode, r.stderr))
    new = write("c2023b.yaml", MINIMAL.replace("overview: 总体情况正文。\n", text.replace("政务公开工作取得新成效", "全年主动公开信息1200条，办理申请35件，答复率100%")))
    r = nb("check", new, "--previous", y22)
    check(r.returncode == 0 and r.stderr == "", "rewritten overview: %r" % r.stderr)
    r = nb("check", write("c2023c.yaml", MINIMAL), "--previous", write("c2022c.yaml", MINIMAL.replace("2023", "2022")))
    check(r.returncode == 0 and r.stderr == "", "short texts (问题正文。 twice) are not flagged: %r" % r.stderr)


def test_environment_errors():
    r = nb("render", SAMPLE, "-o", "/nonexistent-dir/x.pdf")
    check(r.returncode == 3 and "cannot write /nonexistent-dir/x.pdf" in r.stderr, "unwritable output: %d %s" % (r.returncode, r.stderr))
    r = nb("render", SAMPLE, "-o", os.path.join(WORK, "y.pdf"), "--layout", "no-such-layout")
    check(r.returncode == 3 and "layout 'no-such-layout' not found" in r.stderr, "missing layout: %d %s" % (r.returncode, r.stderr))
    r = nb("check", os.path.join(WORK, "missing.yaml"))
    check(r.returncode in (1, 3) and "missing.yaml" in r.stderr, "missing data file: %d %s" % (r.returncode, r.stderr))


def test_layout_change_without_recompiling():
    lay = os.path.join(WORK, "mylayout")
    shutil.rmtree(lay, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, "layouts", "gb-2021"), lay)
    f = open(os.path.join(lay, "form.yaml"), encoding="utf-8").read()
    f = f.replace("{key: overview, heading: 总体情况,", "{key: overview, heading: 总体概况,")
    open(os.path.join(lay, "form.yaml"), "w", encoding="utf-8").write(f)
    y = open(os.path.join(lay, "layout.yaml"), encoding="utf-8").read()
    y = y.replace("[信息内容, 本年制发件数,", "[信息类别, 本年制发件数,")
    y = y.replace("margin_left: 28mm", "margin_left: 38mm")
    open(os.path.join(lay, "layout.yaml"), "w", encoding="utf-8").write(y)
    a, b = os.path.join(WORK, "std"), os.path.join(WORK, "changed")
    r1 = nb("render", SAMPLE, "-o", a + ".pdf", "-o", a + ".html")
    r2 = nb("render", SAMPLE, "-o", b + ".pdf", "-o", b + ".html", "--layout", lay)
    check(r1.returncode == 0 and r2.returncode == 0, "render: " + r1.stderr + r2.stderr)
    h1, h2 = open(a + ".html", encoding="utf-8").read(), open(b + ".html", encoding="utf-8").read()
    check("一、总体情况" in h1 and "一、总体概况" in h2 and "一、总体情况" not in h2, "heading change not in HTML")
    check(">信息类别<" in h2 and ">信息类别<" not in h1, "label change not in HTML")
    t2 = pdftext(b + ".pdf")
    check("一、总体概况" in t2 and "信息类别" in t2, "heading/label change not in PDF")
    def first_x(pdf):
        out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"], capture_output=True, text=True).stdout
        xs = [float(x) for x in re.findall(r'xMin="([\d.]+)"', out)]
        return min(xs)
    dx = first_x(b + ".pdf") - first_x(a + ".pdf")
    check(abs(dx - 10 * 72 / 25.4) < 0.5, "margin change moved text by %.2f pt, expected %.2f" % (dx, 10 * 72 / 25.4))
    # by name through NIANBAO_LAYOUT_PATH, from another working directory
    r = nb("render", SAMPLE, "-o", os.path.join(WORK, "byname.html"), "--layout", "mylayout", cwd="/", env={"NIANBAO_LAYOUT_PATH": WORK})
    check(r.returncode == 0 and "总体概况" in open(os.path.join(WORK, "byname.html"), encoding="utf-8").read(),
          "layout by name via NIANBAO_LAYOUT_PATH: " + r.stderr)
    # a broken layout is a clear error at its position
    open(os.path.join(lay, "layout.yaml"), "w", encoding="utf-8").write(y.replace("size: 三号", "size: 三好", 1))
    r = nb("render", SAMPLE, "-o", os.path.join(WORK, "broken.pdf"), "--layout", lay)
    check(r.returncode == 3 and re.search(r"layout\.yaml:\d+:\d+: error: bad measure '三好'", r.stderr) is not None,
          "broken layout: %d %s" % (r.returncode, r.stderr))


def test_form_change_without_recompiling():
    """A copy of gb-2021 whose form has one more row in table 二 (a new data
    key), a grid row for it, and a rule over it: no rebuild, and the key is
    accepted, its typo refused with a suggestion, the row printed in PDF and
    HTML, and the rule enforced at the row's position."""
    lay = os.path.join(WORK, "myform")
    shutil.rmtree(lay, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, "layouts", "gb-2021"), lay)
    fp, lp = os.path.join(lay, "form.yaml"), os.path.join(lay, "layout.yaml")
    f = open(fp, encoding="utf-8").read()
    anchor = "      - {key: licensing, label: 行政许可, value: count}\n"
    check(anchor in f, "form.yaml has no licensing row to insert after")
    f = f.replace(anchor, anchor + "      - {key: confirmations, label: 行政确认, value: count}\n", 1)
    f = f.replace("    note: note\n    not_applicable: true", "    note: note\n    not_applicable: true\n    rules:\n"
                  "      - {left: [confirmations], right: [licensing], at: confirmations,\n"
                  "         message: \"{table}: {left_terms} = {left} but {right_terms} = {right}\"}", 1)
    open(fp, "w", encoding="utf-8").write(f)
    y = open(lp, encoding="utf-8").read()
    anchor = "      - [{text: 行政许可, align: center}, {field: proactive.licensing, colspan: 3}]\n"
    check(anchor in y, "layout.yaml has no licensing grid row")
    y = y.replace(anchor, anchor + "      - [{text: 行政确认, align: center}, {field: proactive.confirmations, colspan: 3}]\n", 1)
    open(lp, "w", encoding="utf-8").write(y)
    data = MINIMAL + "proactive:\n  licensing: 7\n  confirmations: 7\n"
    ok = write("form_ok.yaml", data)
    out = os.path.join(WORK, "form_ok")
    r = nb("render", ok, "-o", out + ".pdf", "-o", out + ".html", "--layout", lay)
    check(r.returncode == 0 and r.stderr == "", "new key not accepted: %d %s" % (r.returncode, r.stderr))
    if r.returncode == 0:
        h = open(out + ".html", encoding="utf-8").read()
        check(re.search(r">行政确认</th>\s*<td[^>]*>7</td>", h) is not None, "new row not in the HTML grid")
        check(re.search(r"行政确认\s+7", pdftext(out + ".pdf")) is not None, "new row not in the PDF")
    typo = write("form_typo.yaml", MINIMAL + "proactive:\n  confirmation: 7\n")
    r = nb("check", typo, "--layout", lay)
    check(r.returncode == 1 and r.stderr == typo + ":7:3: error: unknown key 'confirmation' in proactive "
          "(did you mean 'confirmations'?)\n", "typo of the new key: %d %s" % (r.returncode, r.stderr))
    bad = write("form_rule.yaml", MINIMAL + "proactive:\n  licensing: 7\n  confirmations: 6\n")
    r = nb("check", bad, "--layout", lay)
    check(r.returncode == 1 and r.stderr == bad + ":8:18: error: 表二（主动公开政府信息情况）: 行政确认 = 6 but 行政许可 = 7\n",
          "the new rule: %d %s" % (r.returncode, r.stderr))
    # the unchanged layout does not know the key
    r = nb("check", ok)
    check(r.returncode == 1 and "unknown key 'confirmations' in proactive" in r.stderr, "stock form took the new key: " + r.stderr)


def test_hostile_and_rare_text():
    hostile = '<script>alert(1)</script> & "引号" \'x\' </style><!-- --> <img src=x onerror=alert(1)>'
    p = write("hostile.yaml", MINIMAL.replace("总体情况正文。", "'%s'" % hostile.replace("'", "''")).replace(
        "问题正文。", "生僻字𠀀𠮷䶮和㈠。"))
    out = os.path.join(WORK, "hostile")
    r = nb("render", p, "-o", out + ".html", "-o", out + ".pdf")
    check(r.returncode == 0, "hostile render: " + r.stderr)
    h = open(out + ".html", encoding="utf-8").read()
    check("<script>" not in h and "<img" not in h and "&lt;script&gt;alert(1)&lt;/script&gt;" in h, "HTML not escaped")
    t = pdftext(out + ".pdf")
    check("<script>alert(1)</script>" in t, "PDF does not show the hostile text literally")
    check("生僻字𠀀𠮷䶮和㈠。" in t, "rare characters not extracted exactly from the PDF")
    p = write("nofont.yaml", MINIMAL.replace("问题正文。", "问题\U0010FFFD正文。"))
    r = nb("render", p, "-o", os.path.join(WORK, "nofont.pdf"))
    check(r.returncode == 1 and re.search(re.escape(p) + r":4:\d+: error: no font has the character .*U\+10FFFD", r.stderr) is not None,
          "uncovered character: %d %s" % (r.returncode, r.stderr))
    check(not os.path.exists(os.path.join(WORK, "nofont.pdf")), "uncovered character: output written")


def test_long_title_breaks_between_words():
    """A title given without break hints breaks at the layout's word boundaries, PDF and HTML alike."""
    sample = os.path.join(SRC, "samples", "103_long_title.yaml")
    out = os.path.join(WORK, "title")
    r = nb("render", sample, "-o", out + ".pdf", "-o", out + ".html")
    check(r.returncode == 0, "render 103: " + r.stderr)
    lines = subprocess.run(["pdftotext", "-l", "1", out + ".pdf", "-"], capture_output=True, text=True).stdout.splitlines()[:4]
    want = ["云溪市南湖高新技术产业开发区管理委员会", "党政办公室", "（开发区政务服务和大数据管理局）", "关于2023年度政府信息公开工作情况的报告"]
    check(lines == want, "title lines: %s" % lines)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", open(out + ".html", encoding="utf-8").read()).group(1)
    check(h1.split("<wbr>") == want, "HTML title break points: " + h1)


def test_fragment_and_dates():
    frag = os.path.join(WORK, "frag.html")
    r = nb("render", SAMPLE, "-o", frag, "--fragment")
    h = open(frag, encoding="utf-8").read()
    check(r.returncode == 0 and "<html" not in h and "<head" not in h and h.lstrip().startswith("<div"), "fragment is not a fragment")
    pdf = os.path.join(WORK, "sde.pdf")
    r = nb("render", SAMPLE, "-o", pdf, env={"SOURCE_DATE_EPOCH": "1700000000"})
    check(b"/CreationDate (D:20231114221320Z" in open(pdf, "rb").read(), "SOURCE_DATE_EPOCH not used")
    r = nb("render", SAMPLE, "-o", pdf)
    check(b"/CreationDate (D:20231231" in open(pdf, "rb").read(), "date is not 31 December of the year")


def main():
    os.makedirs(WORK, exist_ok=True)
    for name, fn in sorted(globals().items()):
        if name.startswith("test_"):
            n = len(failures)
            fn()
            print("%s: %s" % (name, "ok" if len(failures) == n else "FAILED"))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
