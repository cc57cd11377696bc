from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.cannot_comment_reason import CannotCommentReason
from ..models.guest_policy import GuestPolicy
from ..models.moderation_mode import ModerationMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.provider_info import ProviderInfo


T = TypeVar("T", bound="SiteBootstrap")


@_attrs_define
class SiteBootstrap:
    """The site's settings as the widget needs them, and whether anyone can comment here.

    Attributes:
        can_comment (bool):
        closed (bool):
        display_depth (int): Replies nest this deep (the site's max_depth)
        edit_window_seconds (int):
        email_notifications (bool): True when the server can send email
        guest_policy (GuestPolicy):
        id (str):
        max_depth (int): Same as display_depth (the name in the site settings)
        moderation (ModerationMode):
        name (str):
        providers (list[ProviderInfo]):
        cannot_comment_reason (CannotCommentReason | None | Unset):
    """

    can_comment: bool
    closed: bool
    display_depth: int
    edit_window_seconds: int
    email_notifications: bool
    guest_policy: GuestPolicy
    id: str
    max_depth: int
    moderation: ModerationMode
    name: str
    providers: list[ProviderInfo]
    cannot_comment_reason: CannotCommentReason | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        can_comment = self.can_comment

        closed = self.closed

        display_depth = self.display_depth

        edit_window_seconds = self.edit_window_seconds

        email_notifications = self.email_notifications

        guest_policy = self.guest_policy.value

        id = self.id

        max_depth = self.max_depth

        moderation = self.moderation.value

        name = self.name

        providers = []
        for providers_item_data in self.providers:
            providers_item = providers_item_data.to_dict()
            providers.append(providers_item)

        cannot_comment_reason: None | str | Unset
        if isinstance(self.cannot_comment_reason, Unset):
            cannot_comment_reason = UNSET
        elif isinstance(self.cannot_comment_reason, CannotCommentReason):
            cannot_comment_reason = self.cannot_comment_reason.value
        else:
            cannot_comment_reason = self.cannot_comment_reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "can_comment": can_comment,
                "closed": closed,
                "display_depth": display_depth,
                "edit_window_seconds": edit_window_seconds,
                "email_notifications": email_notifications,
                "guest_policy": guest_policy,
                "id": id,
                "max_depth": max_depth,
                "moderation": moderation,
                "name": name,
                "providers": providers,
            }
        )
        if cannot_comment_reason is not UNSET:
            field_dict["cannot_comment_reason"] = cannot_comment_reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provider_info import ProviderInfo  # noqa: PLC0415

        d = dict(src_dict)
        can_comment = d.pop("can_comment")

        closed = d.pop("closed")

        display_depth = d.pop("display_depth")

        edit_window_seconds = d.pop("edit_window_seconds")

        email_notifications = d.pop("email_notifications")

        guest_policy = GuestPolicy(d.pop("guest_policy"))

        id = d.pop("id")

        max_depth = d.pop("max_depth")

        moderation = ModerationMode(d.pop("moderation"))

        name = d.pop("name")

        providers = []
        _providers = d.pop("providers")
        for providers_item_data in _providers:
            providers_item = ProviderInfo.from_dict(providers_item_data)

            providers.append(providers_item)

        def _parse_cannot_comment_reason(data: object) -> CannotCommentReason | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cannot_comment_reason_type_0 = CannotCommentReason(data)

                return cannot_comment_reason_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CannotCommentReason | None | Unset, data)

        cannot_comment_reason = _parse_cannot_comment_reason(d.pop("cannot_comment_reason", UNSET))

        site_bootstrap = cls(
            can_comment=can_comment,
            closed=closed,
            display_depth=display_depth,
            edit_window_seconds=edit_window_seconds,
            email_notifications=email_notifications,
            guest_policy=guest_policy,
            id=id,
            max_depth=max_depth,
            moderation=moderation,
            name=name,
            providers=providers,
            cannot_comment_reason=cannot_comment_reason,
        )

        site_bootstrap.additional_properties = d
        return site_bootstrap

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
