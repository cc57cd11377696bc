"""`python -m app.cli …`: sites, admin tokens, import and export. Each command's logic lives in
its domain's service; this module parses arguments, opens a session and prints the outcome.

    python -m app.cli site create demo --origin http://localhost:8001 [--name "Demo"]
    python -m app.cli site list | site show SITE | site set SITE key=value...
    python -m app.cli site origins add|remove SITE ORIGIN... | site spam SITE check.field=value...
    python -m app.cli token create --name ci [--site demo] | token list | token revoke ID
    python -m app.cli import wordpress|disqus|isso|parley|commento|remark42 FILE --site SITE
        [--map-origin OLD=NEW]... [--map-path OLD=NEW]... [--base-url URL]
        [--include-pingbacks] [--strict] [--dry-run] [--json] [--no-progress]
    python -m app.cli export --site SITE [--output FILE] > site.json
    python -m app.cli render --site SITE (--url URL | --all --out DIR)
    python -m app.cli worker [--once]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from tqdm import tqdm

from app.assembly import wire
from app.comments import formtoken, html
from app.comments.bootstrap import LoginOptions
from app.comments.cache import PageCache
from app.comments.presenter import Presenter
from app.config import Settings, get_settings
from app.db.session import Database
from app.db.wiring import Wiring
from app.errors import AppError, InvalidInput
from app.identity.providers import build_registry
from app.moderation.cli import add_comment_commands, add_token_commands
from app.moderation.site_cli import add_site_commands
from app.notifications.cli import add_worker_command
from app.porting.export import export_site
from app.porting.reporting import format_report
from app.porting.schemas import ImportFormat
from app.porting.service import ImportOptions, import_comments
from app.sites import service as sites
from app.sites.schemas import SiteCreate, SiteRead
from app.sites.urls import normalized_url

Command = Callable[[argparse.Namespace, Database, Settings], Awaitable[None]]


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


async def site_create(args: argparse.Namespace, database: Database, _: Settings) -> None:
    data = SiteCreate(id=args.site_id, name=args.name, origins=args.origin)
    async with database.write_sessions() as session:
        site = await sites.create_site(session, data)
        _out(SiteRead.model_validate(site).model_dump_json(indent=2))


async def site_list(_: argparse.Namespace, database: Database, __: Settings) -> None:
    async with database.read_sessions() as session:
        for site in await sites.list_sites(session, None):
            _out(f"{site.id}\t{site.name}\t{' '.join(site.origins)}")


def _progress(args: argparse.Namespace) -> tqdm[Any]:
    quiet = args.no_progress or not sys.stderr.isatty()
    if args.format == ImportFormat.isso:
        return tqdm(unit=" comments", disable=quiet, file=sys.stderr)
    total = Path(args.file).stat().st_size
    return tqdm(total=total, unit="B", unit_scale=True, disable=quiet, file=sys.stderr)


async def import_command(args: argparse.Namespace, database: Database, settings: Settings) -> None:
    fmt = ImportFormat(args.format)
    options = ImportOptions(
        map_origin=args.map_origin,
        map_path=args.map_path,
        base_url=args.base_url,
        include_pingbacks=args.include_pingbacks,
        dry_run=args.dry_run,
        create_site=fmt is ImportFormat.parley,
        strict=args.strict,
    )
    with _progress(args) as bar:
        async with database.write_sessions() as session:
            report = await import_comments(
                session,
                args.site,
                fmt,
                Path(args.file),
                options,
                ip_key=settings.resolved_secret_key(),
                on_read=bar.update,
            )
            if not args.dry_run:
                await session.commit()
    _out(report.model_dump_json(indent=2) if args.json else format_report(report))


async def export_command(args: argparse.Namespace, database: Database, _: Settings) -> None:
    target = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115, ASYNC230
    try:
        async with database.read_sessions() as session:
            async for chunk in export_site(session, args.site):
                target.write(chunk)
    finally:
        if args.output:
            target.close()
        else:
            target.flush()


def _login_options(settings: Settings) -> LoginOptions:
    """What the running server offers for login, as its thread reads carry it."""
    if not settings.base_url:
        raise InvalidInput("Set PARLEY_BASE_URL: the fragment links to Parley by absolute URL.")
    return LoginOptions(
        providers=tuple((p.name, p.label, p.icon) for p in build_registry(settings).all()),
        email_notifications=settings.email_enabled,
        base_url=settings.base_url.rstrip("/"),
    )


async def _render_one(
    database: Database, settings: Settings, site_id: str, url: str, login: LoginOptions
) -> str:
    presenter = Presenter(settings.resolved_secret_key(), login.base_url)
    query = html.FragmentQuery(site_id, normalized_url(url), html.page_url(url))
    async with database.read_sessions() as session:
        page = await html.thread_fragment(
            session, query, presenter=presenter, cache=PageCache(1), login=login
        )
    token = formtoken.issue_static(settings.resolved_secret_key(), site_id)
    return page.render(token, gzip_ok=False).decode()


async def render_command(args: argparse.Namespace, database: Database, settings: Settings) -> None:
    """The thread's HTML fragment, as GET …/thread.html answers it, for static sites."""
    login = _login_options(settings)
    if not args.all:
        sys.stdout.write(await _render_one(database, settings, args.site, args.url, login))
        return
    async with database.read_sessions() as session:
        urls = await html.thread_urls(session, args.site)
    out, taken = Path(args.out), set[str]()
    for url in urls:
        try:
            fragment = await _render_one(database, settings, args.site, url, login)
        except AppError as exc:  # e.g. an imported thread off the site's origins: skip it
            sys.stderr.write(f"skipped {url}: {exc.detail or exc.title}\n")
            continue
        target = out / html.file_name(url, taken)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(fragment, "utf-8")
        _out(f"{url}\t{target}")


def _render_parser(commands: Any) -> None:
    parser = commands.add_parser("render", help="print a thread as HTML, or write every thread")
    parser.add_argument("--site", required=True)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--url", help="the post's URL: print its fragment")
    which.add_argument("--all", action="store_true", help="write every thread under --out")
    parser.add_argument("--out", help="with --all: the directory (one file per thread)")
    parser.set_defaults(run=render_command)


def _import_parser(commands: Any) -> None:
    parser = commands.add_parser("import", help="import comments from another system")
    parser.add_argument("format", choices=[f.value for f in ImportFormat])
    parser.add_argument("file", help="the export file (Isso: its comments.db)")
    parser.add_argument("--site", required=True)
    parser.add_argument(
        "--map-origin",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="rewrite thread URLs from one origin to another (repeatable)",
    )
    parser.add_argument(
        "--map-path",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="rewrite a path prefix, e.g. /blog/=/ (repeatable)",
    )
    parser.add_argument("--base-url", help="Isso: the URL its thread paths are under")
    parser.add_argument(
        "--include-pingbacks",
        action="store_true",
        help="import pingbacks and trackbacks as comments",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse the whole file at the first oddity (default: skip or adjust, and report)",
    )
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--no-progress", action="store_true")
    parser.set_defaults(run=import_command)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app.cli", description="Parley admin tasks")
    commands = parser.add_subparsers(dest="command", required=True)
    site = commands.add_parser("site", help="sites").add_subparsers(dest="action", required=True)
    create = site.add_parser("create", help="create a site")
    create.add_argument("site_id")
    create.add_argument("--origin", action="append", required=True, help="repeatable")
    create.add_argument("--name")
    create.set_defaults(run=site_create)
    site.add_parser("list", help="list sites").set_defaults(run=site_list)
    add_site_commands(site)  # show, set, origins, spam
    add_token_commands(commands)  # token create|list|revoke, owned by app.moderation
    add_comment_commands(commands)  # comment approve|spam|…: app.comments.moderate
    add_worker_command(commands)  # worker: the outbox, owned by app.notifications
    _import_parser(commands)
    _render_parser(commands)
    export = commands.add_parser("export", help="export a site as Parley JSON")
    export.add_argument("--site", required=True)
    export.add_argument("--output", "-o", help="file to write (default: standard output)")
    export.set_defaults(run=export_command)
    return parser


async def _run(command: Command, args: argparse.Namespace, settings: Settings) -> None:
    # The app's wiring: a change made here is announced as one made through the API.
    wiring = wire(Wiring(), settings, settings.resolved_secret_key())
    database = Database.from_settings(settings, wiring=wiring)
    try:
        await command(args, database, settings)
    finally:
        await database.dispose()


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "render" and args.all and not args.out:
        parser.error("render --all needs --out DIR")
    try:
        asyncio.run(_run(args.run, args, settings or get_settings()))
    except AppError as exc:
        sys.stderr.write(f"error: {exc.detail or exc.title}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"error: {exc.strerror or exc}: {exc.filename or ''}\n")
        return 1
    except ValidationError as exc:
        first = exc.errors()[0]
        sys.stderr.write(f"error: {'.'.join(map(str, first['loc']))}: {first['msg']}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
