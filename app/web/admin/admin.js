// Parley's moderation page: plain DOM, the admin API only, no inline code (CSP-safe).
// Comment text is shown as text (its Markdown source), never parsed as HTML.
"use strict";

(() => {
  // The session is an HttpOnly cookie on Parley's own origin (set by /api/v1/auth/admin-session);
  // this page never holds a credential. Every API call says it comes from /admin (CSRF header).
  const SESSION = "/api/v1/auth/admin-session";
  const FROM_ADMIN = { "X-Parley-Admin": "1" };
  const APPLIES = {
    approve: ["pending", "spam"],
    spam: ["pending", "approved", "deleted"],
    delete: ["pending", "approved", "spam"],
    restore: ["deleted", "spam"],
    purge: ["pending", "approved", "spam", "deleted"],
  };
  const $ = (selector) => document.querySelector(selector);
  // What the screens in admin-*.js (loaded before this file) share with it.
  const bridge = (window.ParleyAdmin = window.ParleyAdmin || { views: {} });
  const state = {
    site: null,
    view: "queue",
    status: "pending",
    filters: {},
    cursor: null,
    auditCursor: null,
    items: new Map(),
  };

  function say(text) {
    const status = $("#status");
    status.textContent = text;
    // Keep the message in view next to the action (the region is sticky at the top of the page).
    if (text && status.getBoundingClientRect().top < 0) status.scrollIntoView({ block: "nearest" });
  }

  async function api(method, path, body) {
    const headers = { ...FROM_ADMIN };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
    if (response.status === 401) {
      show(false);
      say("Your session has ended; log in again.");
      throw new Error("unauthorized");
    }
    const data = response.status === 204 ? null : await response.json();
    if (!response.ok) throw new Error((data && (data.detail || data.title)) || response.statusText);
    return data;
  }

  // Uploads (imports) and downloads (exports): api()'s credential, the Response as it came.
  async function raw(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: { ...FROM_ADMIN },
      body,
      credentials: "same-origin",
      cache: "no-store",
    });
    if (response.status === 401) {
      show(false);
      say("Your session has ended; log in again.");
      throw new Error("unauthorized");
    }
    if (!response.ok) {
      const data = await response.json().catch(() => null);
      throw new Error((data && (data.detail || data.title)) || response.statusText);
    }
    return response;
  }

  function sitePath(rest) {
    return `/api/v1/admin/sites/${encodeURIComponent(state.site)}${rest}`;
  }

  function show(loggedIn) {
    $("#login").hidden = loggedIn;
    $("#oauth-login").hidden = loggedIn;
    $("#moderation").hidden = !loggedIn;
    $("#whoami").hidden = !loggedIn;
  }

  // Logging out revokes the session on the server (23.12); `everywhere` ends all of this
  // person's /admin sessions, on every device.
  async function logout(everywhere) {
    const query = everywhere ? "?everywhere=true" : "";
    await fetch(SESSION + query, { method: "DELETE", headers: FROM_ADMIN, credentials: "same-origin" });
    show(false);
    say(everywhere ? "Logged out on every device." : "Logged out.");
  }

  async function openSession(body) {
    const response = await fetch(SESSION, {
      method: "POST",
      headers: { ...FROM_ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.detail || data.title);
    return data;
  }

  async function login(value) {
    await openSession({ token: value });
    await start();
  }

  // Show the console for the session this browser has (a new tab shares it).
  async function start() {
    const session = await fetch(SESSION, { headers: FROM_ADMIN, credentials: "same-origin" });
    if (!session.ok || !(await session.json()).logged_in) throw new Error("unauthorized");
    const { sites } = await api("GET", "/api/v1/admin/sites");
    // A root credential on a fresh install has no site yet: it goes on to create one.
    if (!sites.length && (await api("GET", "/api/v1/admin/me")).role !== "root") {
      throw new Error("This login administers no site.");
    }
    const select = $("#site");
    select.replaceChildren(
      ...sites.map((site) => new Option(`${site.name} (${site.id})`, site.id)),
    );
    const wanted = deepLink();
    const known = sites.some((site) => site.id === wanted.site);
    state.site = known ? wanted.site : sites.length ? sites[0].id : null;
    if (state.site) select.value = state.site;
    await loadRole();
    show(true);
    if (!state.site) return bridge.openView("sites", "No site yet: create your first one.");
    await reload();
    if (wanted.comment && wanted.site === state.site) await showComment(wanted.comment);
  }

  // `/admin?site=S&comment=ID` (the alert mail's "open in /admin"): kept in the address bar
  // through the login, then the comment is shown in its queue.
  function deepLink() {
    const params = new URLSearchParams(location.search);
    const comment = Number(params.get("comment"));
    return { site: params.get("site"), comment: Number.isInteger(comment) && comment > 0 ? comment : null };
  }

  async function showComment(id) {
    const item = await api("GET", sitePath(`/comments/${id}`));
    state.view = "queue";
    state.status = item.status;
    for (const tab of document.querySelectorAll("[data-status], [data-view]")) {
      tab.setAttribute("aria-pressed", String(tab.dataset.status === item.status));
    }
    await reload();
    let node = document.querySelector(`#queue .item[data-id="${id}"]`);
    if (!node) {
      state.items.set(item.id, item);
      node = render(item);
      $("#queue").prepend(node);
      $("#empty").hidden = true;
    }
    node.classList.add("linked");
    node.tabIndex = -1;
    node.focus();
    say(`Comment ${id} (${item.status}).`);
  }

  // C7: owners and root see the settings; moderators never see owner-only sections.
  async function loadRole() {
    let role = "owner";
    try {
      ({ role } = await api("GET", "/api/v1/admin/me"));
    } catch (error) {
      if (error.message === "unauthorized") throw error;
    }
    state.role = role;
    for (const node of document.querySelectorAll("[data-owner]")) {
      node.toggleAttribute("data-forbidden", role === "moderator");
      if (role === "moderator") node.hidden = true;
    }
    for (const node of document.querySelectorAll("[data-root]")) node.hidden = role !== "root";
  }

  function render(item) {
    const node = $("#item").content.firstElementChild.cloneNode(true);
    node.dataset.id = String(item.id);
    node.querySelector(".pick").setAttribute("aria-label", `Select comment ${item.id}`);
    node.querySelector(".author").textContent = item.author.name || "(no name)";
    node.querySelector(".email").textContent = item.author.email || "";
    const when = node.querySelector(".when");
    when.dateTime = item.created_at;
    when.textContent = new Date(item.created_at).toLocaleString();
    const badges = [item.status, ...(item.pinned ? ["pinned"] : [])];
    if (item.flags.length) badges.push(`flagged: ${item.flags.join(", ")}`);
    node.querySelector(".badge").textContent = badges.join(" · ");
    const link = node.querySelector(".thread");
    link.href = /^https?:\/\//.test(item.thread.url) ? item.thread.url : "#";
    link.textContent = item.thread.title || item.thread.url;
    node.querySelector(".body").textContent = item.body;
    node.querySelector("[data-edit]").hidden = !item.body;
    for (const button of node.querySelectorAll("[data-action]")) {
      button.hidden = !APPLIES[button.dataset.action].includes(item.status);
    }
    const kinds = node.querySelector(".ban-kind");
    if (item.author.identity_id === null) kinds.querySelector('[value="identity"]').remove();
    if (!item.author.email) kinds.querySelector('[value="email"]').remove();
    const pin = node.querySelector("[data-pin]");
    pin.hidden = item.status !== "approved" || item.parent_id !== null;
    pin.textContent = item.pinned ? "Unpin" : "Pin";
    node.querySelector("[data-close-thread]").textContent = item.thread.closed
      ? "Reopen thread"
      : "Close thread";
    return node;
  }

  async function load(append) {
    const params = new URLSearchParams({ status: state.status, limit: "50" });
    for (const [name, value] of Object.entries(state.filters)) if (value) params.set(name, value);
    if (append && state.cursor) params.set("cursor", state.cursor);
    const page = await api("GET", sitePath(`/comments?${params}`));
    if (!append) {
      state.items.clear();
      $("#queue").replaceChildren();
    }
    for (const item of page.comments) {
      state.items.set(item.id, item);
      $("#queue").append(render(item));
    }
    state.cursor = page.next_cursor;
    $("#more").hidden = !state.cursor;
    $("#empty").hidden = state.items.size > 0;
    $("#select-all").checked = false;
  }

  function line(...parts) {
    const li = document.createElement("li");
    li.className = "item";
    for (const part of parts) li.append(part);
    return li;
  }

  function text(tag, value, className) {
    const node = document.createElement(tag);
    node.textContent = value;
    if (className) node.className = className;
    return node;
  }

  async function loadBans() {
    const { bans } = await api("GET", sitePath("/bans?limit=200"));
    const rows = bans.map((b) => {
      const until = b.expires_at ? `until ${new Date(b.expires_at).toLocaleString()}` : "forever";
      const lift = text("button", "Lift");
      lift.type = "button";
      lift.dataset.lift = String(b.id);
      lift.setAttribute("aria-label", `Lift ban #${b.id}`);
      const kinds = { ip: "address", email: "email address", identity: "account" };
      const who = b.author_name ? `${b.author_name}'s ${kinds[b.kind]}` : kinds[b.kind] || b.kind;
      const parts = [text("strong", `Ban #${b.id}: ${who}`), " ", text("span", until, "when")];
      if (b.comment_id) parts.push(" ", link(`comment ${b.comment_id}`, b.comment_url));
      parts.push(" ", text("span", `Reason: ${b.reason || "(none given)"}`, "email"));
      parts.push(" ", text("span", `by ${b.created_by}`, "email"), " ", lift);
      return line(...parts);
    });
    $("#bans").replaceChildren(...rows);
    $("#no-bans").hidden = rows.length > 0;
  }

  async function loadAudit(append) {
    const params = new URLSearchParams({ limit: "50" });
    if (append && state.auditCursor) params.set("cursor", state.auditCursor);
    const page = await api("GET", sitePath(`/audit?${params}`));
    const rows = page.entries.map((e) => {
      const parts = [text("time", new Date(e.created_at).toLocaleString(), "when"), " ",
        text("strong", bridge.auditSentence(e))];
      if (e.comment_id) {
        const by = e.comment_author ? ` by ${e.comment_author}` : "";
        parts.push(" ", link(`comment ${e.comment_id}${by}`, e.comment_url));
      }
      for (const change of bridge.auditChanges(e)) parts.push(text("div", change, "detail"));
      return line(...parts);
    });
    if (append) $("#audit").append(...rows);
    else $("#audit").replaceChildren(...rows);
    state.auditCursor = page.next_cursor;
    $("#more-audit").hidden = !state.auditCursor;
  }

  function link(label, url) {
    if (!url || !/^https?:\/\//.test(url)) return text("span", label, "email");
    const a = text("a", label);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  async function loadCounts() {
    const counts = await api("GET", sitePath("/comments/counts"));
    for (const tab of document.querySelectorAll("[data-status]")) {
      tab.dataset.label = tab.dataset.label || tab.textContent;
      tab.textContent = `${tab.dataset.label} (${counts[tab.dataset.status]})`;
    }
  }

  async function reload(message) {
    if (state.site) await loadCounts();
    else if (state.view !== "sites") state.view = "sites";
    $("#queue-view").hidden = state.view !== "queue";
    $("#bans-view").hidden = state.view !== "bans";
    $("#audit-view").hidden = state.view !== "audit";
    // The owner's screens (admin-*.js) register in bridge.views: view name -> load().
    for (const [name, view] of Object.entries(bridge.views)) {
      $(`#${name}-view`).hidden = state.view !== name || (view.owner && state.role === "moderator");
    }
    if (bridge.views[state.view]) await bridge.views[state.view].load();
    else if (state.view === "bans") await loadBans();
    else if (state.view === "audit") await loadAudit(false);
    else await load(false);
    if (message) say(message);
  }

  function selectedIds() {
    return [...document.querySelectorAll(".item .pick:checked")].map((box) =>
      Number(box.closest(".item").dataset.id),
    );
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  async function act(ids, action) {
    if (!ids.length) return say("Select comments first.");
    if (action === "purge" && !window.confirm("Purge for good, with all replies?")) return;
    const result = await api("POST", sitePath("/comments/bulk"), { ids, action });
    const skipped = result.skipped.length ? `, ${result.skipped.length} skipped` : "";
    await reload(`${action}: ${plural(result.done.length, "comment")} done${skipped}.`);
  }

  async function ban(item, node) {
    const kind = node.querySelector(".ban-kind").value;
    const days = node.querySelector(".ban-days").value;
    const reason = node.querySelector(".ban-reason").value.trim();
    const body = { kind, comment_id: item.id, reason: reason || `comment ${item.id}` };
    if (days) body.expires_at = new Date(Date.now() + Number(days) * 86400000).toISOString();
    await api("POST", sitePath("/bans"), body);
    say(`Banned the author of comment ${item.id} (${kind}${days ? `, ${days} days` : ""}).`);
  }

  // Moderators log in through the commenters' OAuth popup; Parley's own origin receives the code.
  const b64url = (bytes) =>
    btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  async function showProviders(siteId) {
    const response = await fetch(`/api/v1/sites/${encodeURIComponent(siteId)}/auth/providers`, {
      credentials: "omit",
    });
    if (!response.ok) throw new Error(`No site '${siteId}'.`);
    const { providers } = await response.json();
    const buttons = providers.map((p) => {
      const button = text("button", `Log in with ${p.label}`);
      button.type = "button";
      button.addEventListener("click", guard(() => popupLogin(siteId, p.name)));
      return button;
    });
    $("#oauth-providers").replaceChildren(...buttons);
    say(buttons.length ? "" : "This site offers no login provider.");
    if (buttons.length) buttons[0].focus();
  }

  async function popupLogin(siteId, provider) {
    if (!crypto.subtle) throw new Error("Login needs https (or localhost).");
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
    const params = new URLSearchParams({
      site: siteId,
      origin: location.origin,
      challenge: b64url(new Uint8Array(digest)),
    });
    const popup = window.open(`/auth/${encodeURIComponent(provider)}/login?${params}`, "parley-login",
      "width=520,height=680");
    if (!popup) throw new Error("The login window was blocked; allow popups for this page.");
    const code = await new Promise((resolve, reject) => {
      addEventListener("message", function listen(event) {
        if (event.origin !== location.origin || event.source !== popup) return;
        removeEventListener("message", listen);
        if (event.data && event.data.type === "parley:login") resolve(event.data.code);
        else reject(new Error("Login failed."));
      });
    });
    const data = await openSession({ code, verifier });
    await start();
    say(`Logged in as ${data.actor.split(":").slice(2).join(":")}.`);
  }

  function startEdit(item, node) {
    const body = node.querySelector(".body");
    const box = document.createElement("textarea");
    box.value = item.body;
    box.rows = 6;
    box.setAttribute("aria-label", `Text of comment ${item.id}`);
    const save = text("button", "Save");
    save.type = "button";
    save.dataset.save = "";
    const cancel = text("button", "Cancel");
    cancel.type = "button";
    cancel.dataset.cancel = "";
    body.replaceChildren(box, save, cancel);
    box.focus();
  }

  async function saveEdit(item, node) {
    const value = node.querySelector(".body textarea").value;
    await api("PATCH", sitePath(`/comments/${item.id}`), { body: value });
    await reload(`Comment ${item.id} edited.`);
  }

  async function togglePin(item) {
    const pinned = item.pinned ? null : item.id;
    await api("PATCH", sitePath(`/threads/${item.thread.id}`), { pinned_comment_id: pinned });
    await reload(pinned ? `Comment ${item.id} pinned.` : `Comment ${item.id} unpinned.`);
  }

  async function toggleThread(item) {
    const closed = !item.thread.closed;
    await api("PATCH", sitePath(`/threads/${item.thread.id}`), { closed });
    await reload(`Thread ${closed ? "closed" : "reopened"}: ${item.thread.url}`);
  }

  function guard(work) {
    return (event) => {
      if (event.type === "submit") event.preventDefault();
      Promise.resolve(work(event)).catch((error) => {
        if (error.message !== "unauthorized") say(`Error: ${error.message}`);
      });
    };
  }

  $("#login").addEventListener(
    "submit",
    guard(async () => {
      const input = $("#token");
      await login(input.value.trim());
      input.value = "";
    }),
  );
  $("#logout").addEventListener("click", guard(() => logout(false)));
  $("#logout-everywhere").addEventListener("click", guard(() => logout(true)));
  $("#oauth-login").addEventListener(
    "submit",
    guard((event) => showProviders(new FormData(event.target).get("site").trim())),
  );
  $("#site").addEventListener(
    "change",
    guard(async (event) => {
      state.site = event.target.value;
      await reload();
    }),
  );
  const tabs = document.querySelectorAll("[data-status], [data-view]");
  bridge.openView = async (view, message) => {
    state.view = view;
    for (const other of tabs) other.setAttribute("aria-pressed", String(other.dataset.view === view));
    await reload(message);
  };
  for (const tab of tabs) {
    tab.addEventListener(
      "click",
      guard(async () => {
        state.view = tab.dataset.view || "queue";
        if (tab.dataset.status) state.status = tab.dataset.status;
        for (const other of tabs) other.setAttribute("aria-pressed", String(other === tab));
        await reload();
      }),
    );
  }
  $("#more-audit").addEventListener("click", guard(() => loadAudit(true)));
  $("#bans").addEventListener(
    "click",
    guard(async (event) => {
      const button = event.target.closest("[data-lift]");
      if (!button) return;
      await api("DELETE", sitePath(`/bans/${button.dataset.lift}`));
      await reload(`Ban #${button.dataset.lift} lifted.`);
    }),
  );
  $("#filters").addEventListener(
    "submit",
    guard(async (event) => {
      state.filters = Object.fromEntries(new FormData(event.target));
      await reload();
    }),
  );
  $("#more").addEventListener("click", guard(() => load(true)));
  $("#select-all").addEventListener("change", (event) => {
    for (const box of document.querySelectorAll(".item .pick")) box.checked = event.target.checked;
  });
  for (const button of document.querySelectorAll("[data-bulk]")) {
    button.addEventListener("click", guard(() => act(selectedIds(), button.dataset.bulk)));
  }
  $("#queue").addEventListener(
    "click",
    guard(async (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      const node = button.closest(".item");
      const item = state.items.get(Number(node.dataset.id));
      if (button.dataset.action) await act([item.id], button.dataset.action);
      else if (button.hasAttribute("data-ban")) await ban(item, node);
      else if (button.hasAttribute("data-edit")) startEdit(item, node);
      else if (button.hasAttribute("data-save")) await saveEdit(item, node);
      else if (button.hasAttribute("data-cancel")) node.querySelector(".body").textContent = item.body;
      else if (button.hasAttribute("data-pin")) await togglePin(item);
      else if (button.hasAttribute("data-close-thread")) await toggleThread(item);
    }),
  );

  Object.assign(bridge, { $, api, raw, sitePath, say, guard, state, reload, text, line, plural });

  // No credential is ever taken from the address bar: a widget session is a commenter's (23.4).
  // With this browser's /admin session cookie the console opens at once (also in a new tab).
  show(false);
  start().catch((error) => {
    if (error.message !== "unauthorized") say(`Error: ${error.message}`);
    else say(deepLink().comment ? "Log in to see the comment you were sent to." : "");
  });
})();
