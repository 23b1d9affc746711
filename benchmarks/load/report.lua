-- Shared by pull.lua and negotiate.lua: writes wrk's figures as one JSON object to the file named
-- by WRK_OUT (latencies in microseconds, from wrk's histogram of every completed request).
local report = {}

function report.write(summary, latency, extra)
  local f = assert(io.open(os.getenv("WRK_OUT"), "w"))
  local e = summary.errors
  f:write(string.format('{"requests": %d, "duration_us": %d, "bytes": %d, '
    .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
    .. '"latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p99": %d, "p999": %d}%s}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), extra or ""))
  f:close()
end

return report
