// Picks the language and translates, with plurals through Intl.PluralRules.

import LANGS from "./strings.js";

/** The language: explicit attribute, then the page's lang, then the browser's, then English. */
export function pickLang(wanted) {
  for (const tag of wanted) {
    const code = (tag || "").slice(0, 2).toLowerCase();
    if (LANGS[code]) return code;
  }
  return "en";
}

/** The second chunk's strings join the tables (the translators see them at once). */
export function addStrings(tables) {
  for (const lang in tables) Object.assign(LANGS[lang], tables[lang]);
}

/** A translator bound to one language: t(key, vars) and t(key, vars, n) for plurals. */
export function translator(lang) {
  const dict = LANGS[lang];
  const rules = new Intl.PluralRules(lang);
  return (key, vars = {}, n) => {
    let s = dict[key] ?? LANGS.en[key] ?? "";
    if (typeof s == "object") s = (n === 0 && s.zero) || s[rules.select(n)] || s.other;
    return s.replace(/\{(\w)\}/g, (_, k) => vars[k] ?? (k == "n" ? n : ""));
  };
}
