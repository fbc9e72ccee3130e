#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Small helpers for bench/api/run.sh: sign in, top up tasks, run one task, copy the database,
compare answers, parse wrk's --latency output and assemble the report. Standard library only."""
import http.client
import json
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse


def connect(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def call(conn, method, path, body=None, headers=None):
    headers = dict(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    raw = response.read()
    return response.status, response.getheader("Set-Cookie"), raw


def expect(status, wanted, raw, what):
    if status != wanted:
        sys.exit(f"client.py: {what} answered {status}: {raw[:500].decode(errors='replace')}")


def token(url, password):
    """Signs in as admin and prints a fresh API token."""
    conn = connect(url)
    status, cookie, raw = call(conn, "POST", "/api/auth/login", {"username": "admin", "password": password})
    expect(status, 200, raw, "login")
    csrf = json.loads(raw)["csrfToken"]
    session = cookie.split(";", 1)[0]
    status, _, raw = call(conn, "POST", "/api/auth/tokens", {"name": "bench"},
                          {"Cookie": session, "X-CSRF-Token": csrf})
    expect(status, 201, raw, "token creation")
    print(json.loads(raw)["token"])


def auth(bearer):
    return {"Authorization": "Bearer " + bearer}


def total_tasks(conn, bearer):
    status, _, raw = call(conn, "GET", "/api/tasks?limit=1", headers=auth(bearer))
    expect(status, 200, raw, "task count")
    return json.loads(raw)["total"]


def topup(url, bearer, target, expression):
    """Creates tasks one by one until there are exactly TARGET; prints {"total", "toppedUp"}."""
    conn = connect(url)
    total = total_tasks(conn, bearer)
    if total > target:
        sys.exit(f"client.py: {total} tasks exist, more than the {target} wanted")
    added = 0
    while total + added < target:
        body = {"name": f"bench-topup-{added}", "command": "true",
                "trigger": {"type": "cron", "expression": expression}}
        status, _, raw = call(conn, "POST", "/api/tasks", body, auth(bearer))
        expect(status, 201, raw, "task creation")
        added += 1
    total = total_tasks(conn, bearer)
    if total != target:
        sys.exit(f"client.py: {total} tasks after topping up, not {target}")
    print(json.dumps({"total": total, "toppedUp": added}))


def run_once(url, bearer):
    """Runs the first task now, waits for the run to end and prints its id."""
    conn = connect(url)
    status, _, raw = call(conn, "GET", "/api/tasks?limit=1", headers=auth(bearer))
    expect(status, 200, raw, "task list")
    task_id = json.loads(raw)["items"][0]["id"]
    status, _, raw = call(conn, "POST", f"/api/tasks/{task_id}/run", headers=auth(bearer))
    expect(status, 202, raw, "run now")
    run_id = json.loads(raw)["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status, _, raw = call(conn, "GET", f"/api/runs/{run_id}", headers=auth(bearer))
        expect(status, 200, raw, "run")
        state = json.loads(raw)["state"]
        if state not in ("queued", "running"):
            if state != "succeeded":
                sys.exit(f"client.py: run {run_id} ended {state}")
            print(run_id)
            return
        time.sleep(0.05)
    sys.exit(f"client.py: run {run_id} did not finish within 60 s")


def copy_db(source, target):
    """A consistent copy of a live WAL database (the backup API also takes the WAL's pages),
    switched to a rollback journal so that it can be opened read-only without a -shm file."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst)
    dst.execute("PRAGMA journal_mode=DELETE")
    dst.close()
    src.close()


def fetch(url, path, bearer):
    conn = connect(url)
    status, _, raw = call(conn, "GET", path, headers=auth(bearer))
    expect(status, 200, raw, f"GET {url}{path}")
    return raw


def same(url_a, bearer_a, url_b, bearer_b, path):
    """Prints {"sameJson": bool, "bytes": [a, b]}: whether both servers answer PATH with the same
    JSON (parsed: Kumo writes 0 where Python writes 0.0)."""
    a, b = fetch(url_a, path, bearer_a), fetch(url_b, path, bearer_b)
    equal = json.loads(a) == json.loads(b)
    if not equal:
        print(f"client.py: answers to {path} differ:\n{a[:400]!r}\n{b[:400]!r}", file=sys.stderr)
    print(json.dumps({"sameJson": equal, "bytes": [len(a), len(b)]}))


def sweep(url, bearer, tasks):
    """Reads every page of GET /api/tasks?limit=100 in turn, twice, on one connection, and prints
    the median and largest time per page of each pass: the first pass meets a server that has not
    served those tasks before (Kumo caches each task's JSON), the second one a warm server."""
    conn = connect(url)
    pages = (int(tasks) + 99) // 100

    def one_pass():
        times = []
        for page in range(pages):
            started = time.perf_counter()
            status, _, raw = call(conn, "GET", f"/api/tasks?limit=100&offset={page * 100}", headers=auth(bearer))
            times.append((time.perf_counter() - started) * 1000)
            expect(status, 200, raw, "task page")
        return times

    first, again = one_pass(), one_pass()
    print(json.dumps({"pages": pages,
                      "firstP50Ms": round(statistics.median(first), 2), "firstMaxMs": round(max(first), 2),
                      "againP50Ms": round(statistics.median(again), 2), "againMaxMs": round(max(again), 2)}))


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def millis(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"cannot read a wrk duration from {text!r}")
    return round(float(match.group(1)) * UNITS[match.group(2)], 3)


def parse_wrk(text):
    """wrk --latency output → {"rps", "p50Ms", "p90Ms", "p99Ms", "requests", "non2xx", "socketErrors"}."""
    result = {}
    match = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    if not match:
        sys.exit(f"client.py: no Requests/sec in wrk output:\n{text}")
    result["rps"] = round(float(match.group(1)), 1)
    for pct in ("50", "90", "99"):
        match = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", text, re.M)
        result[f"p{pct}Ms"] = millis(match.group(1)) if match else None
    match = re.search(r"^\s+(\d+) requests in", text, re.M)
    result["requests"] = int(match.group(1)) if match else None
    match = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    result["non2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    result["socketErrors"] = sum(int(n) for n in match.groups()) if match else 0
    return result


def cpu_seconds(pid):
    """utime + stime of PID, in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds():
    """CPU time spent on all cores, not idle or waiting for I/O, in seconds."""
    fields = [int(n) for n in open("/proc/stat").readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(url, bearer, pid, seconds, warmup, save):
    """A discarded warm-up, then one measured wrk window against URL. Prints parse_wrk's fields plus
    the CPU used over the window, one core = 100 %: by the server (PID), by wrk, and by everything
    else on the machine (other work skews the figures: it is reported, not subtracted)."""
    wrk = ["wrk", "-t2", "-c50", "-H", "Authorization: Bearer " + bearer]
    subprocess.run(wrk + [f"-d{warmup}s", url], check=True, stdout=subprocess.DEVNULL)
    server, machine, children = cpu_seconds(pid), machine_busy_seconds(), children_cpu_seconds()
    started = time.monotonic()
    done = subprocess.run(wrk + [f"-d{seconds}s", "--latency", url], check=True, stdout=subprocess.PIPE,
                          text=True)
    elapsed = time.monotonic() - started
    server = cpu_seconds(pid) - server
    machine = machine_busy_seconds() - machine
    children = children_cpu_seconds() - children
    with open(save, "w", encoding="utf-8") as file:
        file.write(done.stdout)
    result = parse_wrk(done.stdout)
    result["serverCpuPercent"] = round(100 * server / elapsed, 1)
    result["wrkCpuPercent"] = round(100 * children / elapsed, 1)
    result["otherCpuPercent"] = round(max(0.0, 100 * (machine - server - children) / elapsed), 1)
    print(json.dumps(result))


def rss(pid):
    """{"rssMb", "peakRssMb"} of PID from /proc/PID/status."""
    values = {}
    for line in open(f"/proc/{pid}/status"):
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = round(int(rest.split()[0]) / 1024, 1)
    print(json.dumps({"rssMb": values.get("VmRSS"), "peakRssMb": values.get("VmHWM")}))


def report(directory, tasks, seconds, peer_handlers, out):
    """Assembles the pieces run.sh left in DIRECTORY into one object, printed and saved to OUT."""
    def load(name):
        with open(os.path.join(directory, name + ".json"), encoding="utf-8") as file:
            return json.load(file)

    create = load("create")
    topped = load("topup")
    report = {
        "benchmark": "api",
        "tasks": int(tasks),
        "wrk": f"-t2 -c50 -d{seconds}s --latency",
        # wrk, the server and anything else running share these cores.
        "cores": os.cpu_count(),
        "load1AtStart": float(open(os.path.join(directory, "load.txt")).read().split()[0]),
        "peerHandlers": peer_handlers,
        "create": {
            "count": create["created"],
            "seconds": round(create["seconds"], 3),
            "perSecond": round(create["created"] / create["seconds"]) if create["seconds"] else None,
            "failed": create["failed"],
            "toppedUp": topped["toppedUp"],
        },
    }
    for key, prefix in (("kumo", "kumo"), ("fastapiModel", "model"), ("fastapiRaw", "raw")):
        entry = {"taskList": load(prefix + "-list"), "runGet": load(prefix + "-run"),
                 "pageSweep": load(prefix + "-sweep")}
        entry.update(load(prefix + "-rss"))
        if prefix != "kumo":
            entry["sameJson"] = load(prefix + "-same-list")["sameJson"] and load(prefix + "-same-run")["sameJson"]
        if prefix == "kumo":
            entry["afterCreate"] = load("kumo-rss-created")
        report[key] = entry
    report["taskListBytes"] = load("model-same-list")["bytes"][0]
    text = json.dumps(report)
    with open(out, "w", encoding="utf-8") as file:
        file.write(text + "\n")
    print(text)


def main(argv):
    verb, args = argv[1], argv[2:]
    if verb == "token":
        token(*args)
    elif verb == "topup":
        topup(args[0], args[1], int(args[2]), args[3])
    elif verb == "run-once":
        run_once(*args)
    elif verb == "copy-db":
        copy_db(*args)
    elif verb == "same":
        same(*args)
    elif verb == "sweep":
        sweep(*args)
    elif verb == "measure":
        measure(*args)
    elif verb == "report":
        report(*args)
    elif verb == "rss":
        rss(args[0])
    else:
        sys.exit(f"client.py: unknown verb {verb}")


if __name__ == "__main__":
    main(sys.argv)
