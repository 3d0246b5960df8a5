"""The one helper of the Python tests that run the nianbao program: a clean
environment (no SOURCE_DATE_EPOCH, NIANBAO_LAYOUT_PATH or NIANBAO_HOME
leaking in from the caller), the run itself, and the failure list.

    import nbcli
    nbcli.check(r.returncode == 0, "render failed")
    nbcli.nb(NIANBAO, "check", "x.yaml", env={"SOURCE_DATE_EPOCH": "0"})
"""
import os
import subprocess

failures = []
ECHO = False  # print each failure as it happens (long-running tests)


def check(cond, msg):
    if not cond:
        failures.append(msg)
        if ECHO:
            print("FAIL: " + msg, flush=True)


def clean_env(extra=None):
    e = dict(os.environ)
    for k in ("SOURCE_DATE_EPOCH", "NIANBAO_LAYOUT_PATH", "NIANBAO_HOME"):
        e.pop(k, None)
    e.update(extra or {})
    return e


def nb(exe, *args, cwd=None, env=None, timeout=120):
    """Runs the program with text output captured."""
    return subprocess.run([exe, *args], capture_output=True, text=True, cwd=cwd, env=clean_env(env), timeout=timeout)


def sample_warnings(src, sample, build=False):
    """What nianbao prints for the sample at path `sample` (as given on the
    command line): the lines tests/sample_warnings.txt lists for it; with
    build, only those a build of the samples tree prints before rendering
    (`build: ` lines)."""
    name = os.path.basename(sample)
    out = ""
    with open(os.path.join(src, "tests", "sample_warnings.txt"), encoding="utf-8") as f:
        for line in f:
            tree = line.startswith("build: ")
            if tree:
                line = line[len("build: "):]
            if tree == build and line.startswith(name + ":"):
                out += os.path.join(os.path.dirname(sample), line)
    return out


def run_case(work, case, tests):
    """Runs test_CASE of tests (a module's globals) in a fresh folder work; the exit status."""
    import shutil
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    tests["test_" + case]()
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0
