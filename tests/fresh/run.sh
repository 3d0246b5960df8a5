#!/usr/bin/env bash
# The fresh-machine test: does the README's first command work on a minimal
# Debian 12, and does the .deb install and run on one?
#
#   1. A `debootstrap --variant=minbase bookworm` root with ca-certificates and
#      git, built once and cached as a tarball ($NB_FRESH_CACHE, default
#      /var/cache/nianbao-fresh/); each run unpacks a new copy.
#   2. Into it: this machine's apt sources and apt network settings, its CA
#      certificates (update-ca-certificates inside), /etc/npmrc, resolv.conf;
#      a git clone of this repository at HEAD (commit first: uncommitted
#      changes are not in it) with a copy of ../shared beside it.
#   3. The README's first command, read from README.md (first line of the first
#      ```sh block, without its # comment), run in the root (chroot), as root.
#      out/ must hold one PDF and one HTML per samples/*.yaml, and the PDF of
#      sample 004 its title (pdftotext of this machine).
#   4. bash .ci/package in the same root; the .deb installed with
#      `apt-get install ./nianbao_*.deb` in a second, new copy of the cached
#      root (no compiler), then from /tmp:
#      nianbao render /usr/share/doc/nianbao/examples/004_….yaml -o x.pdf -o x.html
#
# Needs root (chroot, mount), debootstrap and pdftotext (poppler-utils;
# both installed when missing) and the
# network to the Debian archive as this machine's apt reaches it. Downloaded
# .deb files are kept in the cache (NB_FRESH_APT_CACHE=0: download everything
# again). NB_FRESH_KEEP=1 keeps the roots under $NB_FRESH_WORK afterwards.
#
# usage: tests/fresh/run.sh            (exit 0: every check passed)
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then exec sudo -E bash "$0" "$@"; fi

SRC=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
SHARED=$(cd "$SRC/../shared" 2>/dev/null && pwd) || { echo "fresh: no ../shared beside $SRC" >&2; exit 1; }
CACHE=${NB_FRESH_CACHE:-/var/cache/nianbao-fresh}
WORK=${NB_FRESH_WORK:-/var/tmp/nianbao-fresh}
SUITE=bookworm
BASE_PACKAGES=ca-certificates,git
BASE_TAR="$CACHE/$SUITE-minbase-${BASE_PACKAGES//,/-}.tar"
SAMPLE=004_3971b268707d3ce1
PATH_IN=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

say() { printf 'fresh: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
timings=()

. "$SRC/.ci/lib.sh"
command -v debootstrap >/dev/null || need_packages debootstrap
command -v pdftotext >/dev/null || need_packages poppler-utils

# --- mounts, undone on any exit --------------------------------------------
MOUNTS=()
mount_root() {  # ROOT: /proc, /sys, /dev, /dev/pts for apt and the build
    local r=$1
    mount -t proc proc "$r/proc" && MOUNTS+=("$r/proc")
    mount --bind /sys "$r/sys" && MOUNTS+=("$r/sys")
    mount --bind /dev "$r/dev" && MOUNTS+=("$r/dev")
    mount --bind /dev/pts "$r/dev/pts" && MOUNTS+=("$r/dev/pts")
}
unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" || true
    done
    MOUNTS=()
}
remove_root() {  # never removes a root that still has something mounted in it
    local r=$1
    [ -e "$r" ] || return 0
    if findmnt -rn -o TARGET | grep -q "^$r/"; then
        say "not removing $r: still mounted"; return 1
    fi
    rm -rf --one-file-system "$r"
}
cleanup() {
    unmount_all
    if [ "${NB_FRESH_KEEP:-0}" != 1 ] && [ "${fresh_ok:-0}" = 1 ]; then
        remove_root "$WORK/build"; remove_root "$WORK/deb"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

in_root() {  # ROOT COMMAND: a login-like clean environment, as root
    local r=$1; shift
    chroot "$r" /usr/bin/env -i HOME=/root PATH="$PATH_IN" LANG=C.UTF-8 TERM=dumb \
        DEBIAN_FRONTEND=noninteractive /bin/bash -c "$*"
}

# --- 1. the cached base root ------------------------------------------------
# The archive this machine's apt uses (first deb.debian.org-like URI).
mirror() {
    local m
    m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1)
    [ -n "$m" ] || m=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
                       grep -v security | awk '{ for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }')
    echo "${m:-http://deb.debian.org/debian}"
}
t0=$(now)
mkdir -p "$CACHE" "$WORK"
if [ -f "$BASE_TAR" ]; then
    base_how=cached
else
    base_how=cold
    MIRROR=$(mirror)
    say "building the base root (debootstrap --variant=minbase $SUITE, + $BASE_PACKAGES) from $MIRROR"
    proxy=$(apt-config dump 2>/dev/null | sed -n 's/^Acquire::http::Proxy "\(.*\)";$/\1/p' | head -1)
    tmp="$WORK/base.tmp"
    remove_root "$tmp"
    http_proxy=${proxy:-${http_proxy:-}} debootstrap --variant=minbase --include="$BASE_PACKAGES" \
        "$SUITE" "$tmp" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
        { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed (log: $WORK/debootstrap.log)"; }
    in_root "$tmp" 'apt-get clean'
    tar --numeric-owner -C "$tmp" -cf "$BASE_TAR.tmp" . && mv "$BASE_TAR.tmp" "$BASE_TAR"
    remove_root "$tmp"
fi
timings+=("base root ($base_how): $(since "$t0") s")

# A new copy of the base root with this machine's network settings.
new_root() {  # ROOT
    local r=$1 f
    remove_root "$r"
    mkdir -p "$r"
    tar --numeric-owner -C "$r" -xf "$BASE_TAR"
    # apt: sources, the keyrings they name, network settings (proxy and the like)
    [ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$r/etc/apt/sources.list" || rm -f "$r/etc/apt/sources.list"
    cp -a /etc/apt/sources.list.d/. "$r/etc/apt/sources.list.d/" 2>/dev/null || true
    for f in $(grep -hos 'signed-by=[^] ]*\|Signed-By: *[^ ]*' /etc/apt/sources.list /etc/apt/sources.list.d/* |
               sed 's/^[Ss]igned-[Bb]y[:=] *//' | sort -u); do
        [ -f "$f" ] && [ ! -e "$r$f" ] && mkdir -p "$r$(dirname "$f")" && cp "$f" "$r$f"
    done
    for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
        [ -f "$f" ] && grep -qiE 'Acquire::|proxy' "$f" && cp "$f" "$r$f"
    done
    cp -a /etc/apt/trusted.gpg.d/. "$r/etc/apt/trusted.gpg.d/" 2>/dev/null || true
    # CA certificates (a TLS-intercepting proxy's, say) and npm's settings
    if [ -d /usr/local/share/ca-certificates ]; then
        mkdir -p "$r/usr/local/share/ca-certificates"
        cp -a /usr/local/share/ca-certificates/. "$r/usr/local/share/ca-certificates/"
    fi
    [ -f /etc/npmrc ] && cp /etc/npmrc "$r/etc/npmrc"
    cp -L /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
    in_root "$r" 'update-ca-certificates >/dev/null 2>&1'
    # .deb files downloaded by an earlier run (hard links: no copy)
    if [ "${NB_FRESH_APT_CACHE:-1}" = 1 ] && compgen -G "$CACHE/archives/*.deb" >/dev/null; then
        cp -l "$CACHE"/archives/*.deb "$r/var/cache/apt/archives/" 2>/dev/null ||
            cp "$CACHE"/archives/*.deb "$r/var/cache/apt/archives/"
    fi
}
keep_debs() {  # ROOT: what apt downloaded there, for the next run
    [ "${NB_FRESH_APT_CACHE:-1}" = 1 ] || return 0
    mkdir -p "$CACHE/archives"
    compgen -G "$1/var/cache/apt/archives/*.deb" >/dev/null || return 0
    cp -ln "$1"/var/cache/apt/archives/*.deb "$CACHE/archives/" 2>/dev/null ||
        cp -n "$1"/var/cache/apt/archives/*.deb "$CACHE/archives/"
}

# A report's title: the <title> of its HTML, which must name the data's
# agency and year (the wording is the layout's default_title).
title_of() {  # DATA.yaml HTML
    local agency year t
    agency=$(sed -n 's/^agency: *//p' "$1" | head -1)
    year=$(sed -n 's/^year: *//p' "$1" | head -1)
    t=$(grep -o '<title>[^<]*</title>' "$2" | head -1 | sed 's/<[^>]*>//g')
    case "$t" in *"$agency"*"$year"*) echo "$t" ;; *) echo "no title with '$agency' and '$year' in $2" >&2; return 1 ;; esac
}
pdf_has_title() {  # PDF TITLE: the title's characters in order, line breaks aside
    pdftotext -l 1 "$1" - 2>/dev/null | tr -d ' \n\r\f' | grep -qF "$2"
}

# --- 2. the build root: project, README's first command ---------------------
B="$WORK/build"
t0=$(now)
new_root "$B"
mkdir -p "$B/src"
head=$(git -C "$SRC" rev-parse HEAD)
git clone -q --no-checkout "$SRC" "$B/src/nianbao"
git -C "$B/src/nianbao" checkout -q --detach "$head"
cp -a "$SHARED" "$B/src/shared"
[ -z "$(git -C "$SRC" status --porcelain --untracked-files=no)" ] ||
    say "note: $SRC has uncommitted changes; testing commit $head"
timings+=("fresh root + clone: $(since "$t0") s")

cmd=$(awk '/^```sh[[:space:]]*$/ { getline; print; exit }' "$SRC/README.md" | sed 's/[[:space:]]*#.*$//')
[ -n "$cmd" ] || fail "no \`\`\`sh block in README.md"
say "README's first command: $cmd"
mount_root "$B"
t0=$(now)
in_root "$B" "cd /src/nianbao && $cmd" >"$WORK/readme.log" 2>&1 ||
    { tail -30 "$WORK/readme.log" >&2; fail "the README's first command failed (log: $WORK/readme.log)"; }
timings+=("README's first command: $(since "$t0") s")

# No tool only the tests use got installed by it. (python3 itself now comes
# with the build: libpoppler-glib-dev needs libglib2.0-dev, whose tools are
# Python; the tests' own Python package is python3-yaml.)
for tool in chromium java node clang; do
    in_root "$B" "command -v $tool" >/dev/null && fail "$tool is installed after the README's first command"
done
in_root "$B" "dpkg-query -W -f='\${Status}' python3-yaml 2>/dev/null | grep -q 'install ok installed'" &&
    fail "python3-yaml is installed after the README's first command"
out="$B/src/nianbao/out"
nsamples=0
for s in "$B"/src/nianbao/samples/*.yaml; do
    n=$(basename "$s" .yaml)
    nsamples=$((nsamples + 1))
    [ -s "$out/$n.pdf" ] || fail "out/$n.pdf missing"
    [ -s "$out/$n.html" ] || fail "out/$n.html missing"
done
npdf=$(find "$out" -name '*.pdf' | wc -l)
nhtml=$(find "$out" -name '*.html' ! -name index.html | wc -l)
[ "$npdf" -eq "$nsamples" ] && [ "$nhtml" -eq "$nsamples" ] ||
    fail "out/ has $npdf PDF and $nhtml HTML files for $nsamples samples"
title=$(title_of "$B/src/nianbao/samples/$SAMPLE.yaml" "$out/$SAMPLE.html") || fail "out/$SAMPLE.html has no title"
pdf_has_title "$out/$SAMPLE.pdf" "$title" || fail "out/$SAMPLE.pdf does not show its title $title"
say "ok: out/ holds $nsamples PDF and $nsamples HTML files; $SAMPLE.pdf shows \"$title\""

# --- 3. the package ---------------------------------------------------------
t0=$(now)
in_root "$B" "cd /src/nianbao && bash .ci/package" >"$WORK/package.log" 2>&1 ||
    { tail -30 "$WORK/package.log" >&2; fail "bash .ci/package failed (log: $WORK/package.log)"; }
timings+=("bash .ci/package: $(since "$t0") s")
debs=("$B"/src/nianbao/dist/nianbao_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "dist/ holds ${#debs[@]} nianbao_*.deb files"
deb=$(basename "${debs[0]}")
keep_debs "$B"
unmount_all

D="$WORK/deb"
t0=$(now)
new_root "$D"
cp "${debs[0]}" "$D/tmp/$deb"
mount_root "$D"
in_root "$D" 'for t in cc gcc cmake; do command -v $t && exit 0; done; exit 1' >/dev/null &&
    fail "the package root has build tools"
in_root "$D" "cd /tmp && apt-get update -qq && apt-get install -y -qq ./$deb" >"$WORK/install.log" 2>&1 ||
    { tail -30 "$WORK/install.log" >&2; fail "apt-get install ./$deb failed (log: $WORK/install.log)"; }
timings+=("apt-get install ./$deb (new root): $(since "$t0") s")
keep_debs "$D"
t0=$(now)
in_root "$D" "cd /tmp && nianbao render /usr/share/doc/nianbao/examples/$SAMPLE.yaml -o x.pdf -o x.html" \
    >"$WORK/render.log" 2>&1 || { cat "$WORK/render.log" >&2; fail "the installed nianbao render failed"; }
timings+=("installed nianbao render (PDF + HTML): $(since "$t0") s")
[ -s "$D/tmp/x.pdf" ] && [ -s "$D/tmp/x.html" ] || fail "installed render: x.pdf or x.html missing"
[ "$(title_of "$D/usr/share/doc/nianbao/examples/$SAMPLE.yaml" "$D/tmp/x.html")" = "$title" ] ||
    fail "installed render: x.html has not the title $title"
pdf_has_title "$D/tmp/x.pdf" "$title" || fail "installed render: x.pdf does not show its title"
in_root "$D" "nianbao --help >/dev/null && nianbao fonts >/dev/null && test -s /usr/share/man/man1/nianbao.1.gz &&
              test -f /usr/share/nianbao/fonts/fonts.conf && test -d /usr/share/nianbao/layouts/gb-2021" ||
    fail "installed package: --help, fonts, the man page or /usr/share/nianbao incomplete"
# import runs /usr/libexec/nianbao/nianbao-import: the page just written and the PDF read back
in_root "$D" "cd /tmp && nianbao import x.html -o h.yaml && nianbao import x.pdf -o p.yaml &&
              grep -v '^#' h.yaml >h.data && grep -v '^#' p.yaml >p.data && cmp h.data p.data" >"$WORK/import.log" 2>&1 ||
    { cat "$WORK/import.log" >&2; fail "the installed nianbao import of x.html and x.pdf failed or differ"; }
say "ok: $deb installs in a new root; nianbao render from /tmp writes x.pdf (\"$title\") and x.html; import reads both back"
unmount_all

fresh_ok=1
say "passed. Times:"
for t in "${timings[@]}"; do say "  $t"; done
