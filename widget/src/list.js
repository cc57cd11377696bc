// The thread list: the heading, sort, the nested comments, "Load more", loading and permalinks.

import { item } from "./comment.js";
import { h } from "./dom.js";
import { api, cfg, depth, explain, list, loaded, next, path, setNext, setPage, setSort, sort, st, t, thread } from "./state.js";
import { find, insert, nest, pendingFor, visible } from "./tree.js";
import { announce, byId, hooks, root, showErr } from "./ui.js";

let title, bar, ol, loadErr, again, wake;
export let moreBtn;

/** The heading and the list's parts, in page order. */
export function buildList() {
  title = h("h2", { class: "title", id: "pl-title", tabIndex: -1 }, t("loading"));
  const sortSel = h(
    "select",
    { id: "pl-sort", onchange: () => (setSort(sortSel.value), load().then(hooks.render)) },
    ["oldest", "newest", "top"].map((v) => h("option", { value: v, selected: v == sort }, t(v == "top" ? "best" : v))),
  );
  bar = h("div", { class: "bar", hidden: true }, h("label", { for: "pl-sort" }, t("sort")), sortSel);
  ol = h("ol", { class: "list", onkeydown: arrows, onfocusin: (e) => rove(e.target) });
  moreBtn = h("button", { class: "btn more", hidden: true, onclick: more });
  loadErr = h("p", { class: "err", role: "alert", hidden: true });
  return [title, loadErr, bar, ol, moreBtn];
}

/** A comment's toolbar is one tab stop: the focused (or first) button takes it. */
export function rove(b) {
  const bar = b?.closest("[role=toolbar]");
  if (bar) for (const x of bar.querySelectorAll("button")) x.tabIndex = x == b ? 0 : -1;
}

function arrows(e) {
  const bar = e.target.closest("[role=toolbar]");
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
  if (!bar || !step) return;
  const all = [...bar.querySelectorAll("button")];
  all[(all.indexOf(e.target) + step + all.length) % all.length].focus();
  e.preventDefault();
}

function draw(into, nodes) {
  for (const { c, irt, kids } of nodes) {
    const li = item(c, irt);
    rove(li.querySelector("[role=toolbar] button"));
    into.append(li);
    if (kids.length) draw(li.appendChild(h("ol", { class: "kids" })), kids);
  }
}

/** The heading and this page's own counters (a byline's "N comments") follow the count. */
export function renderTitle() {
  const n = thread.comment_count;
  // Not read yet (the server is unreachable): no count at all rather than a wrong "0".
  if (!loaded) return void (title.textContent = t("comments"));
  // Only one's own comments awaiting moderation: no "No comments yet" right above them.
  title.textContent = !n && list.length ? t("comments") : t("thoughts", { t: cfg.title || thread.title, n }, n);
  for (const el of document.querySelectorAll("[data-parley-count]:not(.parley-ssr)"))
    if (new URL(el.dataset.parleyCount || cfg.url, location.href).href == cfg.url) el.textContent = t("count", { n }, n);
}

export function renderList() {
  renderTitle();
  bar.hidden = !list.length;
  ol.replaceChildren();
  draw(ol, nest(list, depth()));
  const left = Math.max(0, thread.comment_count - visible(list));
  moreBtn.textContent = t("more", { n: left });
  moreBtn.hidden = !next;
}

const page = (cursor) =>
  api(path(`/comments?url=${encodeURIComponent(cfg.url)}&sort=${sort}&limit=50` + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "")));

/** The first page (with the site's settings since C1); the reader's pending comments merged in. */
export async function load() {
  try {
    const r = await page();
    setPage(r);
    const { keep, show } = pendingFor(st.get("pending", []), list, cfg.url, Date.now());
    for (const c of show) insert(list, c, sort == "newest");
    st.set("pending", keep);
    showErr(loadErr);
    return r;
  } catch (e) {
    // Down, overloaded or unreachable: asked again (loadUntil); anything else is said as it is.
    again = (!e.status || e.status == 429 || e.status >= 500) && e;
    showErr(loadErr, again && !loaded ? t("e-load") : explain(e));
    title.textContent = t("comments");
    if (e.type == "origin-not-allowed") hooks.block(e.type);
  }
}

/**
 * The first page, asked for again until it comes while the server is down: after its Retry-After,
 * else 2, 4, … 60 s; `retryNow` asks at once (the reader just posted). Undefined if refused.
 */
export async function loadUntil() {
  for (let wait = 2; again; wait = Math.min(wait * 2, 60)) {
    await new Promise((ok) => setTimeout((wake = ok), (again.retryAfter || wait) * 1e3));
    const r = await load();
    if (r) return r;
  }
}

export const retryNow = () => wake?.();

async function more() {
  if (!next) return;
  try {
    const r = await page(next);
    const fresh = r.comments.filter((c) => !find(list, c.id));
    list.push(...fresh);
    setNext(r.next_cursor);
    hooks.render();
    // The reader stays where they were and goes on with the first comment just loaded.
    if (fresh[0]) focusComment(fresh[0].id);
  } catch (e) {
    announce(explain(e));
  }
}

/** Move focus to a comment: after loading or posting it (focus scrolls only if it is out of view). */
export function focusComment(id) {
  const art = byId("comment-" + id)?.querySelector("article");
  if (art) (art.tabIndex = -1), art.focus();
}

export function highlight(id) {
  const el = byId("comment-" + id);
  for (const old of root.querySelectorAll(".hl")) old.classList.remove("hl");
  if (!el) return false;
  el.classList.add("hl");
  el.scrollIntoView({ block: "center", behavior: "smooth" });
  return true;
}

export async function showHash() {
  const m = /^#comment-(\d+)$/.exec(location.hash);
  if (!m) return;
  for (let tries = 0; !highlight(m[1]) && next && tries < 20; tries++) await more();
}
