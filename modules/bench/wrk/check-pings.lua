-- wrk script: success pings (GET /ping/<uuid>) spread round-robin over the checks listed in
-- $BENCH_CHECKS_FILE (one uuid per line), each thread starting at its own offset.
-- Prints one parseable RESULT line.
local uuids = {}
for line in io.lines(os.getenv("BENCH_CHECKS_FILE")) do
  uuids[#uuids + 1] = line
end
local counter = 0

function setup(thread)
  thread:set("offset", math.random(1, 1000000))
end

request = function()
  counter = counter + 1
  local uuid = uuids[(offset + counter) % #uuids + 1]
  return wrk.format("GET", "/ping/" .. uuid)
end

done = require("result")
