#!/bin/bash
# The benchmark (README.md, "Benchmark"): cold single report, batch reports
# per second at -j1 and -j2, peak memory, bytes per PDF, 10x and 50x longer
# reports. Not part of ctest. Needs hyperfine, /usr/bin/time (package time)
# and pdfinfo (poppler-utils).
# usage: tests/bench/run.sh [BUILD_DIR] [N]     defaults: build, 300 reports
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
exec python3 "$root/tests/bench/bench.py" "$build/nianbao" "$root/samples" "${2:-300}"
