"""Contract C3: votes have their own rate limit, apart from posting."""

import pytest

from tests.builders import make_site, post_comment
from tests.conftest import make_settings


class TestVoteLimit:
    @pytest.fixture
    def settings(self, database_url, tmp_path):
        return make_settings(
            database_url, tmp_path, write_rate_limit="3/minute", vote_rate_limit="2/minute"
        )

    async def test_votes_over_their_limit_get_429_about_votes(self, client):
        await make_site(client)
        comment = await post_comment(client)
        path = f"/api/v1/comments/{comment['id']}/vote"
        for value in (1, 0):
            assert (await client.post(path, json={"value": value})).status_code == 200
        refused = await client.post(path, json={"value": 1})
        assert refused.status_code == 429
        assert refused.json()["type"] == "/problems/rate-limited"
        assert "votes" in refused.json()["detail"]
        assert int(refused.headers["retry-after"]) >= 1

    async def test_votes_do_not_use_up_posting(self, client):
        await make_site(client)
        comment = await post_comment(client)
        path = f"/api/v1/comments/{comment['id']}/vote"
        for value in (1, 0, 1):
            await client.post(path, json={"value": value})
        await post_comment(client, "Still allowed")
        await post_comment(client, "And this one")
