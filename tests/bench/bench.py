#!/usr/bin/env python3
"""The benchmark of README.md ("Benchmark"); run it as tests/bench/run.sh.

usage: bench.py NIANBAO SAMPLES_DIR [N]   (N varied reports, default 300)

Prints a table: cold single report (a new process each time: start-up,
fonts, layout, render, write) for PDF and HTML; batch reports per second
with `nianbao build --force` at -j1 and -j2 (and per CPU second, which the
load of other processes on the machine does not change); peak resident
memory; bytes per PDF; a report 10x and 50x longer than seed 004. Times
are medians of hyperfine runs; the machine should be otherwise idle."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NIANBAO, SAMPLES = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 300
SEED = os.path.join(SAMPLES, "004_3971b268707d3ce1.yaml")


def hyperfine(cmd, runs, warmup=3, prepare=None):
    """{median, mean, min, user, system} in seconds for cmd (a list)."""
    with tempfile.NamedTemporaryFile(suffix=".json") as js:
        args = ["hyperfine", "-N", "-w", str(warmup), "-r", str(runs), "--export-json", js.name, "--style", "none"]
        if prepare:
            args += ["--prepare", prepare]
        args.append(" ".join("'%s'" % c for c in cmd))
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        r = json.load(open(js.name))["results"][0]
    return r


def peak_rss_kb(cmd):
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr))
    return int(r.stderr.strip().splitlines()[-1])


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(next(l.split()[-1] for l in out.splitlines() if l.startswith("Pages:")))


def ms(x):
    return "%.1f ms" % (x * 1000)


def main():
    work = tempfile.mkdtemp(prefix="nianbao-bench-")
    try:
        src, long_dir, out = (os.path.join(work, d) for d in ("src", "long", "out"))
        subprocess.run([sys.executable, os.path.join(HERE, "gen_reports.py"), SAMPLES, src, str(N)], check=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_reports.py"), SAMPLES, long_dir, "0",
                        "--long", "10", "--long", "50"], check=True)
        chk = subprocess.run([NIANBAO, "check"] + [os.path.join(src, f) for f in os.listdir(src)] +
                             [os.path.join(long_dir, f) for f in os.listdir(long_dir)], capture_output=True, text=True)
        if chk.returncode != 0:
            sys.exit("generated data does not check:\n" + chk.stderr)
        pdf, html = os.path.join(work, "x.pdf"), os.path.join(work, "x.html")
        rows = []

        single_pdf = hyperfine([NIANBAO, "render", SEED, "-o", pdf], 100, warmup=5)
        single_html = hyperfine([NIANBAO, "render", SEED, "-o", html], 100, warmup=5)
        rows.append(("cold single report, seed 004, PDF", "%s (min %s)" % (ms(single_pdf["median"]),
                                                                            ms(single_pdf["min"]))))
        rows.append(("cold single report, seed 004, HTML", "%s (min %s)" % (ms(single_html["median"]),
                                                                             ms(single_html["min"]))))
        batch = {}
        for j in (1, 2):
            subprocess.run([NIANBAO, "build", src, "-o", out], check=True, stderr=subprocess.DEVNULL)
            r = hyperfine([NIANBAO, "build", src, "-o", out, "--force", "-j", str(j)], 5, warmup=1)
            batch[j] = r
            cpu = r["user"] + r["system"]
            rows.append(("batch, %d reports (PDF + HTML), -j%d" % (N, j),
                         "%.0f reports/s (%.2f s; %.0f per CPU second)" % (N / r["median"], r["median"], N / cpu)))
        rss_single = peak_rss_kb([NIANBAO, "render", SEED, "-o", pdf, "-o", html])
        rss_batch = peak_rss_kb([NIANBAO, "build", src, "-o", out, "--force", "-j", "2"])
        rows.append(("peak memory (RSS), single report PDF + HTML", "%.1f MB" % (rss_single / 1024)))
        rows.append(("peak memory (RSS), batch -j2", "%.1f MB" % (rss_batch / 1024)))
        subprocess.run([NIANBAO, "render", SEED, "-o", pdf], check=True)
        sizes = [os.path.getsize(os.path.join(out, f)) for f in os.listdir(out) if f.endswith(".pdf")]
        rows.append(("bytes per PDF, seed 004", "%d (%d pages)" % (os.path.getsize(pdf), pages(pdf))))
        rows.append(("bytes per PDF, batch mean", "%d" % (sum(sizes) / len(sizes))))
        base = single_pdf["median"]
        base_pages = pages(pdf)
        for k in (10, 50):
            f = os.path.join(long_dir, "long_%d.yaml" % k)
            r = hyperfine([NIANBAO, "render", f, "-o", pdf], 20 if k == 10 else 10, warmup=2)
            p = pages(pdf)
            rows.append(("seed 004 x%d, PDF (%d pages, %d KB)" % (k, p, os.path.getsize(pdf) // 1024),
                         "%s = %.1f x seed 004; %.2f ms per extra page" %
                         (ms(r["median"]), r["median"] / base, (r["median"] - base) * 1000 / (p - base_pages))))
        width = max(len(a) for a, _ in rows)
        print("| %s | result |" % "measure".ljust(width))
        print("|%s|---|" % ("-" * (width + 2)))
        for a, b in rows:
            print("| %s | %s |" % (a.ljust(width), b))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
