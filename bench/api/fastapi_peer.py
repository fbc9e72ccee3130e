#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The reference for bench/api: FastAPI + uvicorn serving GET /api/tasks and GET /api/runs/{id}
with the same JSON as Kumo, read from a copy of Kumo's SQLite database (opened read-only).

  /usr/bin/python3 fastapi_peer.py DB PORT TOKEN model|raw [async|sync]

"model" returns pydantic response models, as the Python original does (SQLAlchemy rows turned
into pydantic models, validated and encoded by FastAPI); "raw" runs the same queries and returns
the same dicts through JSONResponse, skipping the models. Both demand "Authorization: Bearer
TOKEN" (a constant-time comparison with a constant; Kumo looks the token's hash up in its
database). One uvicorn worker, no access log.

"async" (the default) runs the handlers on the event loop: the queries take well under a
millisecond, and this is FastAPI's fastest and steadiest configuration. "sync" makes them plain
`def`, run in FastAPI's thread pool as with a synchronous SQLAlchemy session; on two cores its
throughput swings with what else runs (its pool threads contend for the GIL), see BENCHMARKS.md."""
import functools
import hmac
import json
import sqlite3
import sys
import threading
import time
from typing import Dict, List, Optional

import uvicorn
from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

DB, PORT, TOKEN, MODE = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
HANDLERS = sys.argv[5] if len(sys.argv) > 5 else "async"
if MODE not in ("model", "raw") or HANDLERS not in ("async", "sync"):
    sys.exit("usage: fastapi_peer.py DB PORT TOKEN model|raw [async|sync]")


def handler(function):
    """FastAPI runs a plain `def` in its thread pool and an `async def` on the event loop."""
    if HANDLERS == "sync":
        return function

    @functools.wraps(function)  # FastAPI reads the parameters through __wrapped__
    async def on_loop(*args, **kwargs):
        return function(*args, **kwargs)
    return on_loop


# Fields in alphabetical order, as Kumo's QJsonObject writes them, so the bytes match too.
class Trigger(BaseModel):
    at: Optional[str] = None
    end: Optional[str] = None
    expression: Optional[str] = None
    jitterSeconds: Optional[int] = None
    seconds: Optional[int] = None
    start: Optional[str] = None
    timezone: Optional[str] = None
    type: str


class Task(BaseModel):
    command: str
    createdAt: str
    enabled: bool
    env: Dict[str, str]
    environmentId: Optional[int]
    id: int
    maxInstances: int
    misfireGraceSeconds: int
    name: str
    nextRunAt: Optional[str]
    projectId: Optional[int]
    retries: int
    retryIntervalSeconds: int
    timeoutSeconds: int
    trigger: Trigger
    updatedAt: str
    workingDir: str


class TaskPage(BaseModel):
    items: List[Task]
    limit: int
    offset: int
    total: int


class Run(BaseModel):
    attempt: int
    cpuPeakPercent: Optional[float]
    cpuSeconds: Optional[float]
    error: Optional[str]
    exitCode: Optional[int]
    finishedAt: Optional[str]
    fires: int
    groupId: int
    id: int
    logBytes: int
    logTruncated: bool
    queuedAt: Optional[str]
    reason: str
    rssPeakBytes: Optional[int]
    scheduledAt: str
    signal: Optional[int]
    startedAt: Optional[str]
    state: str
    taskId: int


def rfc3339(ms):
    """As Kumo's toRfc3339: UTC, milliseconds only when there are some."""
    if ms is None:
        return None
    seconds, millis = divmod(ms, 1000)
    text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{text}.{millis:03d}Z" if millis else text + "Z"


_local = threading.local()


def db():
    # sqlite3 connections belong to one thread; the pool has several.
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
        _local.conn = conn
    return conn


TASK_COLUMNS = ("id, name, command, working_dir, trigger_type, trigger_config, timezone, enabled, retries, "
                "retry_interval_s, timeout_s, max_instances, misfire_grace_s, env, next_fire_at, created_at, "
                "updated_at, project_id, environment_id")
RUN_COLUMNS = ("id, task_id, COALESCE(group_id, id), attempt, state, reason, scheduled_at, queued_at, started_at, "
               "finished_at, exit_code, signal, log_bytes, log_truncated, error, fires, cpu_peak_percent, "
               "rss_peak_bytes, cpu_seconds")


def task_dict(row):
    (id_, name, command, working_dir, trigger_type, trigger_config, timezone, enabled, retries, retry_interval,
     timeout, max_instances, misfire_grace, env, next_fire, created, updated, project, environment) = row
    trigger = json.loads(trigger_config)
    if timezone:
        trigger["timezone"] = timezone
    trigger["type"] = trigger_type
    return {
        "command": command,
        "createdAt": rfc3339(created),
        "enabled": bool(enabled),
        "env": json.loads(env),
        "environmentId": environment,
        "id": id_,
        "maxInstances": max_instances,
        "misfireGraceSeconds": misfire_grace,
        "name": name,
        "nextRunAt": rfc3339(next_fire),
        "projectId": project,
        "retries": retries,
        "retryIntervalSeconds": retry_interval,
        "timeoutSeconds": timeout,
        "trigger": trigger,
        "updatedAt": rfc3339(updated),
        "workingDir": working_dir,
    }


def run_dict(row):
    (id_, task_id, group_id, attempt, state, reason, scheduled, queued, started, finished, exit_code, signal,
     log_bytes, log_truncated, error, fires, cpu_peak, rss_peak, cpu_seconds) = row
    return {
        "attempt": attempt,
        "cpuPeakPercent": cpu_peak,
        "cpuSeconds": cpu_seconds,
        "error": error or None,
        "exitCode": exit_code,
        "finishedAt": rfc3339(finished),
        "fires": fires,
        "groupId": group_id,
        "id": id_,
        "logBytes": log_bytes,
        "logTruncated": bool(log_truncated),
        "queuedAt": rfc3339(queued),
        "reason": reason,
        "rssPeakBytes": rss_peak,
        "scheduledAt": rfc3339(scheduled),
        "signal": signal,
        "startedAt": rfc3339(started),
        "state": state,
        "taskId": task_id,
    }


@handler
def require_token(authorization: str = Header(default="")):
    if not (authorization[:7].lower() == "bearer " and hmac.compare_digest(authorization[7:].strip(), TOKEN)):
        raise HTTPException(status_code=401, detail="sign in, or send an API token",
                            headers={"WWW-Authenticate": 'Bearer realm="kumo"'})


def task_page(limit, offset):
    conn = db()
    total = conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
    rows = conn.execute(f"SELECT {TASK_COLUMNS} FROM tasks ORDER BY id LIMIT ? OFFSET ?", (limit, offset))
    return [task_dict(row) for row in rows], total


def one_run(run_id):
    row = db().execute(f"SELECT {RUN_COLUMNS} FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise HTTPException(status_code=404, detail=f"run {run_id} does not exist")
    return run_dict(row)


app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
Limit = Query(default=50, ge=1, le=1000)
Offset = Query(default=0, ge=0)

if MODE == "model":
    # Models built from the rows, as SQLAlchemy objects would be with orm_mode; the trigger
    # leaves out what its type does not use (Kumo omits those keys).
    @app.get("/api/tasks", response_model=TaskPage, response_model_exclude_unset=True,
             dependencies=[Depends(require_token)])
    @handler
    def list_tasks(limit: int = Limit, offset: int = Offset):
        items, total = task_page(limit, offset)
        return TaskPage(items=[Task(**item) for item in items], total=total, limit=limit, offset=offset)

    @app.get("/api/runs/{run_id}", response_model=Run, dependencies=[Depends(require_token)])
    @handler
    def get_run(run_id: int):
        return Run(**one_run(run_id))
else:
    @app.get("/api/tasks", dependencies=[Depends(require_token)])
    @handler
    def list_tasks(limit: int = Limit, offset: int = Offset):
        items, total = task_page(limit, offset)
        return JSONResponse({"items": items, "limit": limit, "offset": offset, "total": total})

    @app.get("/api/runs/{run_id}", dependencies=[Depends(require_token)])
    @handler
    def get_run(run_id: int):
        return JSONResponse(one_run(run_id))


if __name__ == "__main__":
    print(f"FastAPI peer ({MODE}, {HANDLERS} handlers) on http://127.0.0.1:{PORT}", flush=True)
    uvicorn.run(app, host="127.0.0.1", port=PORT, workers=1, access_log=False, log_level="warning")
