#!/usr/bin/env python3
"""Pathological inputs: each renders correctly or fails with a clear error,
within a bound on time and on memory (peak RSS of the child, from wait4).

usage: hardening_pathological.py NIANBAO HARDENING_RENDER WORKDIR [--sanitized] [--only NAME]

--sanitized (ASan/UBSan build): times are allowed 10 times longer and memory
is not bounded (the sanitizers' shadow memory and quarantine dominate).
Prints one line per case: name, exit status, seconds, peak MiB."""
import os
import re
import resource
import subprocess
import sys
import time

NIANBAO, RENDER, WORK = sys.argv[1:4]
SANITIZED = "--sanitized" in sys.argv
ONLY = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
TIME_FACTOR = 10 if SANITIZED else 1
os.makedirs(WORK, exist_ok=True)
failures = []

BASE = """agency: 测试局
year: 2023
overview: 总体情况正文。
problems: 问题正文。
other_matters: 无。
"""
LINE = "本机关认真贯彻落实政府信息公开条例，持续推进决策、执行、管理、服务、结果公开。"


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL: " + msg)


def path(name):
    return os.path.join(WORK, name)


def write(name, text):
    p = path(name)
    with open(p, "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


def no_core():
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(args, seconds, mib, label):
    """Runs args with a wall-clock bound; returns (exit, stderr, seconds, peak MiB)."""
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    err_path = path(label + ".stderr")
    with open(err_path, "wb") as err:
        start = time.monotonic()
        # preexec_fn makes Python fork instead of vfork: the child's peak RSS
        # then starts from this script's current RSS, not from its own peak
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=env, preexec_fn=no_core)
        limit = seconds * TIME_FACTOR
        status = None
        while status is None:
            pid, st, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                status = st
                break
            if time.monotonic() - start > limit:
                p.kill()
                pid, st, ru = os.wait4(p.pid, 0)
                status = None
                break
            time.sleep(0.005)
        elapsed = time.monotonic() - start
    peak = ru.ru_maxrss / 1024.0
    stderr = open(err_path, encoding="utf-8", errors="replace").read()
    if status is None:
        check(False, "%s: still running after %.0f s (killed)" % (label, limit))
        return -1, stderr, elapsed, peak
    code = os.waitstatus_to_exitcode(status)
    print("%-28s exit %d  %6.2f s  %7.1f MiB" % (label, code, elapsed, peak))
    check(code >= 0, "%s: killed by signal %d\n%s" % (label, -code, stderr[-2000:]))
    check(elapsed <= limit, "%s: took %.2f s, bound %.0f s" % (label, elapsed, limit))
    if not SANITIZED:
        check(peak <= mib, "%s: peak memory %.1f MiB, bound %d MiB" % (label, peak, mib))
    return code, stderr, elapsed, peak


def pdftext(pdf):
    return subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout


def pdfpages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else -1


def cjk_punct(c):
    return (0x3000 <= c <= 0x303F or 0xFF01 <= c <= 0xFF0F or 0xFF1A <= c <= 0xFF20 or 0xFF3B <= c <= 0xFF40 or
            0xFF5B <= c <= 0xFF65 or 0x2018 <= c <= 0x201F or c in (0x2014, 0x2026, 0x00B7))


def check_boxes(boxes_path, label):
    """Every glyph inside the text block (page numbers below it), no rule
    through a glyph, no two glyphs of a line on top of each other."""
    top = bottom = left = right = offset = 0
    pages = []
    for line in open(boxes_path, encoding="utf-8"):
        f = line.split()
        if f[0] == "B":
            top, bottom, left, right, offset = map(int, f[1:6])
        elif f[0] == "P":
            pages.append(([], []))
        elif f[0] == "G":
            pages[-1][0].append(tuple(map(int, f[1:6])))
        elif f[0] == "R":
            pages[-1][1].append(tuple(map(int, f[1:5])))
    problems = []
    # GB/T 9704's grid (28 characters of 16 pt in 156 mm) sets full-width
    # characters 0.2 pt closer than their em: the last one's em box may stick
    # out that far. 1 pt of slack, no more.
    slack = 1000
    for n, (glyphs, rules) in enumerate(pages, 1):
        body = [g for g in glyphs if g[1] <= bottom]
        foot = [g for g in glyphs if g[1] > bottom]
        for x, y, size, adv, cp in body:
            if cjk_punct(cp):  # its ink is half its em: squeezed to that at a line's end
                adv //= 2
            if x < left - slack or x + adv > right + slack or y - size * 88 // 100 < top - slack:
                problems.append("page %d: U+%04X at x=%d y=%d outside the text block" % (n, cp, x, y))
        for x, y, size, adv, cp in foot:  # only the page number may stand below the text block
            if y != bottom + offset + size * 880 // 1000:
                problems.append("page %d: U+%04X at y=%d below the text block" % (n, cp, y))
        lines = {}
        for g in body:
            lines.setdefault(g[1], []).append(g)
        for y, gs in lines.items():
            gs.sort()
            for a, b in zip(gs, gs[1:]):
                # squeezed punctuation may give up to half an em
                if b[0] < a[0] + a[3] - a[2] // 2 - 1:
                    problems.append("page %d: U+%04X and U+%04X overlap at y=%d" % (n, a[4], b[4], y))
        for x1, y1, x2, y2 in rules:
            for x, y, size, adv, cp in body:
                gx1, gx2 = x + size // 20, x + adv - size // 20
                gy1, gy2 = y - size * 80 // 100, y + size // 10
                if x1 == x2 and gx1 < x1 < gx2 and min(y1, y2) < gy2 and max(y1, y2) > gy1:
                    problems.append("page %d: vertical rule x=%d crosses U+%04X at %d,%d" % (n, x1, cp, x, y))
                if y1 == y2 and gy1 < y1 < gy2 and min(x1, x2) < gx2 and max(x1, x2) > gx1:
                    problems.append("page %d: horizontal rule y=%d crosses U+%04X at %d,%d" % (n, y1, cp, x, y))
    check(not problems, "%s: %d layout problems, first: %s" % (label, len(problems), problems[:3]))
    return len(pages)


def render_ok(name, data, seconds, mib, boxes=True, no_rules=False):
    """Renders with the CLI (PDF + HTML) and, for the box checks, with the driver."""
    src = write(name + ".yaml", data)
    out = path(name)
    for ext in (".pdf", ".html"):
        if os.path.exists(out + ext):
            os.unlink(out + ext)
    code, err, t, peak = run([NIANBAO, "render", src, "-o", out + ".pdf", "-o", out + ".html"], seconds, mib, name)
    check(code == 0 and err == "", "%s: exit %d: %s" % (name, code, err[:500]))
    if boxes:
        args = [RENDER, src, out + "-boxes"] + (["--no-rules"] if no_rules else [])
        code, err, _, _ = run(args, seconds * 2, mib * 2, name + " (boxes)")
        check(code == 0, "%s: driver exit %d: %s" % (name, code, err[:500]))
        if code == 0:
            check_boxes(out + "-boxes.boxes", name)
    return out, t


def fails(name, data, seconds, mib, expected, args=None):
    """Runs `nianbao render` (or args) and expects exit 1 with exactly these diagnostics."""
    src = write(name + ".yaml", data) if data is not None else path(name + ".yaml")
    out = path(name + ".pdf")
    if os.path.exists(out):
        os.unlink(out)
    code, err, t, peak = run(args or [NIANBAO, "render", src, "-o", out, "-o", path(name + ".html")], seconds, mib, name)
    expected = [e.replace("FILE", src) for e in expected]
    check(code == 1, "%s: exit %d, expected 1" % (name, code))
    check(err.splitlines() == expected, "%s: diagnostics\n%s\nexpected\n%s" % (name, err[:3000], "\n".join(expected)[:3000]))
    check(not os.path.exists(out) and not os.path.exists(path(name + ".html")), "%s: output written" % name)
    return t


def body_with_paragraphs(n):
    return BASE.replace("overview: 总体情况正文。", "overview: |\n" + "".join(
        "  第%d段。%s\n\n" % (i + 1, LINE) for i in range(n)))


def items_doc(n):
    return BASE.replace("overview: 总体情况正文。", "overview:\n  items:\n" + "".join(
        "    - heading: 事项%d\n      text: 内容%d。\n" % (i + 1, i + 1) for i in range(n)))


# ---------------------------------------------------------------- the cases

def case_paragraphs():
    out, t = render_ok("paragraphs_2000", body_with_paragraphs(2000), 10, 120)
    text = pdftext(out + ".pdf")
    check(all(("第%d段。" % i) in text for i in (1, 1000, 2000)), "paragraphs_2000: paragraphs missing from the PDF")
    check(text.count("段。") == 2000, "paragraphs_2000: %d paragraphs in the PDF" % text.count("段。"))
    html = open(out + ".html", encoding="utf-8").read()
    check(len(re.findall(r"<p[ >]第\d+段。", html)) + len(re.findall(r'<p class="[^"]*">第\d+段。', html)) == 2000,
          "paragraphs_2000: paragraphs missing from the HTML")


def case_largest_file():
    """The largest file accepted (just under 8 MiB: ~60,000 paragraphs)."""
    text = BASE.replace("overview: 总体情况正文。", "overview: |\n")
    parts, size, i = [], len(text.encode()), 0
    while size < 8 * 1024 * 1024 - 64 * 1024:
        s = "  第%d段。%s\n\n" % (i + 1, LINE)
        parts.append(s)
        size += len(s.encode())
        i += 1
    out, t = render_ok("largest_file_8mib", text + "".join(parts), 40, 700, boxes=False)
    check(pdfpages(out + ".pdf") > 5000, "largest_file_8mib: %d pages" % pdfpages(out + ".pdf"))
    check(("第%d段。" % i) in pdftext(out + ".pdf")[-20000:], "largest_file_8mib: last paragraph missing")
    # Latin text: a byte is a character, three times the glyphs of Chinese
    line = "  The agency published information on its website and answered requests within the time limit.\n\n"
    n = (8 * 1024 * 1024 - 64 * 1024) // len(line)
    out, t = render_ok("largest_file_8mib_latin", text + line * n, 40, 1500, boxes=False)
    check(pdfpages(out + ".pdf") > 6000, "largest_file_8mib_latin: %d pages" % pdfpages(out + ".pdf"))


def case_long_token():
    token = "A" * 5000
    out, _ = render_ok("token_5000_body", BASE.replace("问题正文。", token), 10, 120)
    check(pdftext(out + ".pdf").count("A") == 5000, "token_5000_body: not every character in the PDF")
    check(token in open(out + ".html", encoding="utf-8").read(), "token_5000_body: token not in the HTML")
    out, _ = render_ok("token_5000_agency", BASE.replace("agency: 测试局", "agency: " + token) +
                       "signed: {date: 2024-01-20}\n", 10, 120)
    # the title and the sign-off carry it
    check(pdftext(out + ".pdf").count("A") == 10000, "token_5000_agency: title or sign-off lost characters")
    # in a table cell it wraps (forced cuts) inside the cell
    out, _ = render_ok("token_300_cell", BASE + "proactive:\n  licensing: {count: 5, note: %s}\n" % ("B" * 300), 10, 120)
    check(pdftext(out + ".pdf").count("B") == 300, "token_300_cell: not every character in the PDF")


def case_row_taller_than_page():
    # Rows never split, so a cell taller than a page is an error at its count
    # (the A of the 仿宋 role come from its latin role, Liberation Serif).
    note = "A" * 5000
    fails("token_5000_cell", BASE + "proactive:\n  licensing: {count: 5, note: %s}\n" % note, 10, 120,
          ["FILE:7:14: error: this table cell's text is too long for one page: it takes 121 lines in its "
           "column, a page holds 45 under the table's header; shorten it"])
    note = "说明" * 800
    fails("row_taller_than_page", BASE + "applications:\n  received: [{count: 1, note: %s}, 0, 0, 0, 0, 0]\n"
          "  results:\n    disclosed: [1, 0, 0, 0, 0, 0]\n" % note, 10, 120,
          ["FILE:7:14: error: this table cell's text is too long for one page: it takes 534 lines in its "
           "column, a page holds 38 under the table's header; shorten it"])


def nine_digit_doc(consistent, n="999999999", reviews="999999999", applications=None):
    applications = applications or n
    six, three, four = ("[" + ", ".join([v] * k) + "]" for v, k in ((applications, 6), (n, 3), (reviews, 4)))
    rows = {"withheld": "state_secret prohibited_by_law endangers_security third_party_rights internal_affairs "
                        "process_information enforcement_files administrative_query",
            "unavailable": "not_held needs_creation still_unclear",
            "not_processed": "petition repeated publication excessive confirm_or_reissue",
            "other_handling": "no_correction fee_unpaid other"}
    y = BASE + ("proactive:\n  rules: %s\n  normative_documents: %s\n  licensing: %s\n  punishment: %s\n"
                "  coercion: %s\n  fees: 99999999999999.999999\n" % (three, three, n, n, n))
    y += "reviews:\n  review: %s\n  litigation_direct: %s\n  litigation_after_review: %s\n" % (four, four, four)
    if consistent:  # table 三 balances: received = disclosed
        return y + "applications:\n  received: %s\n  results:\n    disclosed: %s\n" % (six, six)
    y += "applications:\n  received: %s\n  carried_over: %s\n  carried_forward: %s\n  results:\n" % (six, six, six)
    y += "    disclosed: %s\n    partially_disclosed: %s\n" % (six, six)
    for group, keys in rows.items():
        y += "    %s:\n" % group + "".join("      %s: %s\n" % (k, six) for k in keys.split())
    return y


def too_wide(doc, table, need, widest):
    """The error of a table whose numbers do not fit even at its smaller size, at its first row."""
    key = {"四": "  review: [", "三": "  received: ["}[table]
    name = {"四": "表四（政府信息公开行政复议、行政诉讼情况）", "三": "表三（收到和处理政府信息公开申请情况）"}[table]
    line = next(i for i, l in enumerate(doc.split("\n")) if l.startswith(key)) + 1
    return ("FILE:%d:%d: error: %s is too wide for the page: its columns need %s mm to set its numbers unbroken "
            "(the widest here: %s), the text is 156.0 mm wide" % (line, len(key), name, need, widest))


def case_nine_digits():
    # Nine digits in table 二 (the fee to the fen), eight in table 三 (its
    # totals nine: set at 小五), four in table 四: renders, no number broken.
    out, _ = render_ok("nine_digits", nine_digit_doc(True, reviews="9999", applications="20000000"), 10, 120)
    text = re.sub(r"\s", "", pdftext(out + ".pdf"))
    check(text.count("999999999") >= 3, "nine_digits: table 二 counts not all in the PDF")
    check(text.count("120000000") == 3, "nine_digits: table 三 totals not all in the PDF")
    check(text.count("39996") == 3, "nine_digits: table 四 totals not all in the PDF")
    check("99999999999999.999999" in text, "nine_digits: fee not printed exactly")
    # Nine digits in every count of table 四 (totals ten) do not fit the page
    # unbroken even at 小五: a clear error, nothing written (table 三 at 小五,
    # with Liberation Serif's digits, does fit).
    doc = nine_digit_doc(True)
    fails("nine_digits_wide", doc, 10, 120, [too_wide(doc, "四", "250.8", "3999999996")])
    # Every cell of table 三 too: it cannot balance (22 rows of at least
    # 10^8 against two), so `nianbao render` refuses with the rule's errors;
    # without the rules (the driver) the widths are the error.
    src = write("nine_digits_all.yaml", nine_digit_doc(False))
    code, err, _, _ = run([NIANBAO, "render", src, "-o", path("nine_digits_all.pdf")], 10, 120, "nine_digits_all")
    cols = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    line = nine_digit_doc(False).split("\n").index("  received: [999999999, 999999999, 999999999, 999999999, "
                                                   "999999999, 999999999]") + 1
    expected = ["%s:%d:13: error: 表三（收到和处理政府信息公开申请情况） column %s: 一 + 二 = 999999999 + 999999999 = "
                "1999999998 but 三、本年度办理结果（七）总计 + 四 = 20999999979 + 999999999 = 21999999978" % (src, line, c)
                for c in cols]
    expected.append("%s:%d:13: error: 表三（收到和处理政府信息公开申请情况） column 总计: 一 + 二 = 5999999994 + "
                    "5999999994 = 11999999988 but 三、本年度办理结果（七）总计 + 四 = 125999999874 + 5999999994 = "
                    "131999999868" % (src, line))
    check(code == 1 and err.splitlines() == expected, "nine_digits_all: exit %d\n%s" % (code, err))
    code, err, _, _ = run([RENDER, src, path("nine_digits_all"), "--no-rules"], 20, 240, "nine_digits_all (boxes)")
    doc = nine_digit_doc(False)
    expected = [e.replace("FILE", src) for e in (too_wide(doc, "四", "250.8", "3999999996"),
                                                 too_wide(doc, "三", "165.6", "5999999994"))]
    check(code == 1 and err.splitlines() == expected, "nine_digits_all: driver exit %d: %s" % (code, err))


def case_items():
    # 10,000 items render, in time linear in their number.
    _, t_small = render_ok("items_2500", items_doc(2500), 10, 200, boxes=False)
    out, t_big = render_ok("items_10000", items_doc(10000), 20, 400, boxes=False)
    text = pdftext(out + ".pdf")
    check("（10000）事项10000" in text and "（九百九十九）事项999" in text, "items_10000: item headings missing")
    # 4 times the items: allow 6 times the time (plus start-up noise), not 16
    check(t_big <= 6 * t_small + 0.5, "items_10000: %.2f s for 4x the items of %.2f s: not linear" % (t_big, t_small))


def case_nesting():
    deep = "agency: " + "[" * 100000 + "]" * 100000 + "\n"
    fails("deep_flow_seq", deep, 5, 64, ["FILE:1:72: error: nesting deeper than 64 levels"])
    deep = "agency: " + "{a: " * 100000 + "}" * 100000 + "\n"
    fails("deep_flow_map", deep, 5, 64, ["FILE:1:261: error: nesting deeper than 64 levels"])
    deep = "agency: " + "[{a: " * 50000 + "}]" * 50000 + "\n"
    fails("deep_flow_mixed", deep, 5, 64, ["FILE:1:165: error: nesting deeper than 64 levels"])


def case_alias_bomb():
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        "a%d: &a%d [%s]\n" % (k, k, ", ".join(["*a%d" % (k - 1)] * 10)) for k in range(1, 10))
    fails("alias_bomb", BASE + bomb, 5, 64, ["FILE:12:10: error: alias expansion exceeds 2000000 nodes"])
    # mappings weigh their keys too: a5 (2,111,111 nodes) passes the limit at its 9th alias
    bomb = "a0: &a0 {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9, q: 10}\n" + "".join(
        "a%d: &a%d [%s]\n" % (k, k, ", ".join(["*a%d" % (k - 1)] * 10)) for k in range(1, 10))
    fails("alias_bomb_maps", BASE + bomb, 5, 64, ["FILE:11:50: error: alias expansion exceeds 2000000 nodes"])
    # few nodes, much text: a 900 KB string aliased in 300 items would be
    # 270 MB to load and typeset; expanded text stops at 8 MiB (the 9th alias)
    bomb = BASE.replace("overview: 总体情况正文。\n", "") + 'preface: &a "%s"\n' % ("字" * 300000) + \
        "overview:\n  items:\n" + "".join("    - {heading: 标题, text: *a}\n" for i in range(300))
    fails("alias_text_bomb", bomb, 5, 64, ["FILE:16:27: error: alias expansion exceeds 8 MiB of text"])


def case_huge_file():
    p = path("huge_50mb.yaml")
    with open(p, "wb") as f:
        f.write(BASE.encode())
        for _ in range(50):
            f.write((b"# " + b"x" * 1021 + b"\n") * 1024)
    fails("huge_50mb", None, 5, 64, ["FILE: error: file is larger than the 8 MiB limit"])
    p = path("huge_one_line.yaml")
    with open(p, "wb") as f:
        f.write(b"agency: ")
        for _ in range(50):
            f.write(b"x" * (1024 * 1024))
        f.write(b"\n")
    fails("huge_one_line", None, 5, 64, ["FILE: error: file is larger than the 8 MiB limit"])


def case_invalid_utf8():
    fails("invalid_utf8_byte", BASE.encode().replace("测试局".encode(), b"\xff\xfe"), 5, 64,
          ["FILE:1:9: error: invalid UTF-8: invalid leading UTF-8 octet (bad bytes: FF); save the file as UTF-8"])
    fails("invalid_utf8_overlong", BASE.encode().replace("测试局".encode(), b"\xc0\xaf"), 5, 64,
          ["FILE:1:9: error: invalid UTF-8: invalid length of a UTF-8 sequence (bad bytes: C0 AF); save the file as UTF-8"])
    fails("invalid_utf8_surrogate", BASE.encode().replace("测试局".encode(), b"\xed\xa0\x80"), 5, 64,
          ["FILE:1:9: error: invalid Unicode character: U+D800"])
    fails("invalid_utf8_truncated", BASE.encode() + b"title: \xe6\xb5", 5, 64,
          ["FILE:6:8: error: invalid UTF-8: incomplete UTF-8 octet sequence (bad bytes: E6 B5); save the file as UTF-8"])
    # libyaml reads UTF-16 with a byte-order mark; a broken one is still reported
    fails("invalid_utf16", "\ufeff".encode("utf-16-le") + BASE.encode("utf-16-le")[:40] + b"\x00\xd8", 5, 64,
          ["FILE:2:18: error: incomplete UTF-16 surrogate pair"])


def case_many_errors():
    # 100,000 unknown keys: each reported with its suggestion, in linear time
    keys = "".join("agencyy%d: 1\n" % i for i in range(100000))
    src = write("many_unknown_keys.yaml", BASE + keys)
    code, err, _, _ = run([NIANBAO, "check", src], 10, 200, "many_unknown_keys")
    lines = err.splitlines()
    check(code == 1 and len(lines) == 100000, "many_unknown_keys: exit %d, %d lines" % (code, len(lines)))
    check(lines[:1] == ["%s:6:1: error: unknown key 'agencyy0' (did you mean 'agency'?)" % src],
          "many_unknown_keys: first line %r" % lines[:1])


CASES = [case_paragraphs, case_long_token, case_row_taller_than_page, case_nine_digits, case_items, case_nesting,
         case_alias_bomb, case_huge_file, case_invalid_utf8, case_many_errors, case_largest_file]

for c in CASES:
    if ONLY and c.__name__ != "case_" + ONLY:
        continue
    c()

if failures:
    print("%d failed" % len(failures))
    sys.exit(1)
print("all pathological inputs bounded")
