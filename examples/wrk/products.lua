-- GET /products/{id} with ids drawn uniformly from 1..ids (default 200, all known to the
-- repository). Usage: wrk ... -s examples/wrk/products.lua http://127.0.0.1:8080 -- 200
local ids = 200

function init(args)
  if args[1] ~= nil then
    ids = tonumber(args[1])
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", "/products/" .. math.random(1, ids))
end
