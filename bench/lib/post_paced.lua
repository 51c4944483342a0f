-- wrk script: post.lua with a pause after each answer, so a closed loop of C connections runs
-- at a chosen rate instead of flat out (bench/soak.sh: "half of peak load").
--   wrk ... -s post_paced.lua URL -- TEMPLATE.xml PAUSE_MS
-- wrk asks delay() before every request on every connection; a connection's rate is then
-- 1 / (latency + PAUSE_MS). delay() must exist when wrk loads the script (it checks once,
-- before init runs), so it is always defined and reads the pause init was given.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "post.lua")

local post_init = init
local pause_ms = 0

function init(args)
  post_init(args)
  pause_ms = assert(tonumber(args[2]), "post_paced.lua: second argument must be the pause in ms")
end

function delay()
  return pause_ms
end
