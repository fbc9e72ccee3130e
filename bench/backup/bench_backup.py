#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Backup and restore of a database with many runs, through Kumo's API, against doing the same
by hand: SQLite's online backup API into a file, then a deflated ZIP of it (Python's sqlite3 and
zipfile). Prints one JSON object.

Usage: bench/backup/bench_backup.py KUMO_BINARY [RUNS_IN_DB] [ROUNDS]   (200000 and 3 by default)
Kumo's backup time is wall time as a client sees it: from the POST to the backup being listed
ready (polled every 20 ms). The restore is timed from its POST to its audit event answering
after the engine's restart; the dry run (unpack and check only) on its own.
"""
import http.cookiejar
import json
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

PASSWORD = "bench-password-1"


class Client:
    def __init__(self, url):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = None
        self.csrf = self.call("POST", "/api/auth/login", {"username": "admin", "password": PASSWORD})["csrfToken"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.csrf:
            request.add_header("X-CSRF-Token", self.csrf)
        with self.opener.open(request) as answer:
            return json.loads(answer.read() or b"{}")


def start(kumo, data):
    env = dict(os.environ, KUMO_ADMIN_PASSWORD=PASSWORD, QT_LOGGING_RULES="kumo.*.info=false")
    process = subprocess.Popen([kumo, "serve", "--data-dir", data, "--listen", "127.0.0.1:0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    while True:
        line = process.stdout.readline()
        match = re.search(r"Listening on (http://\S+)", line)
        if match:
            return process, match.group(1)
        if not line:
            raise RuntimeError("kumo serve did not start")


def stop(process):
    process.send_signal(signal.SIGTERM)
    process.wait(30)


def seed(kumo, data, runs):
    """A task made through the API, then RUNS finished runs of it written straight to the file."""
    process, url = start(kumo, data)
    client = Client(url)
    task = client.call("POST", "/api/tasks", {"name": "seeded", "command": "true",
                                              "trigger": {"type": "cron", "expression": "0 3 * * *"}})
    stop(process)
    db = sqlite3.connect(os.path.join(data, "kumo.db"))
    now = int(time.time() * 1000) - runs * 60000
    rows = ((task["id"], i + 1, "succeeded", "schedule", now + i * 60000, now + i * 60000, now + i * 60000 + 900,
             0, 120) for i in range(runs))
    db.executemany("INSERT INTO runs (task_id, group_id, state, reason, scheduled_at, started_at, finished_at, "
                   "exit_code, log_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()


def by_hand(data, target_dir):
    """SQLite's backup API into a file, then a deflated ZIP of it."""
    copy = os.path.join(target_dir, "copy.db")
    if os.path.exists(copy):
        os.remove(copy)
    source = sqlite3.connect(os.path.join(data, "kumo.db"))
    destination = sqlite3.connect(copy)
    start_time = time.perf_counter()
    source.backup(destination)
    destination.close()
    source.close()
    with zipfile.ZipFile(os.path.join(target_dir, "copy.zip"), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(copy, "kumo.db")
    return time.perf_counter() - start_time


def main():
    kumo = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    tmp = tempfile.mkdtemp(prefix="kumo-bench-backup-")
    try:
        data = os.path.join(tmp, "data")
        seed(kumo, data, runs)
        database_bytes = os.path.getsize(os.path.join(data, "kumo.db"))
        hand = [by_hand(data, tmp) for _ in range(rounds)]
        zip_bytes = os.path.getsize(os.path.join(tmp, "copy.zip"))

        process, url = start(kumo, data)
        client = Client(url)
        backup_times, names = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            name = client.call("POST", "/api/backups", {"includeProjects": False})["name"]
            while client.call("GET", "/api/backups/" + name)["state"] == "creating":
                time.sleep(0.02)
            backup_times.append(time.perf_counter() - started)
            names.append(name)
        backup_bytes = client.call("GET", "/api/backups/" + names[-1])["sizeBytes"]

        started = time.perf_counter()
        client.call("POST", "/api/backups/%s/restore" % names[-1], {"dryRun": True})
        dry_run = time.perf_counter() - started

        started = time.perf_counter()
        snapshot = client.call("POST", "/api/backups/%s/restore" % names[-1], {})["plan"]["preRestoreBackup"]
        restored = False
        while not restored:
            time.sleep(0.02)
            try:
                client = Client(url)
                events = client.call("GET", "/api/audit?action=backup.restored&targetId=" + names[-1])["items"]
                restored = any(event["details"].get("preRestoreBackup") == snapshot for event in events)
            except Exception:  # the server is restarting
                pass
        restore = time.perf_counter() - started
        stop(process)

        print(json.dumps({
            "bench": "backup",
            "runsInDatabase": runs,
            "databaseBytes": database_bytes,
            "kumo": {"backupSecondsMedian": round(statistics.median(backup_times), 3), "backupBytes": backup_bytes,
                     "dryRunSeconds": round(dry_run, 3), "restoreSeconds": round(restore, 3)},
            "byHand": {"sqliteBackupApiPlusZipSecondsMedian": round(statistics.median(hand), 3), "zipBytes": zip_bytes},
            "rounds": rounds,
        }))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
