// Sites (root only): create a site and go to it; rename a site; close or reopen it.
"use strict";

(() => {
  const bridge = (window.ParleyAdmin = window.ParleyAdmin || { views: {} });
  const $ = (selector) => document.querySelector(selector);
  const lines = (raw) => raw.split("\n").map((v) => v.trim()).filter(Boolean);

  // The header's site picker, refilled after a site is created or renamed.
  async function refreshPicker(selected) {
    const { sites } = await bridge.api("GET", "/api/v1/admin/sites");
    $("#site").replaceChildren(...sites.map((s) => new Option(`${s.name} (${s.id})`, s.id)));
    bridge.state.site = selected || bridge.state.site || (sites[0] && sites[0].id) || null;
    $("#site").value = bridge.state.site || "";
    return sites;
  }
  bridge.refreshPicker = refreshPicker;

  function siteRow(site) {
    const { text, line } = bridge;
    const form = document.createElement("form");
    form.className = "filters";
    form.dataset.site = site.id;
    const name = document.createElement("input");
    name.name = "name";
    name.required = true;
    name.maxLength = 200;
    name.value = site.name;
    name.setAttribute("aria-label", `Name of site ${site.id}`);
    const rename = text("button", "Rename");
    rename.type = "submit";
    const toggle = text("button", site.closed ? "Reopen comments" : "Close comments");
    toggle.type = "button";
    toggle.dataset.toggle = site.closed ? "open" : "close";
    const open = text("button", "Manage");
    open.type = "button";
    open.dataset.open = site.id;
    form.append(name, rename, toggle, open);
    const status = site.closed ? "comments closed" : "open";
    return line(text("strong", site.id), " ", text("span", `${site.origins.join(", ") || "no origin"} · ${status}`, "email"), form);
  }

  async function load() {
    const sites = await refreshPicker();
    $("#site-list").replaceChildren(...sites.map(siteRow));
  }

  async function create(form) {
    const data = new FormData(form);
    const body = {
      id: String(data.get("id")).trim(),
      name: String(data.get("name")).trim(),
      origins: lines(String(data.get("origins"))),
    };
    const site = await bridge.api("POST", "/api/v1/admin/sites", body);
    form.reset();
    await refreshPicker(site.id);
    await bridge.openView("settings", `Site ${site.id} created. Now choose its settings.`);
  }

  async function change(form, patch, message) {
    await bridge.api("PATCH", `/api/v1/admin/sites/${encodeURIComponent(form.dataset.site)}`, patch);
    await load();
    bridge.say(message);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const guard = bridge.guard;
    $("#site-create").addEventListener("submit", guard((event) => create(event.target)));
    $("#site-list").addEventListener("submit", guard((event) => {
      const form = event.target;
      const name = form.elements.namedItem("name").value.trim();
      return change(form, { name }, `Site ${form.dataset.site} renamed to ${name}.`);
    }));
    $("#site-list").addEventListener("click", guard(async (event) => {
      const button = event.target.closest("button[type=button]");
      if (!button) return;
      const form = button.closest("form");
      if (button.dataset.open) {
        await refreshPicker(button.dataset.open);
        await bridge.openView("settings");
      } else {
        const closed = button.dataset.toggle === "close";
        const what = closed ? "closed" : "reopened";
        await change(form, { closed }, `Comments ${what} on site ${form.dataset.site}.`);
      }
    }));
  });

  bridge.views.sites = { load, owner: true };
})();
