-- wrk script: POST one JSON body to the REST bridge, each request with its own client assertion
-- (a JWT from a file made by lib/make_jwts.py, one a line): the broker accepts a jti once.
--   wrk -t T ... -s post_rest.lua URL -- TOKENS.txt BODY.json T
-- Thread i of T takes lines i, i+T, i+2T, ...; a thread out of tokens reuses its first one,
-- which the broker refuses (401, counted as non-2xx): make enough tokens for the run.
local tokens, next_token, body = {}, 1, nil
local threads_made = 0

function setup(thread)
  thread:set("index", threads_made)
  threads_made = threads_made + 1
end

function init(args)
  local f = assert(io.open(args[2], "rb"), "post_rest.lua: cannot open " .. tostring(args[2]))
  body = f:read("*a")
  f:close()
  local stride, line_no = tonumber(args[3]), 0
  for line in io.lines(args[1]) do
    if line_no % stride == index then tokens[#tokens + 1] = line end
    line_no = line_no + 1
  end
  assert(#tokens > 0, "post_rest.lua: no tokens for this thread")
  wrk.method = "POST"
end

-- wrk.format takes these instead of wrk.headers (it adds Host and Content-Length itself).
local headers = {["Content-Type"] = "application/json"}

function request()
  local token = tokens[next_token] or tokens[1]
  next_token = next_token + 1
  headers["Authorization"] = "Bearer " .. token
  return wrk.format(nil, nil, headers, body)
end
