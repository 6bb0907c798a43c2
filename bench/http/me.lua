-- wrk script: authenticated GET /api/v1/me.
-- The bearer token comes from the first script argument (wrk ... -s me.lua URL -- TOKEN) or,
-- failing that, from the environment variable SYNTERA_BENCH_TOKEN.
local token = os.getenv("SYNTERA_BENCH_TOKEN")

function init(args)
  if args[1] ~= nil and args[1] ~= "" then
    token = args[1]
  end
  if token == nil or token == "" then
    error("me.lua: no token (pass it after -- or set SYNTERA_BENCH_TOKEN)")
  end
  wrk.headers["Authorization"] = "Bearer " .. token
end

wrk.method = "GET"
wrk.path = "/api/v1/me"

-- Answers other than 2xx/3xx are counted by wrk itself ("Non-2xx or 3xx responses"); run.sh
-- reports them so a broken run cannot pass for a fast one.
