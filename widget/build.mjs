// Build the embed script in two chunks (terser squeezes each bundle once more):
//   app/web/static/embed.js       what first paint needs (thread, comments, form), CSS minified into
//                                 a string, one IIFE; fails past the 12 KB gzip budget;
//   app/web/static/embed-more.js  the rest (src/more.js: live updates, notify, editing, …), an
//                                 ES module that embed.js imports after first paint as
//                                 `embed-more.js?v=<hash>` (the hash the server checks: app/web/router.py);
//   app/web/static/embed-i18n.js  the strings of every language but English (both chunks'), an ES module
//                                 embed.js imports before it draws on a page in another language.
// Both chunks carry English only: the other languages are a quarter of the first chunk.
// Prints both gzipped sizes and the total.
//   node build.mjs            build
//   node build.mjs --check    fail if the committed embed.js is not what the sources build to
//   node build.mjs --watch    rebuild on every change
import * as esbuild from "esbuild";
import { existsSync, readFileSync, watch, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { minify } from "terser";

const OUT = new URL("../app/web/static/embed.js", import.meta.url).pathname;
const OUT_MORE = new URL("../app/web/static/embed-more.js", import.meta.url).pathname;
const OUT_I18N = new URL("../app/web/static/embed-i18n.js", import.meta.url).pathname;
const BUDGET = 12 * 1024; // embed.js only: the script a page loads first (issue 14)
// The first chunk's stateful modules: the second one uses them (handed over by thread.js), never copies.
const SHARED = /^\.\/(comment|i18n|list|login|state|ui)\.js$/;

const tables = async (path) => (await import(path + "?" + Date.now())).default;
const STRINGS = new URL("src/strings.js", import.meta.url).pathname;
const STRINGS_MORE = new URL("src/strings-more.js", import.meta.url).pathname;
const LANGS = Object.keys(await tables(STRINGS));

// The string tables are pure data: pack them as arrays in one key order (keys written once). The
// chunks keep `only` the languages given (English); embed-i18n.js has the others.
const packStrings = (only) => ({
  name: "pack-strings",
  setup(b) {
    b.onLoad({ filter: /strings(-more)?\.js$/ }, async (args) => {
      const langs = await tables(args.path);
      const keys = Object.keys(langs.en);
      const rows = Object.entries(langs).filter(([lang]) => only.includes(lang)).map(
        ([lang, dict]) => `${lang}:m(${JSON.stringify(keys.map((k) => dict[k] ?? null))})`,
      );
      return {
        loader: "js",
        contents:
          `const K=${JSON.stringify(keys.join(" "))}.split(" ");` +
          `const m=(a)=>Object.fromEntries(K.map((k,i)=>[k,a[i]]).filter((e)=>e[1]!=null));` +
          `export default {${rows.join(",")}};`,
      };
    });
  },
});

// embed-i18n.js: { de: {…both chunks' keys}, … } for every language but English.
async function bundleI18n() {
  const [first, more] = [await tables(STRINGS), await tables(STRINGS_MORE)];
  const merged = Object.fromEntries(LANGS.filter((l) => l != "en").map((l) => [l, { ...first[l], ...more[l] }]));
  return squeeze(`export default ${JSON.stringify(merged)};`, true);
}

// In the second chunk, `import { x } from "./state.js"` reads the first chunk's module (live bindings
// stay live: esbuild turns them into property reads).
const shared = {
  name: "shared",
  setup(b) {
    b.onResolve({ filter: SHARED }, (args) => ({ path: args.path.slice(2, -3), namespace: "shared" }));
    b.onLoad({ filter: /.*/, namespace: "shared" }, (args) => ({
      loader: "js",
      contents: `module.exports = globalThis[Symbol.for("parley")].${args.path};`,
    }));
  },
};

const TARGET = ["es2020", "chrome91", "firefox90", "safari15"];
const squeeze = async (code, module) =>
  Buffer.from((await minify(code, { module, compress: { passes: 2, ecma: 2020 }, format: { ecma: 2020 } })).code);
const digest = (code) => createHash("sha256").update(code).digest("hex").slice(0, 16);

async function bundleMore() {
  const js = await esbuild.build({
    entryPoints: ["src/more.js"],
    bundle: true,
    minify: true,
    format: "esm",
    target: TARGET,
    legalComments: "none",
    charset: "utf8",
    plugins: [packStrings(["en"]), shared],
    write: false,
    logLevel: "error",
  });
  return squeeze(js.outputFiles[0].text, true);
}

async function bundle(moreHash, i18nHash) {
  const css = await esbuild.build({
    entryPoints: ["src/style.css"],
    bundle: true,
    minify: true,
    write: false,
    logLevel: "error",
  });
  const js = await esbuild.build({
    entryPoints: ["src/index.js"],
    bundle: true,
    minify: true,
    format: "iife",
    target: TARGET,
    legalComments: "none",
    charset: "utf8",
    // esbuild keeps custom property values as written: squeeze their spaces too.
    define: {
      __PARLEY_MORE__: JSON.stringify("/embed-more.js?v=" + moreHash),
      __PARLEY_I18N__: JSON.stringify("/embed-i18n.js?v=" + i18nHash),
      __PARLEY_LANGS__: JSON.stringify(LANGS),
      __PARLEY_CSS__: JSON.stringify(css.outputFiles[0].text.trim().replace(/(--[\w-]+): /g, "$1:").replace(/, (?=[#\w(-])/g, ","))
    },
    plugins: [packStrings(["en"])],
    write: false,
    logLevel: "error",
  });
  // esbuild bundles; terser's second look at the whole bundle saves another ~2 %.
  return squeeze(js.outputFiles[0].text, false);
}

async function bundleAll() {
  const [more, i18n] = [await bundleMore(), await bundleI18n()];
  return { code: await bundle(digest(more), digest(i18n)), more, i18n };
}

function report({ code, more, i18n }) {
  const gz = (b) => gzipSync(b, { level: 9 }).length;
  const kb = (n) => (n / 1024).toFixed(2) + " KB";
  console.log(`embed.js: ${kb(code.length)} raw, ${kb(gz(code))} gzipped (budget ${kb(BUDGET)}), ${gz(code)} B`);
  console.log(`embed-more.js: ${kb(more.length)} raw, ${kb(gz(more))} gzipped, ${gz(more)} B`);
  console.log(`total: ${kb(code.length + more.length)} raw, ${kb(gz(code) + gz(more))} gzipped`);
  console.log(`embed-i18n.js (other languages only): ${kb(i18n.length)} raw, ${kb(gz(i18n))} gzipped, ${gz(i18n)} B`);
  if (gz(code) > BUDGET) {
    console.error("embed.js is over its size budget");
    process.exitCode = 1;
  }
}

async function build() {
  const built = await bundleAll();
  writeFileSync(OUT_I18N, built.i18n);
  writeFileSync(OUT_MORE, built.more);
  writeFileSync(OUT, built.code);
  report(built);
}

if (process.argv.includes("--check")) {
  const built = await bundleAll();
  report(built);
  for (const [out, code] of [[OUT, built.code], [OUT_MORE, built.more], [OUT_I18N, built.i18n]])
    if (!existsSync(out) || !readFileSync(out).equals(code)) {
      console.error(`${out.split("/").slice(-3).join("/")} is out of date: run \`npm run build\` in widget/`);
      process.exitCode = 1;
    }
} else {
  await build();
  if (process.argv.includes("--watch")) {
    watch("src", { recursive: true }, () => build().catch((e) => console.error(e.message)));
  }
}
