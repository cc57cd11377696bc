from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.comment_read import CommentRead
    from ..models.site_bootstrap import SiteBootstrap
    from ..models.thread_info import ThreadInfo


T = TypeVar("T", bound="ThreadPage")


@_attrs_define
class ThreadPage:
    """
    Attributes:
        comments (list[CommentRead]):
        thread (ThreadInfo):
        next_cursor (None | str | Unset):
        site (None | SiteBootstrap | Unset): The site's settings and whether one can comment here (C1)
    """

    comments: list[CommentRead]
    thread: ThreadInfo
    next_cursor: None | str | Unset = UNSET
    site: None | SiteBootstrap | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.site_bootstrap import SiteBootstrap  # noqa: PLC0415

        comments = []
        for comments_item_data in self.comments:
            comments_item = comments_item_data.to_dict()
            comments.append(comments_item)

        thread = self.thread.to_dict()

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        site: dict[str, Any] | None | Unset
        if isinstance(self.site, Unset):
            site = UNSET
        elif isinstance(self.site, SiteBootstrap):
            site = self.site.to_dict()
        else:
            site = self.site

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "comments": comments,
                "thread": thread,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor
        if site is not UNSET:
            field_dict["site"] = site

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.comment_read import CommentRead  # noqa: PLC0415
        from ..models.site_bootstrap import SiteBootstrap  # noqa: PLC0415
        from ..models.thread_info import ThreadInfo  # noqa: PLC0415

        d = dict(src_dict)
        comments = []
        _comments = d.pop("comments")
        for comments_item_data in _comments:
            comments_item = CommentRead.from_dict(comments_item_data)

            comments.append(comments_item)

        thread = ThreadInfo.from_dict(d.pop("thread"))

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        def _parse_site(data: object) -> None | SiteBootstrap | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                site_type_0 = SiteBootstrap.from_dict(data)

                return site_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SiteBootstrap | Unset, data)

        site = _parse_site(d.pop("site", UNSET))

        thread_page = cls(
            comments=comments,
            thread=thread,
            next_cursor=next_cursor,
            site=site,
        )

        thread_page.additional_properties = d
        return thread_page

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
