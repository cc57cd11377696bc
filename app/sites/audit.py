"""The audit log of a site: who did what, to which comment, and why. Written by every domain
that acts on a site (moderation, spam checks, settings, imports); read by moderation's views."""

from typing import Any, Protocol

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin


class AuditEntry(CreatedAtMixin, Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_site_created", "site_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    comment_id: Mapped[int | None] = mapped_column(Integer, default=None)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Actor(Protocol):
    """Anything that acts: an admin credential (app.identity.access.Admin) or a named system."""

    @property
    def actor(self) -> str: ...


def record(
    session: AsyncSession,
    site_id: str,
    who: Actor | str,
    action: str,
    *,
    comment_id: int | None = None,
    **detail: Any,
) -> None:
    """Add one entry (flushed with the action it describes, committed by the service that
    made the change)."""
    actor = who if isinstance(who, str) else who.actor
    session.add(
        AuditEntry(
            site_id=site_id,
            actor=actor[:100],
            action=action,
            comment_id=comment_id,
            detail=dict(detail),
        )
    )
