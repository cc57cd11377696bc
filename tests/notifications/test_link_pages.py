"""The pages behind emailed links come from an autoescaping template: a hostile site name is
text on the page, never markup."""

import httpx
import pytest

from app.config import Settings
from tests.builders import make_site, post_comment
from tests.notifications.mailbox import Inbox, drain, link_in

HOSTILE = '<script>alert("x")</script> & "Blog"'


@pytest.fixture
def settings(mail_settings: Settings) -> Settings:
    return mail_settings


async def test_confirm_page_escapes_the_site_name(
    client: httpx.AsyncClient, inbox: Inbox, mail_settings: Settings
) -> None:
    await make_site(client, name=HOSTILE)
    await post_comment(client, "Hi", notify="replies")
    await drain(mail_settings.database_url)
    (message,) = inbox.messages
    link = link_in(message, "/mail/confirm").removeprefix("http://testserver")
    page = await client.get(link)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Blog&#34;" in page.text
    assert page.text.count('<form method="post">') == 1
    assert '<html lang="en">' in page.text
