// Issue 25.4: the page already holds Parley's server-rendered thread (GET …/thread.html, WordPress's
// comment markup) inside the widget's container. The widget adopts it instead of drawing the thread
// again: the markup stays (the page's stylesheet styles it, nothing moves or flashes, what the
// reader typed in its form stays), the comments newer than the render are added in the same
// markup, the form posts through the API, and "Reply" moves the form under the comment.

import { client } from "./api.js";
import { body, h, reachable, safeUrl } from "./dom.js";

/** The server's normalized URL and the page's name the same post (scheme, case, trailing slash). */
export const samePost = (a, b) => {
  const key = (u) => {
    const x = new URL(u, location.href);
    return x.host.toLowerCase() + x.pathname.replace(/\/+$/, "") + x.search;
  };
  try {
    return key(a) == key(b);
  } catch {
    return false;
  }
};

export function adopt(ssr, { base, site, t, lang }) {
  const url = ssr.dataset.parleyUrl;
  const api = client(base, () => null);
  const path = (p) => `/api/v1/sites/${encodeURIComponent(site)}${p}`;
  const byId = (id) => ssr.querySelector("#" + id);
  const heading = ssr.querySelector(".comments-title");
  const respond = byId("respond");
  const form = byId("commentform");
  const mark = document.createComment("respond"); // where the form goes back to
  let postTitle = "";
  let list = ssr.querySelector("ol.comment-list");
  reachable(ssr); // the rendered comments' code blocks

  const count = (n) => {
    ssr.dataset.parleyCount = n;
    if (heading && postTitle) heading.textContent = t("thoughts", { t: postTitle, n }, n);
    for (const el of document.querySelectorAll("[data-parley-count]:not(.parley-ssr)"))
      if (samePost(el.dataset.parleyCount || location.href, url)) el.textContent = t("count", { n }, n);
  };

  // One comment in the walker's markup (li.comment > article.comment-body), like the render's.
  const item = (c, depth) => {
    const a = c.author;
    const name = a.name || t("anon");
    const link = safeUrl(a.website);
    const pic = a.avatar_url && safeUrl(new URL(a.avatar_url, base).href);
    const text = body("comment-content", c.body_html); // sanitized by the server (nh3)
    return h(
      "li",
      { id: "comment-" + c.id, class: "comment depth-" + depth },
      h(
        "article",
        { id: "div-comment-" + c.id, class: "comment-body" },
        h(
          "footer",
          { class: "comment-meta" },
          h(
            "div",
            { class: "comment-author vcard" },
            pic && h("img", { alt: "", src: pic, class: "avatar avatar-48 photo", width: 48, height: 48 }),
            " ",
            h("b", { class: "fn" }, link ? h("a", { href: link, class: "url", rel: "external nofollow ugc" }, name) : name),
          ),
          h(
            "div",
            { class: "comment-metadata" },
            h("a", { href: "#comment-" + c.id }, h("time", { dateTime: c.created_at }, new Date(c.created_at).toLocaleString(lang, { dateStyle: "long", timeStyle: "short" }))),
          ),
        ),
        c.status == "approved" ? text : h("p", { class: "comment-awaiting-moderation" }, t("awaiting")),
        form && h("div", { class: "reply" }, h("a", { rel: "nofollow", class: "comment-reply-link", href: "#respond", "data-commentid": c.id }, t("reply"))),
      ),
    );
  };

  // Under its parent (in its ol.children) or at the end of the list; false if already shown.
  const place = (c) => {
    if (byId("comment-" + c.id)) return false;
    const parent = c.parent_id && byId("comment-" + c.parent_id);
    const depth = parent ? +(/depth-(\d+)/.exec(parent.className) || [0, 1])[1] + 1 : 1;
    if (c.parent_id && !parent) return false;
    if (!list) heading.after((list = h("ol", { class: "comment-list" })));
    const into = parent ? parent.querySelector(":scope > ol.children") || parent.appendChild(h("ol", { class: "children" })) : list;
    into.append(item(c, depth));
    return true;
  };
  const walk = (cs) => cs.forEach((c) => (c.status == "approved" && place(c), walk(c.replies || [])));

  // The comments newer than the render; the count as it is now.
  api(path(`/comments?url=${encodeURIComponent(url)}&limit=50`)).then((r) => {
    postTitle = r.thread.title;
    walk(r.comments);
    count(r.thread.comment_count);
  }, () => {}); // unreachable: the rendered thread is still there

  if (!form) return;
  const f = form.elements;
  const title = byId("reply-title");
  const cancel = h("a", { id: "cancel-comment-reply-link", href: "#respond", hidden: true }, t("cancelReply"));
  const err = h("p", { class: "parley-error", role: "alert", hidden: true });
  const submit = f.submit;
  form.querySelector(".form-submit").before(err);
  respond.before(mark);

  const replyTo = (li) => {
    f.comment_parent.value = li ? li.id.slice(8) : 0;
    (li ? li.querySelector(":scope > article") : mark).after(respond);
    title.replaceChildren(li ? t("leaveTo", { n: li.querySelector(".fn").textContent }) : t("leave"), " ", h("small", {}, cancel));
    cancel.hidden = !li;
    f.comment.focus();
  };
  ssr.addEventListener("click", (e) => {
    const a = e.target.closest(".comment-reply-link, #cancel-comment-reply-link");
    if (!a) return;
    e.preventDefault();
    replyTo(a.dataset.commentid && a.closest("li"));
  });
  f.comment.addEventListener("keydown", (e) => {
    if (e.key == "Enter" && (e.ctrlKey || e.metaKey)) e.preventDefault(), form.dispatchEvent(new Event("submit", { cancelable: true }));
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const v = (name) => (f[name] && f[name].value.trim()) || undefined;
    const notify = v("notify");
    err.hidden = true;
    submit.disabled = true;
    try {
      const c = await api(path("/comments"), {
        method: "POST",
        body: {
          url,
          title: v("title"),
          body: f.comment.value,
          parent_id: +f.comment_parent.value || undefined,
          author_name: v("author"),
          author_email: v("email"),
          author_website: v("url"),
          honeypot: v("parley_hp"),
          form_elapsed_ms: Math.round(performance.now()), // the form was there from the page's start
          notify: notify == "none" ? undefined : notify,
        },
      });
      if (place(c) && c.status == "approved") count(+ssr.dataset.parleyCount + 1);
      f.comment.value = "";
      replyTo(null);
      byId("comment-" + c.id)?.scrollIntoView({ block: "center" });
    } catch (y) {
      err.textContent = (y.type == "network" ? t("e-network") : t("e-other", { d: y.detail || y.message }));
      err.hidden = false;
    }
    submit.disabled = false;
  });
}
