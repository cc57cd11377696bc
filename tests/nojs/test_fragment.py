"""GET …/thread.html: the thread as an HTML fragment (WordPress's comment markup, schema.org
microdata, the plain form), cached and fresh like the JSON thread."""

import gzip

import extruct
from lxml import html as lxml_html

from app.comments.cache import PageCache
from tests.builders import ADMIN, POST_URL, make_site, post_comment
from tests.parts import part

FRAGMENT = "/api/v1/sites/blog/thread.html"


async def _fragment(client, **params):
    return await client.get(FRAGMENT, params={"url": POST_URL, **params})


def _tree(response):
    return lxml_html.fragment_fromstring(response.text)


class TestFragment:
    async def test_comments_nest_in_wordpress_markup(self, client):
        await make_site(client)
        first = await post_comment(client, "first *post*")
        reply = await post_comment(client, "a reply", parent_id=first["id"])
        response = await _fragment(client)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        root = _tree(response)
        assert root.tag == "section"
        assert root.get("id") == "comments"
        assert root.get("class") == "comments-area parley-ssr"
        assert root.get("data-parley-site") == "blog"
        assert root.get("data-parley-url") == POST_URL.rstrip("/")  # normalized
        assert root.get("data-parley-count") == "2"
        assert root.cssselect("h2.comments-title")[0].text_content() == (
            "2 thoughts on “Hello, world”"
        )
        top = root.cssselect("ol.comment-list > li")
        assert [li.get("id") for li in top] == [f"comment-{first['id']}"]
        assert "depth-1" in top[0].get("class") and "parent" in top[0].get("class")
        child = top[0].cssselect("ol.children > li")[0]
        assert child.get("id") == f"comment-{reply['id']}"
        assert "depth-2" in child.get("class")
        body = top[0].cssselect(f"article#div-comment-{first['id']}.comment-body")[0]
        assert body.cssselect(".comment-content em")[0].text == "post"
        assert body.cssselect(".comment-author.vcard .fn")[0].text_content() == "Ada"
        assert body.cssselect(".comment-author img.avatar")[0].get("alt") == ""
        time = body.cssselect(".comment-metadata time")[0]
        assert time.get("datetime").startswith(first["created_at"][:19])
        link = body.cssselect(".reply a.comment-reply-link")[0]
        assert link.get("href") == f"?replyto={first['id']}#respond"
        form = root.cssselect("div#respond.comment-respond form#commentform.comment-form")[0]
        assert {i.get("name") for i in form.cssselect("input, textarea")} >= {
            "comment",
            "author",
            "email",
            "url",
            "comment_parent",
            "parley_hp",
            "parley_token",
        }
        assert root.cssselect("h3#reply-title.comment-reply-title")[0].text_content() == (
            "Leave a Reply"
        )
        # Nothing styled inline: a page with a strict CSP (style-src 'self') shows it as meant,
        # and the honeypot stays out of sight without any stylesheet.
        assert root.cssselect("[style]") == []
        assert root.cssselect("div.parley-hp")[0].get("hidden") is not None

    async def test_a_thread_without_a_title_has_a_heading_without_one(self, client):
        await make_site(client)
        await post_comment(client, title="")
        await post_comment(client, title="")
        heading = _tree(await _fragment(client)).cssselect("h2.comments-title")[0]
        assert heading.text_content() == "2 thoughts"
        patched = await client.patch(
            "/api/v1/admin/sites/blog", json={"language": "de"}, headers=ADMIN
        )
        assert patched.status_code == 200, patched.text
        german = _tree(await _fragment(client)).cssselect("h2.comments-title")[0]
        assert german.text_content() == "2 Gedanken"
        await client.patch("/api/v1/admin/sites/blog", json={"language": "en"}, headers=ADMIN)
        titled = _tree(await _fragment(client, title="Given"))
        assert titled.cssselect("h2.comments-title")[0].text_content() == "2 thoughts on “Given”"

    async def test_a_website_is_a_nofollow_ugc_link(self, client):
        await make_site(client)
        await post_comment(client, author_website="https://ada.example")
        link = _tree(await _fragment(client)).cssselect(".fn a")[0]
        assert link.get("href") == "https://ada.example"
        assert set(link.get("rel").split()) >= {"nofollow", "ugc"}

    async def test_hostile_text_is_escaped(self, client):
        await make_site(client)
        await post_comment(client, "<script>alert(1)</script>", author_name='"><script>x</script>')
        response = await _fragment(client, title='"><script>t</script>')
        assert "<script" not in response.text

    async def test_schema_org_comment_per_approved_comment(self, client):
        await make_site(client)
        first = await post_comment(client, "first")
        await post_comment(client, "reply", parent_id=first["id"])
        await post_comment(client, "second")
        data = extruct.extract(
            (await _fragment(client)).text, base_url=POST_URL, syntaxes=["microdata"]
        )
        items = data["microdata"]
        comments = [i for i in items if i["type"] == "https://schema.org/Comment"]
        assert len(comments) == 3
        reply = next(c for c in comments if c["properties"]["text"] == "reply")
        assert reply["properties"]["parentItem"] == f"{POST_URL}#comment-{first['id']}"
        assert reply["properties"]["author"]["properties"]["name"] == "Ada"
        assert reply["properties"]["dateCreated"]
        assert reply["properties"]["url"].endswith(f"#comment-{reply_id(reply)}")
        work = next(i for i in items if i["type"] == "https://schema.org/CreativeWork")
        assert work["properties"]["commentCount"] == "3"

    async def test_words_in_the_site_language(self, client):
        await make_site(client, language="de")
        await post_comment(client)
        root = _tree(await _fragment(client))
        assert root.cssselect("h2.comments-title")[0].text_content() == (
            "Ein Gedanke zu „Hello, world“"
        )
        assert root.cssselect("#reply-title")[0].text_content() == "Schreibe einen Kommentar"

    async def test_empty_thread(self, client):
        await make_site(client)
        root = _tree(await _fragment(client))
        assert root.cssselect("h2.comments-title")[0].text_content() == "No comments yet"
        assert root.get("data-parley-count") == "0"
        assert not root.cssselect("ol.comment-list")

    async def test_replyto_renders_the_form_as_a_reply(self, client):
        await make_site(client)
        first = await post_comment(client, author_name="Grace")
        root = _tree(await _fragment(client, replyto=str(first["id"])))
        assert root.cssselect("#reply-title")[0].text_content().startswith("Leave a Reply to Grace")
        assert root.cssselect("#comment_parent")[0].get("value") == str(first["id"])

    async def test_held_shows_the_moderation_note(self, client):
        await make_site(client)
        root = _tree(await _fragment(client, held="1"))
        assert root.cssselect(".parley-held")[0].text_content() == (
            "Your comment is awaiting moderation."
        )

    async def test_pages_link_to_each_other(self, client, monkeypatch):
        monkeypatch.setattr("app.comments.html.PER_PAGE", 2)
        await make_site(client)
        for n in range(5):
            await post_comment(client, f"comment {n}")
        first = _tree(await _fragment(client))
        assert len(first.cssselect("ol.comment-list > li")) == 2
        assert first.cssselect(".nav-next a")[0].get("href") == "?page=2#comments"
        assert not first.cssselect(".nav-previous")
        third = _tree(await _fragment(client, page="3"))
        texts = [e.text_content().strip() for e in third.cssselect(".comment-content")]
        assert texts == ["comment 4"]
        assert third.cssselect(".nav-previous a")[0].get("href") == "?page=2#comments"
        assert not third.cssselect(".nav-next")

    async def test_closed_thread_says_so_without_a_form(self, client):
        await make_site(client, closed=True)
        root = _tree(await _fragment(client))
        assert root.cssselect("p.no-comments")[0].text_content() == "Comments are closed."
        assert not root.cssselect("form")
        assert not root.cssselect(".comment-reply-link")

    async def test_login_required_names_the_providers(self, client):
        await make_site(client, guest_policy="oauth_only")
        root = _tree(await _fragment(client))
        assert root.cssselect("p.must-log-in")
        assert not root.cssselect("form")


def reply_id(item):
    return item["id"].rsplit("-", 1)[1]


class TestAnswers:
    async def test_unknown_site_is_a_small_404_page(self, client):
        response = await client.get("/api/v1/sites/nope/thread.html", params={"url": POST_URL})
        assert response.status_code == 404
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert "<section" in response.text

    async def test_url_outside_the_origins_is_a_422_page(self, client):
        await make_site(client)
        response = await client.get(FRAGMENT, params={"url": "https://elsewhere.example/x"})
        assert response.status_code == 422
        assert response.headers["content-type"] == "text/html; charset=utf-8"

    async def test_etag_304_and_gzip(self, client):
        await make_site(client)
        await post_comment(client)
        first = await _fragment(client)
        etag = first.headers["etag"]
        assert first.headers["cache-control"].startswith("public")
        again = await _fragment(client, **{})
        assert again.headers["etag"] == etag
        unchanged = await client.get(
            FRAGMENT, params={"url": POST_URL}, headers={"If-None-Match": etag}
        )
        assert unchanged.status_code == 304
        raw = await client.get(
            FRAGMENT, params={"url": POST_URL}, headers={"Accept-Encoding": "gzip"}
        )
        assert raw.headers["content-encoding"] == "gzip"
        assert "comment-list" in raw.text  # httpx decodes it: the spliced stream is valid gzip

    async def test_every_answer_has_a_fresh_token(self, client):
        await make_site(client)
        await post_comment(client)
        tokens = set()
        for _ in range(3):
            root = _tree(await _fragment(client))
            tokens.add(root.cssselect("input[name=parley_token]")[0].get("value"))
        assert len(tokens) >= 2 or all(t.count(".") == 1 for t in tokens)

    async def test_a_new_comment_changes_the_page(self, client):
        await make_site(client)
        await post_comment(client, "first")
        etag = (await _fragment(client)).headers["etag"]
        await _fragment(client)  # now on the fast path where the database gives a token
        await post_comment(client, "second")
        fresh = await client.get(
            FRAGMENT, params={"url": POST_URL}, headers={"If-None-Match": etag}
        )
        assert fresh.status_code == 200
        assert "second" in fresh.text

    async def test_moderation_removes_a_comment(self, client):
        await make_site(client)
        comment = await post_comment(client, "spammy")
        await _fragment(client)
        response = await client.post(
            f"/api/v1/admin/sites/blog/comments/{comment['id']}/spam", headers=ADMIN
        )
        assert response.status_code == 200
        assert "spammy" not in (await _fragment(client)).text


def test_gzip_is_spliced_into_a_valid_stream():
    from app.comments.html_page import TOKEN_MARK, HtmlPage

    page = HtmlPage.split("head " * 200 + TOKEN_MARK + " tail", 'W/"x"')
    assert gzip.decompress(page.render("tok", gzip_ok=True)).decode().endswith("tok tail")
    assert page.render("tok", gzip_ok=False).decode().endswith("head tok tail")


class TestCost:
    async def test_cached_fragment_is_one_query_or_none(self, app, client, database_url):
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        first = await post_comment(client)
        await post_comment(client, "reply", parent_id=first["id"])
        await _fragment(client)
        with counting_queries(app) as statements:
            response = await _fragment(client)
        assert response.status_code == 200
        assert 'data-parley-count="2"' in response.text
        # SQLite: the fast path, with no query; PostgreSQL: the one-row freshness query.
        assert len(statements) == (0 if database_url.startswith("sqlite") else 1)

    async def test_uncached_fragment_costs_what_the_json_page_costs(self, app, client):
        from tests.comments.test_query_count import counting_queries

        await make_site(client)
        for n in range(3):
            top = await post_comment(client, f"top {n}")
            await post_comment(client, "reply", parent_id=top["id"])
        part(app, PageCache).clear()
        with counting_queries(app) as statements:
            assert (await _fragment(client)).status_code == 200
        assert len(statements) <= 5
