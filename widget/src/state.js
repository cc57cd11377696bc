// The comment section's state (a page has one), shared by the modules as live bindings and
// changed only through the setters here. No DOM: the unit tests import it under Node.

import { client } from "./api.js";
import { store } from "./store.js";

export let cfg, t, st, api, auth, tokens, votes, sort;
export let me = null;
export let conf = { max_depth: 3, edit_window_seconds: 0, guest_policy: "name_email" };
export let thread = { comment_count: 0, closed: false };
export let list = [];
export let next = null;
/** The thread has been read once: until then its count is unknown (never "0"). */
export let loaded = false;
export let providers = [];
export let replyTo = null;
/** Why nobody can comment here: "closed", "no_login_available" (or an origin the site refuses). */
export let blocked = null;

/** Start from the page's options and what this browser remembers for the site. */
export function init(options) {
  cfg = options;
  t = cfg.t;
  st = store(cfg.site);
  auth = st.get("auth");
  tokens = st.get("tokens", {});
  votes = st.get("votes", {});
  sort = st.get("sort", "oldest");
  api = client(cfg.base, () => auth && auth.token);
}

export const setAuth = (a, who = null) => (st.set("auth", (auth = a)), (me = who));
export const setConf = (c) => (conf = c);
export const setBlocked = (why) => (blocked = why);
export const setProviders = (p) => (providers = p);
export const setSort = (s) => st.set("sort", (sort = s));
export const setPage = (r) => ((thread = r.thread), (list = r.comments), (next = r.next_cursor), (loaded = true));
export const setNext = (n) => (next = n);
export const setReplyTo = (c) => (replyTo = c);
export const setToken = (id, token) => {
  if (token) tokens[id] = token;
  else delete tokens[id];
  st.set("tokens", tokens);
};
export const setVote = (id, v) => ((votes[id] = v), st.set("votes", votes));

export const path = (p) => `/api/v1/sites/${encodeURIComponent(cfg.site)}${p}`;
export const closed = () => thread.closed || conf.closed;
/** How deep replies nest on screen (C1 calls it display_depth). */
export const depth = () => conf.display_depth || conf.max_depth || 3;
export const label = (name) => (providers.find((p) => p.name == name) || {}).label || name;
export const mine = (c) => !!(tokens[c.id] || (me && c.author.identity_id && c.author.identity_id == me.id));
export const keyed = (c) => (tokens[c.id] ? { "X-Edit-Token": tokens[c.id] } : {});
/** An ApiError in the reader's language. */
export const explain = (e) =>
  (e.type == "thread-closed" ? t("closed") : t("e-" + e.type, { o: globalThis.location?.origin, d: e.detail })) ||
  t("e-other", { d: e.detail || e.message });
