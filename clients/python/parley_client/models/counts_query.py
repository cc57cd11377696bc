from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="CountsQuery")


@_attrs_define
class CountsQuery:
    """Post URLs to count, for lists too long for a query string.

    Attributes:
        urls (list[str]):
    """

    urls: list[str]

    def to_dict(self) -> dict[str, Any]:
        urls = self.urls

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "urls": urls,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        urls = cast(list[str], d.pop("urls"))

        counts_query = cls(
            urls=urls,
        )

        return counts_query
