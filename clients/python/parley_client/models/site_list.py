from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.site_read import SiteRead


T = TypeVar("T", bound="SiteList")


@_attrs_define
class SiteList:
    """
    Attributes:
        sites (list[SiteRead]):
    """

    sites: list[SiteRead]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sites = []
        for sites_item_data in self.sites:
            sites_item = sites_item_data.to_dict()
            sites.append(sites_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sites": sites,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.site_read import SiteRead  # noqa: PLC0415

        d = dict(src_dict)
        sites = []
        _sites = d.pop("sites")
        for sites_item_data in _sites:
            sites_item = SiteRead.from_dict(sites_item_data)

            sites.append(sites_item)

        site_list = cls(
            sites=sites,
        )

        site_list.additional_properties = d
        return site_list

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
