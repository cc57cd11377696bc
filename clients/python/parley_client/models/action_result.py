from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.action import Action
from ..types import UNSET, Unset

T = TypeVar("T", bound="ActionResult")


@_attrs_define
class ActionResult:
    """Outcome of an action: the comments changed (purge: removed, with their replies).

    Attributes:
        action (Action): What a moderator can do to a comment.
        done (list[int]): Comments changed (purge: every id removed)
        missing (list[int] | Unset): Ids not found on this site
        skipped (list[int] | Unset): Comments the action does not apply to
    """

    action: Action
    done: list[int]
    missing: list[int] | Unset = UNSET
    skipped: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        action = self.action.value

        done = self.done

        missing: list[int] | Unset = UNSET
        if not isinstance(self.missing, Unset):
            missing = self.missing

        skipped: list[int] | Unset = UNSET
        if not isinstance(self.skipped, Unset):
            skipped = self.skipped

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "action": action,
                "done": done,
            }
        )
        if missing is not UNSET:
            field_dict["missing"] = missing
        if skipped is not UNSET:
            field_dict["skipped"] = skipped

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        action = Action(d.pop("action"))

        done = cast(list[int], d.pop("done"))

        missing = cast(list[int], d.pop("missing", UNSET))

        skipped = cast(list[int], d.pop("skipped", UNSET))

        action_result = cls(
            action=action,
            done=done,
            missing=missing,
            skipped=skipped,
        )

        action_result.additional_properties = d
        return action_result

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
