# SPDX-License-Identifier: MIT
# Shared by scripts/run, scripts/test, scripts/bench, scripts/package and scripts/render-icons:
# the Debian 12 packages msim needs and an idempotent way to get them. Source it; do not run it.

MSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# To build and run the app.
MSIM_BUILD_PACKAGES=(g++ cmake ninja-build pkg-config qt6-base-dev qt6-base-dev-tools
    libgl-dev libssl-dev openssl libgmime-3.0-dev qtkeychain-qt6-dev qt6-qpa-plugins fonts-dejavu-core)
# To run the whole test suite: Dovecot for the real-server fixture, clang and its runtime for
# libFuzzer (libclang-rt-14-dev is only a Recommends of clang-14, so it is named), python3 and
# curl as independent IMAP clients, Chromium to render the HTML report, and a D-Bus session with
# gnome-keyring for the keyring path of the GUI, and tshark (with capinfos) to read msim's
# captures as a network team would.
MSIM_TEST_PACKAGES=(dovecot-core dovecot-imapd clang-14 libclang-rt-14-dev python3 curl
    chromium dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth tshark)

# To make and check the Debian package (scripts/package, and tst_package in the suite):
# dpkg-shlibdeps computes Depends, lintian checks the package, appstreamcli and
# desktop-file-validate the desktop files, man-db the manual pages, bash-completion the
# completion script.
MSIM_PACKAGE_PACKAGES=(dpkg-dev lintian appstream desktop-file-utils man-db file xz-utils
    bash-completion)

msim_missing_packages() {
    local p missing=()
    for p in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$p")
        fi
    done
    echo "${missing[@]}"
}

# msim_need_packages PKG...: installs what is missing (as root), or prints the exact apt-get line
# and fails.
msim_need_packages() {
    local missing
    missing=$(msim_missing_packages "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "msim: installing missing packages: $missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null || { echo "msim: apt-get update failed" >&2; return 1; }
        # shellcheck disable=SC2086
        apt-get install -y -q --no-install-recommends $missing >/dev/null ||
            { echo "msim: apt-get install failed for: $missing" >&2; return 1; }
    else
        echo "msim: these Debian packages are missing. Install them, then run this again:" >&2
        echo "    sudo apt-get install -y --no-install-recommends $missing" >&2
        return 1
    fi
}

# msim_build DIR [cmake args...]: configure once, then build incrementally.
msim_build() {
    local dir="$1"
    shift
    local gen=()
    command -v ninja >/dev/null && gen=(-G Ninja)
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S "$MSIM_ROOT" -B "$dir" "${gen[@]}" "$@" >"$dir.configure.log" 2>&1 ||
            { cat "$dir.configure.log" >&2; return 1; }
    fi
    cmake --build "$dir" -j "$(nproc)" 2>&1 | grep -v -E '^\[[0-9]+/[0-9]+\] ' || true
    [ "${PIPESTATUS[0]}" -eq 0 ]
}

# The hicolor sizes of the PNG icons rendered from resources/icons/msim.svg (scripts/render-icons;
# CMake installs what is there).
MSIM_ICON_SIZES="16 22 24 32 48 64 128 256"
