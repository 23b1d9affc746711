-- wrk script for contract request to signed agreement: POST /v1/negotiations with the body in
-- BENCH_BODY and the consumer's token in BENCH_TOKEN; each thread stops after BENCH_PER_THREAD
-- responses. A response counts as agreed only if it is 201 and names an agreementId (auto-accept
-- signed the agreement before answering); the others are counted as failures. A thread that is
-- done creates the file BENCH_MARKER.<thread>, for load.sh to end wrk (which otherwise sleeps out
-- its duration).
package.path = os.getenv("BENCH_LUA_DIR") .. "/?.lua;" .. package.path
local report = require("report")

wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local limit = tonumber(os.getenv("BENCH_PER_THREAD"))
count = 0
agreed = 0

function response(status, headers, body)
  count = count + 1
  if status == 201 and string.find(body, '"agreementId"%s*:%s*"') then
    agreed = agreed + 1
  end
  if count == limit then
    io.open(os.getenv("BENCH_MARKER") .. "." .. id, "w"):close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local total, ok = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("count")
    ok = ok + thread:get("agreed")
  end
  report.write(summary, latency, string.format(', "responses": %d, "agreed": %d', total, ok))
end
