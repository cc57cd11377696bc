// The second chunk, embed-more.js: what showing a thread does not need, loaded by thread.js right
// after first paint from wherever embed.js came from. Its imports of state.js, ui.js, list.js,
// login.js, comment.js and i18n.js are the first chunk's very modules (build.mjs maps them onto what
// thread.js hands over), so both work on one state; pure helpers (dom, tree, time) are bundled again.

import { confirmDelete, edit } from "./actions.js";
import { h, safeUrl } from "./dom.js";
import { addStrings } from "./i18n.js";
import { moreBtn } from "./list.js";
import { claim, freshBtn, subscribe } from "./live.js";
import { guest, renderWho } from "./login.js";
import { freshKeys, login } from "./signin.js";
import { cfg, conf, path, providers, st, t } from "./state.js";
import STRINGS from "./strings-more.js";
import { ago } from "./time.js";
import { ext, hooks, root, rtf } from "./ui.js";

addStrings(STRINGS);

let timer;
/** One timer for the whole section: relative times, and Edit/Delete gone when the window closes. */
function tick() {
  clearTimeout(timer);
  const now = Date.now();
  let soon = 3e4;
  for (const el of root.querySelectorAll("a.time time")) el.textContent = ago(rtf, el.dateTime, now);
  for (const b of root.querySelectorAll("[data-until]")) {
    const left = b.dataset.until - now;
    if (left > 0) soon = Math.min(soon, left);
    else b.remove();
  }
  timer = setTimeout(tick, soon + 50);
}

// C6: "Notify me of follow-up comments", offered only when the server can send mail.
const notify = h("select", { id: "pl-notify", "aria-label": t("notify"), disabled: true }, h("option", { value: "replies" }, t("nReplies")), h("option", { value: "thread" }, t("nAll")));
const wants = h("input", { id: "pl-wants", type: "checkbox", onchange: () => (notify.disabled = !wants.checked) });
const notifyRow = h("p", { class: "ck", hidden: true }, wants, h("label", { for: "pl-wants" }, t("notify")), " ", notify);
hooks.body().parentNode.after(notifyRow);

// Unchecked unless the reader asked last time: nothing is stored without it (form.js reads it).
guest.save = h("input", { id: "pl-save", type: "checkbox", checked: !!st.get("guest") });

Object.assign(ext, {
  claim,
  edit,
  confirmDelete,
  saveRow: h("p", { class: "ck" }, guest.save, h("label", { for: "pl-save" }, t("remember"))),
  notify: () => (wants.checked && !notifyRow.hidden ? notify.value : undefined),
  render() {
    notifyRow.hidden = !conf.email_notifications;
    tick();
  },
});

root.querySelector("ol.list").before(freshBtn);
moreBtn.after(h("p", { class: "note" }, h("a", { class: "feed", href: safeUrl(cfg.base + path("/feed.atom?url=") + encodeURIComponent(cfg.url)) }, t("feed"))));
renderWho(); // the provider marks and "Save my name…"
ext.render();
let ready;
/** Once the thread is read (thread.js): its live updates, and the login buttons' PKCE pair. */
ext.ready = () => {
  if (ready) return;
  ready = subscribe(); // the server that serves this script has the stream (C5)
  // PKCE needs WebCrypto, which browsers give secure (https or localhost) pages only (thread.js checks).
  if (providers.length) freshKeys().then(() => ((ext.login = login), renderWho()));
};
