#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs "$@" in a private D-Bus session with an unlocked gnome-keyring Secret Service and a
# throw-away HOME, so that the test never touches the keychain of whoever runs it.
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- sh -c 'printf "test-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"' keyring "$@"
