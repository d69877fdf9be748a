-- wrk script of P4 (bench/p4-many-accounts.ts): GET /v1/agents, each request with the sk_live_ key of the
-- account chosen for it. Arguments (after --): the keys file (one key a line, account i on line i), the number
-- of accounts to spread over (the first n), and the spread: "round-robin" or "zipf" (rank i chosen with
-- probability proportional to 1/i, s = 1), and optionally a pause in milliseconds each connection waits before its
-- next request (think time: the load is then paced below what the server can do, and wrk's latencies exclude
-- the pause). One wrk thread (-t1): the round-robin counter is global.
local keys = {}
local n, mode, next_index, cdf, pause = 0, "round-robin", 0, {}, 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then keys[#keys + 1] = line end
  end
  n = math.min(tonumber(args[2]), #keys)
  mode = args[3]
  pause = tonumber(args[4] or "0")
  if mode == "zipf" then
    local total = 0
    for i = 1, n do total = total + 1 / i; cdf[i] = total end
    for i = 1, n do cdf[i] = cdf[i] / total end
    math.randomseed(14)
  end
end

local function zipf_index()
  local u, lo, hi = math.random(), 1, n
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return lo
end

function request()
  local i
  if mode == "zipf" then
    i = zipf_index()
  else
    i = next_index % n + 1
    next_index = next_index + 1
  end
  return wrk.format("GET", "/v1/agents", { ["Authorization"] = "Bearer " .. keys[i] })
end

function delay()
  return pause
end
