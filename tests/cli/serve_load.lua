-- wrk script for serve-switch.test.sh: keep-alive GETs cycling over the paths
-- given after `--`, counting every answer by status. done() prints
--   status CODE COUNT        (one line per status seen)
--   errors connect N read N write N timeout N status N
--   requests N
-- so the test can assert that no request failed, not only non-2xx ones.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for _, path in ipairs(args) do table.insert(paths, path) end
  if #paths == 0 then paths = {"/"} end
  counts = {}
  next_path = 0
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do total[status] = (total[status] or 0) + n end
  end
  for status, n in pairs(total) do io.write(string.format("status %d %d\n", status, n)) end
  local e = summary.errors
  io.write(string.format("errors connect %d read %d write %d timeout %d status %d\n",
                         e.connect, e.read, e.write, e.timeout, e.status))
  io.write(string.format("requests %d\n", summary.requests))
end
