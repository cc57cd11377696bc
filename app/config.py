"""Settings: every knob is a PARLEY_ environment variable; nothing else reads os.environ."""

import json
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.files import write_private

PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret"}


class OIDCProviderSettings(BaseModel):
    """A generic OpenID Connect provider found through its issuer's discovery document."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")
    label: str
    issuer: str
    client_id: str
    client_secret: SecretStr = SecretStr("")
    icon: str | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARLEY_", env_file=".env", extra="ignore")

    env: str = Field(default="dev", description="dev | test | prod")
    data_dir: Path = Path("data")
    database_url: str = "sqlite+aiosqlite:///./data/parley.db"
    # Per process. Above it up to 10 more connections open for a burst and close when returned:
    # a steady load beyond the pool pays a connection (and a server process) per request.
    database_pool_size: int = Field(default=20, ge=1, le=500)
    base_url: str | None = Field(
        default=None, description="Public URL of this API, used for OAuth callbacks behind proxies"
    )
    secret_key: SecretStr = SecretStr("")
    admin_token: SecretStr = SecretStr("")
    redis_url: str | None = None
    write_rate_limit: str = "20/minute"
    vote_rate_limit: str = "120/minute"  # votes count apart from comment writes
    read_rate_limit: str = "600/minute"
    # Comma-separated IPs/CIDRs of reverse proxies whose X-Forwarded-For is believed.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = 64 * 1024
    max_import_bytes: int = 50 * 1024 * 1024
    session_ttl_days: int = 30
    login_code_ttl_seconds: int = 120
    thread_cache_entries: int = 512
    # Seconds a CDN or reverse proxy may serve a thread page without asking (s-maxage); 0: it
    # revalidates every time (304 while unchanged). Browsers always revalidate.
    cdn_max_age: int = Field(default=0, ge=0, le=3600)
    access_log: bool = Field(default=False, description="log every request (uvicorn access log)")
    # Observability (app/observability/): one log line per request, as JSON or text; /metrics
    # for Prometheus, refused unless a bearer token or an allowed network is configured.
    log_format: str = Field(default="text", pattern=r"^(json|text)$")
    log_level: str = Field(default="info", pattern=r"^(debug|info|warning|error)$")
    request_log: bool = Field(default=True, description="one structured line per request")
    metrics_token: SecretStr = SecretStr("")
    metrics_networks: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Seconds a SIGTERM waits for in-flight requests before closing what is left.
    shutdown_timeout_seconds: float = Field(default=20.0, ge=0, le=600)
    # Live updates (app/live/): caps on open event streams, heartbeat, event log retention.
    live_max_streams_per_ip: int = Field(default=32, ge=1)
    live_max_streams: int = Field(default=20_000, ge=1)
    live_ping_seconds: float = Field(default=15.0, gt=0, le=300)
    live_retention_hours: int = Field(default=48, ge=1)

    github_client_id: str | None = None
    github_client_secret: SecretStr | None = None
    google_client_id: str | None = None
    google_client_secret: SecretStr | None = None
    facebook_client_id: str | None = None
    facebook_client_secret: SecretStr | None = None
    twitter_client_id: str | None = None
    twitter_client_secret: SecretStr | None = None
    wordpress_client_id: str | None = None
    wordpress_client_secret: SecretStr | None = None
    microsoft_client_id: str | None = None
    microsoft_client_secret: SecretStr | None = None
    microsoft_tenant: str = "common"
    oidc_providers: list[OIDCProviderSettings] = Field(default_factory=list)

    akismet_endpoint: str = "https://{key}.rest.akismet.com/1.1/comment-check"

    # Email (app/notifications/mail.py): smtp://host:port, smtp+starttls://user:pass@host:587,
    # smtps://user:pass@host:465. Unset: email is off and the widget does not offer it.
    smtp_url: SecretStr | None = None
    mail_from: str = "Parley <parley@localhost>"
    smtp_timeout_seconds: float = Field(default=30.0, gt=0, le=300)
    # The outbox worker (app/notifications/worker.py). Turn the in-app one off when
    # `python -m app.cli worker` runs as its own deployment.
    outbox_worker: bool = True
    outbox_poll_seconds: float = Field(default=5.0, gt=0, le=3600)
    outbox_lease_seconds: float = Field(default=120.0, gt=0, le=24 * 3600)
    outbox_batch_size: int = Field(default=20, ge=1, le=1000)
    outbox_retention_days: int = Field(
        default=30,
        ge=1,
        le=3650,
        description="Sent and dead messages and finished webhook deliveries are kept this long",
    )

    # Webhooks (app/notifications/webhooks*): targets on loopback/private networks are refused
    # unless this is set (a trusted, single-tenant deployment posting to its own network).
    webhook_allow_private: bool = False
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # First retry after a failed delivery; each next one waits twice as long (at most 6 h).
    webhook_retry_seconds: float = Field(default=30.0, gt=0, le=3600)

    @field_validator("trusted_proxies", "metrics_networks", mode="before")
    @classmethod
    def _split_proxies(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip().startswith("["):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("oidc_providers", mode="before")
    @classmethod
    def _parse_providers(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    @property
    def email_enabled(self) -> bool:
        """Email notifications are on (C1's `site.email_notifications`)."""
        return self.smtp_url is not None and bool(self.smtp_url.get_secret_value().strip())

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def resolved_secret_key(self) -> str:
        """The signing/hashing key: configured, or generated once and persisted in the data dir."""
        configured = self.secret_key.get_secret_value()
        if configured and configured not in PLACEHOLDER_SECRETS:
            return configured
        if configured and self.env == "prod":
            raise RuntimeError(
                "PARLEY_SECRET_KEY is a placeholder; set a real secret in production"
            )
        key_file = self.data_dir / "secret.key"
        if key_file.exists():
            return key_file.read_text().strip()
        # Write under a temporary name (0600 from the start) and link it into place: concurrent
        # first starts agree on whichever key lands first.
        tmp = key_file.with_name(f".secret.key.{secrets.token_hex(4)}")
        write_private(tmp, secrets.token_urlsafe(48))
        try:
            os.link(tmp, key_file)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        return key_file.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
