"""`python -m app.cli site …`: every site setting from scripts and ops, through the same service,
validation, login check and audit log as PATCH /api/v1/admin/sites/{site}.

    site show SITE
    site set SITE key=value...      (lists comma-separated or JSON; spam_settings as JSON)
    site origins add|remove SITE ORIGIN...
    site spam SITE check.field=value...   (e.g. links.max_links=2 akismet.enabled=true)
"""

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.config import Settings
from app.db.session import Database
from app.errors import InvalidInput
from app.identity.providers import build_registry
from app.identity.service import check_login_available, check_providers_known
from app.sites import service
from app.sites.models import Site
from app.sites.schemas import SiteRead, SiteSettingsFields, SiteUpdate
from app.sites.spam_settings import effective_spam_settings


@dataclass(frozen=True)
class CommandLine:
    """The audit log's actor for changes made here."""

    actor: str = "cli"


ACTOR = CommandLine()
LIST_FIELDS = {"origins", "disabled_providers", "notify_emails"}
Change = Callable[[Site], dict[str, Any]]


def _value(key: str, raw: str) -> Any:
    """A command-line value: JSON when it parses as such, lists comma-separated, else text."""
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    if key in LIST_FIELDS and not isinstance(value, list):
        value = [part.strip() for part in raw.split(",") if part.strip()]
    elif key not in LIST_FIELDS and isinstance(value, list | dict) and key != "spam_settings":
        value = raw
    return value


def _pairs(pairs: list[str]) -> list[tuple[str, str]]:
    out = []
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise InvalidInput(f"'{pair}' is not key=value.")
        out.append((key.strip(), raw))
    return out


def settings_from(pairs: list[str]) -> dict[str, Any]:
    """key=value arguments to the fields of a site update (unknown keys are an error)."""
    fields = SiteSettingsFields.model_fields
    changes = {}
    for key, raw in _pairs(pairs):
        if key not in fields:
            raise InvalidInput(f"Unknown setting '{key}'; settings: {', '.join(sorted(fields))}.")
        changes[key] = _value(key, raw)
    return changes


def spam_from(site: Site, pairs: list[str]) -> dict[str, Any]:
    """check.field=value arguments merged into the site's current spam settings."""
    current = effective_spam_settings(site.spam_settings).model_dump()
    for key, raw in _pairs(pairs):
        check, _, field = key.partition(".")
        if check not in current or field not in current[check]:
            raise InvalidInput(f"Unknown spam setting '{key}' (check.field, e.g. links.max_links).")
        try:
            current[check][field] = json.loads(raw)
        except ValueError:
            current[check][field] = raw
    return {"spam_settings": current}


async def apply(database: Database, settings: Settings, site_id: str, change: Change) -> Site:
    """Change one site as PATCH does: validated, login checked, audited, one commit (the
    service's)."""
    async with database.write_sessions() as session:
        site = await service.get_site(session, site_id)
        data = SiteUpdate(**change(site))
        registry = build_registry(settings)
        check_providers_known(registry, data.disabled_providers, site.disabled_providers)
        check_login_available(
            registry,
            data.guest_policy or site.guest_policy,
            data.disabled_providers
            if data.disabled_providers is not None
            else site.disabled_providers,
        )
        return await service.update_site(session, site, data, actor=ACTOR)


def _print(site: Site) -> None:
    print(SiteRead.model_validate(site).model_dump_json(indent=2))  # noqa: T201 - CLI output


async def site_show(args: argparse.Namespace, database: Database, _: Settings) -> None:
    async with database.read_sessions() as session:
        _print(await service.get_site(session, args.site_id))


async def site_set(args: argparse.Namespace, database: Database, settings: Settings) -> None:
    changes = settings_from(args.pairs)
    _print(await apply(database, settings, args.site_id, lambda _: changes))


async def site_origins(args: argparse.Namespace, database: Database, settings: Settings) -> None:
    def change(site: Site) -> dict[str, Any]:
        given = SiteSettingsFields(origins=args.origins).origins or []
        if args.op == "add":
            return {"origins": [*site.origins, *(o for o in given if o not in site.origins)]}
        left = [o for o in site.origins if o not in given]
        if not left:
            raise InvalidInput("A site keeps at least one origin.")
        return {"origins": left}

    _print(await apply(database, settings, args.site_id, change))


async def site_spam(args: argparse.Namespace, database: Database, settings: Settings) -> None:
    _print(await apply(database, settings, args.site_id, lambda site: spam_from(site, args.pairs)))


def add_site_commands(site: Any) -> None:
    """show, set, origins add|remove and spam under `site`."""
    show = site.add_parser("show", help="print all settings of a site as JSON")
    show.add_argument("site_id")
    show.set_defaults(run=site_show)
    set_ = site.add_parser("set", help="change settings: key=value ...")
    set_.add_argument("site_id")
    set_.add_argument("pairs", nargs="+", metavar="key=value")
    set_.set_defaults(run=site_set)
    origins = site.add_parser("origins", help="add or remove origins")
    origins.add_argument("op", choices=["add", "remove"])
    origins.add_argument("site_id")
    origins.add_argument("origins", nargs="+", metavar="ORIGIN")
    origins.set_defaults(run=site_origins)
    spam = site.add_parser("spam", help="change spam checks: check.field=value ...")
    spam.add_argument("site_id")
    spam.add_argument("pairs", nargs="+", metavar="check.field=value")
    spam.set_defaults(run=site_spam)
