#!/usr/bin/env python3
"""Valgrind memcheck over the samples: `nianbao render` of every sample to
PDF and HTML, `nianbao check` of them all and `nianbao build` of the folder,
each with no memory error and no leak (definite, indirect or possible;
fontconfig's process-wide caches, still reachable at exit, are not leaks).

usage: hardening_valgrind.py NIANBAO SOURCE_DIR WORKDIR"""
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys
import time

NIANBAO, SRC, WORK = sys.argv[1:4]
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
VALGRIND = ["valgrind", "--tool=memcheck", "--error-exitcode=99", "--leak-check=full",
            "--show-leak-kinds=definite,indirect,possible", "--errors-for-leak-kinds=definite,indirect,possible",
            "--track-origins=yes", "-q"]


def run(args):
    t = time.monotonic()
    r = subprocess.run(VALGRIND + [NIANBAO] + args, capture_output=True, text=True, timeout=600)
    return args, r, time.monotonic() - t


samples = sorted(glob.glob(os.path.join(SRC, "samples", "*.yaml")))
jobs = []
for s in samples:
    base = os.path.join(WORK, os.path.basename(s)[:-5])
    jobs.append(["render", s, "-o", base + ".pdf", "-o", base + ".html"])
jobs.append(["check"] + samples)
jobs.append(["build", os.path.join(SRC, "samples"), "-o", os.path.join(WORK, "build"), "-j", "2"])

failed = 0
with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
    for args, r, secs in pool.map(run, jobs):
        label = " ".join(a if not a.startswith(SRC) and not a.startswith(WORK) else os.path.basename(a)
                         for a in args[:2])
        # --error-exitcode: 99 for a memory error or a leak; the build's summary goes to stderr
        bad = r.returncode != 0 or ("==" in r.stderr)
        print("%-4s %-45s %5.1f s" % ("FAIL" if bad else "ok", label, secs))
        if bad:
            failed += 1
            print("  exit %d\n%s" % (r.returncode, r.stderr[-6000:]))
print("%d passed, %d failed" % (len(jobs) - failed, failed))
sys.exit(1 if failed else 0)
