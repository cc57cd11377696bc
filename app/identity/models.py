"""Who someone is: verified commenter identities, their login codes and session tokens, and
who may act on a site (admin tokens, moderator roles)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from app.db.base import Base, CreatedAtMixin
from app.validation import skeleton


def name_key(name: str) -> str:
    """A name as the guest-name check compares it: its confusable skeleton (case folded, no
    invisible characters, fullwidth forms and look-alike letters as one), so that "Аda" with a
    Cyrillic А or "A\u200bda" is the verified "Ada"."""
    return skeleton(name)[:100]


class Identity(CreatedAtMixin, Base):
    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("provider", "subject"),
        Index("ix_identities_name_key", "name_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100))
    # `name_key(display_name)`, kept by `_keep_name_key` on every ORM write of the name.
    name_key: Mapped[str] = mapped_column(String(100), default="", server_default="")
    avatar_url: Mapped[str | None] = mapped_column(String(1000), default=None)
    profile_url: Mapped[str | None] = mapped_column(String(1000), default=None)
    email: Mapped[str | None] = mapped_column(String(254), default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)

    @validates("display_name")
    def _keep_name_key(self, _key: str, name: str) -> str:
        self.name_key = name_key(name)
        return name


class LoginCode(CreatedAtMixin, Base):
    """A one-time code handed to the opener window; redeemable once, with the PKCE verifier."""

    __tablename__ = "login_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id", ondelete="CASCADE"))
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    challenge: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class AuthSession(CreatedAtMixin, Base):
    """A bearer session token (only its hash is stored), bound to one site."""

    __tablename__ = "auth_sessions"
    __table_args__ = (Index("ix_auth_sessions_identity_id", "identity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id", ondelete="CASCADE"))
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class AdminToken(CreatedAtMixin, Base):
    """An API token for tools and the moderation page; one site, or all when site_id is NULL."""

    __tablename__ = "admin_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    site_id: Mapped[str | None] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), default=None
    )
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class Moderator(CreatedAtMixin, Base):
    __tablename__ = "moderators"

    site_id: Mapped[str] = mapped_column(
        ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True
    )
    identity_id: Mapped[int] = mapped_column(
        ForeignKey("identities.id", ondelete="CASCADE"), primary_key=True
    )
