// Picks the language and translates, with plurals through Intl.PluralRules.

import LANGS from "./strings.js";

/* global __PARLEY_LANGS__ */
// Built, the tables hold English only and the build names every language (the others come in
// embed-i18n.js); unbuilt (node's tests), they hold them all.
export const CODES = typeof __PARLEY_LANGS__ != "undefined" ? __PARLEY_LANGS__ : Object.keys(LANGS);

/** The language: explicit attribute, then the page's lang, then the browser's, then English. */
export function pickLang(wanted) {
  for (const tag of wanted) {
    const code = (tag || "").slice(0, 2).toLowerCase();
    if (CODES.includes(code)) return code;
  }
  return "en";
}

/** Whether `lang`'s strings still have to come (from embed-i18n.js). */
export const missing = (lang) => !LANGS[lang];

/** More strings join the tables (the translators see them at once): the second chunk's, and the
 * other languages'. */
export function addStrings(tables) {
  for (const lang in tables) LANGS[lang] = Object.assign(LANGS[lang] || {}, tables[lang]);
}

/** A translator bound to one language: t(key, vars) and t(key, vars, n) for plurals. */
export function translator(lang) {
  const rules = new Intl.PluralRules(lang);
  return (key, vars = {}, n) => {
    let s = (LANGS[lang] || {})[key] ?? LANGS.en[key] ?? "";
    if (typeof s == "object") s = (n === 0 && s.zero) || s[rules.select(n)] || s.other;
    // A value not given is left out, never written as "undefined".
    return s.replace(/\{(\w)\}/g, (_, k) => vars[k] ?? (k == "n" && n != null ? n : ""));
  };
}
