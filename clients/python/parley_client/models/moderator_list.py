from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.moderator_read import ModeratorRead


T = TypeVar("T", bound="ModeratorList")


@_attrs_define
class ModeratorList:
    """
    Attributes:
        moderators (list[ModeratorRead]):
    """

    moderators: list[ModeratorRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        moderators = []
        for moderators_item_data in self.moderators:
            moderators_item = moderators_item_data.to_dict()
            moderators.append(moderators_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "moderators": moderators,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.moderator_read import ModeratorRead  # noqa: PLC0415

        d = dict(src_dict)
        moderators = []
        _moderators = d.pop("moderators")
        for moderators_item_data in _moderators:
            moderators_item = ModeratorRead.from_dict(moderators_item_data)

            moderators.append(moderators_item)

        moderator_list = cls(
            moderators=moderators,
        )

        moderator_list.additional_properties = d
        return moderator_list

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
