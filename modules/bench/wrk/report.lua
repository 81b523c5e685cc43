-- wrk script: POST ~2 KB issue reports, each with its own clientReportId, spread over 50 kinds of
-- problem (so ~50 groups per app). Prints one parseable RESULT line at the end.
local key = os.getenv("BENCH_APP_KEY")
local counter = 0

local description = string.rep("The upload stayed at 99 percent after the device came back online; ", 16)
local events = {}
for i = 1, 10 do
  events[#events + 1] = string.format(
    '{"type": "upload.retry", "at": "2026-11-23T10:%02d:00Z", "attributes": {"attempt": %d, "queue": "runs"}}', i, i)
end
local template = '{"summary": "Upload stuck (kind %d)", "clientReportId": "bench-%s-%d",'
  .. ' "description": "' .. description .. '",'
  .. ' "app": {"version": "2.3.1", "build": "451", "channel": "beta"},'
  .. ' "device": {"model": "Pixel 8", "os": "android", "osVersion": "15", "locale": "de-DE"},'
  .. ' "events": [' .. table.concat(events, ", ") .. '],'
  .. ' "uploadQueue": {"pending": 3, "failed": 1, "oldestAgeSeconds": 120},'
  .. ' "flags": {"newUploader": true, "offlineMode": false}, "metadata": {"screen": "capture"}}'

function setup(thread)
  thread:set("prefix", string.format("%d-%d", os.time(), math.random(1, 1000000000)))
end

function init(args)
  math.randomseed(os.time())
end

request = function()
  counter = counter + 1
  local body = string.format(template, counter % 50, prefix, counter)
  return wrk.format("POST", "/api/v1/issues",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, body)
end

done = require("result")
