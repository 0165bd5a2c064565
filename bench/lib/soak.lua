-- wrk script of bench/soak.bench.ts: GETs every kind of page from a list (SOAK_PATHS, one path a
-- line, already mixed in the proportions wanted), and every SOAK_POST_EVERY-th request a valid
-- comment POST with a token the bench fetched from that post's form (SOAK_TOKENS: "postId token"
-- a line). Each thread starts at its own place in the list; done() prints the status counts.

local function lines(file)
  local out = {}
  for line in io.lines(file) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

local paths = lines(os.getenv("SOAK_PATHS"))
local tokens = {}
for _, line in ipairs(lines(os.getenv("SOAK_TOKENS"))) do
  local post, token = line:match("^(%d+) (%S+)$")
  tokens[#tokens + 1] = { post = post, token = token }
end
local postEvery = tonumber(os.getenv("SOAK_POST_EVERY") or "0")
local round = os.getenv("SOAK_ROUND") or "1"

-- Globals, not locals: done() reads them from each thread with thread:get().
threads = {}
statuses = {}
posts = 0
local counter = 0
local start = 0

function setup(thread)
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  start = math.floor((id - 1) * #paths / #threads)
end

local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function request()
  counter = counter + 1
  if postEvery > 0 and #tokens > 0 and counter % postEvery == 0 then
    posts = posts + 1
    local t = tokens[(posts * 7 + id) % #tokens + 1]
    local body = "author=Soak+reader+" .. id
      .. "&email=&url=&parent=&website=&remember=0"
      .. "&body=Round+" .. round .. "%2C+thread+" .. id .. "%2C+comment+" .. posts
      .. "%3A+the+council+of+ministers+met+on+Monday+and+the+river+rose+again."
      .. "&token=" .. t.token
    return wrk.format("POST", "/comments/" .. t.post, form, body)
  end
  return wrk.format("GET", paths[(start + counter) % #paths + 1])
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  local sent = 0
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do total[code] = (total[code] or 0) + n end
    sent = sent + thread:get("posts")
  end
  local parts = {}
  for code, n in pairs(total) do parts[#parts + 1] = string.format('"%d":%d', code, n) end
  io.write(string.format('SCRIPT {"statuses":{%s},"posts":%d}\n', table.concat(parts, ","), sent))
end
