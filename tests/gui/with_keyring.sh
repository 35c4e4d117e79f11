#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring Secret Service,
# so that QtKeychain has a real keyring to talk to (tst_passwordstore_keyring). Bounded: the
# whole run is killed after MSIM_KEYRING_TIMEOUT seconds (100 by default, under ctest's 120),
# and the keyring daemon and the bus end with the command. The keyring's files go to
# $XDG_DATA_HOME/keyrings (ctest points it into the build tree), its password is "msim".
#   with_keyring.sh COMMAND [ARGS...]
set -eu

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
for tool in dbus-run-session dbus-send gnome-keyring-daemon timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "$0: $tool is missing (apt-get install dbus dbus-x11 gnome-keyring coreutils)" >&2
        exit 1
    fi
done

# ctest gives us HOME (and the XDG folders) in the build tree; create them for the daemon.
for dir in "${HOME:-}" "${XDG_DATA_HOME:-}" "${XDG_CONFIG_HOME:-}" "${XDG_CACHE_HOME:-}"; do
    if [ -n "$dir" ]; then
        mkdir -p "$dir"
    fi
done
# No runtime folder from a login session here: use a private one the daemon can own.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR}" ]; then
    XDG_RUNTIME_DIR=$(mktemp -d "${TMPDIR:-/tmp}/msim-keyring-run.XXXXXX")
    chmod 700 "$XDG_RUNTIME_DIR"
    export XDG_RUNTIME_DIR
    cleanup_runtime=$XDG_RUNTIME_DIR
else
    cleanup_runtime=
fi
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL

status=0
# The inner script is single-quoted on purpose: it expands inside the private session.
# (GNU timeout signals its whole process group; the daemon leaves when its bus goes.)
# shellcheck disable=SC2016
timeout --kill-after=5 "${MSIM_KEYRING_TIMEOUT:-100}" dbus-run-session -- sh -c '
    set -eu
    # --unlock reads the keyring password on stdin, creates the login keyring the first time
    # (and makes it the default collection), starts the daemon and returns once it is set up.
    printf %s msim | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    # Wait (bounded) until it owns org.freedesktop.secrets on this bus, so that libsecret does
    # not D-Bus-activate a second, locked daemon.
    i=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
            org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
            | grep -q "boolean true"; do
        i=$((i + 1))
        if [ "$i" -gt 100 ]; then
            echo "with_keyring.sh: gnome-keyring-daemon did not register the Secret Service" >&2
            exit 1
        fi
        sleep 0.1
    done
    daemon=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
             org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
             | sed -n "s/.*uint32 \([0-9]*\).*/\1/p")
    code=0
    "$@" || code=$?
    # The daemon would also leave when the bus goes, but end it by its own pid now.
    if [ -n "$daemon" ]; then
        kill "$daemon" 2>/dev/null || true
    fi
    exit "$code"
' with_keyring "$@" || status=$?

if [ -n "$cleanup_runtime" ]; then
    rm -rf "$cleanup_runtime"
fi
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "$0: timed out after ${MSIM_KEYRING_TIMEOUT:-100} s" >&2
fi
exit "$status"
