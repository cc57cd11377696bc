// Index pages: every element with data-parley-count="URL" gets "N comments", in one request per
// hundred URLs. Relative URLs are resolved against the page; an empty attribute means this page.
// With a thread on the page its own counters follow the thread read instead (one request, not two).

export async function fillCounts(api, site, t, here, threadHere) {
  const target = (el) => new URL(el.dataset.parleyCount || here, location.href).href;
  // A server-rendered thread's root carries its count too (25.4): not a counter to fill.
  const els = [...document.querySelectorAll("[data-parley-count]:not(.parley-ssr)")].filter((el) => !threadHere || target(el) != here);
  if (!els.length) return;
  const urls = [...new Set(els.map(target))];
  const counts = {};
  for (let i = 0; i < urls.length; i += 100) {
    const q = urls.slice(i, i + 100).map((u) => "url=" + encodeURIComponent(u)).join("&");
    try {
      Object.assign(counts, (await api(`/api/v1/sites/${encodeURIComponent(site)}/counts?${q}`)).counts);
    } catch {
      return; // leave the page's own fallback text in place
    }
  }
  for (const el of els) {
    const n = counts[target(el)] || 0;
    el.textContent = t("count", { n }, n);
  }
}
