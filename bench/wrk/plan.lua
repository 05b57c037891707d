-- wrk script for the bench and the hardening load check. The plan (a Lua file returning
-- { requests = { { method, path, headers, body }, ... } }) is named by the environment variable
-- BENCH_PLAN and read in each thread's init. done() prints the run's figures as one JSON line.
-- Answers of 400 and above are counted by wrk itself (errors.status); counting every class needs
-- response(), which makes wrk hand each body to Lua and halves its speed, so only a plan with
-- countStatuses (smoke runs, checks) asks for it.

local threads = {}
local next_thread_id = 0

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
  table.insert(threads, thread)
end

-- Per-thread counts of answers by status class; done() sums them over the threads.
status_2xx = 0
status_3xx = 0
status_4xx = 0
status_5xx = 0
status_other = 0
counts_statuses = false

function init(args)
  local plan = dofile(os.getenv("BENCH_PLAN"))
  if plan.countStatuses then
    response = count_status
    counts_statuses = true
  end
  local requests = {}
  for index, planned in ipairs(plan.requests) do
    requests[index] = wrk.format(planned.method or "GET", planned.path, planned.headers or {}, planned.body)
  end
  if #requests == 1 then
    -- One request: wrk sends it from its own buffer without calling Lua for each request.
    local only = plan.requests[1]
    wrk.method = only.method or "GET"
    wrk.path = only.path
    for name, value in pairs(only.headers or {}) do wrk.headers[name] = value end
    wrk.body = only.body
    return
  end
  -- Many requests (readers, cookies, paths): each thread starts at its own place in the plan.
  local position = (thread_id or 0) * 7919 % #requests
  request = function()
    position = position % #requests + 1
    return requests[position]
  end
end

function count_status(status, headers, body)
  if status >= 200 and status < 300 then
    status_2xx = status_2xx + 1
  elseif status >= 300 and status < 400 then
    status_3xx = status_3xx + 1
  elseif status >= 400 and status < 500 then
    status_4xx = status_4xx + 1
  elseif status >= 500 and status < 600 then
    status_5xx = status_5xx + 1
  else
    status_other = status_other + 1
  end
end

function done(summary, latency, requests)
  local counts = { status_2xx = 0, status_3xx = 0, status_4xx = 0, status_5xx = 0, status_other = 0 }
  for _, thread in ipairs(threads) do
    for name, total in pairs(counts) do counts[name] = total + (thread:get(name) or 0) end
  end
  local first = threads[1]
  local statuses = "null"
  if first and first:get("counts_statuses") then
    statuses = string.format('{"2xx":%d,"3xx":%d,"4xx":%d,"5xx":%d,"other":%d}',
      counts.status_2xx, counts.status_3xx, counts.status_4xx, counts.status_5xx, counts.status_other)
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"bytes":%d,"durationUs":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d},'
      .. '"statuses":%s,'
      .. '"latencyUs":{"p50":%d,"p90":%d,"p95":%d,"p97_5":%d,"p99":%d,"max":%d},'
      .. '"cpuSeconds":%.6f}\n',
    summary.requests, summary.bytes, summary.duration,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    statuses,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(97.5),
    latency:percentile(99), latency.max,
    os.clock()
  ))
end
