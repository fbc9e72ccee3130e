#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# entrypoint_test.sh KUMO SCRIPTS: the image's entrypoint and health check, laid out as the image
# installs them (PREFIX/bin/kumo, PREFIX/libexec/kumo/{entrypoint,healthcheck}).
set -euo pipefail
kumo_binary=${1:?} scripts=${2:?}
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/server.log" ] && cat "$work/server.log" >&2; exit 1; }
mkdir -p "$work/prefix/bin" "$work/prefix/libexec/kumo"
ln -s "$kumo_binary" "$work/prefix/bin/kumo"
install -m 0755 "$scripts/entrypoint.sh" "$work/prefix/libexec/kumo/entrypoint"
install -m 0755 "$scripts/healthcheck.sh" "$work/prefix/libexec/kumo/healthcheck"
entrypoint="$work/prefix/libexec/kumo/entrypoint"
healthcheck="$work/prefix/libexec/kumo/healthcheck"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export KUMO_HEALTH_URL="http://127.0.0.1:$port/api/health"

echo "-- an unusable data directory is refused with a reason"
touch "$work/a-file"
status=0
KUMO_DATA_DIR="$work/a-file/data" "$entrypoint" serve >"$work/refused.log" 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "entrypoint exited with $status for an unusable data directory"
grep -q "cannot be written" "$work/refused.log" || fail "no reason given: $(cat "$work/refused.log")"

echo "-- the health check fails while nothing listens"
status=0
"$healthcheck" 2>"$work/unhealthy.log" || status=$?
[ "$status" -eq 1 ] || fail "healthcheck exited with $status with no server"
grep -q "kumo unhealthy" "$work/unhealthy.log" || fail "healthcheck gave no reason"

echo "-- the entrypoint starts kumo serve, which becomes healthy"
KUMO_DATA_DIR="$work/data" KUMO_ADMIN_PASSWORD=entrypoint-test "$entrypoint" serve \
    --listen "127.0.0.1:$port" --shutdown-grace 2 >"$work/server.log" 2>&1 &
pid=$!
healthy=0
for _ in $(seq 1 100); do
    if "$healthcheck" 2>/dev/null; then healthy=1; break; fi
    kill -0 "$pid" 2>/dev/null || fail "kumo serve exited at start"
    sleep 0.1
done
[ "$healthy" = 1 ] || fail "not healthy after 10 s"
[ -f "$work/data/kumo.db" ] || fail "the database is not in KUMO_DATA_DIR"

echo "-- SIGTERM stops it with status 0 (exec: the signal reaches kumo itself)"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || fail "kumo serve exited with $status on SIGTERM"
grep -q "shutting down" "$work/server.log" || fail "kumo serve did not say it was shutting down"
echo "PASS"
