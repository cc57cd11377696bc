"""The parts of a Parley export besides threads and comments: site settings, identities,
moderators, bans and the audit log. Each is skipped when already present (re-imports)."""

from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.models import Ban
from app.comments.models import Comment
from app.db.base import utcnow
from app.errors import NotFound
from app.identity.models import Identity, Moderator
from app.porting.checks import public_field, public_website
from app.porting.parley_json import AuditDoc, BanDoc, IdentityDoc, ModeratorDoc, SiteDoc
from app.porting.records import ExtraRecord, ImportFailed, check_datetime
from app.porting.writer import CommentWriter
from app.sites.audit import AuditEntry
from app.sites.models import Site

AUDIT_BATCH = 500


class Restorer:
    """Applies the non-comment records of a Parley export through the writer's transaction."""

    def __init__(self, writer: CommentWriter) -> None:
        self.writer = writer
        self.session: AsyncSession = writer.session
        self.site_id = writer.site_id
        self.audit_allowed: bool | None = None
        self.audit: list[AuditDoc] = []
        self.ban_comments: list[tuple[int, str]] = []  # (ban id, key of its comment)

    async def apply(self, record: ExtraRecord) -> None:
        data = record.data
        if isinstance(data, IdentityDoc):
            await self._identity(data)
        elif isinstance(data, ModeratorDoc):
            await self._moderator(data, record.place)
        elif isinstance(data, BanDoc):
            await self._ban(data, record.place)
        elif isinstance(data, AuditDoc):
            await self._queue_audit(data)

    async def _identity(self, doc: IdentityDoc) -> None:
        """Root restores identities; anyone else may only refer to one that already belongs to
        the site (its comments then stay attributed); other comments become guest comments."""
        ref = f"{doc.provider}:{doc.subject}"
        existing = await self.session.scalar(
            select(Identity.id).where(
                Identity.provider == doc.provider, Identity.subject == doc.subject
            )
        )
        if not self.writer.trusted:
            if existing is not None and await self._belongs(existing):
                self.writer.identities[ref] = existing
            return
        if existing is None:
            identity = Identity(**_checked_identity(doc))
            self.session.add(identity)
            await self.session.flush()
            existing = identity.id
        self.writer.identities[ref] = existing

    async def _belongs(self, identity_id: int) -> bool:
        """The identity has comments or a role on this site already."""
        commented = await self.session.scalar(
            select(Comment.id)
            .where(Comment.site_id == self.site_id, Comment.identity_id == identity_id)
            .limit(1)
        )
        if commented is not None:
            return True
        return await self.session.get(Moderator, (self.site_id, identity_id)) is not None

    def _identity_id(self, ref: str | None, place: str) -> int | None:
        if ref is None:
            return None
        if ref not in self.writer.identities:
            self.writer.tally.warn(f"{place}: identity {ref!r} is not restored here; left out")
            return None
        return self.writer.identities[ref]

    async def _moderator(self, doc: ModeratorDoc, place: str) -> None:
        if not self.writer.trusted:  # an import never grants roles (issue 10)
            tally = self.writer.tally
            tally.count("comment", "skipped", "moderator-not-restored", doc.identity or place)
            return
        identity_id = self._identity_id(doc.identity, place)
        if identity_id is None:
            return
        if await self.session.get(Moderator, (self.site_id, identity_id)) is None:
            self.session.add(
                Moderator(site_id=self.site_id, identity_id=identity_id, created_at=doc.created_at)
            )
            await self.session.flush()

    async def _ban(self, doc: BanDoc, place: str) -> None:
        exists = await self.session.scalar(
            select(Ban.id)
            .where(
                Ban.site_id == self.site_id, Ban.kind == doc.kind, Ban.value_hash == doc.value_hash
            )
            .limit(1)
        )
        if exists is None:
            values = doc.model_dump(exclude={"type", "identity", "comment"})
            identity_id = self._identity_id(doc.identity, place)
            ban = Ban(site_id=self.site_id, identity_id=identity_id, **values)
            self.session.add(ban)
            await self.session.flush()
            if doc.comment:  # bans come before the comments: linked once those are placed
                self.ban_comments.append((ban.id, doc.comment))

    async def _queue_audit(self, doc: AuditDoc) -> None:
        if not self.writer.trusted:
            self.audit_allowed = False
        if self.audit_allowed is None:
            count = await self.session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.site_id == self.site_id)
            )
            self.audit_allowed = not count
            if count:
                self.writer.tally.warn("the site already has an audit log; the file's is not added")
        if not self.audit_allowed:
            self.writer.tally.count("comment", "skipped", "audit-entry", f"audit:{doc.action}")
            return
        self.audit.append(doc)
        if len(self.audit) >= AUDIT_BATCH:
            await self.flush_audit()

    async def link_bans(self) -> None:
        """Point restored bans at the comments they were made from (written by now, under their
        key as source id; one not in the file leaves the ban without a comment)."""
        for ban_id, key in self.ban_comments:
            comment_id = await self.session.scalar(
                select(Comment.id).where(Comment.site_id == self.site_id, Comment.source_id == key)
            )
            if comment_id is not None:
                await self.session.execute(
                    update(Ban).where(Ban.id == ban_id).values(comment_id=comment_id)
                )
        self.ban_comments.clear()

    async def flush_audit(self) -> None:
        """Audit entries refer to comments by key; resolve the batch's keys in one query."""
        if not self.audit:
            return
        keys = {doc.comment for doc in self.audit if doc.comment}
        ids: dict[str | None, int] = {}
        if keys:
            rows = await self.session.execute(
                select(Comment.source_id, Comment.id).where(
                    Comment.site_id == self.site_id, Comment.source_id.in_(keys)
                )
            )
            for source_id, comment_id in rows:
                ids[source_id] = comment_id
        values: list[dict[str, Any]] = [
            {
                "site_id": self.site_id,
                "actor": doc.actor,
                "action": doc.action,
                "comment_id": ids.get(doc.comment),
                "detail": doc.detail,
                "created_at": doc.created_at,
            }
            for doc in self.audit
        ]
        await self.session.execute(insert(AuditEntry), values)
        self.audit = []


def _checked_identity(doc: IdentityDoc) -> dict[str, Any]:
    """An identity's fields through the public validators: http(s) links, a normalised name."""
    values = doc.model_dump(exclude={"type"})
    values["profile_url"] = public_website(doc.profile_url)
    values["avatar_url"] = public_website(doc.avatar_url)
    try:
        values["display_name"] = public_field("author_name", doc.display_name) or ""
    except ValueError:
        values["display_name"] = ""
    for name in ("created_at", "last_login_at"):
        if values[name] is not None:
            try:
                values[name] = check_datetime(values[name], "identity", name)
            except ImportFailed:
                values[name] = None if name == "last_login_at" else utcnow()
    return values


async def restore_site(
    session: AsyncSession, site_id: str, doc: SiteDoc | None, *, create: bool
) -> tuple[Site, bool]:
    """The target site; created from the document's settings when missing and allowed."""
    site = await session.get(Site, site_id)
    if site is not None:
        return site, False
    if not create or doc is None:
        raise NotFound(f"No site '{site_id}'; create it first.")
    site = Site(**doc.model_dump(exclude={"id"}), id=site_id)
    session.add(site)
    await session.flush()
    return site, True
