// Pure tests of the strings and the translator: node --test (no browser, no build needed).
import assert from "node:assert/strict";
import { test } from "node:test";

import { addStrings, pickLang, translator } from "../src/i18n.js";
import MORE from "../src/strings-more.js";
import LANGS from "../src/strings.js";

test("the second chunk's strings are new keys, and translators made before see them", () => {
  const t = translator("de");
  assert.equal(t("feed"), "");
  for (const lang of Object.keys(LANGS)) {
    assert.deepEqual(Object.keys(MORE[lang] ?? {}).filter((k) => k in LANGS.en), [], lang);
  }
  assert.deepEqual(Object.keys(MORE).sort(), Object.keys(LANGS).sort());
  addStrings(MORE); // from here on the tests below check both tables together
  assert.equal(t("feed"), "Kommentar-Feed");
});

test("every language translates every English string", () => {
  const keys = Object.keys(LANGS.en);
  for (const [lang, dict] of Object.entries(LANGS)) {
    assert.deepEqual(keys.filter((k) => !(k in dict)), [], lang);
    assert.deepEqual(Object.keys(dict).filter((k) => !(k in LANGS.en)), [], lang);
  }
});

test("placeholders survive translation", () => {
  const holes = (text) => (text.match(/\{\w\}/g) ?? []).sort().join();
  for (const [key, en] of Object.entries(LANGS.en)) {
    for (const [lang, dict] of Object.entries(LANGS)) {
      if (typeof en == "string") assert.equal(holes(dict[key]), holes(en), `${lang}.${key}`);
      else for (const [form, text] of Object.entries(dict[key])) {
        // Every form but "zero" names the title; "one" may spell the number out.
        if (key == "thoughts" && form != "zero") assert.match(text, /\{t\}/, `${lang}.${key}.${form}`);
        if (key == "count") assert.match(text, /\{n\}/, `${lang}.${key}.${form}`);
      }
    }
  }
});

test("English plurals and the zero case", () => {
  const t = translator("en");
  assert.equal(t("thoughts", { t: "Hi" }, 0), "No comments yet");
  assert.equal(t("thoughts", { t: "Hi" }, 1), "One thought on “Hi”");
  assert.equal(t("thoughts", { t: "Hi" }, 7), "7 thoughts on “Hi”");
  assert.equal(t("count", {}, 0), "0 comments");
  assert.equal(t("count", {}, 1), "1 comment");
});

test("Ukrainian plural categories", () => {
  const t = translator("uk");
  const cases = { 1: "1 коментар", 2: "2 коментарі", 5: "5 коментарів", 11: "11 коментарів", 21: "21 коментар", 22: "22 коментарі" };
  for (const [n, text] of Object.entries(cases)) assert.equal(t("count", {}, Number(n)), text);
});

test("French counts one for zero and one, German and Spanish do not", () => {
  assert.equal(translator("fr")("count", {}, 1), "1 commentaire");
  assert.equal(translator("de")("count", {}, 2), "2 Kommentare");
  assert.equal(translator("es")("count", {}, 1), "1 comentario");
});

test("named placeholders and unknown keys", () => {
  const t = translator("de");
  assert.equal(t("leaveTo", { n: "Ada" }), "Antworte auf Ada");
  assert.equal(t("no-such-key"), "");
});

test("a value not given is left out, never written as undefined", () => {
  const t = translator("en");
  assert.equal(t("leaveTo", {}), "Leave a Reply to ");
  assert.equal(t("more", {}), "Load more comments ( more)");
  assert.equal(t("thoughts", { t: "T" }, 2), "2 thoughts on “T”");
});

test("language choice: attribute, page, browser, English", () => {
  assert.equal(pickLang(["de-AT", "fr"]), "de");
  assert.equal(pickLang([null, "", "uk-UA"]), "uk");
  assert.equal(pickLang(["pt-BR", "it"]), "en");
  assert.equal(pickLang([]), "en");
});
