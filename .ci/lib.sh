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

# What building and rendering need: compiler, CMake, the libraries, and the
# free TrueType fonts that stand in for the official ones (fonts/README.md).
BUILD_PACKAGES=(build-essential cmake pkg-config libhpdf-dev libyaml-dev libfontconfig-dev libfreetype-dev
                fontconfig fonts-lxgw-wenkai fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei
                fonts-babelstone-han)
# What the tests add: PDF tools, a browser and Java for the HTML checks, Node for axe-core and vnu-jar.
TEST_PACKAGES=(python3 poppler-utils qpdf chromium default-jre-headless nodejs npm ca-certificates)
