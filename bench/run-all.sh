#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every benchmark with its reference side by side and prints one JSON object per line;
# the lines are also saved to bench/results/. Usage: bench/run-all.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/dev}
seconds=${2:-30}
out=$here/results
mkdir -p "$out"
file=$out/$(date -u +%Y%m%dT%H%M%SZ).jsonl
export QT_LOGGING_RULES='kumo.*.info=false'

run() { "$@" | tee -a "$file"; }

run "$build/bench/spawn-limit" 1 5
run "$build/bench/spawn-limit" 2 5
run "$build/bench/kumo-bench" launch --tasks 10000
for tasks in 100 1000; do
    run "$build/bench/kumo-bench" scheduler --tasks "$tasks" --seconds "$seconds"
    run /usr/bin/python3 "$here/apscheduler-peer.py" "$tasks" "$seconds"
done
run "$build/bench/kumo-bench" idle --tasks 10000 --seconds 60
run "$here/api/run.sh" "$build"
run /usr/bin/python3 "$here/envs/bench_envs.py" "$build/app/kumo" 7
run /usr/bin/python3 "$here/backup/bench_backup.py" "$build/app/kumo" 200000 5
run node "$here/web/bench_dashboard.mjs" "$build" 5
echo "saved to $file" >&2
