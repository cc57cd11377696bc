"""The parts of a Parley export besides threads and comments: site settings, identities,
moderators, bans and the audit log. Each is skipped when already present (re-imports)."""

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.admission.models import Ban
from app.comments.models import Comment
from app.errors import NotFound
from app.identity.models import Identity, Moderator
from app.porting.parley_json import AuditDoc, BanDoc, IdentityDoc, ModeratorDoc, SiteDoc
from app.porting.records import ExtraRecord, ImportFailed
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
        ref = f"{doc.provider}:{doc.subject}"
        existing = await self.session.scalar(
            select(Identity.id).where(
                Identity.provider == doc.provider, Identity.subject == doc.subject
            )
        )
        if existing is None:
            identity = Identity(**doc.model_dump(exclude={"type"}))
            self.session.add(identity)
            await self.session.flush()
            existing = identity.id
        self.writer.identities[ref] = existing

    def _identity_id(self, ref: str | None, place: str) -> int | None:
        if ref is None:
            return None
        if ref not in self.writer.identities:
            raise ImportFailed(f"{place}: unknown identity {ref!r} (identities come first)")
        return self.writer.identities[ref]

    async def _moderator(self, doc: ModeratorDoc, place: str) -> None:
        identity_id = self._identity_id(doc.identity, place)
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
            values = doc.model_dump(exclude={"type", "identity"})
            identity_id = self._identity_id(doc.identity, place)
            self.session.add(Ban(site_id=self.site_id, identity_id=identity_id, **values))
            await self.session.flush()

    async def _queue_audit(self, doc: AuditDoc) -> None:
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
            self.writer.tally.skipped["audit-entry"] += 1
            return
        self.audit.append(doc)
        if len(self.audit) >= AUDIT_BATCH:
            await self.flush_audit()

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
