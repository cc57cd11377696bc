// Logging in with a provider (second chunk): the PKCE pair is made ahead, because the popup must open
// inside the click; login.js draws the buttons, enabled once `ext.login` is here (the pair made).

import { pkce, popupLogin } from "./auth.js";
import { formErr, renderWho } from "./login.js";
import { api, cfg, explain, setAuth, t } from "./state.js";
import { announce, ext, hooks, showErr } from "./ui.js";

let keys = null;

/** A fresh PKCE pair for the next login; the buttons work from the first one on. */
export function freshKeys() {
  keys = null;
  return pkce().then((k) => (keys = k));
}

export async function login(p) {
  if (!keys || ext.connecting) return;
  const { verifier, challenge } = keys;
  const opened = popupLogin(cfg.base, cfg.site, p.name, challenge);
  ext.connecting = p;
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
  ext.connecting = null;
  freshKeys();
  renderWho();
  hooks.render();
}
