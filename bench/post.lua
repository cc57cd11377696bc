-- wrk script, the conditions of issue 24's outside measurement: every request POSTs a new
-- ~200-byte Markdown comment (a link, inline code, bold) by a commenter never seen before, to one
-- existing thread, so no server can answer from a cache or reject it as a duplicate.
-- usage: wrk ... -s bench/post.lua URL -- <isso|parley> <thread> <origin>
--   isso:   URL = http://HOST/new?uri=%2Fposts%2Fbench-post, thread is ignored
--   parley: URL = http://HOST/api/v1/sites/SITE/comments,    thread = the post's full URL

local next_thread_id = 0

function setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("tid", next_thread_id)
end

local mode, target, origin
local counter = 0
-- a per-run prefix keeps authors new across runs against the same database
local run = tostring(os.time() % 100000)

local TEXT = "Comment %d-%d: I ran `make test` as the post says and it passed on the first "
  .. "try. The [notes](https://example.org/notes/%d) helped with the **config**. It also works on Debian 12 with Python 3.11. Thanks!"

function init(args)
  mode = args[1]
  target = args[2]
  origin = args[3]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Origin"] = origin
  wrk.headers["Referer"] = origin .. "/posts/bench-post"
end

function request()
  counter = counter + 1
  local text = string.format(TEXT, tid, counter, counter)
  local who = run .. "-" .. tid .. "-" .. counter
  local body
  if mode == "isso" then
    body = string.format(
      '{"text":"%s","author":"Reader %s","email":"reader%s@example.org",'
        .. '"website":null,"parent":null,"title":"Bench post"}', text, who, who)
  else
    body = string.format(
      '{"url":"%s","title":"Bench post","body":"%s","author_name":"Reader %s",'
        .. '"author_email":"reader%s@example.org"}', target, text, who, who)
  end
  return wrk.format(nil, nil, nil, body)
end
