// One comment: its card (author, time, text, actions) and its vote buttons (editing and deleting are
// in the second chunk: actions.js).

import { body, h, safeUrl } from "./dom.js";
import { api, cfg, closed, conf, explain, label, mine, setVote, t, votes } from "./state.js";
import { editLeft, held } from "./tree.js";
import { announce, exact, hooks, later, showErr, when } from "./ui.js";

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
  const mod = left > 0 ? { "data-until": Date.now() + left } : null;
  const err = h("span", { class: "err", hidden: true });
  const voteBtn = (v, sym, key) => btn("vote", sym, () => vote(c, v, li, err), { "aria-label": t(key, { n: name }), "aria-pressed": String(votes[c.id] == v) });
  const text = body("text", c.body_html);
  li.append(
    h(
      "article",
      { class: "body" + (held(c) ? " pending" : "") },
      h(
        "div",
        { class: "meta" },
        pic ? h("img", { class: "av", src: pic, alt: "", width: 40, height: 40, loading: "lazy" }) : h("span", { class: "av", "aria-hidden": "true" }, name[0].toUpperCase()),
        h("span", { class: "name", id: "pl-a" + c.id }, link ? h("a", { href: link, rel: "nofollow ugc noopener", target: "_blank" }, name) : name),
        a.verified && a.provider ? h("span", { class: "badge" }, t("verified", { p: label(a.provider) })) : null,
        c.pinned ? h("span", { class: "badge" }, t("pinned")) : null,
        h("a", { class: "time", href: "#comment-" + c.id, title: exact(c.created_at) }, h("time", { dateTime: c.created_at }, when(c.created_at))),
        c.edited_at ? h("span", { class: "muted", title: exact(c.edited_at) }, "· " + t("edited")) : null,
        irt ? h("span", { class: "muted irt" }, t("inReplyTo", { n: irt })) : null,
      ),
      held(c) ? h("p", { class: "await" }, t("awaiting")) : null,
      text,
      // One tab stop for all of a comment's buttons (arrow keys move between them: list.js).
      h(
        "div",
        { class: "act", role: "toolbar", "aria-labelledby": "pl-a" + c.id },
        h("span", { class: "votes" }, voteBtn(1, "▲", "up"), h("span", { class: "score", "aria-label": t("score") }, String(c.score)), voteBtn(-1, "▼", "down")),
        closed() ? null : btn("link reply", t("reply"), () => hooks.setReply(c)),
        mod && btn("link edit", t("edit"), () => later("edit", c, li), mod),
        mod && btn("link delete", t("del"), () => later("confirmDelete", c, li), mod),
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
    showErr(err, (e.type == "rate-limited" && t("e-votes")) || explain(e));
    announce(err.textContent);
  }
}
