-- wrk script for the small pull: GET with the bearer token in BENCH_TOKEN (none for the upstream
-- and nginx), figures into WRK_OUT. Every response that is not 2xx or 3xx counts in errors.status.
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local report = require("report")

local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

function done(summary, latency, requests)
  report.write(summary, latency)
end
