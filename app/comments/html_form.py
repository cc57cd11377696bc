"""The plain form's input: WordPress's field names, parsed leniently, turned into the JSON API's
`CommentCreate`; and what the reader is told when it is refused (pure: no I/O)."""

import dataclasses

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.comments import formtoken
from app.comments.html_words import Words
from app.comments.schemas import MAX_BODY_CHARS, CommentCreate
from app.errors import AppError
from app.net import ClientInfo


class CommentForm(BaseModel):
    """The plain "Leave a Reply" form (WordPress's field names). Lenient on purpose: whatever a
    reader typed comes back in a filled-in form with what is wrong, never as a bare error."""

    model_config = ConfigDict(extra="ignore")  # the submit button, a theme's extra fields

    comment: str = Field(default="", max_length=MAX_BODY_CHARS * 4)
    author: str = Field(default="", max_length=1000)
    email: str = Field(default="", max_length=1000)
    url: str = Field(default="", max_length=2048, description="The commenter's website")
    post_url: str = Field(max_length=2048, description="The post's URL")
    title: str = Field(default="", max_length=500)
    comment_parent: str = Field(default="0", max_length=20)
    notify: str = Field(default="none", max_length=20)
    parley_hp: str = Field(default="", max_length=1000, description="Honeypot: leave empty")
    parley_token: str = Field(default="", max_length=200, description="The form's token")


def problems(words: Words, error: ValidationError) -> list[str]:
    out = []
    for item in error.errors():
        where = item["loc"][0] if item["loc"] else ""
        if where == "body" and item["type"] == "string_too_short":
            out.append(words("empty"))
        elif where == "body" and item["type"] == "string_too_long":
            out.append(words("tooLong", n=str(MAX_BODY_CHARS)))
        elif where == "author_email":
            out.append(words("v-email"))
        else:
            out.append(words("e-invalid-input", d=f"{where}: {item['msg']}"))
    return out


APP_ERROR_WORDS = {
    "rate-limited": "e-rate-limited",
    "banned": "e-banned",
    "name-reserved": "e-name-reserved",
    "thread-closed": "closed",
    "guests-not-allowed": "e-guests-not-allowed",
}


def app_error(words: Words, exc: AppError) -> str:
    key = APP_ERROR_WORDS.get(exc.type)
    if key:
        return words(key)
    return words("e-invalid-input", d=exc.detail or exc.title)


def from_own_pages(client: ClientInfo) -> ClientInfo:
    """The form sent again from Parley's own page (the filled-in form after a refusal) comes
    from Parley's origin: no site's page, so no origin to check; its token ties it to the site.

    `Origin: null` is a blog's page whose Referrer-Policy (`no-referrer`, or `same-origin` as
    privacy guides advise) hides its origin from a cross-site form post: no origin to check
    either, as for a post with none; the form token ties it to the site, the post URL is checked
    on the site's origins, and the form carries no credential."""
    if client.origin == "null":
        return dataclasses.replace(client, origin=None)
    if client.origin is not None and client.base_url.startswith(client.origin + "/"):
        return dataclasses.replace(client, origin=None)
    if client.origin is not None and client.origin == client.base_url:
        return dataclasses.replace(client, origin=None)
    return client


class FormExpired(Exception):
    pass


def comment_create(
    form: CommentForm, post_url: str, secret_key: str, site_id: str
) -> CommentCreate | None:
    """The JSON API's input from the form; None when its token is missing, forged or too old."""
    elapsed = formtoken.elapsed_ms(secret_key, site_id, form.parley_token)
    if elapsed is None:
        return None
    parent = form.comment_parent.strip()
    return CommentCreate(
        url=post_url,
        title=form.title,
        parent_id=int(parent) if parent.isascii() and parent.isdigit() and parent != "0" else None,
        body=form.comment,
        author_name=form.author or None,
        author_email=form.email.strip() or None,
        author_website=form.url or None,
        honeypot=form.parley_hp or None,
        form_elapsed_ms=None if elapsed == formtoken.UNTIMED else elapsed,
        notify=form.notify if form.notify in ("none", "replies", "thread") else "none",
    )
