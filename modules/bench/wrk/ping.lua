-- wrk script: GET /api/v1/ping, the server's cheapest endpoint. Prints one parseable RESULT line.
request = function()
  return wrk.format("GET", "/api/v1/ping")
end

done = require("result")
