from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.notify_choice import NotifyChoice
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommentCreate")


@_attrs_define
class CommentCreate:
    """A new comment. Guests send author_*; logged-in commenters send a bearer token instead.

    Attributes:
        body (str): Markdown source
        url (str): The post's URL (normalized server-side)
        author_email (None | str | Unset): Never shown publicly
        author_name (None | str | Unset):
        author_website (None | str | Unset):
        form_elapsed_ms (int | None | Unset): Time the form was open before submitting
        honeypot (None | str | Unset): Hidden form field; humans leave it empty
        notify (NotifyChoice | Unset):
        parent_id (int | None | Unset): Comment this replies to
        title (str | Unset): The post's title Default: ''.
    """

    body: str
    url: str
    author_email: None | str | Unset = UNSET
    author_name: None | str | Unset = UNSET
    author_website: None | str | Unset = UNSET
    form_elapsed_ms: int | None | Unset = UNSET
    honeypot: None | str | Unset = UNSET
    notify: NotifyChoice | Unset = UNSET
    parent_id: int | None | Unset = UNSET
    title: str | Unset = ""

    def to_dict(self) -> dict[str, Any]:
        body = self.body

        url = self.url

        author_email: None | str | Unset
        if isinstance(self.author_email, Unset):
            author_email = UNSET
        else:
            author_email = self.author_email

        author_name: None | str | Unset
        if isinstance(self.author_name, Unset):
            author_name = UNSET
        else:
            author_name = self.author_name

        author_website: None | str | Unset
        if isinstance(self.author_website, Unset):
            author_website = UNSET
        else:
            author_website = self.author_website

        form_elapsed_ms: int | None | Unset
        if isinstance(self.form_elapsed_ms, Unset):
            form_elapsed_ms = UNSET
        else:
            form_elapsed_ms = self.form_elapsed_ms

        honeypot: None | str | Unset
        if isinstance(self.honeypot, Unset):
            honeypot = UNSET
        else:
            honeypot = self.honeypot

        notify: str | Unset = UNSET
        if not isinstance(self.notify, Unset):
            notify = self.notify.value

        parent_id: int | None | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        else:
            parent_id = self.parent_id

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "body": body,
                "url": url,
            }
        )
        if author_email is not UNSET:
            field_dict["author_email"] = author_email
        if author_name is not UNSET:
            field_dict["author_name"] = author_name
        if author_website is not UNSET:
            field_dict["author_website"] = author_website
        if form_elapsed_ms is not UNSET:
            field_dict["form_elapsed_ms"] = form_elapsed_ms
        if honeypot is not UNSET:
            field_dict["honeypot"] = honeypot
        if notify is not UNSET:
            field_dict["notify"] = notify
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        url = d.pop("url")

        def _parse_author_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        author_email = _parse_author_email(d.pop("author_email", UNSET))

        def _parse_author_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        author_name = _parse_author_name(d.pop("author_name", UNSET))

        def _parse_author_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        author_website = _parse_author_website(d.pop("author_website", UNSET))

        def _parse_form_elapsed_ms(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        form_elapsed_ms = _parse_form_elapsed_ms(d.pop("form_elapsed_ms", UNSET))

        def _parse_honeypot(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        honeypot = _parse_honeypot(d.pop("honeypot", UNSET))

        _notify = d.pop("notify", UNSET)
        notify: NotifyChoice | Unset
        if isinstance(_notify, Unset):
            notify = UNSET
        else:
            notify = NotifyChoice(_notify)

        def _parse_parent_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))

        title = d.pop("title", UNSET)

        comment_create = cls(
            body=body,
            url=url,
            author_email=author_email,
            author_name=author_name,
            author_website=author_website,
            form_elapsed_ms=form_elapsed_ms,
            honeypot=honeypot,
            notify=notify,
            parent_id=parent_id,
            title=title,
        )

        return comment_create
