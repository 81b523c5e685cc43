-- wrk script: POST /api/v1/webhooks/<made-up source> from an address of its own per request
-- (X-Forwarded-For, believed from the trusted loopback proxy), so every request is a new rate-limit
-- key. Each thread sends its share of BENCH_KEYS requests, then stops. Prints one RESULT line.
local threads = {}
local total = tonumber(os.getenv("BENCH_KEYS") or "250000")
local thread_count = tonumber(os.getenv("BENCH_KEY_THREADS") or "2")

setup = function(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

init = function(args)
  share = math.floor(total / thread_count)
  sent = 0
  answered = 0
  first = id * share
end

request = function()
  local n = first + sent
  sent = sent + 1
  local address = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  return wrk.format("POST", "/api/v1/webhooks/made-up-" .. n,
    {["Content-Type"] = "application/json", ["X-Forwarded-For"] = address}, "{}")
end

response = function(status, headers, body)
  answered = answered + 1
  if answered >= share then
    wrk.thread:stop()
  end
end

done = require("result")
