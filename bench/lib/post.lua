-- wrk script: POST one SOAP template, with a fresh MessageId (UUID v4) and Timestamp in every
-- request, so replay and freshness checks stay on in the broker under test.
--   wrk ... -s post.lua URL -- TEMPLATE.xml
-- The template must contain exactly one <hdr:MessageId> and one <hdr:Timestamp> element.
-- No response() function on purpose: defining one makes wrk copy every body into Lua, which
-- would cost the load generator CPU on a 2-core box (64 KiB answers). Failures are counted
-- from wrk's "Non-2xx" line and, for the broker, from its audit trail.

local before_id, between, after_ts

local function read_file(path)
  local f = assert(io.open(path, "rb"), "post.lua: cannot open " .. tostring(path))
  local text = f:read("*a")
  f:close()
  return text
end

-- Seeds from /dev/urandom: os.time() has one-second resolution, and two runs (warm-up and
-- measurement) started in the same second would otherwise repeat their MessageIds.
local function seed()
  local f = io.open("/dev/urandom", "rb")
  local bytes = f:read(6)
  f:close()
  local n = 0
  for i = 1, #bytes do n = n * 256 + bytes:byte(i) end
  math.randomseed(n)
end

function init(args)
  local template = read_file(args[1])
  local id_open, id_close = "<hdr:MessageId>", "</hdr:MessageId>"
  local ts_open, ts_close = "<hdr:Timestamp>", "</hdr:Timestamp>"
  local a = assert(template:find(id_open, 1, true), "post.lua: template has no MessageId")
  local b = template:find(id_close, a, true)
  local c = assert(template:find(ts_open, 1, true), "post.lua: template has no Timestamp")
  local d = template:find(ts_close, c, true)
  assert(b < c, "post.lua: MessageId must come before Timestamp in the template")
  before_id = template:sub(1, a + #id_open - 1)
  between = template:sub(b, c + #ts_open - 1)
  after_ts = template:sub(d)
  seed()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
  wrk.headers["SOAPAction"] = '""'
end

-- UUID v4 from 16-bit pieces: string.format("%x") on numbers above 2^31 is not portable
-- across Lua versions.
local function uuid4()
  local r = math.random
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
    r(0, 0xffff), r(0, 0xffff), r(0, 0xffff), r(0, 0xfff),
    0x8000 + r(0, 0x3fff), r(0, 0xffff), r(0, 0xffff), r(0, 0xffff))
end

local stamp_second, stamp_text = -1, ""
function request()
  local now = os.time()
  if now ~= stamp_second then   -- one os.date per second, not per request
    stamp_second, stamp_text = now, os.date("!%Y-%m-%dT%H:%M:%SZ", now)
  end
  local body = before_id .. uuid4() .. between .. stamp_text .. after_ts
  return wrk.format(nil, nil, nil, body)
end
