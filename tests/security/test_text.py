"""Finding 6: unstorable text (a lone surrogate, NUL) in site settings was saved, answered 500
after committing, and then broke GET /api/v1/admin/sites, /admin login and the site's export.
Now every stored string is checked at the schema (a 422, before any transaction), and rows
stored before the checks still read and export."""

import json

import pytest
from sqlalchemy import update
from sqlalchemy.exc import DBAPIError, StatementError

from app.db.session import Database
from app.sites.models import Site
from tests import dbs
from tests.builders import ADMIN, SITE_ORIGIN, make_site, post_comment, read_thread
from tests.moderation.conftest import admin_path
from tests.parts import part

SURROGATE = "\ud800"
NUL = "\x00"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


def raw_json(value: object) -> bytes:
    # json.dumps writes a lone surrogate as the escape \ud800, as an attacker's client would.
    return json.dumps(value).encode()


async def patch_raw(client, body: object):
    return await client.patch(
        admin_path("blog"),
        content=raw_json(body),
        headers={**ADMIN, "Content-Type": "application/json"},
    )


class TestSettingsRefuseUnstorableText:
    @pytest.mark.parametrize("bad", [SURROGATE, NUL])
    @pytest.mark.parametrize(
        "body",
        [
            lambda bad: {"origins": [f"https://a{bad}.example"]},
            lambda bad: {"disabled_providers": [f"git{bad}hub"]},
            lambda bad: {"name": f"Blog{bad}"},
            lambda bad: {"spam_settings": {"blocked_words": {"words": [f"spam{bad}"]}}},
            lambda bad: {"spam_settings": {"blocked_words": {"patterns": [f"cas*{bad}"]}}},
            lambda bad: {"spam_settings": {"akismet": {"blog_url": f"https://b.example/{bad}"}}},
        ],
    )
    async def test_422_and_nothing_saved(self, client, bad, body):
        await make_site(client)
        before = (await client.get(admin_path("blog"), headers=ADMIN)).json()
        response = await patch_raw(client, body(bad))
        assert response.status_code == 422, response.text
        assert response.json()["type"] == "/problems/invalid-input"
        after = (await client.get(admin_path("blog"), headers=ADMIN)).json()
        assert after == before
        listed = await client.get("/api/v1/admin/sites", headers=ADMIN)
        assert listed.status_code == 200

    @pytest.mark.parametrize(
        "body",
        [
            {"name": f"Blog{RLO}gpj.exe"},
            {"origins": [f"https://{RLO}a.example"]},
            {"disabled_providers": [f"git{RLO}hub"]},
            {"spam_settings": {"blocked_words": {"words": [f"ca{RLO}sino"]}}},
        ],
    )
    async def test_bidi_controls_in_names_and_addresses_are_422(self, client, body):
        await make_site(client)
        response = await patch_raw(client, body)
        assert response.status_code == 422, response.text


class TestCommentsRefuseSpoofingText:
    @pytest.mark.parametrize(
        "fields",
        [
            {"author_name": f"Ada{RLO}nimda"},
            {"author_name": "Ada\u2066x\u2069"},
            {"author_website": f"https://ada.example/{RLO}"},
            {"author_name": f"Ada{NUL}"},
            {"body": f"Hello{NUL}"},
        ],
    )
    async def test_422(self, client, fields):
        await make_site(client)
        response = await client.post(
            "/api/v1/sites/blog/comments",
            content=raw_json(
                {
                    "url": f"{SITE_ORIGIN}/p",
                    "body": "Hi",
                    "author_name": "Ada",
                    "author_email": "ada@example.org",
                    **fields,
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text

    async def test_lone_surrogate_in_a_body_is_422(self, client):
        await make_site(client)
        response = await client.post(
            "/api/v1/sites/blog/comments",
            content=b'{"url": "https://blog.example/p", "body": "a\\ud800b", '
            b'"author_name": "Ada", "author_email": "ada@example.org"}',
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text

    async def test_names_are_stored_in_nfc(self, client):
        await make_site(client)
        await post_comment(client, author_name="Zoe\u0301")  # e + combining acute
        (comment,) = (await read_thread(client))["comments"]
        assert comment["author"]["name"] == "Zo\u00e9"


class TestRowsStoredBeforeTheChecks:
    """What the 500-after-commit left behind must not lock root or the site's owner out."""

    async def _store(self, app, **values: object) -> bool:
        try:
            async with part(app, Database).write_sessions() as session:
                await session.execute(update(Site).where(Site.id == "blog").values(**values))
                await session.commit()
        except (DBAPIError, StatementError, UnicodeError):
            return False  # this database never could store it: nothing to read back
        return True

    @pytest.mark.parametrize("bad", [SURROGATE, NUL])
    async def test_admin_list_read_and_export_still_work(self, app, client, bad):
        await make_site(client)
        await post_comment(client)
        stored = await self._store(
            app,
            origins=[SITE_ORIGIN, f"https://x{bad}.example"],
            disabled_providers=[f"p{bad}"],
            spam_settings={"blocked_words": {"words": [f"w{bad}"]}},
        )
        if not stored:
            pytest.skip(f"{bad!r} cannot be stored in a JSON column of this database")
        listed = await client.get("/api/v1/admin/sites", headers=ADMIN)
        assert listed.status_code == 200, listed.text
        assert listed.json()["sites"][0]["origins"][0] == SITE_ORIGIN
        read = await client.get(admin_path("blog"), headers=ADMIN)
        assert read.status_code == 200
        export = await client.get(admin_path("blog", "/export"), headers=ADMIN)
        assert export.status_code == 200
        document = json.loads(export.text)  # the whole document, not a truncated one
        assert document["site"]["id"] == "blog"
        assert [c for c in document["records"] if c.get("type") == "comment"]
        # And the owner can repair it.
        fixed = await client.patch(
            admin_path("blog"), json={"origins": [SITE_ORIGIN]}, headers=ADMIN
        )
        assert fixed.status_code == 200, fixed.text


class TestControlCharactersInText:
    """Issue 23.3: a body with ESC or a title with SOH made the Atom feeds answer 500."""

    @pytest.mark.parametrize(
        "fields",
        [
            {"body": "Hello \x1b[31mred"},
            {"body": "C1 \x85 next line"},
            {"body": "DEL \x7f"},
            {"title": "Title \x01"},
            {"title": "Title \x9b"},
        ],
    )
    async def test_422(self, client, fields):
        await make_site(client)
        await post_comment(client, expect=422, **fields)

    async def test_tab_newline_and_crlf_are_text(self, client):
        await make_site(client)
        comment = await post_comment(client, "one\ttwo\r\nthree\nfour")
        assert "two" in comment["body_html"]
        assert "\r" not in comment["body_html"]


async def _verified_commenter(app, client, display_name: str) -> dict[str, str]:
    """A logged-in commenter named `display_name` who has commented on the site."""
    from datetime import timedelta

    from app.crypto import hash_token, new_token
    from app.db.base import utcnow
    from app.identity.models import AuthSession, Identity

    token = new_token()
    async with part(app, Database).write_sessions() as session:
        identity = Identity(provider="github", subject=new_token(8), display_name=display_name)
        session.add(identity)
        await session.flush()
        session.add(
            AuthSession(
                token_hash=hash_token(token),
                identity_id=identity.id,
                site_id="blog",
                expires_at=utcnow() + timedelta(days=1),
            )
        )
        await session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    await post_comment(client, "verified", headers=headers, author_name=None, author_email=None)
    return headers


class TestLookAlikeNames:
    """Issue 23.11: a verified commenter's name was taken by a guest with invisible characters,
    look-alike letters or fullwidth forms (7 of 7 variants accepted)."""

    @pytest.mark.parametrize(
        "impostor",
        [
            "\u0410da Lovelace",  # Cyrillic А
            "\u0391DA LOVELACE",  # Greek Α, upper case
            "\uff21\uff44\uff41 Lovelace",  # fullwidth
            "\U0001d400\U0001d41d\U0001d41a Lovelace",  # mathematical bold
            "Ada\ufe0f Lovelace",  # variation selector (default-ignorable, not Cf)
            "Ada  Lovelace",  # two spaces
            "Ada Lovel\u0430ce",  # Cyrillic а inside
        ],
    )
    async def test_look_alikes_of_a_verified_name_are_409(self, app, client, impostor):
        await make_site(client)
        await _verified_commenter(app, client, "Ada Lovelace")
        response = await client.post(
            "/api/v1/sites/blog/comments",
            json={
                "url": f"{SITE_ORIGIN}/p",
                "body": "I am Ada",
                "author_name": impostor,
                "author_email": "x@example.org",
            },
        )
        assert response.status_code == 409, response.text
        assert response.json()["type"] == "/problems/name-reserved"

    @pytest.mark.parametrize(
        "invisible", ["\u200b", "\u200d", "\u00ad", "\u2060", "\ufeff", "\U000e0041"]
    )
    async def test_format_characters_in_names_are_422(self, client, invisible):
        await make_site(client)
        await post_comment(client, expect=422, author_name=f"A{invisible}da")

    async def test_other_names_and_accents_stay_free(self, app, client):
        await make_site(client)
        await _verified_commenter(app, client, "Ada Lovelace")
        await post_comment(client, author_name="Ada Lovelock")
        await post_comment(client, author_name="Adá Lovelace")


class TestLookAlikeBlockedWords:
    @pytest.mark.parametrize(
        "body",
        [
            "cheap v\u0456agra here",
            "cheap \uff56\uff49\uff41\uff47\uff52\uff41",
            "VI\u200bAGRA",
            "v\u0456a\u0261ra",
        ],
    )
    async def test_look_alikes_of_a_blocked_word_are_caught(self, client, body):
        await make_site(client)
        patched = await client.patch(
            admin_path("blog"),
            json={"spam_settings": {"blocked_words": {"words": ["viagra"], "verdict": "spam"}}},
            headers=ADMIN,
        )
        assert patched.status_code == 200, patched.text
        comment = await post_comment(client, body)
        assert comment["status"] == "spam"
        clean = await post_comment(client, "a visit to Niagara")
        assert clean["status"] == "approved"


@pytest.mark.parametrize("backend", dbs.backends())
async def test_the_migration_recomputes_existing_name_keys(backend, tmp_path):
    import asyncio

    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from tests.test_project import scratch_database

    async with scratch_database(backend, tmp_path) as (url, config):
        await asyncio.to_thread(command.downgrade, config, "0012")
        engine = create_async_engine(url)
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO identities (provider, subject, display_name, name_key, created_at)"
                    " VALUES ('github', '1', '\uff21da', '\uff41da', CURRENT_TIMESTAMP)"
                )
            )
        await asyncio.to_thread(command.upgrade, config, "head")
        async with engine.connect() as conn:
            keys = (await conn.execute(text("SELECT name_key FROM identities"))).scalars().all()
        await asyncio.to_thread(command.downgrade, config, "0012")
        async with engine.connect() as conn:
            old = (await conn.execute(text("SELECT name_key FROM identities"))).scalars().all()
        await engine.dispose()
        assert keys == ["ada"]
        assert old == ["\uff41da"]
