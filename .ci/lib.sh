# Shared by .ci/setup and .ci/test: install Debian packages that are missing.
# Works as root or through sudo; does nothing when everything is installed.
need_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# What building and rendering need: compiler, CMake, the libraries (libxml2 and
# poppler-glib with its cairo for nianbao import), and the
# free TrueType fonts that stand in for the official ones (fonts/README.md).
BUILD_PACKAGES=(build-essential cmake pkg-config libhpdf-dev libyaml-dev libfontconfig-dev libfreetype-dev
                libdeflate-dev libxml2-dev libpoppler-glib-dev fontconfig fonts-lxgw-wenkai fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei
                fonts-babelstone-han fonts-liberation)
# What the tests add: PDF tools (mupdf-tools gives every glyph's box, for the typography
# rules), a browser and Java for the HTML checks, Node for axe-core and vnu-jar;
# clang with its sanitizer and libFuzzer runtimes, and valgrind, for the hardening steps.
TEST_PACKAGES=(python3 python3-yaml poppler-utils qpdf mupdf-tools chromium ca-certificates clang libclang-rt-14-dev valgrind)

# Java and Node may come from elsewhere than Debian (a JDK, NodeSource's nodejs
# with its own npm, which conflicts with Debian's npm): install Debian's only
# when the command is missing.
need_commands() {
    command -v java >/dev/null || need_packages default-jre-headless
    { command -v node >/dev/null && command -v npm >/dev/null; } || need_packages nodejs npm
}
