from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AdminLogin")


@_attrs_define
class AdminLogin:
    """Open an /admin session: with an admin token, or with the one-time code and PKCE verifier
    of a moderator's login made on /admin.

        Attributes:
            code (None | str | Unset):
            token (None | str | Unset):
            verifier (None | str | Unset):
    """

    code: None | str | Unset = UNSET
    token: None | str | Unset = UNSET
    verifier: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        token: None | str | Unset
        if isinstance(self.token, Unset):
            token = UNSET
        else:
            token = self.token

        verifier: None | str | Unset
        if isinstance(self.verifier, Unset):
            verifier = UNSET
        else:
            verifier = self.verifier

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if code is not UNSET:
            field_dict["code"] = code
        if token is not UNSET:
            field_dict["token"] = token
        if verifier is not UNSET:
            field_dict["verifier"] = verifier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        def _parse_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token = _parse_token(d.pop("token", UNSET))

        def _parse_verifier(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        verifier = _parse_verifier(d.pop("verifier", UNSET))

        admin_login = cls(
            code=code,
            token=token,
            verifier=verifier,
        )

        return admin_login
