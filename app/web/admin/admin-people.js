// Moderators (pick a commenter by name, grant, revoke) and admin tokens (root: create, revoke).
"use strict";

(() => {
  const bridge = (window.ParleyAdmin = window.ParleyAdmin || { views: {} });
  const $ = (selector) => document.querySelector(selector);

  function button(label, data, value, aria) {
    const node = bridge.text("button", label);
    node.type = "button";
    node.dataset[data] = String(value);
    node.setAttribute("aria-label", aria);
    return node;
  }

  async function loadModerators() {
    const { moderators } = await bridge.api("GET", bridge.sitePath("/moderators"));
    $("#moderators").replaceChildren(...moderators.map((m) => bridge.line(
      bridge.text("strong", m.name), " ", bridge.text("span", `${m.provider} · moderator since ${new Date(m.created_at).toLocaleDateString()}`, "email"),
      " ", button("Revoke", "revoke", m.identity_id, `Revoke ${m.name}'s moderator role`),
    )));
    $("#no-moderators").hidden = moderators.length > 0;
  }

  async function search(query) {
    const params = new URLSearchParams({ q: query });
    const { people } = await bridge.api("GET", bridge.sitePath(`/people?${params}`));
    $("#people-found").replaceChildren(...people.map((p) => bridge.line(
      bridge.text("strong", p.name), " ", bridge.text("span", p.provider, "email"), " ",
      p.moderator ? bridge.text("span", "already a moderator", "email")
        : button("Make moderator", "grant", p.identity_id, `Make moderator: ${p.name}`),
    )));
    bridge.say(people.length ? `${bridge.plural(people.length, "commenter")} found.`
      : `Nobody with an account on this site matches "${query}" (they must have logged in here).`);
  }

  async function loadTokens() {
    if (bridge.state.role !== "root") return;
    const { sites } = await bridge.api("GET", "/api/v1/admin/sites");
    const scope = $("#token-scope");
    scope.replaceChildren(...sites.map((s) => new Option(`site ${s.id}`, s.id)), new Option("all sites", ""));
    scope.value = bridge.state.site || "";
    const { tokens } = await bridge.api("GET", "/api/v1/admin/tokens");
    $("#token-list").replaceChildren(...tokens.map((t) => {
      const state = t.revoked_at ? "revoked" : t.last_used_at ? `last used ${new Date(t.last_used_at).toLocaleString()}` : "never used";
      const parts = [bridge.text("strong", t.name), " ", bridge.text("span", `${t.site_id ? `site ${t.site_id}` : "all sites"} · ${state}`, "email")];
      if (!t.revoked_at) parts.push(" ", button("Revoke", "revokeToken", t.id, `Revoke token ${t.name}`));
      return bridge.line(...parts);
    }));
  }

  async function load() {
    $("#people-found").replaceChildren();
    $("#token-secret").hidden = true;
    await loadModerators();
    await loadTokens();
  }

  async function createToken(form) {
    const data = new FormData(form);
    const body = { name: String(data.get("name")).trim(), site_id: data.get("site_id") || null };
    const created = await bridge.api("POST", "/api/v1/admin/tokens", body);
    form.reset();
    await loadTokens();
    const secret = $("#token-secret");
    secret.replaceChildren("New token (shown only now; copy it): ", bridge.text("code", created.token));
    secret.hidden = false;
    bridge.say(`Token ${created.name} created.`);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const guard = bridge.guard;
    $("#people-search").addEventListener("submit", guard((event) =>
      search(new FormData(event.target).get("q").trim())));
    $("#token-create").addEventListener("submit", guard((event) => createToken(event.target)));
    $("#people-view").addEventListener("click", guard(async (event) => {
      const target = event.target.closest("button[type=button]");
      if (!target) return;
      const { grant, revoke, revokeToken } = target.dataset;
      if (grant) {
        const moderator = await bridge.api("PUT", bridge.sitePath(`/moderators/${grant}`));
        $("#people-found").replaceChildren();
        await loadModerators();
        bridge.say(`${moderator.name} is now a moderator of this site.`);
      } else if (revoke) {
        await bridge.api("DELETE", bridge.sitePath(`/moderators/${revoke}`));
        await loadModerators();
        bridge.say("Moderator role revoked.");
      } else if (revokeToken) {
        if (!window.confirm("Revoke this token? Whoever uses it is logged out at once.")) return;
        await bridge.api("DELETE", `/api/v1/admin/tokens/${revokeToken}`);
        await loadTokens();
        bridge.say("Token revoked.");
      }
    }));
  });

  bridge.views.people = { load, owner: true };
})();
