// Live threads (C5): new comments wait behind a polite "Show N new comments" button, edits and
// deletions apply in place, the heading and counters follow. No stream, no fuss: it stays quiet.

import { item } from "./comment.js";
import { h } from "./dom.js";
import { focusComment, renderTitle, rove } from "./list.js";
import { cfg, depth, list, path, t, thread } from "./state.js";
import { find, insert, remove } from "./tree.js";
import { announce, byId, hooks } from "./ui.js";

let waiting = [];
export const freshBtn = h("button", { class: "btn more", hidden: true, onclick: reveal });

function reveal() {
  const first = waiting[0];
  for (const c of waiting) insert(list, c);
  waiting = [];
  freshBtn.hidden = true;
  hooks.render();
  if (first) focusComment(first.id);
}

/** One's own comment, just posted: if the stream announced it already, it is counted and shown now. */
export function claim(id) {
  const had = waiting.some((w) => w.id == id);
  waiting = waiting.filter((w) => w.id != id);
  freshBtn.textContent = t("fresh", { n: waiting.length });
  freshBtn.hidden = !waiting.length;
  return had;
}

function counted(n) {
  thread.comment_count += n;
  renderTitle();
}

/**
 * A reply to a comment on screen goes under it at once (where the reader is, not behind a button
 * out of view), without redrawing the rest: focus and a half-written reply stay put.
 */
function placeReply(c) {
  const parent = byId("comment-" + c.parent_id);
  if (!parent || !insert(list, c)) return false;
  let level = 1;
  for (let ol = parent.parentNode; ol.classList.contains("kids"); ol = ol.parentNode.parentNode) level++;
  if (level >= depth()) hooks.render(); // drawn flat at the last level ("in reply to …"): in order
  else {
    const li = item(c);
    rove(li.querySelector("[role=toolbar] button"));
    (parent.querySelector(":scope > ol.kids") || parent.appendChild(h("ol", { class: "kids" }))).append(li);
  }
  return true;
}

const on = {
  "comment.created"(c) {
    if (find(list, c.id) || waiting.some((w) => w.id == c.id)) return; // one's own, already shown
    if (c.parent_id && placeReply(c)) {
      counted(1);
      return announce(t("freshReply", { n: c.author.name || t("anon"), p: find(list, c.parent_id).c.author.name || t("anon") }));
    }
    waiting.push(c);
    counted(1);
    freshBtn.textContent = t("fresh", { n: waiting.length });
    freshBtn.hidden = false;
    announce(freshBtn.textContent);
  },
  "comment.updated"(c) {
    const hit = find(list, c.id);
    const li = byId("comment-" + c.id);
    if (!hit || !li) return;
    Object.assign(hit.c, c, { replies: hit.c.replies });
    const irt = li.querySelector(":scope > article .irt") && find(list, c.parent_id)?.c.author.name;
    li.querySelector(":scope > article").replaceWith(item(hit.c, irt).firstChild);
  },
  "comment.deleted"(c) {
    // Already gone here (one's own deletion) or never counted: nothing to do.
    if (find(list, c.id)?.c.status != "approved") return;
    remove(list, c.id);
    counted(-1);
    hooks.render();
  },
  "thread.closed"(d) {
    thread.closed = d.closed;
    hooks.render();
  },
};

/** Subscribe once the first page is drawn; EventSource reconnects (with Last-Event-ID) by itself. */
export function subscribe() {
  if (!window.EventSource) return true;
  const es = new EventSource(cfg.base + path("/events?url=" + encodeURIComponent(cfg.url)));
  for (const type in on) es.addEventListener(type, (e) => on[type](JSON.parse(e.data)));
  return true;
}
