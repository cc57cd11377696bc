from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.comment_status import CommentStatus
from ..models.notification_outcome import NotificationOutcome
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.author_read import AuthorRead
    from ..models.comment_read import CommentRead


T = TypeVar("T", bound="CommentCreated")


@_attrs_define
class CommentCreated:
    """
    Attributes:
        author (AuthorRead):
        body (str):
        body_html (str):
        created_at (datetime.datetime):
        edited_at (datetime.datetime | None):
        id (int):
        parent_id (int | None):
        score (int):
        status (CommentStatus):
        edit_token (None | str | Unset): Guests only: proves authorship for edit/delete; shown once
        notification (None | NotificationOutcome | Unset): What `notify` did: `confirmation_sent` (a confirmation mail
            was sent to the address for this post: check the inbox), `subscribed` (the address already gets them),
            `on_approval` (the comment awaits moderation: the subscription starts when it is approved); null when no
            notification was asked for (or email is off)
        pinned (bool | Unset):  Default: False.
        replies (list[CommentRead] | Unset):
    """

    author: AuthorRead
    body: str
    body_html: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    id: int
    parent_id: int | None
    score: int
    status: CommentStatus
    edit_token: None | str | Unset = UNSET
    notification: None | NotificationOutcome | Unset = UNSET
    pinned: bool | Unset = False
    replies: list[CommentRead] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        author = self.author.to_dict()

        body = self.body

        body_html = self.body_html

        created_at = self.created_at.isoformat()

        edited_at: None | str
        if isinstance(self.edited_at, datetime.datetime):
            edited_at = self.edited_at.isoformat()
        else:
            edited_at = self.edited_at

        id = self.id

        parent_id: int | None
        parent_id = self.parent_id

        score = self.score

        status = self.status.value

        edit_token: None | str | Unset
        if isinstance(self.edit_token, Unset):
            edit_token = UNSET
        else:
            edit_token = self.edit_token

        notification: None | str | Unset
        if isinstance(self.notification, Unset):
            notification = UNSET
        elif isinstance(self.notification, NotificationOutcome):
            notification = self.notification.value
        else:
            notification = self.notification

        pinned = self.pinned

        replies: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.replies, Unset):
            replies = []
            for replies_item_data in self.replies:
                replies_item = replies_item_data.to_dict()
                replies.append(replies_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "author": author,
                "body": body,
                "body_html": body_html,
                "created_at": created_at,
                "edited_at": edited_at,
                "id": id,
                "parent_id": parent_id,
                "score": score,
                "status": status,
            }
        )
        if edit_token is not UNSET:
            field_dict["edit_token"] = edit_token
        if notification is not UNSET:
            field_dict["notification"] = notification
        if pinned is not UNSET:
            field_dict["pinned"] = pinned
        if replies is not UNSET:
            field_dict["replies"] = replies

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.author_read import AuthorRead  # noqa: PLC0415
        from ..models.comment_read import CommentRead  # noqa: PLC0415

        d = dict(src_dict)
        author = AuthorRead.from_dict(d.pop("author"))

        body = d.pop("body")

        body_html = d.pop("body_html")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_edited_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                edited_at_type_0 = datetime.datetime.fromisoformat(data)

                return edited_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        edited_at = _parse_edited_at(d.pop("edited_at"))

        id = d.pop("id")

        def _parse_parent_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        parent_id = _parse_parent_id(d.pop("parent_id"))

        score = d.pop("score")

        status = CommentStatus(d.pop("status"))

        def _parse_edit_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        edit_token = _parse_edit_token(d.pop("edit_token", UNSET))

        def _parse_notification(data: object) -> None | NotificationOutcome | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                notification_type_0 = NotificationOutcome(data)

                return notification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | NotificationOutcome | Unset, data)

        notification = _parse_notification(d.pop("notification", UNSET))

        pinned = d.pop("pinned", UNSET)

        _replies = d.pop("replies", UNSET)
        replies: list[CommentRead] | Unset = UNSET
        if _replies is not UNSET:
            replies = []
            for replies_item_data in _replies:
                replies_item = CommentRead.from_dict(replies_item_data)

                replies.append(replies_item)

        comment_created = cls(
            author=author,
            body=body,
            body_html=body_html,
            created_at=created_at,
            edited_at=edited_at,
            id=id,
            parent_id=parent_id,
            score=score,
            status=status,
            edit_token=edit_token,
            notification=notification,
            pinned=pinned,
            replies=replies,
        )

        comment_created.additional_properties = d
        return comment_created

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
