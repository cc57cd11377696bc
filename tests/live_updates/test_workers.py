"""`python -m app.serve --workers 2` on one SQLite file: the workers share no memory, yet a
reader connected to one worker gets comments posted through the other (the log is polled)."""

import httpx

from tests.builders import ADMIN, ADMIN_TOKEN, POST_URL, SITE_ID, SITE_ORIGIN
from tests.live import live_server
from tests.live_updates.sse import open_stream


class TestWorkersOnSQLite:
    async def test_every_comment_reaches_a_reader_whatever_worker_took_it(self, tmp_path):
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'parley.db'}"
        with live_server(
            database_url, tmp_path / "data", workers=2, PARLEY_ADMIN_TOKEN=ADMIN_TOKEN
        ) as base_url:
            async with httpx.AsyncClient(base_url=base_url) as admin:
                site = await admin.post(
                    "/api/v1/admin/sites",
                    json={"id": SITE_ID, "name": "Blog", "origins": [SITE_ORIGIN]},
                    headers=ADMIN,
                )
            assert site.status_code == 201, site.text
            async with open_stream(base_url, SITE_ID, POST_URL) as stream:
                posted, received = [], []
                for n in range(6):  # a new connection each: the kernel spreads them over workers
                    async with httpx.AsyncClient(base_url=base_url) as http:
                        response = await http.post(
                            f"/api/v1/sites/{SITE_ID}/comments",
                            json={
                                "url": POST_URL,
                                "body": f"comment {n}",
                                "author_name": "Ada",
                                "author_email": "ada@example.org",
                            },
                            headers={"Origin": SITE_ORIGIN, "Connection": "close"},
                        )
                    assert response.status_code == 201, response.text
                    posted.append(response.json()["id"])
                    # Each post's event reaches the one stream, whichever worker took the post.
                    received.append((await stream.next(within=30)).json()["id"])
        assert sorted(received) == sorted(posted)
