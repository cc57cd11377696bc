"""Moderating from the alert mail: `/moderate/<signed link>` (issue 26 item 3).

GET shows the comment and one button and changes nothing (mail scanners and link previews fetch
links); only the button's POST acts. The signed link (app.identity.action_links) is the whole
credential: one action, one comment, one site, until it expires. Pages are Jinja2 templates with
autoescape; the link's token never leaves the page (no referrer, nothing loaded from elsewhere).
"""

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.comments import moderate
from app.comments.moderate import Action
from app.db.session import DatabaseDep, ReadSessionDep, SessionDep
from app.errors import AppError
from app.identity.access import Admin
from app.identity.action_links import MailAction, verify_action
from app.moderation import queue
from app.moderation.schemas import QueueComment
from app.runtime import SecretKey

router = APIRouter(include_in_schema=False)
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
)
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'none'"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",  # the URL is the credential
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
}
CONFIRM = {"approve": "Approve comment", "spam": "Mark as spam", "delete": "Delete comment"}
DONE = {"approve": "approved", "spam": "marked as spam", "delete": "deleted"}


def _page(status: int = 200, **values: object) -> HTMLResponse:
    body = TEMPLATES.get_template("moderate.html").render(**values)
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def _admin_url(granted: MailAction) -> str:
    return f"/admin?site={granted.site_id}&comment={granted.comment_id}"


async def _granted(
    session: SessionDep, secret_key: str, token: str
) -> tuple[MailAction, QueueComment]:
    granted = verify_action(secret_key, token)
    comment = await queue.get_queue_comment(session, granted.site_id, granted.comment_id)
    return granted, comment


@router.get("/moderate/{token}")
async def confirm_page(token: str, session: SessionDep, secret_key: SecretKey) -> HTMLResponse:
    """The confirmation page of a mail's action link: the comment and one button."""
    try:
        granted, comment = await _granted(session, secret_key, token)
    except AppError as exc:
        return _page(exc.status, heading=exc.title, message=exc.detail)
    return _page(
        heading=f"{CONFIRM[granted.action]}?",
        comment=comment,
        confirm=CONFIRM[granted.action],
        admin_url=_admin_url(granted),
    )


@router.post("/moderate/{token}")
async def apply_from_mail(
    token: str, database: DatabaseDep, reads: ReadSessionDep, secret_key: SecretKey
) -> HTMLResponse:
    """Apply the link's one action to its one comment (audited as `mail-link:<action>`)."""
    try:
        granted, _ = await _granted(reads, secret_key, token)
    except AppError as exc:
        return _page(exc.status, heading=exc.title, message=exc.detail)
    admin = Admin(actor=f"mail-link:{granted.action}", site_ids=frozenset({granted.site_id}))
    result = await moderate.moderate_comments(
        database, granted.site_id, [granted.comment_id], Action(granted.action), admin=admin
    )
    comment = await queue.get_queue_comment(reads, granted.site_id, granted.comment_id)
    done = bool(result.done)
    message = (
        f"Comment {DONE[granted.action]}."
        if done
        else f"Nothing to do: the comment is already {comment.status}."
    )
    return _page(heading=message, comment=comment, admin_url=_admin_url(granted))
