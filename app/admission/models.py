"""Bans: who may not post on a site. Emails and IPs are stored as keyed hashes, never plain."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Enum, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, CreatedAtMixin


class BanKind(StrEnum):
    identity = "identity"
    email = "email"
    ip = "ip"


class Ban(CreatedAtMixin, Base):
    """A ban on one site. Emails and IPs are stored as keyed hashes, never plain."""

    __tablename__ = "bans"
    __table_args__ = (Index("ix_bans_site_lookup", "site_id", "kind", "value_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    kind: Mapped[BanKind] = mapped_column(Enum(BanKind, native_enum=False, length=20))
    value_hash: Mapped[str] = mapped_column(String(64))
    identity_id: Mapped[int | None] = mapped_column(
        ForeignKey("identities.id", ondelete="CASCADE"), default=None
    )
    # Whom the ban is about, as moderators knew them: the comment it was made from (kept while
    # that comment exists) and its author's name (kept after, to tell whom to unban).
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), default=None
    )
    author_name: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(500), default="")
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    created_by: Mapped[str] = mapped_column(String(100), default="")
