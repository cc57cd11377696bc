// Build the embed script: CSS minified into a string, JS bundled and minified into one IIFE at
// app/web/static/embed.js; prints the gzipped size and fails past the 12 KB budget.
import * as esbuild from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

// The string tables are pure data: pack them as arrays in one key order (keys written once).
const packStrings = {
  name: "pack-strings",
  setup(b) {
    b.onLoad({ filter: /strings\.js$/ }, async (args) => {
      const { default: langs } = await import(args.path + "?" + Date.now());
      const keys = Object.keys(langs.en);
      const rows = Object.entries(langs).map(
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
};

const OUT = new URL("../app/web/static/embed.js", import.meta.url).pathname;
const BUDGET = 12 * 1024;

async function build() {
  const css = await esbuild.build({
    entryPoints: ["src/style.css"],
    bundle: true,
    minify: true,
    write: false,
    logLevel: "error",
  });
  await esbuild.build({
    entryPoints: ["src/index.js"],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020", "chrome90", "firefox90", "safari15"],
    legalComments: "none",
    charset: "utf8",
    define: { __PARLEY_CSS__: JSON.stringify(css.outputFiles[0].text.trim()) },
    outfile: OUT,
    plugins: [packStrings],
    logLevel: "error",
  });
  const raw = readFileSync(OUT);
  const gz = gzipSync(raw, { level: 9 }).length;
  const kb = (n) => (n / 1024).toFixed(2) + " KB";
  console.log(`embed.js: ${kb(raw.length)} raw, ${kb(gz)} gzipped (budget ${kb(BUDGET)})`);
  if (gz > BUDGET) {
    console.error("embed.js is over its size budget");
    process.exitCode = 1;
  }
}

await build();
if (process.argv.includes("--watch")) {
  const { watch } = await import("node:fs");
  watch("src", { recursive: true }, () => build().catch((e) => console.error(e.message)));
}
