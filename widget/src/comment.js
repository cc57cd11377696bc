// One comment: its card (author, time, text, actions) and what its buttons do (vote, edit, delete).

import { h, safeUrl } from "./dom.js";
import { api, cfg, closed, conf, explain, keyed, label, list, mine, setToken, setVote, st, t, thread, votes } from "./state.js";
import { editLeft, held, remove } from "./tree.js";
import { announce, byId, exact, hooks, showErr, when } from "./ui.js";

const btn = (cls, text, onclick, attrs) => h("button", { class: cls, onclick, ...attrs }, text);

/** The <li> of one comment (without its replies); `irt` names the author it answers when flattened. */
export function item(c, irt) {
  const li = h("li", { class: "c", id: "comment-" + c.id });
  if (c.status == "deleted") return li.append(h("p", { class: "gone" }, t("deleted"))), li;
  const a = c.author;
  const name = a.name || t("anon");
  const link = safeUrl(a.website || a.profile_url);
  const pic = a.avatar_url && safeUrl(new URL(a.avatar_url, cfg.base).href);
  const left = editLeft(c, mine(c), conf.edit_window_seconds, Date.now());
  const mod = left && {};
  const err = h("span", { class: "err", hidden: true });
  const voteBtn = (v, sym, key) => btn("vote", sym, () => vote(c, v, li, err), { "aria-label": t(key), "aria-pressed": String(votes[c.id] == v) });
  const text = h("div", { class: "text" });
  text.innerHTML = c.body_html;
  li.append(
    h(
      "article",
      { class: "body" + (held(c) ? " pending" : "") },
      h(
        "div",
        { class: "meta" },
        pic ? h("img", { class: "av", src: pic, alt: "", width: 40, height: 40, loading: "lazy" }) : h("span", { class: "av", "aria-hidden": "true" }, name[0].toUpperCase()),
        h("span", { class: "name" }, link ? h("a", { href: link, rel: "nofollow ugc noopener", target: "_blank" }, name) : name),
        a.verified && a.provider ? h("span", { class: "badge" }, t("verified", { p: label(a.provider) })) : null,
        c.pinned ? h("span", { class: "badge" }, t("pinned")) : null,
        h("a", { class: "time", href: "#comment-" + c.id, title: exact(c.created_at) }, h("time", { dateTime: c.created_at }, when(c.created_at))),
        c.edited_at ? h("span", { class: "muted", title: exact(c.edited_at) }, "· " + t("edited")) : null,
        irt ? h("span", { class: "muted irt" }, t("inReplyTo", { n: irt })) : null,
      ),
      held(c) ? h("p", { class: "await" }, t("awaiting")) : null,
      text,
      h(
        "div",
        { class: "act" },
        h("span", { class: "votes" }, voteBtn(1, "▲", "up"), h("span", { class: "score", "aria-label": t("score") }, String(c.score)), voteBtn(-1, "▼", "down")),
        closed() ? null : btn("link reply", t("reply"), () => hooks.setReply(c)),
        mod && btn("link edit", t("edit"), () => edit(c, li), mod),
        mod && btn("link delete", t("del"), () => confirmDelete(c, li), mod),
        err,
      ),
    ),
  );
  return li;
}

async function vote(c, v, li, err) {
  try {
    const r = await api(`/api/v1/comments/${c.id}/vote`, { method: "POST", body: { value: votes[c.id] == v ? 0 : v } });
    c.score = r.score;
    setVote(c.id, r.value);
    li.querySelector(".score").textContent = r.score;
    const [up, down] = li.querySelectorAll(":scope > article .vote");
    up.setAttribute("aria-pressed", r.value == 1);
    down.setAttribute("aria-pressed", r.value == -1);
    showErr(err);
  } catch (e) {
    showErr(err, explain(e));
    announce(err.textContent);
  }
}

async function edit(c, li) {
  const part = (s) => li.querySelector(":scope > article " + s);
  const text = part(".text");
  const actions = part(".act");
  const err = h("p", { class: "err", role: "alert", hidden: true });
  const area = h("textarea", { id: "pl-edit-" + c.id, rows: 5, required: true, maxLength: 10000 });
  const restore = () => {
    box.replaceWith(text);
    actions.hidden = false;
    li.querySelector(".edit")?.focus();
  };
  const save = async (e) => {
    e.preventDefault();
    if (area.value == c.body) return restore(); // nothing changed: not "edited"
    try {
      const r = await api(`/api/v1/comments/${c.id}`, { method: "PATCH", body: { body: area.value }, headers: keyed(c) });
      Object.assign(c, { body_html: r.body_html, edited_at: r.edited_at, body: r.body, status: r.status });
      hooks.render();
      announce(t("updated"));
      byId("comment-" + c.id).querySelector(".edit")?.focus();
    } catch (y) {
      showErr(err, explain(y));
    }
  };
  const box = h(
    "form",
    { class: "form edit-form", onsubmit: save },
    h("label", { for: area.id }, t("edit")),
    area,
    err,
    h("p", {}, h("button", { type: "submit", class: "btn primary" }, t("save")), " ", btn("btn", t("cancel"), restore)),
  );
  try {
    if (c.body == null) c.body = (await api(`/api/v1/comments/${c.id}`, { headers: keyed(c) })).body;
  } catch (e) {
    return announce(explain(e));
  }
  area.value = c.body;
  text.replaceWith(box);
  actions.hidden = true;
  area.focus();
}

function confirmDelete(c, li) {
  const actions = li.querySelector(":scope > article .act");
  const err = h("span", { class: "err", role: "alert" });
  const ask = h(
    "div",
    { class: "act confirm" },
    t("confirmDel"),
    " ",
    btn("btn danger", t("yes"), () => drop(c, err)),
    " ",
    btn("btn", t("cancel"), () => (ask.replaceWith(actions), actions.querySelector(".delete")?.focus())),
    err,
  );
  actions.replaceWith(ask);
  ask.querySelector("button").focus();
}

async function drop(c, err) {
  try {
    await api(`/api/v1/comments/${c.id}`, { method: "DELETE", headers: keyed(c) });
  } catch (e) {
    err.textContent = " " + explain(e);
    return;
  }
  if (c.status == "approved") thread.comment_count--;
  remove(list, c.id);
  setToken(c.id);
  st.set("pending", st.get("pending", []).filter((p) => p.c.id != c.id));
  hooks.render();
  announce(t("removed"));
  byId("pl-title").focus();
}
