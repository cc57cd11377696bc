// Entry point. The snippet:
//   <div id="parley-thread"></div>
//   <script src="https://comments.example.com/embed.js" data-parley-site="myblog" async></script>
// The API base is wherever this script was loaded from.

import { adopt, samePost } from "./adopt.js";
import { client } from "./api.js";
import { fillCounts } from "./counts.js";
import { addStrings, missing, pickLang, translator } from "./i18n.js";
import { mountThread } from "./thread.js";

/* global __PARLEY_CSS__, __PARLEY_I18N__ */
const script = document.currentScript || document.querySelector("script[data-parley-site]");

async function boot() {
  const src = new URL(script.src, location.href);
  const base = src.origin + src.pathname.replace(/\/[^/]*$/, "");
  const host = document.getElementById("parley-thread");
  const opt = (name) => (host && host.getAttribute("data-parley-" + name)) || script.getAttribute("data-parley-" + name);
  const site = opt("site");
  let lang = pickLang([opt("lang"), document.documentElement.lang, navigator.language]);
  // Not English: that language's strings first (cached for a year under their hash); English if
  // they cannot be had.
  if (missing(lang)) await import(base + __PARLEY_I18N__).then((m) => addStrings(m.default), () => (lang = "en"));
  const t = translator(lang);
  const canonical = document.querySelector('link[rel="canonical"]');
  const og = document.querySelector('meta[property="og:title"]');
  const url = opt("url") || (canonical && canonical.href) || location.href.split("#")[0];
  fillCounts(client(base, () => null), site, t, url, !!host);
  if (!host || host.shadowRoot) return;
  // The thread is in the page already (rendered by Parley's server): take it over, draw nothing.
  const ssr = host.querySelector(".parley-ssr");
  if (ssr && ssr.dataset.parleySite == site && samePost(ssr.dataset.parleyUrl, url)) return adopt(ssr, { base, site, t, lang });
  const theme = opt("theme");
  if (theme) host.setAttribute("data-parley-theme", theme);
  mountThread(host, {
    base,
    site,
    lang,
    t,
    css: __PARLEY_CSS__,
    url,
    title: opt("title") || (og && og.content) || document.title,
  });
}

if (script && script.src) {
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
}
