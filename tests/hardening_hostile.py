#!/usr/bin/env python3
"""Hostile text: every string of tests/hostile/corpus.json (script tags,
event attributes, javascript: URLs, text that closes <style>, <title> or a
comment, entities, bidirectional controls) is put into every kind of field a
data file has (agency, title, subtitle, preface, section heading, item
headings and text, table-cell notes, table notes, sign-off). Then:

- `nianbao render` exits 0; the only diagnostics are the warnings for the
  bidirectional controls it removed (exact lines);
- the HTML page and the fragment pass tests/html_validate.sh: the Nu Html
  Checker finds no error, and in headless Chromium no script ran
  (window.nbPwned stays unset, no <script>, no on* or javascript: attribute)
  and every corpus string shows literally (bidirectional controls removed);
- the PDF shows every corpus string literally (pdftotext), and so do its
  title and author (pdfinfo);
- control characters written as escapes ("\\a", "\\x85") are errors at their
  position, and nothing is written.

usage: hardening_hostile.py NIANBAO SOURCE_DIR WORKDIR"""
import html as htmlmod
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402

NIANBAO, SRC, WORK = sys.argv[1:4]
os.makedirs(WORK, exist_ok=True)
failures = nbcli.failures
nbcli.ECHO = True
check = nbcli.check
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def q(s):
    """A YAML double-quoted scalar (JSON's escapes are YAML's); raw non-ASCII kept."""
    return json.dumps(s, ensure_ascii=False)


def nb(*args):
    return nbcli.nb(NIANBAO, *args)


corpus = json.load(open(os.path.join(SRC, "tests", "hostile", "corpus.json"), encoding="utf-8"))
literal = [BIDI.sub("", s) for s in corpus]
joined = " ".join(corpus)
paragraphs = "\n\n".join(corpus)

# Table cells are narrow: the shorter strings go into table 三's and 四's
# notes, the longer ones into table 二's wider cells and the table notes.
short = [s for s in corpus if len(s) <= 45]
lines = ["agency: " + q(joined), "year: 2023", "title: " + q(joined), "subtitle: " + q(joined),
         "preface: " + q(paragraphs), "headings:", "  problems: " + q(joined),
         "overview:", "  intro: " + q(paragraphs), "  items:"]
for s in corpus:
    lines += ["    - heading: " + q(s), "      text: " + q(s)]
lines += ["  outro: " + q(paragraphs), "proactive:"]
for key, s in zip(("licensing", "punishment", "coercion"), corpus[-3:]):
    lines.append("  %s: {count: 1, note: %s}" % (key, q(s)))
lines += ["  note: " + q(paragraphs), "applications:"]
withheld = ["state_secret", "prohibited_by_law", "endangers_security", "third_party_rights", "internal_affairs",
            "process_information", "enforcement_files", "administrative_query"]
cells = ["{count: 0, note: %s}" % q(s) for s in short]
lines.append("  results:\n    withheld:")
for i, key in enumerate(withheld):
    row = cells[i * 6:(i + 1) * 6]
    if row:
        lines.append("      %s: [%s]" % (key, ", ".join(row + ["0"] * (6 - len(row)))))
lines += ["  note: " + q(paragraphs), "reviews:"]
rest = cells[len(withheld) * 6:] + cells  # wrap round: every cell of table 四 gets a note
for i, key in enumerate(("review", "litigation_direct", "litigation_after_review")):
    lines.append("  %s: [%s]" % (key, ", ".join(rest[i * 4:(i + 1) * 4])))
lines += ["  note: " + q(paragraphs), "problems: " + q(paragraphs), "other_matters: " + q(paragraphs),
          "signed: {by: %s, date: 2024-01-20}" % q(joined)]
lines = "\n".join(lines).split("\n")
src = os.path.join(WORK, "hostile.yaml")
with open(src, "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")

# Bidirectional controls are removed with a warning at each string holding them.
expected = []
for n, line in enumerate(lines, 1):
    for piece in re.finditer(r'"(?:[^"\\]|\\.)*"', line):
        s = json.loads(piece.group(0))
        k = len(BIDI.findall(s))
        if not k:
            continue
        col = len(line[:piece.start()]) + 1
        what = ("removed the bidirectional control character U+%04X: it would reorder the text readers see"
                % ord(BIDI.search(s).group(0)) if k == 1 else
                "removed %d bidirectional control characters (the first U+%04X): they would reorder the text "
                "readers see" % (k, ord(BIDI.search(s).group(0))))
        expected.append("%s:%d:%d: warning: %s" % (src, n, col, what))

out = os.path.join(WORK, "hostile")
for ext in (".pdf", ".html", ".frag.html"):
    if os.path.exists(out + ext):
        os.unlink(out + ext)
r = nb("render", src, "-o", out + ".pdf", "-o", out + ".html")
check(r.returncode == 0, "render: exit %d: %s" % (r.returncode, r.stderr[:3000]))
check(r.stderr.splitlines() == expected,
      "render diagnostics:\n%s\nexpected:\n%s" % (r.stderr[:4000], "\n".join(expected)[:4000]))
r = nb("render", src, "-o", out + ".frag.html", "--fragment")
check(r.returncode == 0, "render --fragment: exit %d: %s" % (r.returncode, r.stderr[:2000]))

# The raw HTML: no corpus markup survives as markup.
html = open(out + ".html", encoding="utf-8").read()
body = html[html.index("<body>"):]
for tag in ("<script", "<img", "<svg", "<iframe", "<object", "<embed", "<form", "<base", "<meta http-equiv",
            "<noscript", "<template", "<math", "<details", "<style>*", "<a href", "<!-- <script"):
    check(tag not in body, "HTML body contains %r" % tag)
check(not BIDI.search(html), "HTML still holds a bidirectional control character")
m = re.search(r"<title>(.*?)</title>", html, re.S)
check(m is not None and htmlmod.unescape(m.group(1)) == BIDI.sub("", joined),
      "<title> is not the title, literally: %r" % (m and m.group(1)[:300]))

# The browser: no script ran, every string shows literally; the Nu checker: valid.
validate = os.path.join(SRC, "tests", "html_validate.sh")
expect = []
for s in literal:
    expect += ["--expect-text", s]
for args in ([out + ".html"], ["--fragment", out + ".frag.html"]):
    r = subprocess.run(["bash", validate, *expect, *args], capture_output=True, text=True, timeout=600)
    check(r.returncode == 0, "html_validate %s: exit %d\n%s%s" % (args[-1], r.returncode, r.stdout[-4000:],
                                                                 r.stderr[-2000:]))

# The PDF: every string literally (whitespace aside: lines wrap at spaces).
text = subprocess.run(["pdftotext", "-raw", out + ".pdf", "-"], capture_output=True, text=True).stdout
flat = re.sub(r"\s", "", text)
for s in literal:
    check(re.sub(r"\s", "", s) in flat, "PDF does not show %r literally" % s)
check(not BIDI.search(text), "PDF text holds a bidirectional control character")
info = subprocess.run(["pdfinfo", out + ".pdf"], capture_output=True, text=True).stdout
title = re.search(r"^Title:\s+(.*)$", info, re.M)
author = re.search(r"^Author:\s+(.*)$", info, re.M)
check(title and title.group(1) == BIDI.sub("", joined), "PDF title: %r" % (title and title.group(1)))
check(author and author.group(1) == BIDI.sub("", joined), "PDF author: %r" % (author and author.group(1)))

# Control characters from escapes: errors at their strings, nothing written.
bad = os.path.join(WORK, "controls.yaml")
with open(bad, "w", encoding="utf-8") as f:
    f.write('agency: "某\\a局"\nyear: 2023\noverview: "好\\x85"\nproblems: "问题\\e"\nother_matters: "\\u009b无"\n'
            'preface: "\\0"\n')
r = nb("render", bad, "-o", os.path.join(WORK, "controls.pdf"), "-o", os.path.join(WORK, "controls.html"))
check(r.returncode == 1, "controls: exit %d" % r.returncode)
check(r.stderr.splitlines() == ["%s:1:9: error: text must not contain the control character U+0007" % bad,
                                "%s:3:11: error: text must not contain the control character U+0085" % bad,
                                "%s:4:11: error: text must not contain the control character U+001B" % bad,
                                "%s:5:16: error: text must not contain the control character U+009B" % bad,
                                "%s:6:10: error: text must not contain a NUL character (\\0)" % bad],
      "controls: diagnostics\n" + r.stderr)
check(not os.path.exists(os.path.join(WORK, "controls.pdf")) and not os.path.exists(os.path.join(WORK, "controls.html")),
      "controls: output written")

if failures:
    print("%d failed" % len(failures))
    sys.exit(1)
print("%d hostile strings in every field: no script ran, all shown literally" % len(corpus))
