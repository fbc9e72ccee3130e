#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# add-user.sh NAME UID GID HOME: the unprivileged user kumo serve runs as, owning HOME and
# HOME/data. Idempotent: an existing user of that name and UID is kept.
set -euo pipefail
name=${1:?usage: add-user.sh NAME UID GID HOME}
uid=${2:?} gid=${3:?} home=${4:?}
[ "$uid" -ne 0 ] || { echo "add-user.sh: UID 0 is root; pick an unprivileged UID" >&2; exit 2; }

if ! getent group "$gid" >/dev/null; then
    groupadd --gid "$gid" "$name"
fi
if id "$name" >/dev/null 2>&1; then
    [ "$(id -u "$name")" = "$uid" ] || { echo "add-user.sh: user $name exists with another UID" >&2; exit 1; }
else
    useradd --uid "$uid" --gid "$gid" --home-dir "$home" --no-create-home \
        --shell /usr/sbin/nologin --comment "Kumo" "$name"
fi
mkdir -p "$home/data"
chown "$uid:$gid" "$home" "$home/data"
