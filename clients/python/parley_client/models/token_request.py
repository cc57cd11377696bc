from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TokenRequest")


@_attrs_define
class TokenRequest:
    """A login code from the popup and the PKCE verifier the widget kept.

    Attributes:
        code (str):
        verifier (str):
    """

    code: str
    verifier: str

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        verifier = self.verifier

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "verifier": verifier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        verifier = d.pop("verifier")

        token_request = cls(
            code=code,
            verifier=verifier,
        )

        return token_request
