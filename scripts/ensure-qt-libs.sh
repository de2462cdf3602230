#!/usr/bin/env bash
# Make sure the desktop app can open a window: Qt's X11 platform plugin needs
# system libraries a plain Debian machine may lack (libxcb-cursor0,
# libxcb-icccm4, libxcb-keysyms1, ...). auditor.gui.xcb asks ldd which are
# missing; as root with apt-get they are installed, otherwise one line says
# what to install. Never fails the build: the command line and the tests
# (offscreen) do not need them.
set -uo pipefail
python="${1:-.venv/bin/python}"

[ "$(uname -s)" = Linux ] || exit 0
packages=$("$python" -m auditor.gui.xcb --packages 2>/dev/null) || exit 0
[ -n "$packages" ] || exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing the libraries the desktop app needs to open a window: $packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086 # one word per package
    if ! apt-get install -y -qq --no-install-recommends $packages >/dev/null 2>&1; then
        for package in $packages; do  # one name this release spells otherwise must not stop the rest
            apt-get install -y -qq --no-install-recommends "$package" >/dev/null 2>&1 || true
        done
    fi
fi
line=$("$python" -m auditor.gui.xcb 2>/dev/null) || exit 0
[ -z "$line" ] || echo "${line^}" >&2
exit 0
