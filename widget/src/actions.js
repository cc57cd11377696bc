// Editing and deleting one's own comment (second chunk: comment.js draws the buttons, which wait
// for this module if it has not arrived yet).

import { h } from "./dom.js";
import { api, explain, keyed, list, setToken, st, t, thread } from "./state.js";
import { find, remove } from "./tree.js";
import { announce, byId, hooks, showErr } from "./ui.js";

const btn = (cls, text, onclick) => h("button", { class: cls, onclick }, text);

export async function edit(c, li) {
  const part = (s) => li.querySelector(":scope > article " + s);
  const text = part(".text");
  const actions = part(".act");
  const err = h("p", { class: "err", role: "alert", hidden: true });
  const area = h("textarea", { id: "pl-edit-" + c.id, rows: 5, required: true, maxLength: 10000, onkeydown: (e) => e.key == "Enter" && (e.ctrlKey || e.metaKey) && save(e) });
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

export function confirmDelete(c, li) {
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
  // The stream's own "deleted" may have come first and counted it (live.js): never twice.
  if (find(list, c.id)?.c.status == "approved") thread.comment_count--;
  remove(list, c.id);
  setToken(c.id);
  st.set("pending", st.get("pending", []).filter((p) => p.c.id != c.id));
  hooks.render();
  announce(t("removed"));
  byId("pl-title").focus();
}
