-- wrk script: Isso's counts endpoint is a POST with a JSON list of URIs.
-- usage: wrk ... -s bench/count.lua http://HOST/count -- '<json list>'
function init(args)
  wrk.method = "POST"
  wrk.body = args[1]
  wrk.headers["Content-Type"] = "application/json"
end
