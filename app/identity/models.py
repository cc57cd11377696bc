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
    # "admin" only for a login made for Parley's own origin (/admin); see app.identity.access.
    scope: Mapped[str] = mapped_column(String(16), default="commenter", server_default="commenter")


class AuthSession(CreatedAtMixin, Base):
    """A session token of an identity (only its hash is stored), bound to one site.

    `scope` "commenter": a widget login (a bearer token in the blog's page): it posts, edits, votes
    and reads `me`, and opens no admin route. "admin": a login on /admin, on Parley's own origin
    (the `parley_admin` cookie), which also carries the identity's moderator role.
    """

    __tablename__ = "auth_sessions"
    __table_args__ = (Index("ix_auth_sessions_identity_id", "identity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id", ondelete="CASCADE"))
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    scope: Mapped[str] = mapped_column(String(16), default="commenter", server_default="commenter")


class AdminSession(CreatedAtMixin, Base):
    """An /admin cookie session opened with an admin token (root or stored); only hashes kept.

    `credential_hash` is the hash of the token that opened it: the session lives only while that
    token does (a revoked or rotated token ends its sessions), and "log out on every device"
    revokes every session of the same credential.
    """

    __tablename__ = "admin_sessions"
    __table_args__ = (Index("ix_admin_sessions_credential_hash", "credential_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    credential_hash: Mapped[str] = mapped_column(String(64))
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
