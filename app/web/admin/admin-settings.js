// Site settings: every setting as a form field (spam checks each with their own fields).
"use strict";

(() => {
  const bridge = (window.ParleyAdmin = window.ParleyAdmin || { views: {} });
  const $ = (selector) => document.querySelector(selector);
  const lines = (raw) => raw.split("\n").map((v) => v.trim()).filter(Boolean);
  const VERDICT = ["verdict", "select", "Verdict", [["spam", "Mark as spam"], ["pending", "Hold for moderation"]]];

  // The spam checks in the order they run: [key, title, fields]; a field is
  // [name, kind, label, options-or-limits].
  const CHECKS = [
    ["honeypot", "Hidden honeypot field", [VERDICT]],
    ["min_submit_time", "Minimum time to write", [VERDICT, ["seconds", "number", "Seconds", { min: 0, max: 3600, step: "0.1" }]]],
    ["links", "Too many links", [VERDICT, ["max_links", "number", "Most links allowed", { min: 0, max: 100 }]]],
    ["blocked_words", "Blocked words", [VERDICT,
      ["words", "lines", "Words or phrases, one per line"],
      ["patterns", "lines", "Patterns with *, one per line (e.g. cas*no)"]]],
    ["duplicates", "Duplicate texts", [VERDICT,
      ["window_hours", "number", "Within hours", { min: 1, max: 8760 }],
      ["min_length", "number", "Only texts of at least this many characters", { min: 1, max: 10000 }]]],
    ["rate_limit", "Comments per address", [VERDICT, ["limit", "text", "Limit (e.g. 5/minute, 20/hour)", { maxLength: 50 }]]],
    ["akismet", "Akismet", [VERDICT,
      ["api_key", "password", "API key", { maxLength: 64 }],
      ["blog_url", "url", "Blog front page URL", { maxLength: 500 }],
      ["on_error", "select", "When Akismet cannot be reached", [["pending", "Hold for moderation"], ["allow", "Publish"]]]]],
  ];

  // A select inside its label would be named by the label and its options together: name it by
  // the label's own words only.
  function nameSelects(root) {
    for (const select of root.querySelectorAll("label > select")) {
      const words = [...select.parentElement.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE);
      select.setAttribute("aria-label", words.map((n) => n.textContent).join(" ").trim());
    }
  }

  function field(check, [name, kind, label, extra]) {
    const wrap = document.createElement("label");
    wrap.append(`${label} `);
    let input;
    if (kind === "select") {
      input = document.createElement("select");
      for (const [value, title] of extra) input.append(new Option(title, value));
    } else if (kind === "lines") {
      input = document.createElement("textarea");
      input.rows = 3;
      input.spellcheck = false;
    } else {
      input = document.createElement("input");
      input.type = kind;
      Object.assign(input, extra || {});
      if (kind === "number") input.required = true;
    }
    input.name = `spam.${check}.${name}`;
    input.dataset.kind = kind;
    wrap.append(input);
    return wrap;
  }

  function buildSpamFields() {
    const boxes = CHECKS.map(([key, title, fields]) => {
      const set = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = `Spam check: ${title}`;
      const on = document.createElement("label");
      on.className = "check";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = `spam.${key}.enabled`;
      on.append(box, " Use this check");
      set.append(legend, on, ...fields.map((f) => field(key, f)));
      return set;
    });
    $("#s-spam").replaceChildren(...boxes);
    nameSelects($("#s-spam"));
  }

  let stored = null; // the site as loaded: names of providers switched off but not configured
  async function loadProviders() {
    const { providers } = await bridge.api("GET", bridge.sitePath("/providers"));
    const set = $("#s-providers");
    for (const old of set.querySelectorAll("label")) old.remove();
    for (const p of providers) {
      const label = document.createElement("label");
      label.className = "check";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.dataset.provider = p.name;
      box.checked = p.enabled;
      label.append(box, ` ${p.label}`);
      set.append(label);
    }
    $("#s-no-providers").hidden = providers.length > 0;
    return providers.map((p) => p.name);
  }

  async function load() {
    if (!$("#s-spam").childElementCount) buildSpamFields();
    const site = await bridge.api("GET", bridge.sitePath(""));
    const configured = await loadProviders();
    stored = site.disabled_providers.filter((name) => !configured.includes(name));
    const form = $("#settings-view");
    for (const input of form.elements) {
      if (!input.name) continue;
      input.removeAttribute("aria-invalid");
      const path = input.name.split(".");
      const value = path[0] === "spam" ? site.spam_settings[path[1]][path[2]] : site[input.name];
      if (input.type === "checkbox") input.checked = Boolean(value);
      else if (Array.isArray(value)) input.value = value.join("\n");
      else input.value = value ?? "";
    }
  }

  function collect(form) {
    const body = { spam_settings: {} };
    for (const input of form.elements) {
      if (!input.name) continue;
      let value = input.value;
      if (input.type === "checkbox") value = input.checked;
      else if (input.type === "number") value = Number(value);
      else if (input.tagName === "TEXTAREA") value = lines(value);
      else value = value.trim();
      const path = input.name.split(".");
      if (path[0] !== "spam") body[input.name] = value;
      else (body.spam_settings[path[1]] ||= {})[path[2]] = value;
    }
    const off = [...form.querySelectorAll("[data-provider]")].filter((b) => !b.checked);
    body.disabled_providers = [...stored, ...off.map((b) => b.dataset.provider)];
    return body;
  }

  // "body.spam_settings.akismet: …" → the field(s) it names get aria-invalid and focus.
  function markInvalid(form, message) {
    const match = /^body\.([\w.]+)/.exec(message);
    if (!match) return;
    const name = match[1].replace(/^spam_settings\./, "spam.");
    const inputs = [...form.elements].filter((i) => i.name && (i.name === name || i.name.startsWith(`${name}.`)));
    for (const input of inputs) input.setAttribute("aria-invalid", "true");
    if (inputs.length) inputs[0].focus();
  }

  async function save(form) {
    for (const input of form.elements) input.removeAttribute("aria-invalid");
    try {
      await bridge.api("PATCH", bridge.sitePath(""), collect(form));
    } catch (error) {
      markInvalid(form, error.message);
      throw error;
    }
    await load();
    bridge.say("Settings saved.");
  }

  document.addEventListener("DOMContentLoaded", () => {
    nameSelects(document);
    $("#settings-view").addEventListener("submit", bridge.guard((event) => save(event.target)));
  });

  bridge.views.settings = { load, owner: true };
})();
