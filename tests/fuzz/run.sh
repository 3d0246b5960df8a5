#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and fuzzes each for a
# while, starting from the seed corpus (tests/fuzz/seed_corpus.py).
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60, load render html pdf text)
#
# Build folder: build-fuzz (override with NB_FUZZ_BUILD); corpus and findings
# go under it (corpus-TARGET/, artifacts-TARGET/). Exits 1 when a target
# crashed, leaked, hung (-timeout) or blew its memory (-rss_limit_mb); the
# input that did it is in artifacts-TARGET/: make it a regression test by
# copying it into tests/fuzz/regress/ (with a comment line saying what broke)
# once the bug is fixed. Prints each target's executions at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(load render html pdf text)
build=${NB_FUZZ_BUILD:-build-fuzz}
CC=clang cmake -S . -B "$build" -DNB_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"
python3 tests/fuzz/seed_corpus.py . "$build/seeds"
# nianbao import's readers start from reports: the seeds' text, the samples
# rendered to HTML and PDF (by this build's nianbao), tests/fuzz/import/.
if printf '%s\n' "${targets[@]}" | grep -qE '^(html|pdf|text)$'; then
    cmake --build "$build" -j"$(nproc)" --target nianbao
    for k in html pdf text; do rm -rf "$build/seeds-$k"; mkdir -p "$build/seeds-$k"; cp tests/fuzz/import/* "$build/seeds-$k/"; done
    cp ../shared/seeds/*.txt "$build/seeds-text/" 2>/dev/null || true
    for s in samples/00[0-4]_*.yaml samples/101_*.yaml; do
        n=$(basename "$s" .yaml)
        "$build/nianbao" render "$s" -o "$build/seeds-html/$n.html" -o "$build/seeds-pdf/$n.pdf" >/dev/null
    done
fi
# poppler's leaks inside fontconfig (tests/fuzz/lsan.supp)
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
seeds_of() { case "$1" in html | pdf | text) echo "$build/seeds-$1" ;; *) echo "$build/seeds" ;; esac; }
status=0 failed=0
for t in "${targets[@]}"; do
    mkdir -p "$build/corpus-$t" "$build/artifacts-$t"
    log="$build/fuzz-$t.log"
    echo "fuzz_$t: ${secs} s"
    # -timeout: one input may take 20 s at most (fuzz_render skips inputs
    # whose aliases expand to more than 256 KiB of text); -rss_limit_mb:
    # 2 GiB; inputs up to the largest seed's size (libFuzzer's default).
    if ! "$build/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
            -dict=tests/fuzz/nianbao.dict -artifact_prefix="$build/artifacts-$t/" -print_final_stats=1 \
            "$build/corpus-$t" "$(seeds_of "$t")" >"$log" 2>&1; then
        status=1 failed=$((failed + 1))
        echo "fuzz_$t FAILED: see $log and $build/artifacts-$t/"
        tail -60 "$log"
    fi
    grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb" "$log" | sed "s/^/fuzz_$t /" || true
done
echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
exit $status
