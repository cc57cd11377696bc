// The thread list: the heading, sort, the nested comments, "Load more", loading and permalinks.

import { item } from "./comment.js";
import { h } from "./dom.js";
import { api, cfg, conf, explain, list, next, path, setNext, setPage, setSort, sort, st, t, thread } from "./state.js";
import { find, insert, nest, pendingFor } from "./tree.js";
import { announce, byId, hooks, root, showErr } from "./ui.js";

let title, bar, ol, moreBtn, loadErr;

/** The heading and the list's parts, in page order. */
export function buildList() {
  title = h("h2", { class: "title", id: "pl-title", tabIndex: -1 }, t("loading"));
  const sortSel = h(
    "select",
    { id: "pl-sort", onchange: () => (setSort(sortSel.value), load()) },
    ["oldest", "newest", "top"].map((v) => h("option", { value: v, selected: v == sort }, t(v == "top" ? "best" : v))),
  );
  bar = h("div", { class: "bar", hidden: true }, h("label", { for: "pl-sort" }, t("sort")), sortSel);
  ol = h("ol", { class: "list" });
  moreBtn = h("button", { type: "button", class: "btn more", hidden: true, onclick: more }, t("more"));
  loadErr = h("p", { class: "err", role: "alert", hidden: true });
  return [title, loadErr, bar, ol, moreBtn];
}

function draw(into, nodes) {
  for (const { c, irt, kids } of nodes) {
    const li = item(c, irt);
    into.append(li);
    if (kids.length) draw(li.appendChild(h("ol", { class: "kids" })), kids);
  }
}

export function renderList() {
  const n = thread.comment_count;
  title.textContent = t("thoughts", { t: cfg.title || thread.title, n }, n);
  // This page's own counters (a byline's "N comments") follow the thread as it changes.
  for (const el of document.querySelectorAll("[data-parley-count]"))
    if (new URL(el.dataset.parleyCount || cfg.url, location.href).href == cfg.url) el.textContent = t("count", { n }, n);
  bar.hidden = !list.length;
  ol.replaceChildren();
  draw(ol, nest(list, conf.max_depth));
  moreBtn.hidden = !next;
}

const page = (cursor) =>
  api(path(`/comments?url=${encodeURIComponent(cfg.url)}&sort=${sort}&limit=50` + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "")));

export async function load() {
  try {
    setPage(await page());
    const { keep, show } = pendingFor(st.get("pending", []), list, cfg.url, Date.now());
    for (const c of show) insert(list, c, sort == "newest");
    st.set("pending", keep);
    showErr(loadErr);
    hooks.render();
  } catch (e) {
    showErr(loadErr, explain(e));
    title.textContent = t("comments");
  }
}

async function more() {
  if (!next) return;
  try {
    const r = await page(next);
    for (const c of r.comments) if (!find(list, c.id)) list.push(c);
    setNext(r.next_cursor);
    hooks.render();
    (next ? moreBtn : ol.lastElementChild?.querySelector("a.time"))?.focus();
  } catch (e) {
    announce(explain(e));
  }
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
