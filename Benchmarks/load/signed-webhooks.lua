-- wrk's script for `scripts/bench`: posts pre-signed, unique webhooks, flat out or at a fixed rate,
-- and prints one JSON line of figures: rate, latency percentiles, answers by status.
--
--   wrk -t2 -c32 -d10s -s Benchmarks/load/signed-webhooks.lua http://127.0.0.1:8080 -- REQUESTS THREADS [RATE]
--
-- REQUESTS holds one webhook a line: "PATH\tHeader: value\x1fHeader: value\tBODY" (scripts/bench
-- writes it, signing each body with the provider's scheme). Thread k sends lines k, k+THREADS, ...;
-- a thread that runs out starts its lines again, and the repeats are counted: the service answers
-- them as duplicates, which are cheaper, so a run that repeats is too short a file.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *now);
]]
local now_ts = ffi.new("bench_timespec")
local function now_ms()
    ffi.C.clock_gettime(1, now_ts) -- CLOCK_MONOTONIC
    return tonumber(now_ts.tv_sec) * 1000 + tonumber(now_ts.tv_nsec) / 1e6
end

local created = 0
local threads = {}

function setup(thread)
    thread:set("thread_index", created)
    created = created + 1
    table.insert(threads, thread)
end

function init(args)
    local file, thread_count = args[1], tonumber(args[2])
    local rate = tonumber(args[3] or "0")
    records, next_record, repeats, statuses = {}, 1, 0, {}
    local line_number = 0
    for line in io.lines(file) do
        if line_number % thread_count == thread_index then
            local path, header_text, body = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
            local headers = {}
            for field in header_text:gmatch("[^\31]+") do
                local name, value = field:match("^([^:]+): (.*)$")
                headers[name] = value
            end
            records[#records + 1] = wrk.format("POST", path, headers, body)
        end
        line_number = line_number + 1
    end
    if rate > 0 then
        -- This thread's share of the rate: the nth request is due at start + n * interval.
        interval = thread_count / rate * 1000
        sent, started = 0, nil
    end
end

function request()
    local record = records[next_record]
    next_record = next_record + 1
    if next_record > #records then
        next_record = 1
        repeats = repeats + 1
    end
    return record
end

function delay()
    if not interval then return 0 end
    local now = now_ms()
    started = started or now
    local due = started + sent * interval
    sent = sent + 1
    return math.max(0, math.floor(due - now))
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local by_status, repeated = {}, 0
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            by_status[tostring(status)] = (by_status[tostring(status)] or 0) + count
        end
        repeated = repeated + thread:get("repeats")
    end
    local parts = {}
    for status, count in pairs(by_status) do parts[#parts + 1] = string.format('"%s":%d', status, count) end
    local errors = summary.errors
    io.write(string.format(
        'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,' ..
        '"mean_us":%.1f,"statuses":{%s},"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"file_repeats":%d}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
        latency:percentile(99.9), latency.max, latency.mean, table.concat(parts, ","),
        errors.connect, errors.read, errors.write, errors.timeout, repeated))
end
