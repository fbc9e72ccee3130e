#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The REST API under load, beside a FastAPI peer serving the same JSON from the same data.
# Starts `kumo serve` on a fresh data directory, creates the tasks through the API (timed), runs
# one task, reads every page of the task list twice (timed per page: the first reading is cold),
# then drives GET /api/tasks?limit=100 and GET /api/runs/{id} with wrk; then does the
# same against bench/api/fastapi_peer.py (pydantic models, then raw dicts) reading a copy of the
# database. Prints one JSON object and saves it to bench/results/api.json.
# Usage: bench/api/run.sh [BUILD_DIR]   (builds nothing: needs BUILD_DIR/app/kumo or $KUMO_BINARY)
# Environment: BENCH_API_TASKS (10000), BENCH_API_SECONDS (20 per wrk window),
# BENCH_API_PEER_HANDLERS (async, or sync: see fastapi_peer.py).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build/dev}
kumo=${KUMO_BINARY:-$build/app/kumo}
tasks=${BENCH_API_TASKS:-10000}
seconds=${BENCH_API_SECONDS:-20}
peer_handlers=${BENCH_API_PEER_HANDLERS:-async}
threads=2 # wrk -t2 -c50 (also in client.py measure)
connections=50
warmup=2
python=/usr/bin/python3
client() { "$python" "$here/client.py" "$@"; }
log() { echo "bench/api: $*" >&2; }

[[ -x $kumo ]] || { echo "bench/api: no Kumo binary at $kumo (build it, or set KUMO_BINARY)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench/api: wrk is missing (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
kumo_pid=
peer_pid=
cleanup() {
    [[ -n $peer_pid ]] && kill "$peer_pid" 2>/dev/null && wait "$peer_pid" 2>/dev/null
    [[ -n $kumo_pid ]] && kill "$kumo_pid" 2>/dev/null && wait "$kumo_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# Hourly, at the minute half an hour from now: the same planning work as "0 * * * *", but none
# of the tasks can fire while we measure.
cron="$(( (10#$(date +%M) + 30) % 60 )) * * * *"

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# load NAME URL BEARER PID: a discarded warm-up, then the measured wrk window.
load() {
    client measure "$2" "$3" "$4" "$seconds" "$warmup" "$tmp/$1.txt" >"$tmp/$1.json"
    log "$1: $(cat "$tmp/$1.json")"
}

# --- Kumo ---------------------------------------------------------------------------------
cp /proc/loadavg "$tmp/load.txt" # in the report: other work on the machine skews every figure
password=bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
mkdir "$tmp/data"
KUMO_ADMIN_PASSWORD=$password QT_LOGGING_RULES='kumo.*.info=false' \
    "$kumo" serve --data-dir "$tmp/data" --listen 127.0.0.1:0 >"$tmp/kumo.out" 2>"$tmp/kumo.err" &
kumo_pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's|^Listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$tmp/kumo.out")
    [[ -n $port ]] && break
    kill -0 "$kumo_pid" 2>/dev/null || break
    sleep 0.1
done
[[ -n $port ]] || { echo "bench/api: kumo serve did not start:" >&2; cat "$tmp/kumo.out" "$tmp/kumo.err" >&2; exit 1; }
kumo_url=http://127.0.0.1:$port
token=$(client token "$kumo_url" "$password")
log "Kumo (pid $kumo_pid) on $kumo_url; creating $tasks tasks ($cron)"

# Creation: wrk POSTs until each thread's share is answered; the threads then leave a file in
# $tmp/done and we interrupt wrk, whose main thread would otherwise sleep out the -d cap (if a
# request is lost, the cap ends it and the top-up below creates what is missing).
mkdir "$tmp/done"
wrk -t$threads -c$connections -d120s -s "$here/create.lua" -H "Authorization: Bearer $token" \
    "$kumo_url/api/tasks" -- "$tasks" "$threads" "$tmp/done" "$cron" >"$tmp/create.txt" 2>"$tmp/create.err" &
wrk_pid=$!
while kill -0 "$wrk_pid" 2>/dev/null; do
    if (( $(find "$tmp/done" -type f | wc -l) >= threads )); then
        kill -INT "$wrk_pid"
        break
    fi
    sleep 0.05
done
wait "$wrk_pid"
sed -n 's/^CREATE_RESULT //p' "$tmp/create.txt" >"$tmp/create.json"
[[ -s $tmp/create.json ]] || { echo "bench/api: creation failed:" >&2; cat "$tmp/create.txt" "$tmp/create.err" >&2; exit 1; }
client topup "$kumo_url" "$token" "$tasks" "$cron" >"$tmp/topup.json"
client rss "$kumo_pid" >"$tmp/kumo-rss-created.json"
log "created: $(cat "$tmp/create.json"), top-up: $(cat "$tmp/topup.json")"

run_id=$(client run-once "$kumo_url" "$token")
client copy-db "$tmp/data/kumo.db" "$tmp/peer.db"
log "run $run_id finished; database copied"

client sweep "$kumo_url" "$token" "$tasks" >"$tmp/kumo-sweep.json" # before wrk warms page 1
log "kumo-sweep: $(cat "$tmp/kumo-sweep.json")"
load kumo-list "$kumo_url/api/tasks?limit=100" "$token" "$kumo_pid"
load kumo-run "$kumo_url/api/runs/$run_id" "$token" "$kumo_pid"
client rss "$kumo_pid" >"$tmp/kumo-rss.json"

# --- FastAPI peer, with response models and raw -------------------------------------------
# Kumo stays up (idle) so that the answers can be compared; none of its tasks fires meanwhile.
peer_token=bench-peer-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
for mode in model raw; do
    peer_port=$(free_port)
    peer_url=http://127.0.0.1:$peer_port
    "$python" "$here/fastapi_peer.py" "$tmp/peer.db" "$peer_port" "$peer_token" "$mode" "$peer_handlers" \
        >"$tmp/peer-$mode.out" 2>"$tmp/peer-$mode.err" &
    peer_pid=$!
    for _ in $(seq 100); do
        curl -s -o /dev/null "$peer_url/api/tasks" && break
        kill -0 "$peer_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$peer_pid" 2>/dev/null || { echo "bench/api: the peer did not start:" >&2; cat "$tmp/peer-$mode.err" >&2; exit 1; }
    client same "$kumo_url" "$token" "$peer_url" "$peer_token" "/api/tasks?limit=100" >"$tmp/$mode-same-list.json"
    client same "$kumo_url" "$token" "$peer_url" "$peer_token" "/api/runs/$run_id" >"$tmp/$mode-same-run.json"
    client sweep "$peer_url" "$peer_token" "$tasks" >"$tmp/$mode-sweep.json"
    log "$mode-sweep: $(cat "$tmp/$mode-sweep.json")"
    load "$mode-list" "$peer_url/api/tasks?limit=100" "$peer_token" "$peer_pid"
    load "$mode-run" "$peer_url/api/runs/$run_id" "$peer_token" "$peer_pid"
    client rss "$peer_pid" >"$tmp/$mode-rss.json"
    kill "$peer_pid"
    wait "$peer_pid" || true
    peer_pid=
done

mkdir -p "$root/bench/results"
client report "$tmp" "$tasks" "$seconds" "$peer_handlers" "$root/bench/results/api.json"
