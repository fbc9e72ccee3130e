#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages Kumo needs to build, run and test.
# As root it runs apt-get for whatever is missing; otherwise it prints the exact command and fails.
set -euo pipefail

PACKAGES=(
    # build
    cmake ninja-build g++ pkg-config make
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
    libarchive-dev libsodium-dev qtkeychain-qt6-dev
    # the desktop console (Qt Quick, Controls, Qt Quick Test)
    qt6-declarative-dev qt6-declarative-dev-tools qml6-module-qtqml qml6-module-qtquick
    qml6-module-qtquick-controls qml6-module-qtquick-layouts qml6-module-qtquick-templates
    qml6-module-qtquick-window qml6-module-qtqml-workerscript qml6-module-qttest
    qml6-module-qtquick-dialogs qt6-tools-dev qt6-l10n-tools
    # runtime
    libqt6sql6-sqlite libqt6sql6-psql
    # tests and benchmarks: cron oracle, scheduler peer, venvs
    python3 python3-venv python3-croniter python3-apscheduler python3-prometheus-client
    # the container recipe's checks: compose.yaml is read with PyYAML
    python3-yaml
    # the keychain test: a real Secret Service in a private D-Bus session
    dbus-daemon dbus-bin gnome-keyring
    # API benchmark: load generator and the FastAPI peer
    wrk python3-fastapi python3-uvicorn
    # PostgreSQL: its client tools for backups, its server for the tests
    postgresql postgresql-client
    # the dashboard's end-to-end test: Debian's browser, and a font with Chinese glyphs
    chromium fonts-wqy-microhei
)
# The dashboard is built with Node.js ≥ 20 and npm (Vite 8). Debian 12's own nodejs is 18: use it
# only when the machine has none, and say that the dashboard build needs a newer one.
if ! command -v node >/dev/null 2>&1; then
    PACKAGES+=(nodejs npm)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "Kumo needs these Debian packages: ${missing[*]}" >&2
    echo "Install them as root with:" >&2
    echo "  sudo sh -c '$cmd'" >&2
    exit 1
fi

echo "Installing missing packages: ${missing[*]}"
sh -c "$cmd"
