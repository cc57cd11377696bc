from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.verdict import Verdict
from ..types import UNSET, Unset

T = TypeVar("T", bound="BlockedWordsCheck")


@_attrs_define
class BlockedWordsCheck:
    """Words or phrases (whole words, any case), and single-word patterns where `*` stands for
    any letters or digits (`cas*no`, `*pharma*`). Plain text, never regular expressions.

        Attributes:
            enabled (bool | Unset):  Default: True.
            patterns (list[str] | Unset):
            verdict (Verdict | Unset):
            words (list[str] | Unset):
    """

    enabled: bool | Unset = True
    patterns: list[str] | Unset = UNSET
    verdict: Verdict | Unset = UNSET
    words: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        patterns: list[str] | Unset = UNSET
        if not isinstance(self.patterns, Unset):
            patterns = self.patterns

        verdict: str | Unset = UNSET
        if not isinstance(self.verdict, Unset):
            verdict = self.verdict.value

        words: list[str] | Unset = UNSET
        if not isinstance(self.words, Unset):
            words = self.words

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if patterns is not UNSET:
            field_dict["patterns"] = patterns
        if verdict is not UNSET:
            field_dict["verdict"] = verdict
        if words is not UNSET:
            field_dict["words"] = words

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        patterns = cast(list[str], d.pop("patterns", UNSET))

        _verdict = d.pop("verdict", UNSET)
        verdict: Verdict | Unset
        if isinstance(_verdict, Unset):
            verdict = UNSET
        else:
            verdict = Verdict(_verdict)

        words = cast(list[str], d.pop("words", UNSET))

        blocked_words_check = cls(
            enabled=enabled,
            patterns=patterns,
            verdict=verdict,
            words=words,
        )

        return blocked_words_check
