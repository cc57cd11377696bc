from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CommentForm")


@_attrs_define
class CommentForm:
    """The plain "Leave a Reply" form (WordPress's field names). Lenient on purpose: whatever a
    reader typed comes back in a filled-in form with what is wrong, never as a bare error.

        Attributes:
            post_url (str): The post's URL
            author (str | Unset):  Default: ''.
            comment (str | Unset):  Default: ''.
            comment_parent (str | Unset):  Default: '0'.
            email (str | Unset):  Default: ''.
            notify (str | Unset):  Default: 'none'.
            parley_hp (str | Unset): Honeypot: leave empty Default: ''.
            parley_token (str | Unset): The form's token Default: ''.
            title (str | Unset):  Default: ''.
            url (str | Unset): The commenter's website Default: ''.
    """

    post_url: str
    author: str | Unset = ""
    comment: str | Unset = ""
    comment_parent: str | Unset = "0"
    email: str | Unset = ""
    notify: str | Unset = "none"
    parley_hp: str | Unset = ""
    parley_token: str | Unset = ""
    title: str | Unset = ""
    url: str | Unset = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        post_url = self.post_url

        author = self.author

        comment = self.comment

        comment_parent = self.comment_parent

        email = self.email

        notify = self.notify

        parley_hp = self.parley_hp

        parley_token = self.parley_token

        title = self.title

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "post_url": post_url,
            }
        )
        if author is not UNSET:
            field_dict["author"] = author
        if comment is not UNSET:
            field_dict["comment"] = comment
        if comment_parent is not UNSET:
            field_dict["comment_parent"] = comment_parent
        if email is not UNSET:
            field_dict["email"] = email
        if notify is not UNSET:
            field_dict["notify"] = notify
        if parley_hp is not UNSET:
            field_dict["parley_hp"] = parley_hp
        if parley_token is not UNSET:
            field_dict["parley_token"] = parley_token
        if title is not UNSET:
            field_dict["title"] = title
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        post_url = d.pop("post_url")

        author = d.pop("author", UNSET)

        comment = d.pop("comment", UNSET)

        comment_parent = d.pop("comment_parent", UNSET)

        email = d.pop("email", UNSET)

        notify = d.pop("notify", UNSET)

        parley_hp = d.pop("parley_hp", UNSET)

        parley_token = d.pop("parley_token", UNSET)

        title = d.pop("title", UNSET)

        url = d.pop("url", UNSET)

        comment_form = cls(
            post_url=post_url,
            author=author,
            comment=comment,
            comment_parent=comment_parent,
            email=email,
            notify=notify,
            parley_hp=parley_hp,
            parley_token=parley_token,
            title=title,
            url=url,
        )

        comment_form.additional_properties = d
        return comment_form

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
