from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.comment_status import CommentStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.queue_author import QueueAuthor
    from ..models.queue_thread import QueueThread


T = TypeVar("T", bound="QueueComment")


@_attrs_define
class QueueComment:
    """
    Attributes:
        author (QueueAuthor): The author as moderators see it: the email too, never the IP (only its keyed hash exists).
        body (str):
        body_html (str):
        created_at (datetime.datetime):
        edited_at (datetime.datetime | None):
        id (int):
        parent_id (int | None):
        pinned (bool):
        score (int):
        status (CommentStatus):
        thread (QueueThread):
        flags (list[str] | Unset): Spam checks that fired when it was posted
    """

    author: QueueAuthor
    body: str
    body_html: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    id: int
    parent_id: int | None
    pinned: bool
    score: int
    status: CommentStatus
    thread: QueueThread
    flags: list[str] | Unset = UNSET
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

        pinned = self.pinned

        score = self.score

        status = self.status.value

        thread = self.thread.to_dict()

        flags: list[str] | Unset = UNSET
        if not isinstance(self.flags, Unset):
            flags = self.flags

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
                "pinned": pinned,
                "score": score,
                "status": status,
                "thread": thread,
            }
        )
        if flags is not UNSET:
            field_dict["flags"] = flags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.queue_author import QueueAuthor  # noqa: PLC0415
        from ..models.queue_thread import QueueThread  # noqa: PLC0415

        d = dict(src_dict)
        author = QueueAuthor.from_dict(d.pop("author"))

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

        pinned = d.pop("pinned")

        score = d.pop("score")

        status = CommentStatus(d.pop("status"))

        thread = QueueThread.from_dict(d.pop("thread"))

        flags = cast(list[str], d.pop("flags", UNSET))

        queue_comment = cls(
            author=author,
            body=body,
            body_html=body_html,
            created_at=created_at,
            edited_at=edited_at,
            id=id,
            parent_id=parent_id,
            pinned=pinned,
            score=score,
            status=status,
            thread=thread,
            flags=flags,
        )

        queue_comment.additional_properties = d
        return queue_comment

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
