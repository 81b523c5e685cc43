-- wrk script: POST telemetry batches of 100 events, every event id new (a prefix per thread and a
-- counter), over 10 signals and 3 app versions, timed a minute ago. Prints one parseable RESULT line.
local key = os.getenv("BENCH_APP_KEY")
local counter = 0
local signals = {"sync_queue_block_events", "sync_queue_recovery_events", "sync_queue_blocked_mutations",
  "capture_persistence_primary_failures", "capture_persistence_recoveries", "upload.queued", "upload.retry",
  "upload.succeeded", "upload.failed", "edge.model.fallback_used"}
local versions = {"3.4.0", "3.4.1", "3.5.0"}

function setup(thread)
  thread:set("prefix", string.format("%d-%d", os.time(), math.random(1, 1000000000)))
end

function init(args)
  math.randomseed(os.time())
end

request = function()
  counter = counter + 1
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 60)
  local events = {}
  for i = 1, 100 do
    local attributes = ""
    if i % 10 == 0 then attributes = ', "attributes": {"kind": "run", "attempt": 2}' end
    events[i] = string.format('{"id": "%s-%d-%d", "type": "%s", "at": "%s"%s}', prefix, counter, i,
      signals[(i - 1) % #signals + 1], at, attributes)
  end
  local body = string.format('{"appVersion": "%s", "platform": "android", "sessionId": "s-%s-%d", "events": [%s]}',
    versions[counter % #versions + 1], prefix, counter, table.concat(events, ", "))
  return wrk.format("POST", "/api/v1/telemetry",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end

done = require("result")
