"""`python -m app.cli token …` (admin API tokens) and `comment …` (moderation).

python -m app.cli token create --name ci [--site demo]   # prints the token, once
python -m app.cli token list
python -m app.cli token revoke ID
python -m app.cli comment approve|spam|delete|restore|purge --site demo ID [ID …]
"""

import argparse
import sys
from typing import Any

from app.comments.moderate import Action, moderate_comments
from app.config import Settings
from app.db.session import Database
from app.identity import roles
from app.identity.access import Admin


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


async def token_create(args: argparse.Namespace, database: Database, _: Settings) -> None:
    async with database.write_sessions() as session:
        created = await roles.create_token(session, args.name, args.site)
    sys.stderr.write(f"token {created.id} ({created.name}); shown once, keep it safe:\n")
    _out(created.token)


async def token_list(_: argparse.Namespace, database: Database, __: Settings) -> None:
    async with database.read_sessions() as session:
        tokens = await roles.list_tokens(session)
    _out("id\tname\tsite\tcreated\tlast used\trevoked")
    for token in tokens:
        cells = [token.created_at, token.last_used_at, token.revoked_at]
        times = [f"{t:%Y-%m-%d %H:%M}" if t else "-" for t in cells]
        _out("\t".join([str(token.id), token.name, token.site_id or "*", *times]))


async def token_revoke(args: argparse.Namespace, database: Database, _: Settings) -> None:
    async with database.write_sessions() as session:
        token = await roles.revoke_token(session, args.token_id)
    _out(f"revoked token {token.id} ({token.name})")


def add_token_commands(commands: Any) -> None:
    """Register `token create|list|revoke` on the CLI's subcommands."""
    token = commands.add_parser("token", help="admin API tokens")
    actions = token.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create an admin token and print it (shown once)")
    create.add_argument("--name", required=True)
    create.add_argument("--site", help="limit the token to one site (default: all sites)")
    create.set_defaults(run=token_create)
    actions.add_parser("list", help="list admin tokens").set_defaults(run=token_list)
    revoke = actions.add_parser("revoke", help="revoke an admin token at once")
    revoke.add_argument("token_id", type=int)
    revoke.set_defaults(run=token_revoke)


async def comment_action(args: argparse.Namespace, database: Database, _: Settings) -> None:
    """The same action as the queue's buttons, audited as `cli`."""
    admin = Admin(actor="cli", site_ids=frozenset({args.site}))
    result = await moderate_comments(
        database, args.site, args.comment_ids, Action(args.action), admin=admin
    )
    outcomes = {"done": result.done, "skipped": result.skipped, "missing": result.missing}
    for label, ids in outcomes.items():
        _out(f"{label}\t{' '.join(map(str, ids)) or '-'}")


def add_comment_commands(commands: Any) -> None:
    """Register `comment approve|spam|delete|restore|purge` on the CLI's subcommands."""
    comment = commands.add_parser("comment", help="moderate comments")
    actions = comment.add_subparsers(dest="action", required=True)
    for action in Action:
        parser = actions.add_parser(action.value, help=f"{action.value} comments of a site")
        parser.add_argument("--site", required=True)
        parser.add_argument("comment_ids", type=int, nargs="+", metavar="ID")
        parser.set_defaults(run=comment_action)
