-- wrk script for bench/http_bench.py: optional Cookie header (WRK_COOKIE), optional list of
-- paths to cycle through (WRK_PATHS, a file with one path per line), and one summary line:
-- requests, seconds, requests/s, p50/p95/p99 in ms, and errors (non-2xx/3xx and socket errors).
local cookie = os.getenv("WRK_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

local paths = {}
local paths_file = os.getenv("WRK_PATHS")
if paths_file and paths_file ~= "" then
  for line in io.lines(paths_file) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
end

local counter = 0

function init(args)
  -- Each thread starts at a different place in the list.
  counter = math.random(1, math.max(#paths, 1))
end

function request()
  if #paths == 0 then
    return wrk.format(nil)
  end
  counter = counter % #paths + 1
  return wrk.format(nil, paths[counter])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.3f rps=%.1f p50=%.2f p95=%.2f p99=%.2f status_errors=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
