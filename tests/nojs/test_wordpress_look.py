"""A WordPress theme's stylesheet styles Parley's fragment as it styles WordPress's own comments:
the same rules, written against WordPress's comment classes the way Twenty Twenty-One writes
them, give the same computed styles on a page of WordPress's html5 comment markup (written by
hand from its walker) and on a page holding Parley's fragment."""

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.nojs.conftest import SITE, Blog
from tests.widget.conftest import CHROMIUM, CHROMIUM_ARGS

THEME_CSS = """
body { font-family: sans-serif; font-size: 18px; }
.comments-area { max-width: 610px; margin: 60px auto; }
.comments-area > * { margin-top: 30px; margin-bottom: 30px; }
.comments-title { font-size: 32px; font-weight: 600; letter-spacing: -0.5px; margin-bottom: 34px; }
.comment-list { padding-left: 0; list-style: none; }
.comment-list > li { margin-top: 30px; margin-bottom: 30px; }
.comment-list .children { list-style: none; padding-left: 20px; }
.comment-list .children > li { margin-top: 20px; margin-bottom: 20px; }
.comment-body { position: relative; margin-left: 70px; }
.comment-meta { margin-right: 68px; }
.comment-author { padding-top: 3px; }
.comment-author .avatar { border-radius: 50%; height: 60px; width: 60px; position: absolute; left: -70px; }
.comment-author .fn { font-size: 20px; font-weight: 700; line-height: 1.2; }
.comment-metadata { color: rgb(112, 112, 112); padding-bottom: 20px; font-size: 14px; }
.comment-metadata a { color: inherit; text-decoration: none; }
.comment-content { word-wrap: break-word; }
.reply { font-size: 14px; font-weight: 500; }
.comment-reply-link { color: rgb(40, 48, 61); }
.comment-respond { margin-top: 34px; }
.comment-respond .comment-reply-title { font-size: 26px; font-weight: 600; }
.comment-form { display: flex; flex-wrap: wrap; }
.comment-form > p { flex-basis: 100%; margin-bottom: 23px; }
.comment-form .comment-notes { font-size: 16px; }
.comment-form-comment label, .comment-form-author label, .comment-form-email label, .comment-form-url label { display: block; font-size: 16px; margin-bottom: 10px; }
.comment-form textarea { width: 100%; border: 3px solid rgb(40, 48, 61); }
.comment-form input[type="text"], .comment-form input[type="email"], .comment-form input[type="url"] { width: 100%; padding: 10px; border: 3px solid rgb(40, 48, 61); }
.form-submit .submit { border: 3px solid rgb(40, 48, 61); background: rgb(40, 48, 61); color: white; padding: 15px 30px; font-size: 20px; }
"""

# WordPress 6's html5 comment walker and comment_form(), for one comment with one reply.
WORDPRESS = """
<div id="comments" class="comments-area default-max-width show-avatars">
<h2 class="comments-title">2 thoughts on &ldquo;A quiet post&rdquo;</h2>
<ol class="comment-list">
<li id="comment-1" class="comment even thread-even depth-1 parent">
<article id="div-comment-1" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard">
<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" class="avatar avatar-60 photo" height="60" width="60" loading="lazy" decoding="async">
<b class="fn">Ada</b> <span class="says">says:</span>
</div>
<div class="comment-metadata">
<a href="/post#comment-1"><time datetime="2026-12-06T03:00:00+00:00">December 6, 2026 at 3:00 am</time></a>
</div>
</footer>
<div class="comment-content"><p>Top-level words</p></div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="?replytocom=1#respond" aria-label="Reply to Ada">Reply</a></div>
</article>
<ol class="children">
<li id="comment-2" class="comment odd alt depth-2">
<article id="div-comment-2" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard">
<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" class="avatar avatar-60 photo" height="60" width="60" loading="lazy" decoding="async">
<b class="fn">Ada</b> <span class="says">says:</span>
</div>
<div class="comment-metadata">
<a href="/post#comment-2"><time datetime="2026-12-06T03:00:00+00:00">December 6, 2026 at 3:00 am</time></a>
</div>
</footer>
<div class="comment-content"><p>Reply words</p></div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="?replytocom=2#respond" aria-label="Reply to Ada">Reply</a></div>
</article>
</li>
</ol>
</li>
</ol>
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> <span class="required-field-message">Required fields are marked <span class="required">*</span></span></p>
<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required></p>
<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required></p>
<p class="comment-form-url"><label for="url">Website</label> <input id="url" name="url" type="url" value="" size="30" maxlength="200" autocomplete="url"></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment"> <input type="hidden" name="comment_post_ID" value="1" id="comment_post_ID"> <input type="hidden" name="comment_parent" id="comment_parent" value="0"></p>
</form>
</div>
</div>
"""

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>
<style>{css}</style></head><body><main><div id="parley-thread">{thread}</div></main></body></html>"""

# What each side's selectors pick: the heading, a comment, a reply, the form and its parts.
PARTS = {
    "heading": ".comments-title",
    "comment": "li.depth-1 > article.comment-body",
    "comment list item": "ol.comment-list > li.depth-1",
    "author": "li.depth-1 > article .comment-author .fn",
    "avatar": "li.depth-1 > article .comment-author .avatar",
    "metadata": "li.depth-1 > article .comment-metadata",
    "reply": "li.depth-2 > article.comment-body",
    "children": "ol.children",
    "reply link": "li.depth-1 > article .comment-reply-link",
    "reply title": "#reply-title",
    "form": "form#commentform",
    "comment field": ".comment-form-comment textarea",
    "name field": ".comment-form-author input",
    "name label": ".comment-form-author label",
    "submit": ".form-submit .submit",
}
PROPERTIES = [
    "display",
    "position",
    "font-size",
    "font-weight",
    "line-height",
    "color",
    "margin-top",
    "margin-bottom",
    "margin-left",
    "padding-left",
    "padding-top",
    "border-top-width",
    "list-style-type",
    "width",
    "height",
    "flex-wrap",
    "border-radius",
]

STYLES = """(args) => Object.fromEntries(Object.entries(args.parts).map(([name, selector]) => {
  const el = document.querySelector(selector);
  if (!el) return [name, null];
  const style = getComputedStyle(el);
  return [name, Object.fromEntries(args.properties.map((p) => [p, style.getPropertyValue(p)]))];
}))"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        running = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield running
        running.close()


def _styles(browser: Browser, thread: str) -> dict[str, dict[str, str] | None]:
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    try:
        tab = context.new_page()
        tab.set_content(PAGE.format(css=THEME_CSS, thread=thread))
        styles: dict[str, dict[str, str] | None] = tab.evaluate(
            STYLES, {"parts": PARTS, "properties": PROPERTIES}
        )
        return styles
    finally:
        context.close()


def test_a_wordpress_theme_styles_parleys_fragment_as_its_own(blog: Blog, browser: Browser):
    url = blog.page("wordpress-look")
    first = blog.post_comment(url, "Top-level words")
    blog.post_comment(url, "Reply words", parent_id=first["id"])
    fragment = httpx.get(f"{blog.api}/api/v1/sites/{SITE}/thread.html", params={"url": url})
    assert fragment.status_code == 200
    wordpress = _styles(browser, WORDPRESS)
    parley = _styles(browser, fragment.text)
    assert all(wordpress.values()), wordpress
    for part in PARTS:
        assert parley[part] == wordpress[part], part
