#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# apt-install.sh LIST...: installs the Debian packages named in the given lists (one per line,
# '#' starts a comment) without recommends, then drops apt's caches. Run as root.
set -euo pipefail
packages=$(sed -e 's/#.*//' "$@" | xargs)
[ -n "$packages" ] || exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086 # one word per package
apt-get install -y --no-install-recommends $packages
rm -rf /var/lib/apt/lists/*
