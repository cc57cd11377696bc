from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.action import Action

T = TypeVar("T", bound="BulkAction")


@_attrs_define
class BulkAction:
    """
    Attributes:
        action (Action): What a moderator can do to a comment.
        ids (list[int]):
    """

    action: Action
    ids: list[int]

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        ids = self.ids

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "action": action,
                "ids": ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = Action(d.pop("action"))

        ids = cast(list[int], d.pop("ids"))

        bulk_action = cls(
            action=action,
            ids=ids,
        )

        return bulk_action
