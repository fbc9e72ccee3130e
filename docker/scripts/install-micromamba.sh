#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# install-micromamba.sh DEST [VERSION [SHA256]]: downloads the static micromamba binary for this
# machine's architecture from conda-forge (micro.mamba.pm) into DEST and checks that it runs.
# With it Kumo creates conda environments of any Python version. VERSION defaults to "latest";
# with SHA256 the downloaded archive must have that checksum (pin both for reproducible images).
set -euo pipefail
dest=${1:?usage: install-micromamba.sh DEST [VERSION]}
version=${2:-latest}
checksum=${3:-}
case "$(dpkg --print-architecture)" in
    amd64) platform=linux-64 ;;
    arm64) platform=linux-aarch64 ;;
    ppc64el) platform=linux-ppc64le ;;
    *) echo "install-micromamba.sh: no micromamba build for $(dpkg --print-architecture)" >&2; exit 1 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl --fail --silent --show-error --location --retry 3 \
    "https://micro.mamba.pm/api/micromamba/$platform/$version" -o "$work/micromamba.tar.bz2"
if [ -n "$checksum" ]; then
    echo "$checksum  $work/micromamba.tar.bz2" | sha256sum --check --quiet -
else
    echo "install-micromamba.sh: micromamba $version is not checked against a checksum (no SHA256 given)" >&2
fi
tar -xjf "$work/micromamba.tar.bz2" -C "$work" bin/micromamba
install -D -m 0755 "$work/bin/micromamba" "$dest"
"$dest" --version
