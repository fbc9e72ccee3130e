#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# check-runtime.sh PREFIX: proves that runtime-packages.txt is enough for the kumo installed in
# PREFIX: every shared library it loads (and the SQL driver plugins) must come from a listed
# package or from one they depend on. Run on a Debian 12 machine that has those packages.
set -euo pipefail
prefix=${1:?usage: check-runtime.sh PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
listed=$(sed -e 's/#.*//' "$here/runtime-packages.txt" | xargs)

# shellcheck disable=SC2086 # one word per package
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances $listed | grep -v '^ ' | sed 's/:.*//' | sort -u)

ldd_out=$(ldd "$prefix/bin/kumo")
if grep -q 'not found' <<<"$ldd_out"; then
    echo "check-runtime: libraries missing for $prefix/bin/kumo:" >&2
    grep 'not found' <<<"$ldd_out" >&2
    exit 1
fi
plugins=$(find /usr/lib/*/qt6/plugins/sqldrivers -name 'libqsql*.so' 2>/dev/null | grep -E 'sqlite|psql' || true)
[ -n "$plugins" ] || { echo "check-runtime: no SQLite/PostgreSQL Qt SQL driver is installed" >&2; exit 1; }

owner() { # the Debian package that owns a file, trying the /usr-merged twin of its path
    local path=$1
    dpkg -S "$path" 2>/dev/null || dpkg -S "${path#/usr}" 2>/dev/null || dpkg -S "/usr$path" 2>/dev/null || true
}
failures=0
checked=0
for library in $(awk '/=>/ { print $3 }' <<<"$ldd_out") $plugins; do
    package=$(owner "$(readlink -f "$library")" | head -n1 | cut -d: -f1)
    [ -n "$package" ] || package=$(owner "$library" | head -n1 | cut -d: -f1)
    if [ -z "$package" ]; then
        echo "check-runtime: no package owns $library" >&2
        failures=$((failures + 1))
    elif ! grep -qx "$package" <<<"$closure"; then
        echo "check-runtime: $library comes from $package, which runtime-packages.txt does not bring" >&2
        failures=$((failures + 1))
    fi
    checked=$((checked + 1))
done
[ "$failures" -eq 0 ] || exit 1
echo "check-runtime: all $checked libraries and plugins of $prefix/bin/kumo come from the runtime packages"
