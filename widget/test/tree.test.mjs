// Pure tests of the thread as data, times and URL safety: node --test (no browser, no build).
import assert from "node:assert/strict";
import { test } from "node:test";

import { safeUrl } from "../src/dom.js";
import { ago } from "../src/time.js";
import { editLeft, find, held, insert, nest, pendingFor, remove, visible } from "../src/tree.js";

const c = (id, parent_id = null, extra = {}) => ({ id, parent_id, status: "approved", author: { name: "A" + id }, replies: [], ...extra });
const tree = () => {
  const list = [c(1), c(2)];
  list[0].replies.push(c(3, 1));
  list[0].replies[0].replies.push(c(4, 3));
  return list;
};

test("find searches every level", () => {
  const list = tree();
  assert.equal(find(list, 4).c.id, 4);
  assert.equal(find(list, 4).arr, list[0].replies[0].replies);
  assert.equal(find(list, 9), undefined);
});

test("insert puts replies under their parent, top-level comments first or last", () => {
  const list = tree();
  assert.equal(insert(list, c(5, 3)), true);
  assert.deepEqual(find(list, 3).c.replies.map((r) => r.id), [4, 5]);
  assert.equal(insert(list, c(6), true), true);
  assert.equal(list[0].id, 6);
  assert.equal(insert(list, c(7)), true);
  assert.equal(list.at(-1).id, 7);
  assert.equal(insert(list, c(7)), false, "no duplicates");
  assert.equal(insert(list, c(8, 99)), false, "no orphans");
});

test("remove leaves a placeholder only where replies hang", () => {
  const list = tree();
  remove(list, 3);
  assert.equal(find(list, 3).c.status, "deleted");
  assert.equal(find(list, 4).c.status, "approved");
  remove(list, 2);
  assert.equal(find(list, 2), undefined);
  assert.equal(remove(list, 42), undefined);
});

test("nest flattens below the display depth and names whom a reply answers", () => {
  const list = tree();
  list[0].replies[0].replies[0].replies.push(c(5, 4));
  const nodes = nest(list, 2);
  assert.deepEqual(nodes.map((n) => n.c.id), [1, 2]);
  const kids = nodes[0].kids;
  assert.deepEqual(kids.map((n) => [n.c.id, n.irt]), [[3, null], [4, "A3"], [5, "A4"]]);
  assert.ok(kids.every((n) => n.kids.length == 0));
});

test("visible counts approved comments at every level", () => {
  const list = tree();
  list[1].status = "pending";
  assert.equal(visible(list), 3);
  assert.equal(held(list[1]), true);
  assert.equal(held(list[0]), false);
});

test("pending comments: kept a week, shown on their own page, dropped once listed", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  const p = (id, url, days) => ({ url, c: c(id), at: now - days * 864e5 });
  const pending = [p(10, "/a", 1), p(11, "/b", 1), p(12, "/a", 8), p(1, "/a", 1)];
  const { keep, show } = pendingFor(pending, tree(), "/a", now);
  assert.deepEqual(keep.map((x) => x.c.id), [10, 11]);
  assert.deepEqual(show.map((x) => x.id), [10]);
});

test("editLeft: only one's own, only inside the window, never a deleted one", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  const mine = c(1, null, { created_at: "2026-12-01T11:59:00Z" });
  assert.equal(editLeft(mine, true, 900, now), 840e3);
  assert.equal(editLeft(mine, false, 900, now), 0);
  assert.equal(editLeft(mine, true, 30, now), 0);
  assert.equal(editLeft({ ...mine, status: "deleted" }, true, 900, now), 0);
});

test("relative times in the reader's language", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  const en = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  assert.equal(ago(en, "2026-12-01T12:00:00Z", now), "now");
  assert.equal(ago(en, "2026-12-01T11:59:20Z", now), "40 seconds ago");
  assert.equal(ago(en, "2026-12-01T11:55:00Z", now), "5 minutes ago");
  assert.equal(ago(en, "2026-11-30T12:00:00Z", now), "yesterday");
  assert.equal(ago(en, "2024-12-01T12:00:00Z", now), "2 years ago");
  assert.equal(ago(en, "2026-12-01T12:00:03Z", now), "now", "a clock slightly behind the server's");
  const de = new Intl.RelativeTimeFormat("de", { numeric: "auto" });
  assert.equal(ago(de, "2026-12-01T09:00:00Z", now), "vor 3 Stunden");
});

test("only http(s) URLs may become an href (issue 10, finding 2)", () => {
  assert.equal(safeUrl("https://ada.example"), "https://ada.example");
  assert.equal(safeUrl("http://ada.example/x?y"), "http://ada.example/x?y");
  assert.equal(safeUrl("HTTPS://ADA.EXAMPLE"), "HTTPS://ADA.EXAMPLE");
  for (const bad of ["javascript:alert(1)", " javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example", "/relative", "https:evil", "", null, undefined, 42, {}])
    assert.equal(safeUrl(bad), null, String(bad));
});
