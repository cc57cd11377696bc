// The few DOM pieces every part uses: the shadow root, the live region, error boxes, times.

import { h } from "./dom.js";
import { cfg } from "./state.js";
import { ago } from "./time.js";

export let root, rtf;
export const status = h("div", { class: "sr", role: "status", "aria-live": "polite" });

export function attach(host) {
  root = host.attachShadow({ mode: "open" });
  rtf = new Intl.RelativeTimeFormat(cfg.lang, { numeric: "auto" });
  if (root.adoptedStyleSheets) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(cfg.css);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h("style", {}, cfg.css));
  return root;
}

export const byId = (id) => root.getElementById(id);
export const when = (iso) => ago(rtf, iso, Date.now());
export const exact = (iso) => new Date(iso).toLocaleString(cfg.lang, { dateStyle: "long", timeStyle: "short" });

export function announce(msg) {
  status.textContent = "";
  setTimeout(() => (status.textContent = msg), 50);
}

export function showErr(el, msg) {
  el.textContent = msg || "";
  el.hidden = !msg;
}

/** What the parts call on the whole (set by thread.js): redraw, reply to a comment, log out, load the second chunk. */
export const hooks = {};
/** What the second chunk (more.js) adds once it has arrived: marks, live updates, editing, … */
export const ext = {};
/** Run one of the second chunk's functions (at once if it is here: it is loaded right after first paint). */
export const later = (name, ...args) => hooks.more().then(() => ext[name](...args));
