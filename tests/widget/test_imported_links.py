"""Issue 10, finding 2, in real Chromium: an imported author link `javascript:…` must never run.

The import refuses the link (it is not stored, so the widget has no link to show), and clicking
the author's name runs nothing."""

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.porting.builders import wxr, wxr_comment

pytestmark = pytest.mark.browser
HOSTILE = "javascript:alert(document.domain)"


def hostile_export(url: str) -> bytes:
    data = wxr((1, url, [wxr_comment(1, content="Click my name"), wxr_comment(2, content="Fine")]))
    data = data.replace(
        b"<wp:comment_author>Author 1</wp:comment_author>",
        b"<wp:comment_author>Mallory</wp:comment_author>"
        b"<wp:comment_author_url>" + HOSTILE.encode() + b"</wp:comment_author_url>",
    )
    return data.replace(
        b"<wp:comment_author>Author 2</wp:comment_author>",
        b"<wp:comment_author>Ada</wp:comment_author>"
        b"<wp:comment_author_url>https://ada.example/</wp:comment_author_url>",
    )


class TestImportedAuthorLinks:
    def test_a_javascript_link_is_not_a_link_and_clicking_runs_nothing(
        self, open_post, post_url, api, page: Page
    ) -> None:
        url = post_url("imported-author-link")
        response = api.admin(
            "POST",
            "/api/v1/admin/sites/demo/import",
            params={"format": "wordpress"},
            files={"file": ("export.xml", hostile_export(url), "application/xml")},
        )
        assert response.status_code == 200, response.text
        assert response.json()["adjusted"] == {"website-dropped": 1}
        dialogs: list[str] = []

        def on_dialog(dialog: Dialog) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page = open_post("imported-author-link")
        mallory = page.locator("article, li").filter(has_text="Click my name").first
        expect(mallory).to_be_visible()
        name = mallory.get_by_text("Mallory", exact=True).first
        expect(name).to_be_visible()
        assert mallory.locator("a[href^='javascript:' i]").count() == 0
        hrefs = page.eval_on_selector_all(
            "#parley-thread a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        assert all(not href.lower().startswith("javascript:") for href in hrefs), hrefs
        assert "https://ada.example/" in hrefs
        name.click()
        page.wait_for_timeout(500)
        assert dialogs == []
        assert page.url.startswith(url)
