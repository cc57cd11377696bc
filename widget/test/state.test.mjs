// The shared state: setters, ownership, errors in plain words (no DOM, no storage under Node).
import assert from "node:assert/strict";
import { test } from "node:test";

import { ApiError } from "../src/api.js";
import { translator } from "../src/i18n.js";
import * as S from "../src/state.js";

S.init({ site: "demo", base: "https://comments.example", url: "https://blog.example/p", t: translator("en") });

test("defaults when the browser remembers nothing", () => {
  assert.ok(!S.auth);
  assert.equal(S.sort, "oldest");
  assert.deepEqual(S.tokens, {});
  assert.equal(S.path("/comments"), "/api/v1/sites/demo/comments");
});

test("a thread page replaces list, thread and cursor", () => {
  S.setPage({ thread: { comment_count: 2, closed: false }, comments: [{ id: 1 }], next_cursor: "abc" });
  assert.equal(S.thread.comment_count, 2);
  assert.deepEqual(S.list, [{ id: 1 }]);
  assert.equal(S.next, "abc");
  assert.ok(!S.closed());
  S.setConf({ ...S.conf, closed: true });
  assert.ok(S.closed());
});

test("own comments: by edit token or by identity", () => {
  const guest = { id: 7, author: {} };
  const verified = { id: 8, author: { identity_id: 3 } };
  assert.equal(S.mine(guest), false);
  S.setToken(7, "tok");
  assert.equal(S.mine(guest), true);
  assert.deepEqual(S.keyed(guest), { "X-Edit-Token": "tok" });
  S.setToken(7);
  assert.deepEqual(S.keyed(guest), {});
  assert.equal(S.mine(verified), false);
  S.setAuth({ token: "t" }, { id: 3, provider: "github" });
  assert.equal(S.mine(verified), true);
  S.setAuth(null);
  assert.equal(S.me, null);
});

test("provider labels and plain-words errors", () => {
  S.setProviders([{ name: "github", label: "GitHub" }]);
  assert.equal(S.label("github"), "GitHub");
  assert.equal(S.label("other"), "other");
  assert.equal(S.explain(new ApiError(403, "thread-closed")), "Comments are closed.");
  assert.equal(S.explain(new ApiError(500, "http-500", "Boom")), "Something went wrong: Boom");
});
