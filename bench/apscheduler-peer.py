#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The reference for bench/kumo-bench scheduler: the same workload on APScheduler 3, set up as
the Python original uses it (BackgroundScheduler, a thread pool of 50). N interval jobs fire
every second, starts spread evenly over the second, each launching /bin/true. Prints JSON.

Usage: apscheduler-peer.py TASKS SECONDS
"""
import json
import resource
import subprocess
import sys
import threading
import time
from collections import defaultdict, deque
from datetime import datetime, timedelta, timezone

from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_JOB_MAX_INSTANCES
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return float(values[min(len(values) - 1, int(p / 100.0 * len(values)))])


def main():
    tasks = int(sys.argv[1])
    seconds = int(sys.argv[2])
    lock = threading.Lock()
    # Spawn and end times per job, oldest first: with max_instances=1 a job's runs are
    # sequential, so its executed events arrive in the same order.
    spawns = defaultdict(deque)
    lateness, durations = [], []
    counts = {"completed": 0, "missed": 0, "skipped": 0}

    base = datetime.fromtimestamp(int(time.time()) + 2, tz=timezone.utc)
    window_end = base + timedelta(seconds=seconds)

    def job(job_id):
        at = time.time()
        subprocess.run(["/bin/true"], check=False)
        with lock:
            spawns[job_id].append((at, time.time()))

    def listener(event):
        with lock:
            if event.code == EVENT_JOB_EXECUTED:
                at, done = spawns[event.job_id].popleft()
                if not base <= event.scheduled_run_time < window_end:
                    return
                lateness.append((at - event.scheduled_run_time.timestamp()) * 1000)
                durations.append((done - at) * 1000)
                counts["completed"] += 1
            elif not base <= event.scheduled_run_time < window_end:
                return
            elif event.code == EVENT_JOB_MISSED:
                counts["missed"] += 1
            else:
                counts["skipped"] += 1

    scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(50)}, timezone=timezone.utc)
    scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    for i in range(tasks):
        start = base + timedelta(milliseconds=i * 1000 // tasks)
        scheduler.add_job(job, "interval", seconds=1, start_date=start, args=[f"job-{i}"], id=f"job-{i}")
    scheduler.start()
    time.sleep(max(0.0, base.timestamp() - time.time()))
    usage_start = resource.getrusage(resource.RUSAGE_SELF)
    time.sleep(seconds + 2)
    usage_end = resource.getrusage(resource.RUSAGE_SELF)
    scheduler.shutdown(wait=True)

    cpu = (usage_end.ru_utime + usage_end.ru_stime) - (usage_start.ru_utime + usage_start.ru_stime)
    print(json.dumps({
        "benchmark": "apscheduler 3 BackgroundScheduler, 50 threads",
        "tasks": tasks,
        "seconds": seconds,
        "expectedFires": tasks * seconds,
        "started": len(lateness),
        "completedPerSecond": counts["completed"] / seconds,
        "missed": counts["missed"],
        "skipped": counts["skipped"],
        "latenessMs": {"p50": percentile(lateness, 50), "p99": percentile(lateness, 99),
                       "max": max(lateness) if lateness else 0.0},
        "runDurationMs": {"p50": percentile(durations, 50), "p99": percentile(durations, 99)},
        "serverCpuPercent": 100.0 * cpu / (seconds + 2),
        "serverPeakRssMB": usage_end.ru_maxrss / 1024.0,
    }), flush=True)


if __name__ == "__main__":
    main()
