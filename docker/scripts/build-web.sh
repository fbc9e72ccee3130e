#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# build-web.sh OUT: builds the browser dashboard (resources/web) into OUT with the locked npm
# packages. Needs Node.js >= 20 and npm (the image's web stage is node:20-bookworm-slim).
set -euo pipefail
out=${1:?usage: build-web.sh OUT}
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$src/resources/web"
npm ci --no-audit --no-fund --loglevel=error
KUMO_WEB_OUT="$out" npm run --silent build
test -f "$out/index.html"
