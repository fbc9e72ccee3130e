#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# build-server.sh PREFIX [WEB_DIR]: builds `kumo` for the container (Release, no console, tests
# or benchmarks) and installs it into PREFIX with the dashboard from WEB_DIR and the
# container's entrypoint and health check. KUMO_BUILD_DIR chooses the build tree (default
# build/container); JOBS the parallel jobs.
set -euo pipefail
prefix=${1:?usage: build-server.sh PREFIX [WEB_DIR]}
web=${2:-}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${KUMO_BUILD_DIR:-$src/build/container}

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DKUMO_BUILD_CONSOLE=OFF -DKUMO_BUILD_TESTS=OFF -DKUMO_BUILD_BENCH=OFF -DKUMO_BUILD_WEB=OFF
cmake --build "$build" --target kumo -j "${JOBS:-$(nproc)}"
cmake --install "$build" --prefix "$prefix" --strip

if [ -n "$web" ]; then
    test -f "$web/index.html" || { echo "build-server.sh: $web holds no index.html" >&2; exit 1; }
    mkdir -p "$prefix/share/kumo/web"
    cp -R "$web/." "$prefix/share/kumo/web/"
fi
install -D -m 0755 "$src/docker/scripts/entrypoint.sh" "$prefix/libexec/kumo/entrypoint"
install -D -m 0755 "$src/docker/scripts/healthcheck.sh" "$prefix/libexec/kumo/healthcheck"
echo "kumo installed in $prefix"
