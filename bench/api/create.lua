-- SPDX-License-Identifier: MIT
-- wrk script: POSTs tasks with unique names ("bench-<thread>-<n>") until this thread's share of
-- the total has been answered, then stops the thread and leaves a file "<dir>/done-<thread>" so
-- that run.sh can interrupt wrk (whose main thread otherwise sleeps for the whole -d).
-- Arguments after "--": TOTAL THREADS DONE_DIR CRON_EXPRESSION. The creation rate is timed here, from the first
-- POST sent to the last 201 received, on CLOCK_MONOTONIC: wrk's own duration would include the
-- idle time after the threads stop.
-- Once a thread has sent its share, free connections send GET /api/health (wrk cannot leave a
-- connection idle), so no more than TOTAL tasks are ever created.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } kumo_bench_timespec;
int clock_gettime(int clock, kumo_bench_timespec *ts);
]]
local timespec = ffi.new("kumo_bench_timespec")
local function now()
    ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
    return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

local threads = {}

function setup(thread)
    thread:set("tid", #threads)
    table.insert(threads, thread)
end

function init(args)
    local total, count = tonumber(args[1]), tonumber(args[2])
    doneDir, expression = args[3], args[4]
    quota = math.floor(total / count) + ((tid < total % count) and 1 or 0)
    sent, created, failed, first, last = 0, 0, 0, 0, 0
    if tid == 0 then
        -- wrk 4 calls request() once on thread 0's state to check the script, and never sends
        -- that request: let that call take the place of a name that is never used.
        sent = -1
    end
    wrk.headers["Content-Type"] = "application/json"
    if quota == 0 then
        finish()
    end
end

function finish()
    local file = io.open(doneDir .. "/done-" .. tid, "w")
    if file then
        file:close()
    end
    wrk.thread:stop()
end

function request()
    if sent < quota then
        sent = sent + 1
        if first == 0 and sent > 0 then
            first = now()
        end
        local body = string.format(
            '{"name":"bench-%d-%d","command":"true","trigger":{"type":"cron","expression":"%s"}}', tid, sent,
            expression)
        return wrk.format("POST", "/api/tasks", nil, body)
    end
    return wrk.format("GET", "/api/health", nil, nil)
end

function response(status, headers, body)
    if status == 201 then
        created = created + 1
        last = now()
    elseif status ~= 200 then -- 200 answers the filler health checks
        failed = failed + 1
        if failed <= 3 then
            io.stderr:write("create.lua: status " .. status .. ": " .. body .. "\n")
        end
    end
    if created + failed >= quota then
        finish()
    end
end

function done(summary, latency, requests)
    local created, failed, first, last = 0, 0, math.huge, 0
    for _, thread in ipairs(threads) do
        created = created + thread:get("created")
        failed = failed + thread:get("failed")
        local f, l = thread:get("first"), thread:get("last")
        if f > 0 and f < first then
            first = f
        end
        if l > last then
            last = l
        end
    end
    local seconds = (last > first) and (last - first) or 0
    io.write(string.format('CREATE_RESULT {"created":%d,"failed":%d,"seconds":%.4f}\n', created, failed, seconds))
end
