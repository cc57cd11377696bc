// "Leave a Reply": the form, where it sits (under the comment replied to), and posting.

import { h } from "./dom.js";
import { focusComment, retryNow } from "./list.js";
import { buildGuest, formErr, guest, logout, who } from "./login.js";
import { api, auth, cfg, conf, explain, list, loaded, path, replyTo, setReplyTo, setToken, sort, st, t, thread } from "./state.js";
import { held, insert } from "./tree.js";
import { announce, byId, ext, hooks, showErr } from "./ui.js";

let openedAt = Date.now();
let body, heading, cancel, submit, honeypot, el, inbox;
export let home;

export function buildForm() {
  buildGuest();
  body = h("textarea", { id: "pl-body", name: "body", rows: 6, required: true, maxLength: 10000, "aria-describedby": "pl-md", onkeydown: send });
  honeypot = h("input", { id: "pl-hp", name: "hp", type: "text", tabIndex: -1, autocomplete: "off" });
  cancel = h("button", { class: "link", hidden: true, onclick: () => setReply(null, true) }, t("cancelReply"));
  heading = h("span");
  submit = h("button", { type: "submit", class: "btn primary" }, t("post"));
  el = h(
    "form",
    { class: "form", onsubmit: post, noValidate: true, "aria-labelledby": "pl-ftitle" },
    h("h3", { id: "pl-ftitle" }, heading, " ", cancel),
    who,
    h("p", {}, h("label", { for: "pl-body" }, t("comment")), body, h("small", { id: "pl-md" }, t("md"))),
    h("p", { class: "hp", "aria-hidden": "true" }, h("label", { for: "pl-hp" }, "Leave this field empty"), honeypot),
    formErr,
    h("p", {}, submit),
    (inbox = h("p", { class: "note", hidden: true })),
  );
  home = h("div", { class: "respond" }, el);
  hooks.body = () => body;
  return home;
}

/** Ctrl+Enter (⌘+Enter on a Mac) in a comment box sends its form. */
export function send(e) {
  if (e.key == "Enter" && (e.ctrlKey || e.metaKey) && !e.isComposing)
    e.preventDefault(), e.target.form.dispatchEvent(new Event("submit", { cancelable: true }));
}

export function setReply(c, focusBack) {
  const prev = replyTo;
  setReplyTo(c);
  placeForm();
  if (c) body.focus();
  else if (focusBack && prev) byId("comment-" + prev.id)?.querySelector(".reply")?.focus();
}

/** Put the form under the comment replied to (or back home). */
export function placeForm() {
  const li = replyTo && byId("comment-" + replyTo.id);
  if (!li) setReplyTo(null);
  heading.textContent = replyTo ? t("leaveTo", { n: replyTo.author.name || t("anon") }) : t("leave");
  cancel.hidden = !replyTo;
  const into = li || home;
  if (el.parentNode != into) into.append(el);
}

/** Mark one input wrong, tie the form's error line to it, and move there. */
function fieldErr(input, msg) {
  showErr(formErr, msg);
  input.setAttribute("aria-invalid", true);
  input.setAttribute("aria-describedby", "pl-err");
  input.focus();
}

/**
 * 26.4: a new address's subscription waits for the link mailed to it: say so, once per address
 * (remembered in the page's storage; "" stands for the logged-in reader's own address).
 */
function confirmNote(c, email) {
  const asked = st.get("confirm", []);
  const key = auth ? "" : email.toLowerCase();
  showErr(inbox);
  if (c.notification != "confirmation_sent" || asked.includes(key)) return;
  st.set("confirm", [...asked, key]);
  showErr(inbox, t("inbox"));
  return t("inbox");
}

async function post(e) {
  e.preventDefault();
  showErr(formErr);
  for (const x of el.querySelectorAll("[aria-invalid]")) x.removeAttribute("aria-invalid"), x.removeAttribute("aria-describedby");
  body.setAttribute("aria-describedby", "pl-md");
  const asGuest = !auth && conf.guest_policy != "oauth_only";
  const bad = [...(asGuest ? [guest.name, guest.email, guest.website] : []), body].find((x) => !x.checkValidity());
  if (bad) return fieldErr(bad, bad.validationMessage);
  const data = {
    url: cfg.url,
    title: cfg.title,
    body: body.value,
    parent_id: replyTo ? replyTo.id : undefined,
    honeypot: honeypot.value || undefined,
    form_elapsed_ms: Date.now() - openedAt,
    notify: ext.notify?.(), // C6, from more.js
  };
  const remembered = { name: guest.name.value.trim(), email: guest.email.value.trim(), website: guest.website.value.trim() };
  if (asGuest) {
    data.author_name = remembered.name || undefined;
    data.author_email = remembered.email || undefined;
    data.author_website = remembered.website || undefined;
  }
  submit.disabled = true;
  try {
    const c = await api(path("/comments"), { method: "POST", body: data });
    if (asGuest) st.set("guest", guest.save?.checked ? remembered : null);
    if (c.edit_token) setToken(c.id, c.edit_token);
    delete c.edit_token;
    if (held(c)) st.set("pending", [...st.get("pending", []), { url: cfg.url, c, at: Date.now() }]);
    // A thread never read has no count to add to: read it now instead (it holds this comment).
    const placed = insert(list, c, sort == "newest");
    if (!loaded) retryNow();
    else if (placed && c.status == "approved" && !ext.claim?.(c.id)) thread.comment_count++;
    body.value = "";
    openedAt = Date.now();
    setReplyTo(null);
    hooks.render();
    const check = confirmNote(c, remembered.email);
    announce(t(held(c) ? "awaiting" : "posted") + (check ? " " + check : ""));
    hooks.highlight(c.id);
    focusComment(c.id);
  } catch (y) {
    const input = { author_name: guest.name, author_email: guest.email, author_website: guest.website, body }[y.field];
    const named = y.type == "name-reserved" && guest.name;
    if (input || named) fieldErr(input || named, t("v-" + (input || named).name) || explain(y));
    else showErr(formErr, explain(y));
    if (y.type == "unauthorized" && auth) logout();
  }
  submit.disabled = false;
}
