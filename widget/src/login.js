// Who is commenting: the guest fields, the login buttons, or "You are commenting using your X account".

import { pkce, popupLogin } from "./auth.js";
import { h } from "./dom.js";
import { api, auth, cfg, conf, explain, label, me, providers, setAuth, st, t } from "./state.js";
import { announce, hooks, showErr } from "./ui.js";

let keys = null;
let connecting = null;

export const who = h("div", { class: "who" });
export const formErr = h("p", { class: "err", role: "alert", hidden: true });
/** The guest's name, email and website inputs (kept across redraws). */
export let guest;

/** A fresh PKCE pair for the next login (made ahead: the popup must open inside the click). */
export function freshKeys() {
  keys = null;
  pkce().then((k) => (keys = k));
}

export function buildGuest() {
  const last = st.get("guest");
  const field = (id, type, autocomplete) =>
    h("input", { id: "pl-" + id, name: id, type, autocomplete, value: (last && last[id]) || "", maxLength: id == "name" ? 100 : 500 });
  guest = {
    name: field("name", "text", "name"),
    email: field("email", "email", "email"),
    website: field("website", "text", "url"),
  };
  guest.website.inputMode = "url"; // "example.com" is fine too
}

const row = (key) =>
  h(
    "p",
    { class: "login" },
    t(key),
    " ",
    providers.map((p) =>
      h("button", { class: "prov", "aria-label": t("loginWith", { p: p.label }), title: p.label, onclick: () => login(p) }, p.label),
    ),
  );

/** The top of the form for the current state. */
export function renderWho() {
  const content = [];
  if (connecting) content.push(h("p", { class: "note" }, t("connecting", { p: connecting.label })));
  else if (auth && me) {
    const link = (text, change) => h("button", { class: "link", onclick: () => logout(change) }, text);
    content.push(h("p", { class: "note" }, t("using", { p: label(me.provider) }), " ", link(t("logout")), " / ", link(t("change"), true)));
  } else if (conf.guest_policy != "oauth_only") {
    const need = conf.guest_policy == "name_email";
    guest.name.required = guest.email.required = need;
    const lab = (key) =>
      h("p", { class: "f" }, h("label", { for: "pl-" + key }, t(key), need && key != "website" ? h("span", { "aria-hidden": "true" }, " *") : null), guest[key]);
    if (providers.length) content.push(row("orLogin"));
    content.push(
      h("p", { class: "note" }, t("emailNote")),
      h("div", { class: "fields" }, lab("name"), lab("email"), lab("website")),
    );
  } else if (providers.length) content.push(row("e-guests-not-allowed"));
  who.replaceChildren(...content);
}

async function login(p) {
  if (!keys || connecting) return;
  const { verifier, challenge } = keys;
  const opened = popupLogin(cfg.base, cfg.site, p.name, challenge);
  connecting = p;
  renderWho();
  announce(t("connecting", { p: p.label }));
  try {
    const code = await opened;
    if (code) {
      const r = await api("/api/v1/auth/token", { method: "POST", body: { code, verifier } });
      setAuth({ token: r.token }, r.identity);
      announce(t("loggedIn"));
    }
    showErr(formErr);
  } catch (e) {
    showErr(formErr, e.type ? explain(e) : t("e-login", { d: e.message }));
  }
  connecting = null;
  freshKeys();
  renderWho();
  hooks.render();
}

export function logout(change) {
  if (auth) api("/api/v1/auth/logout", { method: "POST" }).catch(() => {});
  setAuth(null);
  renderWho();
  hooks.render();
  announce(t("loggedOut"));
  if (change) (who.querySelector(".prov") || hooks.body()).focus();
}
