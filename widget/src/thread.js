// The comment section: heading, sort, the nested thread, the reply form and login.

import { client } from "./api.js";
import { pkce, popupLogin } from "./auth.js";
import { h } from "./dom.js";
import { store } from "./store.js";

const UNITS = [
  ["year", 31536e3],
  ["month", 2592e3],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];
const WEEK = 6048e5;

export function mountThread(host, cfg) {
  const { base, site, url, t, lang, css } = cfg;
  const apiOrigin = new URL(base).origin;
  const root = host.attachShadow({ mode: "open" });
  if (root.adoptedStyleSheets) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h("style", {}, css));

  const st = store(site);
  let auth = st.get("auth");
  const api = client(base, () => auth && auth.token);
  const tokens = st.get("tokens", {});
  const votes = st.get("votes", {});
  let conf = { max_depth: 3, edit_window_seconds: 0, guest_policy: "name_email" };
  let thread = { title: cfg.title, comment_count: 0, closed: false };
  let list = [];
  let next = null;
  let sort = st.get("sort", "oldest");
  let me = null;
  let providers = [];
  let keys = null;
  let replyTo = null;
  let openedAt = Date.now();
  let connecting = null;

  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  const ago = (iso) => {
    const s = (Date.parse(iso) - Date.now()) / 1e3;
    for (const [unit, n] of UNITS) if (Math.abs(s) >= n) return rtf.format(Math.round(s / n), unit);
    return rtf.format(Math.min(0, Math.round(s)), "second");
  };
  const exact = (iso) => new Date(iso).toLocaleString(lang, { dateStyle: "long", timeStyle: "short" });
  const label = (name) => (providers.find((p) => p.name == name) || {}).label || name;
  const path = (p) => `/api/v1/sites/${encodeURIComponent(site)}${p}`;
  const keyed = (c) => (tokens[c.id] ? { "X-Edit-Token": tokens[c.id] } : {});
  const saveTokens = () => st.set("tokens", tokens);
  const explain = (e) => t("e-" + e.type, { d: e.detail }) || t("e-other", { d: e.detail || e.message });

  // ----- the skeleton -----
  const status = h("div", { class: "sr", role: "status", "aria-live": "polite" });
  const title = h("h2", { class: "title", id: "pl-title", tabIndex: -1 }, t("loading"));
  const sortSel = h(
    "select",
    { id: "pl-sort", onchange: () => (st.set("sort", (sort = sortSel.value)), load()) },
    ["oldest", "newest", "top"].map((v) =>
      h("option", { value: v, selected: v == sort }, t(v == "top" ? "best" : v)),
    ),
  );
  const bar = h("div", { class: "bar", hidden: true }, h("label", { for: "pl-sort" }, t("sort")), sortSel);
  const ol = h("ol", { class: "list" });
  const moreBtn = h("button", { type: "button", class: "btn more", hidden: true, onclick: more }, t("more"));
  const loadErr = h("p", { class: "err", role: "alert", hidden: true });

  // ----- the form -----
  const cancelBtn = h("button", { type: "button", class: "link", hidden: true, onclick: () => setReply(null, true) }, t("cancelReply"));
  const formTitle = h("span");
  const who = h("div", { class: "who" });
  const field = (id, type, autocomplete, value) =>
    h("input", { id: "pl-" + id, name: id, type, autocomplete, value: value || "", maxLength: id == "name" ? 100 : 500 });
  const guest = st.get("guest", {});
  const nameIn = field("name", "text", "name", guest.name);
  const emailIn = field("email", "email", "email", guest.email);
  const webIn = field("website", "text", "url", guest.website); // "example.com" is fine too
  webIn.inputMode = "url";
  const textarea = h("textarea", { id: "pl-body", name: "body", rows: 6, required: true, maxLength: 10000, "aria-describedby": "pl-md" });
  const honeypot = h("input", { id: "pl-hp", name: "hp", type: "text", tabIndex: -1, autocomplete: "off" });
  const formErr = h("p", { class: "err", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", class: "btn primary" }, t("post"));
  const form = h(
    "form",
    { class: "form", onsubmit: post, "aria-labelledby": "pl-ftitle" },
    h("h3", { id: "pl-ftitle" }, formTitle, " ", cancelBtn),
    who,
    h("p", {}, h("label", { for: "pl-body" }, t("comment")), textarea, h("small", { id: "pl-md" }, t("md"))),
    h("p", { class: "hp", "aria-hidden": "true" }, h("label", { for: "pl-hp" }, "Leave this field empty"), honeypot),
    formErr,
    h("p", {}, submit),
  );
  const closedNote = h("p", { class: "note", hidden: true }, t("closed"));
  const respond = h("div", { class: "respond" }, form);

  root.append(
    h("section", { class: "parley", "aria-labelledby": "pl-title", lang }, status, title, loadErr, bar, ol, moreBtn, closedNote, respond),
  );

  const announce = (msg) => {
    status.textContent = "";
    setTimeout(() => (status.textContent = msg), 50);
  };
  const showErr = (el, msg) => {
    el.textContent = msg || "";
    el.hidden = !msg;
  };

  // ----- who is commenting -----
  function renderWho() {
    const row = (labelKey) =>
      h(
        "p",
        { class: "login" },
        t(labelKey),
        " ",
        providers.map((p) => {
          const icon = /^(https?:)?\//.test(p.icon || "") && new URL(p.icon, base).origin == apiOrigin;
          return h(
            "button",
            { type: "button", class: "prov", "aria-label": t("loginWith", { p: p.label }), title: p.label, onclick: () => login(p) },
            icon ? h("img", { src: new URL(p.icon, base).href, alt: "", width: 16, height: 16 }) : null,
            p.label,
          );
        }),
      );
    const content = [];
    if (connecting) content.push(h("p", { class: "note" }, t("connecting", { p: connecting.label })));
    else if (auth && me) {
      content.push(
        h(
          "p",
          { class: "note" },
          t("using", { p: label(me.provider) }),
          " ",
          h("button", { type: "button", class: "link", onclick: () => logout() }, t("logout")),
          " / ",
          h("button", { type: "button", class: "link", onclick: () => logout(true) }, t("change")),
        ),
      );
    } else {
      const policy = conf.guest_policy;
      if (policy != "oauth_only") {
        const need = policy == "name_email";
        nameIn.required = emailIn.required = need;
        const lab = (input, key) =>
          h("p", { class: "f" }, h("label", { for: input.id }, t(key), need && input != webIn ? h("span", { "aria-hidden": "true" }, " *") : null), input);
        if (providers.length) content.push(row("orLogin"));
        content.push(h("p", { class: "note" }, t("emailNote")), h("div", { class: "fields" }, lab(nameIn, "name"), lab(emailIn, "email"), lab(webIn, "website")));
      } else if (providers.length) content.push(row("loginToComment"));
    }
    who.replaceChildren(...content);
  }

  function freshKeys() {
    keys = null;
    pkce().then((k) => (keys = k));
  }

  async function login(p) {
    if (!keys || connecting) return;
    const { verifier, challenge } = keys;
    const opened = popupLogin(base, site, p.name, challenge);
    connecting = p;
    renderWho();
    announce(t("connecting", { p: p.label }));
    try {
      const code = await opened;
      if (code) {
        const r = await api("/api/v1/auth/token", { method: "POST", body: { code, verifier } });
        auth = { token: r.token };
        me = r.identity;
        st.set("auth", auth);
        announce(t("loggedIn"));
      }
      showErr(formErr);
    } catch (e) {
      showErr(formErr, e.type ? explain(e) : t("e-login", { d: e.message }));
    }
    connecting = null;
    freshKeys();
    renderWho();
    render();
  }

  async function logout(change) {
    if (auth) api("/api/v1/auth/logout", { method: "POST" }).catch(() => {});
    auth = me = null;
    st.set("auth", null);
    renderWho();
    render();
    announce(t("loggedOut"));
    if (change) (who.querySelector(".prov") || textarea).focus();
  }

  // ----- the thread -----
  const find = (id, arr = list) => {
    for (const c of arr) {
      if (c.id == id) return { c, arr };
      const r = find(id, c.replies || []);
      if (r) return r;
    }
  };
  const mine = (c) => tokens[c.id] || (me && c.author.identity_id && c.author.identity_id == me.id);
  const canEdit = (c) =>
    c.status != "deleted" && mine(c) && Date.now() - Date.parse(c.created_at) < conf.edit_window_seconds * 1e3;
  const closed = () => thread.closed || conf.closed;
  const held = (c) => c.status == "pending" || c.status == "spam"; // waits for a moderator

  function render() {
    const n = thread.comment_count;
    title.textContent = t("thoughts", { t: cfg.title || thread.title, n }, n);
    // This page's own counters (a byline's "N comments") follow the thread as it changes.
    for (const el of document.querySelectorAll("[data-parley-count]"))
      if (new URL(el.dataset.parleyCount || url, location.href).href == url) el.textContent = t("count", { n }, n);
    bar.hidden = !list.length;
    ol.replaceChildren();
    fill(ol, list, 1, null);
    moreBtn.hidden = !next;
    closedNote.hidden = !closed();
    respond.hidden = closed();
    placeForm();
  }

  function fill(into, arr, depth, irt) {
    for (const c of arr) {
      const li = item(c, irt);
      into.append(li);
      const kids = c.replies || [];
      if (!kids.length) continue;
      if (depth < conf.max_depth) {
        const sub = h("ol", { class: "kids" });
        li.append(sub);
        fill(sub, kids, depth + 1, null);
      } else fill(into, kids, depth, c.author.name || null);
    }
  }

  function item(c, irt) {
    const li = h("li", { class: "c", id: "comment-" + c.id });
    if (c.status == "deleted") {
      li.append(h("p", { class: "gone" }, t("deleted")));
      return li;
    }
    const a = c.author;
    const name = a.name || t("anon");
    const link = a.website || a.profile_url;
    const avatar =
      a.avatar_url && new URL(a.avatar_url, base).origin == apiOrigin
        ? h("img", { class: "av", src: new URL(a.avatar_url, base).href, alt: "", width: 40, height: 40, loading: "lazy" })
        : h("span", { class: "av", "aria-hidden": "true" }, name[0].toUpperCase());
    const score = h("span", { class: "score", "aria-label": t("score") }, String(c.score));
    const voteBtn = (v, sym, key) =>
      h("button", { type: "button", class: "vote", "aria-label": t(key), "aria-pressed": String(votes[c.id] == v), onclick: () => vote(c, v, li) }, sym);
    const actions = h(
      "div",
      { class: "act" },
      h("span", { class: "votes" }, voteBtn(1, "▲", "up"), score, voteBtn(-1, "▼", "down")),
      closed() ? null : h("button", { type: "button", class: "link reply", onclick: () => setReply(c) }, t("reply")),
      canEdit(c) ? h("button", { type: "button", class: "link edit", onclick: () => edit(c, li) }, t("edit")) : null,
      canEdit(c) ? h("button", { type: "button", class: "link delete", onclick: () => confirmDelete(c, li) }, t("del")) : null,
    );
    const text = h("div", { class: "text" });
    text.innerHTML = c.body_html;
    li.append(
      h(
        "article",
        { class: "body" + (held(c) ? " pending" : "") },
        h(
          "div",
          { class: "meta" },
          avatar,
          h("span", { class: "name" }, link ? h("a", { href: link, rel: "nofollow ugc noopener", target: "_blank" }, name) : name),
          a.verified && a.provider ? h("span", { class: "badge" }, t("verified", { p: label(a.provider) })) : null,
          c.pinned ? h("span", { class: "badge" }, t("pinned")) : null,
          h("a", { class: "time", href: "#comment-" + c.id, title: exact(c.created_at) }, h("time", { dateTime: c.created_at }, ago(c.created_at))),
          c.edited_at ? h("span", { class: "muted", title: exact(c.edited_at) }, "· " + t("edited")) : null,
          irt ? h("span", { class: "muted irt" }, t("inReplyTo", { n: irt })) : null,
        ),
        held(c) ? h("p", { class: "await" }, t("awaiting")) : null,
        text,
        actions,
      ),
    );
    return li;
  }

  async function vote(c, v, li) {
    const value = votes[c.id] == v ? 0 : v;
    try {
      const r = await api(`/api/v1/comments/${c.id}/vote`, { method: "POST", body: { value } });
      c.score = r.score;
      votes[c.id] = r.value;
      st.set("votes", votes);
      li.querySelector(".score").textContent = r.score;
      const [up, down] = li.querySelectorAll(":scope > article .vote");
      up.setAttribute("aria-pressed", r.value == 1);
      down.setAttribute("aria-pressed", r.value == -1);
    } catch (e) {
      announce(explain(e));
    }
  }

  async function edit(c, li) {
    const text = li.querySelector(":scope > article .text");
    const actions = li.querySelector(":scope > article .act");
    const err = h("p", { class: "err", role: "alert", hidden: true });
    const area = h("textarea", { id: "pl-edit-" + c.id, rows: 5, required: true, maxLength: 10000 });
    const restore = () => {
      box.replaceWith(text);
      actions.hidden = false;
      li.querySelector(".edit").focus();
    };
    const box = h(
      "form",
      {
        class: "form edit-form",
        onsubmit: async (e) => {
          e.preventDefault();
          try {
            const r = await api(`/api/v1/comments/${c.id}`, { method: "PATCH", body: { body: area.value }, headers: keyed(c) });
            Object.assign(c, { body_html: r.body_html, edited_at: r.edited_at, body: r.body, status: r.status });
            render();
            announce(t("updated"));
            root.getElementById("comment-" + c.id).querySelector(".edit")?.focus();
          } catch (x) {
            showErr(err, explain(x));
          }
        },
      },
      h("label", { for: area.id }, t("edit")),
      area,
      err,
      h("p", {}, h("button", { type: "submit", class: "btn primary" }, t("save")), " ", h("button", { type: "button", class: "btn", onclick: restore }, t("cancel"))),
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

  function confirmDelete(c, li) {
    const actions = li.querySelector(":scope > article .act");
    const err = h("span", { class: "err", role: "alert" });
    const ask = h(
      "div",
      { class: "act confirm" },
      t("confirmDel"),
      " ",
      h("button", { type: "button", class: "btn danger", onclick: () => remove(c, err) }, t("yes")),
      " ",
      h("button", { type: "button", class: "btn", onclick: () => (ask.replaceWith(actions), actions.querySelector(".delete").focus()) }, t("cancel")),
      err,
    );
    actions.replaceWith(ask);
    ask.querySelector("button").focus();
  }

  async function remove(c, err) {
    try {
      await api(`/api/v1/comments/${c.id}`, { method: "DELETE", headers: keyed(c) });
    } catch (e) {
      err.textContent = " " + explain(e);
      return;
    }
    const hit = find(c.id);
    if (c.status == "approved") thread.comment_count--;
    if (c.replies && c.replies.length) Object.assign(c, { status: "deleted", body_html: "", author: { name: "" } });
    else if (hit) hit.arr.splice(hit.arr.indexOf(c), 1);
    delete tokens[c.id];
    saveTokens();
    dropPending(c.id);
    if (replyTo && !find(replyTo.id)) replyTo = null;
    render();
    announce(t("removed"));
    title.focus();
  }

  // ----- replying and posting -----
  function setReply(c, focusBack) {
    const prev = replyTo;
    replyTo = c;
    placeForm();
    if (c) textarea.focus();
    else if (focusBack && prev) root.getElementById("comment-" + prev.id)?.querySelector(".reply")?.focus();
  }

  function placeForm() {
    const li = replyTo && root.getElementById("comment-" + replyTo.id);
    if (!li) replyTo = null;
    formTitle.textContent = replyTo ? t("leaveTo", { n: replyTo.author.name || t("anon") }) : t("leave");
    cancelBtn.hidden = !replyTo;
    if (li && form.parentNode != li) li.append(form);
    else if (!li && form.parentNode != respond) respond.append(form);
  }

  async function post(e) {
    e.preventDefault();
    showErr(formErr);
    const body = {
      url,
      title: cfg.title,
      body: textarea.value,
      parent_id: replyTo ? replyTo.id : undefined,
      honeypot: honeypot.value || undefined,
      form_elapsed_ms: Date.now() - openedAt,
    };
    const remembered = { name: nameIn.value.trim(), email: emailIn.value.trim(), website: webIn.value.trim() };
    if (!auth && conf.guest_policy != "oauth_only") {
      body.author_name = remembered.name || undefined;
      body.author_email = remembered.email || undefined;
      body.author_website = remembered.website || undefined;
    }
    submit.disabled = true;
    try {
      const c = await api(path("/comments"), { method: "POST", body });
      if (!auth) st.set("guest", remembered);
      if (c.edit_token) {
        tokens[c.id] = c.edit_token;
        saveTokens();
        delete c.edit_token;
      }
      c.replies = [];
      if (held(c)) {
        const pending = st.get("pending", []);
        pending.push({ url, c, at: Date.now() });
        st.set("pending", pending);
      }
      insert(c);
      textarea.value = "";
      openedAt = Date.now();
      replyTo = null;
      render();
      announce(t(held(c) ? "awaiting" : "posted"));
      highlight(c.id);
    } catch (x) {
      showErr(formErr, explain(x));
      if (x.type == "unauthorized" && auth) logout();
    }
    submit.disabled = false;
  }

  function insert(c) {
    if (find(c.id)) return;
    const parent = c.parent_id && find(c.parent_id);
    if (c.parent_id && !parent) return;
    if (parent) (parent.c.replies = parent.c.replies || []).push(c);
    else if (sort == "newest") list.unshift(c);
    else list.push(c);
    if (c.status == "approved") thread.comment_count++;
  }

  function dropPending(id) {
    st.set("pending", st.get("pending", []).filter((p) => p.c.id != id && Date.now() - p.at < WEEK));
  }

  function mergePending() {
    const keep = [];
    for (const p of st.get("pending", [])) {
      if (Date.now() - p.at > WEEK || find(p.c.id)) continue;
      keep.push(p);
      if (p.url == url) insert(p.c);
    }
    st.set("pending", keep);
  }

  // ----- loading -----
  const page = (cursor) =>
    api(path(`/comments?url=${encodeURIComponent(url)}&sort=${sort}&limit=50` + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "")));

  async function load() {
    try {
      const r = await page();
      thread = r.thread;
      list = r.comments;
      next = r.next_cursor;
      mergePending();
      showErr(loadErr);
      render();
    } catch (e) {
      showErr(loadErr, explain(e));
      title.textContent = t("comments");
    }
  }

  async function more() {
    if (!next) return;
    try {
      const r = await page(next);
      for (const c of r.comments) if (!find(c.id)) list.push(c);
      next = r.next_cursor;
      render();
      (next ? moreBtn : ol.lastElementChild?.querySelector("a.time"))?.focus();
    } catch (e) {
      announce(explain(e));
    }
  }

  function highlight(id) {
    const el = root.getElementById("comment-" + id);
    for (const old of root.querySelectorAll(".hl")) old.classList.remove("hl");
    if (!el) return false;
    el.classList.add("hl");
    el.scrollIntoView({ block: "center", behavior: "smooth" });
    return true;
  }

  async function showHash() {
    const m = /^#comment-(\d+)$/.exec(location.hash);
    if (!m) return;
    for (let tries = 0; !highlight(m[1]) && next && tries < 20; tries++) await more();
  }

  async function start() {
    const [siteConf, prov] = await Promise.allSettled([
      api(path("")),
      api(path("/auth/providers")),
      auth &&
        api("/api/v1/me").then(
          (r) => (me = r),
          (e) => {
            if (e.status == 401) (auth = null), st.set("auth", null);
          },
        ),
    ]);
    if (siteConf.value) conf = siteConf.value;
    // PKCE needs WebCrypto, which browsers give secure (https or localhost) pages only.
    if (prov.value && crypto.subtle) providers = prov.value.providers || [];
    if (providers.length) freshKeys();
    renderWho();
    await load();
    await showHash();
  }

  addEventListener("hashchange", showHash);
  renderWho();
  start();
}
