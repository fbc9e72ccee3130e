#!/bin/sh
# SPDX-License-Identifier: MIT
# The container's entrypoint (installed as PREFIX/libexec/kumo/entrypoint): checks that the data
# directory is usable by this user, then becomes `kumo ARGS` (tini, PID 1, forwards SIGTERM to
# it; kumo serve lets running runs finish for --shutdown-grace seconds, then stops them).
set -eu
kumo="$(dirname "$0")/../../bin/kumo"
data=${KUMO_DATA_DIR:-/app/data}

if ! mkdir -p "$data" 2>/dev/null || [ ! -w "$data" ] || [ ! -x "$data" ]; then
    echo "kumo: the data directory $data cannot be written by uid $(id -u), gid $(id -g)." >&2
    echo "  A bind-mounted host directory must belong to that user: chown -R $(id -u):$(id -g) DIR," >&2
    echo "  or build the image for your own ids: --build-arg KUMO_UID=\$(id -u) --build-arg KUMO_GID=\$(id -g)." >&2
    exit 1
fi
# Conda packages are cached in the data volume too (pkgs_dirs in /etc/conda/.condarc).
if command -v micromamba >/dev/null 2>&1; then
    mkdir -p "$data/conda/pkgs"
fi
exec "$kumo" "$@"
