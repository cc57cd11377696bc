from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ThreadUpdate")


@_attrs_define
class ThreadUpdate:
    """Close or reopen a thread, pin a top-level approved comment (null unpins).

    Attributes:
        closed (bool | None | Unset):
        pinned_comment_id (int | None | Unset):
    """

    closed: bool | None | Unset = UNSET
    pinned_comment_id: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        closed: bool | None | Unset
        if isinstance(self.closed, Unset):
            closed = UNSET
        else:
            closed = self.closed

        pinned_comment_id: int | None | Unset
        if isinstance(self.pinned_comment_id, Unset):
            pinned_comment_id = UNSET
        else:
            pinned_comment_id = self.pinned_comment_id

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if closed is not UNSET:
            field_dict["closed"] = closed
        if pinned_comment_id is not UNSET:
            field_dict["pinned_comment_id"] = pinned_comment_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_closed(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        closed = _parse_closed(d.pop("closed", UNSET))

        def _parse_pinned_comment_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pinned_comment_id = _parse_pinned_comment_id(d.pop("pinned_comment_id", UNSET))

        thread_update = cls(
            closed=closed,
            pinned_comment_id=pinned_comment_id,
        )

        return thread_update
