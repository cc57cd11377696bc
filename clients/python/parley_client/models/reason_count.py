from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReasonCount")


@_attrs_define
class ReasonCount:
    """How many threads or comments one reason skipped or adjusted, with the first source ids.

    Attributes:
        count (int):
        outcome (str): skipped | adjusted
        reason (str):
        source_ids (list[str]): The first few source ids (as in the file)
        subject (str): thread | comment
    """

    count: int
    outcome: str
    reason: str
    source_ids: list[str]
    subject: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        outcome = self.outcome

        reason = self.reason

        source_ids = self.source_ids

        subject = self.subject

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "outcome": outcome,
                "reason": reason,
                "source_ids": source_ids,
                "subject": subject,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        outcome = d.pop("outcome")

        reason = d.pop("reason")

        source_ids = cast(list[str], d.pop("source_ids"))

        subject = d.pop("subject")

        reason_count = cls(
            count=count,
            outcome=outcome,
            reason=reason,
            source_ids=source_ids,
            subject=subject,
        )

        reason_count.additional_properties = d
        return reason_count

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
