from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="QueueThread")


@_attrs_define
class QueueThread:
    """
    Attributes:
        closed (bool):
        id (int):
        pinned_comment_id (int | None):
        title (str):
        url (str):
    """

    closed: bool
    id: int
    pinned_comment_id: int | None
    title: str
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        closed = self.closed

        id = self.id

        pinned_comment_id: int | None
        pinned_comment_id = self.pinned_comment_id

        title = self.title

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "closed": closed,
                "id": id,
                "pinned_comment_id": pinned_comment_id,
                "title": title,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        closed = d.pop("closed")

        id = d.pop("id")

        def _parse_pinned_comment_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        pinned_comment_id = _parse_pinned_comment_id(d.pop("pinned_comment_id"))

        title = d.pop("title")

        url = d.pop("url")

        queue_thread = cls(
            closed=closed,
            id=id,
            pinned_comment_id=pinned_comment_id,
            title=title,
            url=url,
        )

        queue_thread.additional_properties = d
        return queue_thread

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
