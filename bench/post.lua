-- wrk script: every request POSTs a new ~440-byte Markdown comment to one thread.
-- usage: wrk ... -s bench/post.lua URL -- <isso|parley> <thread> <origin>
--   isso:   URL = http://HOST/new?uri=%2Fposts%2Fbench-post, thread is ignored
--   parley: URL = http://HOST/api/v1/sites/SITE/comments,    thread = the post's full URL
-- Each request carries a different body and commenter, so no server can answer from a cache
-- or reject it as a duplicate.

local next_thread_id = 0

function setup(thread)
  next_thread_id = next_thread_id + 1
  thread:set("tid", next_thread_id)
end

local mode, target, origin
local counter = 0

local TEXT = "Benchmark comment %d-%d. I tried the **second approach** from the post and it "
  .. "worked, although the `--strict` flag needed a tweak on my machine.\\n\\n"
  .. "- first I ran the migration twice\\n- then the cache warmed up in a few seconds\\n\\n"
  .. "> The fastest request is the one you never make.\\n\\n"
  .. "Thanks for writing this up, it saved me an afternoon of reading source code and "
  .. "guessing at the configuration. More details [in my notes](https://example.org/notes/%d)."

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
  local who = (tid * 100000 + counter) % 300
  local body
  if mode == "isso" then
    body = string.format(
      '{"text":"%s","author":"Bench Commenter %d","email":"bench%d@example.org",'
        .. '"website":null,"parent":null,"title":"Bench post"}', text, who, who)
  else
    body = string.format(
      '{"url":"%s","title":"Bench post","body":"%s","author_name":"Bench Commenter %d",'
        .. '"author_email":"bench%d@example.org"}', target, text, who, who)
  end
  return wrk.format(nil, nil, nil, body)
end
