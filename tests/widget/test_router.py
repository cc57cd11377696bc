"""GET /embed.js: content-hash ETag, long cache only for the hashed URL, gzip, 304."""

import gzip

import httpx
import pytest
from fastapi import FastAPI

from app.web.router import (
    EMBED_PATH,
    I18N_PATH,
    LONG_CACHE,
    MORE_PATH,
    REVALIDATE,
    SHORT_CACHE,
    embed_asset,
    router,
)


@pytest.fixture
async def http():
    app = FastAPI()
    app.include_router(router)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


class TestEmbedScript:
    async def test_plain_url_is_cached_briefly_with_an_etag(self, http):
        response = await http.get("/embed.js", headers={"Accept-Encoding": "identity"})
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/javascript; charset=utf-8"
        assert response.headers["cache-control"] == SHORT_CACHE
        assert response.headers["etag"] == f'"{embed_asset().digest}"'
        assert response.content == EMBED_PATH.read_bytes()
        assert "content-encoding" not in response.headers

    async def test_hashed_url_is_immutable(self, http):
        response = await http.get("/embed.js", params={"v": embed_asset().digest})
        assert response.headers["cache-control"] == LONG_CACHE
        stale = await http.get("/embed.js", params={"v": "0123456789abcdef"})
        assert stale.headers["cache-control"] == SHORT_CACHE

    async def test_unchanged_script_answers_304(self, http):
        etag = (await http.get("/embed.js")).headers["etag"]
        response = await http.get("/embed.js", headers={"If-None-Match": etag})
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == etag

    async def test_gzipped_when_accepted(self, http):
        response = await http.get("/embed.js", headers={"Accept-Encoding": "gzip"})
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers["vary"] == "Accept-Encoding"
        assert response.content == EMBED_PATH.read_bytes()  # httpx decoded it
        assert len(embed_asset().gzipped) == len(gzip.compress(EMBED_PATH.read_bytes(), 9, mtime=0))

    async def test_head_answers_like_get(self, http):
        response = await http.head("/embed.js")
        assert response.status_code == 200
        assert response.headers["etag"] == f'"{embed_asset().digest}"'


class TestSecondChunk:
    """GET /embed-more.js (imported after first paint) and /embed-i18n.js (before drawing a page
    in another language): ES modules embed.js imports under their content hash."""

    @pytest.mark.parametrize(
        ("path", "name"), [(MORE_PATH, "embed-more.js"), (I18N_PATH, "embed-i18n.js")]
    )
    async def test_embed_js_imports_it_by_its_current_hash(self, http, path, name):
        digest = embed_asset(path).digest
        assert f"/{name}?v={digest}".encode() in EMBED_PATH.read_bytes()
        response = await http.get(f"/{name}", params={"v": digest})
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/javascript; charset=utf-8"
        assert response.headers["cache-control"] == LONG_CACHE
        assert response.headers["access-control-allow-origin"] == "*"  # a module import is CORS
        assert response.content == path.read_bytes()

    async def test_other_urls_are_revalidated_with_the_etag(self, http):
        response = await http.get("/embed-more.js")
        assert response.headers["cache-control"] == REVALIDATE == "no-cache"
        assert response.headers["etag"] == f'"{embed_asset(MORE_PATH).digest}"'
        stale = await http.get("/embed-more.js", params={"v": "0123456789abcdef"})
        assert stale.headers["cache-control"] == REVALIDATE
        again = await http.get(
            "/embed-more.js", headers={"If-None-Match": response.headers["etag"]}
        )
        assert again.status_code == 304

    async def test_gzipped_when_accepted(self, http):
        response = await http.get("/embed-more.js", headers={"Accept-Encoding": "gzip"})
        assert response.headers["content-encoding"] == "gzip"
        assert response.content == MORE_PATH.read_bytes()


class TestLanguagePack:
    """GET /embed-i18n.js: the strings of every language but English."""

    async def test_it_holds_the_other_languages_of_both_chunks(self, http):
        text = (await http.get("/embed-i18n.js")).text
        assert "Kommentar abschicken" in text  # German, first chunk's table
        assert "Kommentar-Feed" in text  # and the second's
        assert '"en"' not in text

    async def test_the_chunks_carry_english_only(self, http):
        assert "Post Comment" in EMBED_PATH.read_text()
        for path in (EMBED_PATH, MORE_PATH):
            code = path.read_text()
            assert "Kommentar" not in code and "коментар" not in code
