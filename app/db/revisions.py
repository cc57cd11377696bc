"""The schema's revisions: the ones this code's migrations know, and the ones a database has."""

from functools import lru_cache
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

MIGRATIONS = Path(__file__).resolve().parent.parent.parent / "migrations"


@lru_cache
def code_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(this code's head revisions, every revision it knows)."""
    script = ScriptDirectory(str(MIGRATIONS))
    known = frozenset(rev.revision for rev in script.walk_revisions())
    return frozenset(script.get_heads()), known


async def applied_revisions(session: AsyncSession) -> set[str]:
    """The revisions the database's schema is at (raises if the database does not answer)."""
    return set(await session.scalars(text("SELECT version_num FROM alembic_version")))
