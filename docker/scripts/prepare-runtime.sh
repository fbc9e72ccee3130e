#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# prepare-runtime.sh [--browser]: the runtime stage's setup, run as root in the image. Installs
# the runtime packages (with --browser also Chromium and ChromeDriver), the user kumo serve runs
# as (KUMO_UID, KUMO_GID; home /app) and micromamba's configuration when it is installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lists=("$here/runtime-packages.txt")
[ "${1:-}" = --browser ] && lists+=("$here/browser-packages.txt")
"$here/apt-install.sh" "${lists[@]}"
"$here/add-user.sh" kumo "${KUMO_UID:-10001}" "${KUMO_GID:-10001}" /app

if command -v micromamba >/dev/null 2>&1; then
    # Kumo runs micromamba without MAMBA_*/CONDA_* variables, so its settings live here: the
    # conda-forge channel, and the package cache in the data volume so it outlives the container.
    mkdir -p /etc/conda
    printf 'channels:\n  - conda-forge\npkgs_dirs:\n  - /app/data/conda/pkgs\n' >/etc/conda/.condarc
fi
