#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Environment creation and a one-package install through Kumo, against the same venv and pip
commands run by hand, offline: wheels built by tests/helpers/make-package-index.py and served
from a PEP 503 index on loopback. Prints one JSON object.

Usage: bench/envs/bench_envs.py KUMO_BINARY [RUNS]   (RUNS defaults to 5)
Kumo's figures are wall time as a client sees it: from the POST to the operation's end as
polled every 20 ms, so they include the HTTP round trips, the queue, and the `pip freeze` that
Kumo records after every change (also reported on its own).
"""
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"
PACKAGES = [
    {"name": "kumo-base", "version": "1.0", "modules": {"kumobase.py": "NAME = 'base'\n"}},
    {"name": "kumo-hello", "version": "1.0", "modules": {"hello.py": "import kumobase\n"}, "requires": ["kumo-base"]},
]


def wait_for_line(process, pattern, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = process.stdout.readline()
        match = re.search(pattern, line)
        if match:
            return match
    raise RuntimeError("no line matching %r" % pattern)


class Client:
    def __init__(self, url, password):
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = self.call("POST", "/api/auth/login", {"username": "admin", "password": password})["csrfToken"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if getattr(self, "csrf", None):
            request.add_header("X-CSRF-Token", self.csrf)
        with self.opener.open(request) as answer:
            return json.loads(answer.read() or b"{}")

    def freeze_seconds(self, operation_id):
        """Seconds of the operation's freeze step, from its log."""
        text = self.call("GET", "/api/env-operations/%d/log" % operation_id)["text"]
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if "<pip freeze>" in line and i + 1 < len(lines):
                match = re.search(r"\(([\d.]+) s\)", lines[i + 1])
                if match:
                    return float(match.group(1))
        return 0.0

    def wait(self, operation_id):
        while True:
            operation = self.call("GET", "/api/env-operations/%d" % operation_id)
            if operation["state"] not in ("queued", "running"):
                return operation
            time.sleep(0.02)


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main():
    kumo = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    tmp = tempfile.mkdtemp(prefix="kumo-bench-envs-")
    processes = []
    try:
        index_dir = os.path.join(tmp, "index")
        subprocess.run([PYTHON, os.path.join(ROOT, "tests/helpers/make-package-index.py"), index_dir],
                       input=json.dumps(PACKAGES).encode(), check=True)
        index = subprocess.Popen([PYTHON, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", index_dir],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        processes.append(index)
        index_url = "http://127.0.0.1:%s/simple" % wait_for_line(index, r"port (\d+)").group(1)

        password = "bench-envs-password"
        env = dict(os.environ, KUMO_ADMIN_PASSWORD=password, QT_LOGGING_RULES="kumo.*.info=false", PIP_INDEX_URL=index_url)
        server = subprocess.Popen([kumo, "serve", "--data-dir", os.path.join(tmp, "data"), "--listen", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        processes.append(server)
        client = Client(wait_for_line(server, r"Listening on (http://\S+)").group(1), password)
        interpreters = client.call("POST", "/api/python/interpreters/refresh")["items"]
        system = os.path.realpath(PYTHON)
        interpreter = next(i for i in interpreters if os.path.realpath(i["path"]) == system)

        # The environment pip runs in by hand: what Kumo gives it (no inherited PIP_* settings).
        pip_env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
        pip_env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        figures = {"handVenv": [], "handInstall": [], "kumoCreate": [], "kumoCreateServer": [],
                   "kumoInstall": [], "kumoInstallServer": [], "handFreeze": [], "kumoFreezeStep": []}
        for run in range(runs):
            venv = os.path.join(tmp, "hand-%d" % run)
            figures["handVenv"].append(timed(lambda: subprocess.run([PYTHON, "-m", "venv", venv], check=True))[0])
            figures["handInstall"].append(timed(lambda: subprocess.run(
                [venv + "/bin/python", "-m", "pip", "install", "--index-url", index_url, "kumo-hello"],
                check=True, stdout=subprocess.DEVNULL, env=pip_env))[0])
            figures["handFreeze"].append(timed(lambda: subprocess.run(
                [venv + "/bin/python", "-m", "pip", "freeze"], check=True, stdout=subprocess.DEVNULL, env=pip_env))[0])

            seconds, created = timed(lambda: client.wait(client.call(
                "POST", "/api/environments", {"name": "bench-%d" % run, "interpreterId": interpreter["id"]})["operation"]["id"]))
            assert created["state"] == "succeeded", created
            figures["kumoCreate"].append(seconds)
            figures["kumoCreateServer"].append(created["durationMs"] / 1000)
            figures["kumoFreezeStep"].append(client.freeze_seconds(created["id"]))
            seconds, installed = timed(lambda: client.wait(client.call(
                "POST", "/api/environments/%d/packages" % created["environmentId"], {"packages": ["kumo-hello"]})["id"]))
            assert installed["state"] == "succeeded", installed
            figures["kumoInstall"].append(seconds)
            figures["kumoInstallServer"].append(installed["durationMs"] / 1000)

        median = {name: round(statistics.median(values), 3) for name, values in figures.items()}
        print(json.dumps({
            "bench": "environments",
            "runs": runs,
            "python": interpreter["version"],
            "byHand": {"venvS": median["handVenv"], "installS": median["handInstall"], "pipFreezeS": median["handFreeze"]},
            "kumo": {"createS": median["kumoCreate"], "createServerS": median["kumoCreateServer"],
                     "installS": median["kumoInstall"], "installServerS": median["kumoInstallServer"],
                     "freezeStepS": median["kumoFreezeStep"]},
            # What Kumo adds: the freeze it records after each change, and the rest (HTTP,
            # queue, supervision, the client's 20 ms polling).
            "overhead": {
                "createS": round(median["kumoCreate"] - median["handVenv"], 3),
                "createBesidesFreezeS": round(median["kumoCreate"] - median["handVenv"] - median["kumoFreezeStep"], 3),
                "installS": round(median["kumoInstall"] - median["handInstall"], 3),
                "installBesidesFreezeS": round(median["kumoInstall"] - median["handInstall"] - median["kumoFreezeStep"], 3),
            },
            "load": open("/proc/loadavg").read().split()[:3],
        }))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
