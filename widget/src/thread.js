// The comment section: puts the parts together (list.js, comment.js, form.js, login.js) around the
// shared state (state.js); the pure thread logic is in tree.js and time.js.

import { h } from "./dom.js";
import { buildForm, home, placeForm, setReply } from "./form.js";
import { buildList, highlight, load, renderList, showHash } from "./list.js";
import { freshKeys, logout, renderWho } from "./login.js";
import { api, auth, cfg, closed, init, path, providers, setAuth, setConf, setProviders, t } from "./state.js";
import { attach, hooks, status } from "./ui.js";

export function mountThread(host, cfg) {
  init(cfg);
  const root = attach(host);
  const top = buildList();
  const closedNote = h("p", { class: "note", hidden: true }, t("closed"));
  buildForm();
  Object.assign(hooks, {
    setReply,
    logout,
    highlight,
    render() {
      renderList();
      closedNote.hidden = !closed();
      home.hidden = closed();
      placeForm();
    },
  });
  root.append(h("section", { class: "parley", "aria-labelledby": "pl-title", lang: cfg.lang }, status, top, closedNote, home));

  async function start() {
    const [site, prov] = await Promise.allSettled([
      api(path("")),
      api(path("/auth/providers")),
      auth &&
        api("/api/v1/me").then(
          (r) => setAuth(auth, r),
          (e) => e.status == 401 && setAuth(null),
        ),
    ]);
    if (site.value) setConf(site.value);
    // PKCE needs WebCrypto, which browsers give secure (https or localhost) pages only.
    if (prov.value && crypto.subtle) setProviders(prov.value.providers || []);
    if (providers.length) freshKeys();
    renderWho();
    await load();
    await showHash();
  }

  addEventListener("hashchange", showHash);
  renderWho();
  start();
}
