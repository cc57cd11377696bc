"""nginx `ssi on` includes the thread in the page (a real nginx, no browser)."""

import httpx
from lxml import html as lxml_html

from tests.nojs.conftest import Blog


class TestEdgeInclude:
    def test_the_page_holds_the_thread(self, blog: Blog):
        url = blog.page("ssi-plain")
        comment = blog.post_comment(url, "Served by the edge")
        response = httpx.get(url)
        assert response.status_code == 200
        doc = lxml_html.document_fromstring(response.text)
        (section,) = doc.cssselect("#parley-thread > section#comments.parley-ssr")
        assert section.get("data-parley-url") == url
        item = section.cssselect(f"li#comment-{comment['id']}")[0]
        assert "Served by the edge" in item.text_content()
        assert "<!--#" not in response.text

    def test_the_page_passes_its_query_on(self, blog: Blog):
        url = blog.page("ssi-reply")
        comment = blog.post_comment(url, "Answer me")
        response = httpx.get(url, params={"replyto": comment["id"]})
        doc = lxml_html.document_fromstring(response.text)
        assert doc.cssselect("#comment_parent")[0].get("value") == str(comment["id"])
