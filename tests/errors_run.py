#!/usr/bin/env python3
"""Runs the literate diagnostic specs in tests/errors/*.txt.

Usage:
  errors_run.py DRIVER SPEC.txt [--only NAME]   run the examples of one spec file
  errors_run.py DRIVER --samples DIR            every DIR/*.yaml must give no diagnostics

DRIVER is the nianbao program: each example is checked as a user would,
`nianbao check input.yaml` in a temporary folder, its diagnostics read from
stderr. The spec format is described at the top of each tests/errors/*.txt
file; option layout=NAME adds `--layout NAME` (a name or a path; a relative
path is taken from the project's top folder).
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import nbcli  # noqa: E402

FENCE = re.compile(r"^(`{8,}) example (\S+)(.*)$")


def parse(path):
    """Yields (name, options, input bytes, expected lines, line number)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, name, opts, start = m.group(1), m.group(2), m.group(3).split(), i + 1
        body, i = [], i + 1
        while i < len(lines) and lines[i] != fence:
            body.append(lines[i])
            i += 1
        if i >= len(lines):
            sys.exit(f"{path}:{start}: example {name} has no closing fence")
        i += 1
        if "." not in body:
            sys.exit(f"{path}:{start}: example {name} has no '.' line")
        dot = body.index(".")
        options = {}
        for o in opts:
            k, _, v = o.partition("=")
            options[k] = v
        text = "\n".join(body[:dot]) + ("\n" if dot else "")
        yield name, options, text, [l for l in body[dot + 1:]], start


def make_input(text, options):
    data = text.encode("utf-8")
    if "escapes" in options:
        # \xNN stands for one raw byte, so that a spec can hold invalid UTF-8
        data = re.sub(rb"\\x([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), data)
    if "tabs" in options:
        data = data.replace(b"\\t", b"\t")
    if "pad" in options:
        size = int(options["pad"])
        filler = size - len(data) - 2
        if filler > 0:
            data += b"#" + b"x" * filler + b"\n"
    return data


def run_example(driver, name, options, text, expected, where):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "input.yaml")
        with open(path, "wb") as f:
            f.write(make_input(text, options))
        limit = float(options.get("timeout", "10"))
        t0 = time.monotonic()
        cmd = [driver, "check", "input.yaml"]
        if "layout" in options:
            lay = options["layout"]
            if "/" in lay and not os.path.isabs(lay):
                lay = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), lay)
            cmd += ["--layout", lay]
        try:
            p = subprocess.run(cmd, cwd=tmp, capture_output=True, timeout=limit + 5)
        except subprocess.TimeoutExpired:
            return f"{where}: {name}: timed out"
        elapsed = time.monotonic() - t0
    out = p.stderr.decode("utf-8", "replace").rstrip("\n")
    got = out.split("\n") if out else []
    want = [l for l in expected if l != ""]
    problems = []
    if got != want:
        problems.append("diagnostics differ\n  expected:\n    " + "\n    ".join(want or ["(none)"])
                        + "\n  got:\n    " + "\n    ".join(got or ["(none)"]))
    code = 1 if want else 0
    if p.returncode != code:
        problems.append(f"exit status {p.returncode}, expected {code}")
    if p.stdout:
        problems.append("stdout: " + p.stdout.decode("utf-8", "replace"))
    if elapsed > limit:
        problems.append(f"took {elapsed:.2f} s (limit {limit} s)")
    return f"{where}: {name}: " + "; ".join(problems) if problems else None


def main():
    args = sys.argv[1:]
    if len(args) >= 3 and args[1] == "--samples":
        driver, folder = args[0], args[2]
        files = sorted(glob.glob(os.path.join(folder, "*.yaml")))
        if not files:
            print(f"no samples in {folder}")
            return 1
        bad = 0
        for f in files:
            p = subprocess.run([driver, "check", f], capture_output=True)
            want = nbcli.sample_warnings(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), f)
            if p.returncode != 0 or p.stdout or p.stderr.decode() != want:
                bad += 1
                print(f"FAIL {f}\n{p.stdout.decode()}{p.stderr.decode()}")
        print(f"{len(files) - bad}/{len(files)} samples load with no diagnostics")
        return 1 if bad else 0
    if len(args) not in (2, 4) or (len(args) == 4 and args[2] != "--only"):
        print(__doc__)
        return 2
    driver, spec = args[0], args[1]
    only = args[3] if len(args) == 4 else None
    total = failed = 0
    names = set()
    for name, options, text, expected, line in parse(spec):
        if name in names:
            sys.exit(f"{spec}:{line}: duplicate example name {name}")
        names.add(name)
        if only and name != only:
            continue
        total += 1
        msg = run_example(driver, name, options, text, expected, f"{spec}:{line}")
        if msg:
            failed += 1
            print("FAIL " + msg)
    if only and total == 0:
        print(f"no example named {only} in {spec}")
        return 1
    print(f"{total - failed}/{total} examples passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
