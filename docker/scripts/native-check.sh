#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# native-check.sh: the container recipe, run natively where no Docker engine is (CI does). It
# calls the scripts the Dockerfile calls: builds the dashboard and a console-less Release kumo
# into a staging prefix, proves the runtime package list covers it, creates the unprivileged
# user, starts the entrypoint as that user, and checks health, the dashboard, a task run, a
# graceful SIGTERM and that the data outlives a restart. Run as root to test the user switch;
# as another user it runs as that user. KUMO_BUILD_DIR reuses a build tree.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
scripts="$src/docker/scripts"
stage=$(mktemp -d /tmp/kumo-container.XXXXXX)
chmod 0755 "$stage" # the unprivileged user must reach the prefix and its home
prefix="$stage/opt/kumo"
home="$stage/app"
password="container-check-$(date +%s)"
server_pid=""
step() { printf '\n== %s\n' "$*"; }
fail() { echo "native-check: FAILED: $*" >&2; [ -f "$stage/server.log" ] && tail -n 40 "$stage/server.log" >&2; exit 1; }
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if [ "${KUMO_KEEP_STAGE:-0}" = 1 ]; then echo "staging kept in $stage"; else rm -rf "$stage"; fi
}
trap cleanup EXIT

step "dashboard (build-web.sh)"
if command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]; then
    "$scripts/build-web.sh" "$stage/web"
    web="$stage/web"
else
    echo "Node.js >= 20 is missing: the staged kumo serves the API only"
    web=""
fi

step "server (build-server.sh) into $prefix"
"$scripts/build-server.sh" "$prefix" $web

step "runtime packages (check-runtime.sh)"
"$scripts/check-runtime.sh" "$prefix"

step "unprivileged user (add-user.sh)"
if [ "$(id -u)" -eq 0 ]; then
    # A user left by an earlier check is used again, whatever its ids.
    uid=$(id -u kumo-check 2>/dev/null || echo "${KUMO_UID:-10001}")
    gid=$(id -g kumo-check 2>/dev/null || echo "${KUMO_GID:-10001}")
    "$scripts/add-user.sh" kumo-check "$uid" "$gid" "$home"
    as_user=(setpriv --reuid="$uid" --regid="$gid" --clear-groups)
else
    uid=$(id -u) gid=$(id -g)
    mkdir -p "$home/data"
    as_user=()
    echo "not root: the server runs as the current user ($uid)"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
start_server() {
    # As the image starts it (ENTRYPOINT + CMD), with the image's environment; loopback only here.
    "${as_user[@]}" env -i HOME="$home" PATH="$prefix/bin:/usr/bin:/bin" LANG=C.UTF-8 TZ=UTC \
        KUMO_DATA_DIR="$home/data" KUMO_ADMIN_PASSWORD="$password" MAX_CONCURRENT_TASKS=4 \
        PYTHONUNBUFFERED=1 "$prefix/libexec/kumo/entrypoint" serve --listen "127.0.0.1:$port" \
        --shutdown-grace 3 >>"$stage/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        KUMO_HEALTH_URL="$url/api/health" "$prefix/libexec/kumo/healthcheck" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || fail "kumo serve exited at start"
        sleep 0.2
    done
    fail "no healthy answer from $url/api/health in 20 s"
}

step "start (entrypoint) and health (healthcheck)"
start_server
running_uid=$(ps -o uid= -p "$server_pid" | tr -d ' ')
[ "$running_uid" = "$uid" ] || fail "kumo serve runs as uid $running_uid, not $uid"
echo "kumo serve (pid $server_pid) runs as uid $running_uid and is healthy at $url"
if [ -n "$web" ]; then
    python3 - "$url/tasks" <<'PY' || fail "the dashboard is not served"
import sys, urllib.request
body = urllib.request.urlopen(sys.argv[1], timeout=5).read().decode()
sys.exit(0 if '<div id="app"' in body else 1)
PY
    echo "the dashboard answers deep links"
fi

step "a task run through the staged CLI"
export KUMO_CONFIG="$stage/cli.json"
kumo="$prefix/bin/kumo"
printf '%s\n' "$password" | "$kumo" login "$url" --username admin --password-stdin
python3 - "$stage/hello.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as archive:
    archive.writestr("hello/main.py", "import os, sys\n"
                     "print('hello from', os.getuid(), sys.version.split()[0])\n"
                     "open('out.txt', 'w').write('written by the run\\n')\n")
PY
"$kumo" project add hello "$stage/hello.zip"
"$kumo" task add --name hello --command "python3 main.py" --project hello --every 86400 --disabled
output=$("$kumo" task run hello --wait) || fail "the run failed: $output"
echo "$output"
grep -q "hello from $uid" <<<"$output" || fail "the run's log does not show it ran as uid $uid"
written=$(find "$home/data" -name out.txt | head -n1)
[ -n "$written" ] || fail "the run's output file is missing"
[ "$(stat -c %u "$written")" = "$uid" ] || fail "$written is not owned by uid $uid"

step "graceful stop on SIGTERM while a run is going"
"$kumo" task add --name sleeper --command "python3 -c 'import time; time.sleep(300)'" --every 86400 --disabled
"$kumo" task run sleeper >/dev/null
for _ in $(seq 1 100); do
    pgrep -u "$uid" -f 'time.sleep\(300\)' >/dev/null && break
    sleep 0.1
done
pgrep -u "$uid" -f 'time.sleep\(300\)' >/dev/null || fail "the sleeping run did not start"
stopped_at=$(date +%s)
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
took=$(($(date +%s) - stopped_at))
[ "$status" -eq 0 ] || fail "kumo serve exited with $status on SIGTERM"
[ "$took" -le 10 ] || fail "kumo serve took $took s to stop (grace 3 s)"
pgrep -u "$uid" -f 'time.sleep\(300\)' >/dev/null && fail "the sleeping run outlived the server"
echo "stopped with status 0 in $took s; the running run was ended"

step "the data directory outlives a restart"
start_server
tasks=$("$kumo" task list)
grep -q hello <<<"$tasks" || fail "the task is gone after a restart"
runs=$("$kumo" runs --task hello)
grep -q succeeded <<<"$runs" || fail "the run history is gone after a restart"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
[ "$status" -eq 0 ] || fail "kumo serve exited with $status on the second SIGTERM"
echo
echo "native-check: the container recipe works (staged in $prefix, ran as uid $uid)"
