-- wrk script for diagnosis: post.lua's traffic, plus one stderr line per distinct non-200
-- answer kind (HTTP status and platform fault code) per thread, with the start of its body.
-- Separate from post.lua because defining response() makes wrk copy every body into Lua:
-- fine for a short diagnostic run after non-2xx answers were seen, not for the measurement.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "post.lua")

local seen = {}
function response(status, headers, body)
  if status == 200 then return end
  local code = body:match("Server%.%a+") or body:match("Client%.%a+") or "no fault code"
  local kind = status .. " " .. code
  if seen[kind] then return end
  seen[kind] = true
  local retry = headers["Retry-After"] and (" Retry-After: " .. headers["Retry-After"]) or ""
  io.stderr:write(string.format("non-2xx: HTTP %s%s | %s\n", kind, retry,
    body:sub(1, 300):gsub("%s+", " ")))
end
