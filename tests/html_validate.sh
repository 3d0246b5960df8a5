#!/bin/bash
# html_validate: checks rendered HTML pages with the Nu Html Checker (zero
# errors) and in headless Chromium (tests/html_browser.js: axe-core with zero
# violations, no sideways scrolling at 375 px, no script from the text ran,
# expected text present literally).
#
# Usage: tests/html_validate.sh [--fragment] [--no-browser] [--expect-text S]...
#                               [--screenshots DIR] FILE.html...
#        tests/html_validate.sh --self-test
#        tests/html_validate.sh --install     (install the tools if missing, then exit)
# --fragment: the files are embeddable fragments; each is checked inside a
# minimal host page. --self-test: feeds the checkers broken pages and fails
# unless each is caught (so a green run means something).
# The tools (vnu-jar, axe-core) come from tests/tools; when node_modules is
# missing they are installed with `npm ci --prefix tests/tools`.
# Exit status: 0 passed, 1 a check failed, 2 usage or environment error.
set -u
here=$(cd "$(dirname "$0")" && pwd)
tools="$here/tools"
vnu="$tools/node_modules/vnu-jar/build/dist/vnu.jar"
axe="$tools/node_modules/axe-core/axe.min.js"

die() { echo "html_validate: $*" >&2; exit 2; }

fragment=0 browser=1 self_test=0 install_only=0 shots=""
expect=() files=()
while [ $# -gt 0 ]; do
    case "$1" in
    --fragment) fragment=1 ;;
    --no-browser) browser=0 ;;
    --self-test) self_test=1 ;;
    --install) install_only=1 ;;
    --expect-text) [ $# -ge 2 ] || die "--expect-text needs a value"; expect+=(--expect-text "$2"); shift ;;
    --screenshots) [ $# -ge 2 ] || die "--screenshots needs a folder"; shots="$2"; shift ;;
    -*) die "unknown option $1" ;;
    *) files+=("$1") ;;
    esac
    shift
done

command -v java >/dev/null || die "java not found (the Nu Html Checker needs Java 11 or later)"
command -v node >/dev/null || die "node not found"
if [ ! -f "$vnu" ] || [ ! -f "$axe" ]; then
    command -v npm >/dev/null || die "npm not found: cannot install tests/tools"
    echo "html_validate: installing test tools: npm ci --prefix $tools" >&2
    # --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the system's is used.
    npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund >&2 || die "npm ci --prefix $tools failed"
    [ -f "$vnu" ] && [ -f "$axe" ] || die "tools still missing after npm ci: $vnu, $axe"
fi

if [ "$install_only" = 1 ]; then
    echo "html_validate: tools ready: $vnu, $axe"
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now_ms() { date +%s%3N; }

# Runs vnu on the given files; prints its messages; returns its status.
run_vnu() {
    local pages=() f
    for f in "$@"; do
        if [ "$fragment" = 1 ]; then
            local host="$tmp/$(basename "$f" .html).host.html"
            {
                printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                printf '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                printf '<title>Fragment host</title>\n</head>\n<body>\n<main>\n'
                cat "$f"
                printf '</main>\n</body>\n</html>\n'
            } >"$host"
            pages+=("$host")
        else
            pages+=("$f")
        fi
    done
    java -jar "$vnu" --errors-only --format gnu "${pages[@]}"
}

if [ "$self_test" = 1 ]; then
    [ ${#files[@]} -eq 0 ] || die "--self-test takes no files"
    bad="$tmp/bad.html"
    cat >"$bad" <<'EOF'
<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bad</title>
<style>.w{width:600px}.x{colr:red}</style></head>
<body><main><p id="a">x</p><p id="a" class="w">wide</p><img src="missing.png">
<table><tr><td style="width:3em;word-break:break-all">1234567890123</td></tr></table>
<script>window.nbPwned = 1</script></main></body>
</html>
EOF
    status=0
    out=$(run_vnu "$bad" 2>&1)
    for want in 'Duplicate ID “a”' 'Property “colr” doesn'"'"'t exist' 'An “img” element must have an “alt” attribute'; do
        if ! grep -qF -- "$want" <<<"$out"; then echo "self-test: vnu did not report: $want"; status=1; fi
    done
    out=$(node "$here/html_browser.js" --expect-text "not in the page" "$bad" 2>&1)
    rc=$?
    [ $rc -eq 1 ] || { echo "self-test: html_browser exited $rc, expected 1"; status=1; }
    for want in 'axe html-has-lang' 'axe image-alt' 'the page scrolls sideways (scrollWidth' \
                'a script from the page text ran' '1 <script> element(s) in the page' \
                'text not found literally: "not in the page"' 'numbers broken across lines in table cells: 1234567890123'; do
        if ! grep -qF -- "$want" <<<"$out"; then echo "self-test: html_browser did not report: $want"; status=1; fi
    done
    [ $status = 0 ] && echo "self-test: every broken page was caught"
    [ $status = 0 ] && echo "1 passed, 0 failed" || { echo "$out"; echo "0 passed, 1 failed"; }
    exit $status
fi

[ ${#files[@]} -gt 0 ] || die "usage: tests/html_validate.sh [--fragment] [--no-browser] [--expect-text S]... [--screenshots DIR] FILE.html..."
for f in "${files[@]}"; do [ -f "$f" ] || die "no such file: $f"; done

status=0
t0=$(now_ms)
if run_vnu "${files[@]}"; then
    echo "vnu: ${#files[@]} file(s), no errors ($(( $(now_ms) - t0 )) ms)"
else
    echo "vnu: errors above ($(( $(now_ms) - t0 )) ms)"
    status=1
fi

if [ "$browser" = 1 ]; then
    args=()
    [ "$fragment" = 1 ] && args+=(--fragment)
    [ -n "$shots" ] && args+=(--screenshots "$shots")
    t0=$(now_ms)
    node "$here/html_browser.js" "${args[@]}" ${expect[@]+"${expect[@]}"} "${files[@]}"
    rc=$?
    echo "browser checks: $(( $(now_ms) - t0 )) ms"
    [ $rc -eq 0 ] || status=$rc
fi
exit $status
