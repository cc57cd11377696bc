// Webhooks: create (secret shown once), events, enable/disable, rotate the secret, delete, and
// each webhook's delivery log with "Send again".
"use strict";

(() => {
  const bridge = (window.ParleyAdmin = window.ParleyAdmin || { views: {} });
  const $ = (selector) => document.querySelector(selector);
  const EVENTS = ["comment.created", "comment.approved", "comment.updated", "comment.deleted", "comment.spam"];
  const hooks = (rest) => bridge.sitePath(`/webhooks${rest || ""}`);

  function button(label, action, id, aria) {
    const node = bridge.text("button", label);
    node.type = "button";
    node.dataset.hook = action;
    node.dataset.id = String(id);
    if (aria) node.setAttribute("aria-label", aria);
    return node;
  }

  function eventBoxes(container, chosen, prefix) {
    const boxes = EVENTS.map((name) => {
      const label = document.createElement("label");
      label.className = "check";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = name;
      box.checked = chosen.includes(name);
      box.dataset.event = prefix;
      label.append(box, ` ${name}`);
      return label;
    });
    container.append(...boxes);
  }

  const chosenEvents = (root) => [...root.querySelectorAll("[data-event]:checked")].map((b) => b.value);

  function showSecret(text) {
    const node = $("#webhook-secret");
    node.replaceChildren(`${text} (shown only now; copy it): `, bridge.text("code", bridge.lastSecret));
    node.hidden = false;
  }

  async function deliveryLog(hook) {
    const { deliveries } = await bridge.api("GET", hooks(`/${hook.id}/deliveries?limit=20`));
    const list = document.createElement("ol");
    list.className = "deliveries";
    list.setAttribute("aria-label", `Deliveries of webhook #${hook.id}`);
    for (const d of deliveries) {
      const li = document.createElement("li");
      const code = d.last_response_code ? `HTTP ${d.last_response_code}` : d.last_error || "not sent yet";
      li.append(`${new Date(d.created_at).toLocaleString()} · ${d.event_type} · ${d.status} · ${code} · ${bridge.plural(d.attempts, "attempt")} `);
      if (d.status !== "pending" && hook.enabled) {
        const again = button("Send again", "retry", hook.id, `Send again: delivery ${d.id}`);
        again.dataset.delivery = String(d.id);
        li.append(again);
      }
      list.append(li);
    }
    if (!deliveries.length) list.append(bridge.text("li", "No deliveries yet."));
    return list;
  }

  async function row(hook) {
    const state = hook.enabled ? "enabled" : `disabled${hook.disabled_reason ? `: ${hook.disabled_reason}` : ""}`;
    const events = document.createElement("fieldset");
    events.className = "inline";
    const legend = document.createElement("legend");
    legend.textContent = `Events of webhook #${hook.id}`;
    events.append(legend);
    eventBoxes(events, hook.events, String(hook.id));
    const actions = document.createElement("div");
    actions.className = "actions";
    actions.append(
      button("Save events", "events", hook.id),
      button(hook.enabled ? "Disable" : "Enable", hook.enabled ? "disable" : "enable", hook.id, `${hook.enabled ? "Disable" : "Enable"} webhook #${hook.id}`),
      button("Rotate secret", "rotate", hook.id, `Rotate secret of webhook #${hook.id}`),
      button("Delete", "delete", hook.id, `Delete webhook #${hook.id}`),
    );
    const title = bridge.text("strong", `#${hook.id} ${hook.url}`);
    title.className = "where";
    const li = bridge.line(title, " ", bridge.text("span", `${hook.description ? `${hook.description} · ` : ""}${state}`, "email"),
      events, actions, await deliveryLog(hook));
    li.dataset.webhook = String(hook.id);
    return li;
  }

  async function load() {
    const form = $("#webhook-create");
    if (!form.querySelector("[data-event]")) eventBoxes($("#webhook-events"), ["comment.approved"], "new");
    const { webhooks } = await bridge.api("GET", hooks());
    const rows = [];
    for (const hook of webhooks) rows.push(await row(hook));
    $("#webhook-list").replaceChildren(...rows);
    $("#no-webhooks").hidden = webhooks.length > 0;
  }

  async function create(form) {
    const data = new FormData(form);
    const events = chosenEvents(form);
    if (!events.length) throw new Error("Pick at least one event.");
    const body = { url: String(data.get("url")).trim(), description: String(data.get("description")).trim(), events };
    const created = await bridge.api("POST", hooks(), body);
    form.elements.namedItem("url").value = "";
    form.elements.namedItem("description").value = "";
    bridge.lastSecret = created.secret;
    await load();
    showSecret(`Webhook #${created.id} created. Its signing secret`);
    bridge.say(`Webhook #${created.id} created.`);
  }

  async function act(target) {
    const id = target.dataset.id;
    const action = target.dataset.hook;
    if (action === "events") {
      const events = chosenEvents(target.closest("li"));
      if (!events.length) throw new Error("Pick at least one event.");
      await bridge.api("PATCH", hooks(`/${id}`), { events });
    } else if (action === "enable" || action === "disable") {
      await bridge.api("PATCH", hooks(`/${id}`), { enabled: action === "enable" });
    } else if (action === "rotate") {
      const rotated = await bridge.api("POST", hooks(`/${id}/secret`), { keep_previous_hours: 24 });
      bridge.lastSecret = rotated.secret;
    } else if (action === "delete") {
      if (!window.confirm(`Delete webhook #${id} and its delivery log?`)) return;
      await bridge.api("DELETE", hooks(`/${id}`));
    } else if (action === "retry") {
      await bridge.api("POST", hooks(`/${id}/deliveries/${target.dataset.delivery}/retry`));
    }
    await load();
    const said = {
      events: "events saved", enable: "enabled", disable: "disabled", rotate: "secret rotated (the old one signs for 24 hours more)",
      delete: "deleted", retry: "delivery queued to be sent again",
    };
    if (action === "rotate") showSecret(`Webhook #${id}'s new secret`);
    bridge.say(`Webhook #${id}: ${said[action]}.`);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("#webhook-create").addEventListener("submit", bridge.guard((event) => create(event.target)));
    $("#webhook-list").addEventListener("click", bridge.guard(async (event) => {
      const target = event.target.closest("button[data-hook]");
      if (target) await act(target);
    }));
  });

  bridge.views.webhooks = { load, owner: true, reset: () => ($("#webhook-secret").hidden = true) };
})();
