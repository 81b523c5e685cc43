-- wrk script: GET /api/v1/admin/jobs as an admin (HTTP Basic), the ops data read through the
-- guarded beans. Prints one parseable RESULT line.
local auth = "Basic " .. os.getenv("BENCH_ADMIN_BASIC")

request = function()
  return wrk.format("GET", "/api/v1/admin/jobs", {["Authorization"] = auth})
end

done = require("result")
