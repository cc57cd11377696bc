// A tiny element builder: h("button", {class: "x", onclick: fn}, "text", child…) (buttons default to type=button).

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (tag == "button") el.type = "button"; // a submit button says so
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k in el && k != "list" && k != "form") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  // Only nodes and non-empty strings: `cond && node` with a falsy number never becomes "0" text.
  el.append(...children.flat().filter((c) => c instanceof Node || (typeof c == "string" && c)));
  return el;
}

/** The URL if it is absolute http(s), else null: nothing else ever goes into an href or a src. */
export const safeUrl = (u) => (/^https?:\/\/\w/i.test(u) ? u : null);

/** A code block may scroll sideways: the keyboard can reach and scroll it (axe: scrollable-region-focusable). */
export function reachable(el) {
  for (const pre of el.querySelectorAll("pre")) pre.tabIndex = 0;
  return el;
}

/** A comment's text (HTML the server sanitized). */
export function body(cls, html) {
  const el = h("div", { class: cls });
  el.innerHTML = html;
  return reachable(el);
}
