#!/usr/bin/env python3
"""Builds the fuzz seed corpus: every sample, the hand-written seeds of
tests/fuzz/seeds/, every crash once found (tests/fuzz/regress/, the small
ones) and the
input of every example of the literate error specs (tests/errors/*.txt,
with their \\xNN and \\t escapes applied), one file each.

usage: seed_corpus.py SOURCE_DIR OUT_DIR"""
import os
import re
import shutil
import sys

SRC, OUT = sys.argv[1:3]
os.makedirs(OUT, exist_ok=True)
n = 0
for sub in ("samples", "tests/fuzz/seeds", "tests/fuzz/regress"):
    d = os.path.join(SRC, sub)
    for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        p = os.path.join(d, name)
        # Big regressions (alias bombs of 40 KB) would make every mutation of
        # them slow, and set libFuzzer's -max_len to their size: the replay
        # tests run them, the fuzzer starts from the small ones.
        if os.path.isfile(p) and (sub != "tests/fuzz/regress" or os.path.getsize(p) <= 16384):
            shutil.copyfile(os.path.join(d, name), os.path.join(OUT, sub.replace("/", "_") + "_" + name))
            n += 1

fence = re.compile(r"^(`{8,}) example (\S+)(.*)$")
errdir = os.path.join(SRC, "tests", "errors")
for spec in sorted(os.listdir(errdir)):
    if not spec.endswith(".txt"):
        continue
    lines = open(os.path.join(errdir, spec), encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = fence.match(lines[i])
        if not m:
            i += 1
            continue
        opts = m.group(3).split()
        body = []
        i += 1
        while i < len(lines) and lines[i] != ".":
            body.append(lines[i])
            i += 1
        while i < len(lines) and lines[i] != m.group(1):
            i += 1
        text = "\n".join(body) + "\n"
        if "tabs" in opts:
            text = text.replace("\\t", "\t")
        data = text.encode("utf-8")
        if "escapes" in opts:
            data = re.sub(rb"\\x([0-9A-Fa-f]{2})", lambda x: bytes([int(x.group(1), 16)]), data)
        if len(data) <= 65536:  # pad=N examples (size limits) are left to the pathological tests
            with open(os.path.join(OUT, "errors_%s_%s.yaml" % (spec[:-4], m.group(2))), "wb") as f:
                f.write(data)
            n += 1
print("%d seeds in %s" % (n, OUT))
