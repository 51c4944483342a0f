-- wrk script: post.lua for a 通知 template (bench/lib/jumin-ido-tsuchi.xml), with one of 1,000
-- subjects (<juki:AtenaNo>, 15 digits) per request: the broker keeps order per receiver and
-- subject, so a single subject would measure one serialized queue, not fan-out.
--   wrk ... -s post_notify.lua URL -- TEMPLATE.xml SOAPACTION
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "post.lua")

local base_init, base_request = init, request

function init(args)
  base_init(args)
  if args[2] then wrk.headers["SOAPAction"] = args[2] end
end

function request()
  local subject = string.format("%015d", math.random(1, 1000))
  return (base_request():gsub("AtenaNo>%d+<", "AtenaNo>" .. subject .. "<", 1))
end
