// Who is commenting: the guest fields, the login buttons, or "You are commenting using your X account".

import { h, safeUrl } from "./dom.js";
import { mark } from "./icons.js";
import { api, auth, conf, label, me, providers, setAuth, st, t } from "./state.js";
import { announce, ext, hooks } from "./ui.js";

export const who = h("div", { class: "who" });
export const formErr = h("p", { class: "err", id: "pl-err", role: "alert", hidden: true });
/** The guest's name, email and website inputs (kept across redraws); more.js adds `save`, "Save my name…". */
export let guest;

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
      h("button", { class: "prov", "aria-label": t("loginWith", { p: p.label }), title: p.label, disabled: !ext.login, onclick: () => ext.login(p) }, mark(p.name), p.label),
    ),
  );

/** The top of the form for the current state. */
export function renderWho() {
  const content = [];
  if (ext.connecting) content.push(h("p", { class: "note" }, t("connecting", { p: ext.connecting.label })));
  else if (auth && me) {
    const link = (text, change) => h("button", { class: "link", onclick: () => logout(change) }, text);
    const pic = safeUrl(me.avatar_url);
    content.push(
      h(
        "p",
        { class: "me" },
        pic && h("img", { class: "av", src: pic, alt: "", width: 40, height: 40 }),
        h("span", {}, h("b", {}, me.display_name || me.name), " ", t("using", { p: me.provider_label || label(me.provider) }), " ", link(t("logout")), " / ", link(t("change"), true)),
      ),
    );
  } else if (conf.guest_policy != "oauth_only") {
    const need = conf.guest_policy == "name_email";
    guest.name.required = guest.email.required = need;
    const lab = (key) =>
      h("p", { class: "f" }, h("label", { for: "pl-" + key }, t(key), need && key != "website" ? h("span", { "aria-hidden": "true" }, " *") : null), guest[key]);
    if (providers.length) content.push(row("orLogin"));
    content.push(
      h("p", { class: "note" }, t("emailNote"), need && " " + t("req")),
      h("div", { class: "fields" }, lab("name"), lab("email"), lab("website")),
      ext.saveRow,
    );
  } else if (providers.length) content.push(row("e-guests-not-allowed"));
  who.replaceChildren(...content);
}

export function logout(change) {
  if (auth) api("/api/v1/auth/logout", { method: "POST" }).catch(() => {});
  setAuth(null);
  renderWho();
  hooks.render();
  announce(t("loggedOut"));
  if (change) (who.querySelector(".prov") || hooks.body()).focus();
}
