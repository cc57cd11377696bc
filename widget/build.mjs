// Build the embed script: CSS minified into a string, JS bundled and minified into one IIFE at
// app/web/static/embed.js (terser squeezes the bundle once more); prints the gzipped size and fails past the 12 KB budget.
//   node build.mjs            build
//   node build.mjs --check    fail if the committed embed.js is not what the sources build to
//   node build.mjs --watch    rebuild on every change
import * as esbuild from "esbuild";
import { existsSync, readFileSync, watch, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { minify } from "terser";

const OUT = new URL("../app/web/static/embed.js", import.meta.url).pathname;
const BUDGET = 12 * 1024;

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

async function bundle() {
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
    target: ["es2020", "chrome91", "firefox90", "safari15"],
    legalComments: "none",
    charset: "utf8",
    // esbuild keeps custom property values as written: squeeze their spaces too.
    define: { __PARLEY_CSS__: JSON.stringify(css.outputFiles[0].text.trim().replace(/(--[\w-]+): /g, "$1:").replace(/, (?=[#\w(-])/g, ",")) },
    plugins: [packStrings],
    write: false,
    logLevel: "error",
  });
  // esbuild bundles; terser's second look at the whole bundle saves another ~2 %.
  const min = await minify(js.outputFiles[0].text, { compress: { passes: 2, ecma: 2020 }, format: { ecma: 2020 } });
  return Buffer.from(min.code);
}

function report(code) {
  const gz = gzipSync(code, { level: 9 }).length;
  const kb = (n) => (n / 1024).toFixed(2) + " KB";
  console.log(`embed.js: ${kb(code.length)} raw, ${kb(gz)} gzipped (budget ${kb(BUDGET)})`);
  if (gz > BUDGET) {
    console.error("embed.js is over its size budget");
    process.exitCode = 1;
  }
}

async function build() {
  const code = await bundle();
  writeFileSync(OUT, code);
  report(code);
}

if (process.argv.includes("--check")) {
  const code = await bundle();
  report(code);
  if (!existsSync(OUT) || !readFileSync(OUT).equals(code)) {
    console.error("app/web/static/embed.js is out of date: run `npm run build` in widget/");
    process.exitCode = 1;
  }
} else {
  await build();
  if (process.argv.includes("--watch")) {
    watch("src", { recursive: true }, () => build().catch((e) => console.error(e.message)));
  }
}
