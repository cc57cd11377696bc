// The comment section: puts the parts together (list.js, comment.js, form.js, login.js) around the
// shared state (state.js); the pure thread logic is in tree.js and time.js.

import { h } from "./dom.js";
import { buildForm, home, placeForm, setReply } from "./form.js";
import { buildList, highlight, load, loadUntil, renderList, showHash } from "./list.js";
import { logout, renderWho } from "./login.js";
import { api, auth, blocked, cfg, closed, conf, init, path, providers, setAuth, setBlocked, setConf, setProviders, t } from "./state.js";
import * as comment from "./comment.js";
import * as i18n from "./i18n.js";
import * as list from "./list.js";
import * as login from "./login.js";
import * as state from "./state.js";
import * as ui from "./ui.js";
import { attach, ext, hooks, status } from "./ui.js";

/* global __PARLEY_MORE__ */
let chunk;

/**
 * The second chunk (embed-more.js?v=<its hash>, next to embed.js; build.mjs): asked for once the
 * thread is shown. It works on these modules' state, handed over under a symbol (no page global).
 */
function more() {
  globalThis[Symbol.for("parley")] = { comment, i18n, list, login, state, ui };
  return (chunk ||= import(cfg.base + __PARLEY_MORE__).catch((e) => {
    chunk = null; // try again on the next click that needs it
    throw e;
  }));
}

export function mountThread(host, options) {
  init(options);
  const root = attach(host);
  const top = buildList();
  const note = h("p", { class: "note", hidden: true }, t("closed"));
  buildForm();
  const skip = h("a", { class: "skip", href: "#pl-body", onclick: (e) => (e.preventDefault(), hooks.body().focus()) }, t("skip"));

  Object.assign(hooks, {
    setReply,
    more,
    logout,
    highlight,
    block(why) {
      setBlocked(why);
      hooks.render();
    },
    render() {
      section.removeAttribute("aria-busy");
      renderList();
      const why = blocked || (closed() && "closed");
      // Nobody can comment: a closed thread, or guests not allowed and no login to offer.
      const none = why || (conf.guest_policy == "oauth_only" && !providers.length && "no_login_available");
      // For the reader both say the same: no form here ("closed"); a refused origin says why above.
      note.hidden = !none || why == "origin-not-allowed";
      home.hidden = skip.hidden = !!none;
      placeForm();
      ext.render?.();
    },
  });
  // Busy (only "Loading comments…" shows) until the first draw: the thread, the form and the
  // second chunk's parts appear in one piece, so what is below moves once, not three times.
  const section = h("section", { class: "parley", "aria-labelledby": "pl-title", "aria-busy": "true", lang: cfg.lang }, skip, status, top, note, home);
  root.append(section);

  async function start() {
    const me =
      auth &&
      api("/api/v1/me").then(
        (r) => setAuth(auth, r.identity || r),
        (e) => e.status == 401 && setAuth(null),
      );
    // The second chunk comes with the thread, not after it: the section is drawn in one piece,
    // so nothing below it moves twice (layout shift).
    const extras = more().catch(() => {});
    let r = await load();
    await extras;
    if (!r) {
      // Unreachable or down: the failure state now (and a form: a reader may still post), the
      // thread as soon as it answers, without a reload.
      await me;
      renderWho();
      hooks.render();
      if (!(r = await loadUntil())) return;
    }
    // C1: the thread read carries the site's settings; older servers need two more requests.
    let site = r && r.site;
    if (r && !site) {
      const [s, p] = await Promise.allSettled([api(path("")), api(path("/auth/providers"))]);
      site = { ...s.value, providers: p.value && p.value.providers };
    }
    if (site) setConf(site);
    // PKCE needs WebCrypto, which browsers give secure (https or localhost) pages only.
    if (site && crypto.subtle) setProviders(site.providers || []);
    await me;
    renderWho();
    hooks.render();
    await showHash();
    more().then(() => ext.ready(), () => {}); // live updates and login once the thread is here
  }

  addEventListener("hashchange", showHash);
  renderWho();
  start();
}
