-- wrk script: each request POSTs a random joke to the URL, with a model chosen by MODEL_MIX.
-- env:
--   JOKES_LUA   table written by jokes_to_lua.py (required)
--   MODEL_MIX   weights by model name, e.g. "lr:70,tr:30" (default: no header, the server's default model)
--   MODEL_HEADER_NAME  header that names the model (default X-Model)
--   JOKERS      how many distinct jokers the bodies carry, joker-1 … joker-N (default: 4 names; 0: no joker), so that
--               sticky routing by joker spreads over the weights
--   RUN_NAME    label of the summary line
--   METHOD      GET sends bodiless GETs instead (a probe, measured with the same client cost per request)
--   COUNT_STATUSES  when set, the summary also counts answers by status (statuses=200:12,503:3) and the 503s
--               without a Retry-After header (no_retry_after=N); this makes wrk read every answer's headers
--   HONOR_RETRY_AFTER  with COUNT_STATUSES, a client that backs off as asked: after a 503 the thread's next
--               request waits Retry-After seconds (wrk asks for a delay per request, on the connection about to
--               send, which is almost always the one that was just answered)
local jokes = dofile(assert(os.getenv("JOKES_LUA"), "JOKES_LUA is not set"))
local jokers = { '"anon"', '"petrosian"', '"zadornov"', '"zhvanetsky"' }
local joker_count = tonumber(os.getenv("JOKERS") or "")
if joker_count then
  jokers = {}
  for k = 1, joker_count do jokers[k] = '"joker-' .. k .. '"' end
end
local header_name = os.getenv("MODEL_HEADER_NAME") or "X-Model"

-- The model mix as a cumulative table: { {name, upper bound}, ... } over 0..total.
local mix, total = {}, 0
for name, weight in string.gmatch(os.getenv("MODEL_MIX") or "", "([^,:%s]+):(%d+)") do
  total = total + tonumber(weight)
  mix[#mix + 1] = { name, total }
end

local bodies = {}
for i, joke in ipairs(jokes) do
  if #jokers > 0 then
    bodies[i] = '{"text":' .. joke .. ',"joker":' .. jokers[(i % #jokers) + 1] .. '}'
  else
    bodies[i] = '{"text":' .. joke .. '}'
  end
end

local counter, threads = 0, {}
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  threads[#threads + 1] = thread
end

-- Per thread: answers by status, and 503s without Retry-After (copied to the main state in done()).
statuses, no_retry_after = {}, 0
local backoff_ms = 0
if os.getenv("COUNT_STATUSES") then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status == 503 then
      local retry_after = nil
      for name, value in pairs(headers) do
        if string.lower(name) == "retry-after" then retry_after = tonumber(value) end
      end
      if retry_after == nil then no_retry_after = no_retry_after + 1 else backoff_ms = retry_after * 1000 end
    end
  end
end
if os.getenv("COUNT_STATUSES") and os.getenv("HONOR_RETRY_AFTER") then
  function delay()
    local wait = backoff_ms
    backoff_ms = 0
    return wait
  end
end

-- " statuses=200:12,503:3 no_retry_after=0" summed over the threads, or "" when statuses are not counted.
local function status_summary()
  if not os.getenv("COUNT_STATUSES") then return "" end
  local sums, missing = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do sums[status] = (sums[status] or 0) + count end
    missing = missing + thread:get("no_retry_after")
  end
  local codes = {}
  for status, _ in pairs(sums) do codes[#codes + 1] = status end
  table.sort(codes)
  local parts = {}
  for _, status in ipairs(codes) do parts[#parts + 1] = status .. ":" .. sums[status] end
  return string.format(" statuses=%s no_retry_after=%d", table.concat(parts, ","), missing)
end

-- Every request is formatted once per thread, so that the client spends its time sending, not in Lua.
local plain, by_model = {}, {}
function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0) * 7919)
  if os.getenv("METHOD") == "GET" then
    -- One bodiless request, with the model header when a mix is given, as the POSTs would carry it.
    plain[1] = wrk.format("GET", nil, {}, nil)
    for _, entry in ipairs(mix) do
      by_model[entry[1]] = { wrk.format("GET", nil, { [header_name] = entry[1] }, nil) }
    end
    return
  end
  for i, body in ipairs(bodies) do
    plain[i] = wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
  end
  for _, entry in ipairs(mix) do
    local requests = {}
    for i, body in ipairs(bodies) do
      requests[i] = wrk.format("POST", nil, { ["Content-Type"] = "application/json", [header_name] = entry[1] }, body)
    end
    by_model[entry[1]] = requests
  end
end

function request()
  local requests = plain
  if total > 0 then
    local pick = math.random(total)
    for _, entry in ipairs(mix) do
      if pick <= entry[2] then requests = by_model[entry[1]]; break end
    end
  end
  return requests[math.random(#requests)]
end

function done(summary, latency, requests)
  local errors = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT name=%s rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d socket_errors=%d%s\n",
    os.getenv("RUN_NAME") or "-", summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout, status_summary()))
end
