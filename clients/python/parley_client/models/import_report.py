from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_format import ImportFormat
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_report_adjusted import ImportReportAdjusted
    from ..models.import_report_skipped import ImportReportSkipped
    from ..models.import_report_threads_adjusted import ImportReportThreadsAdjusted
    from ..models.import_report_threads_skipped import ImportReportThreadsSkipped
    from ..models.reason_count import ReasonCount


T = TypeVar("T", bound="ImportReport")


@_attrs_define
class ImportReport:
    """The outcome of an import (or of a dry run, which writes nothing).

    Attributes:
        comments (int): Comments imported
        dry_run (bool):
        format_ (ImportFormat):
        site (str):
        skipped (ImportReportSkipped): Comments not imported, by reason (docs/import.md lists them): pingback,
            trackback, already-imported, duplicate-id, invalid-url, no-thread, thread-skipped, …
        threads_created (int):
        threads_existing (int): Threads that already existed and got comments
        warnings (list[str]): The first 100 warnings
        adjusted (ImportReportAdjusted | Unset): Comments imported with a change, by reason: parent-missing, date-
            fallback, website-dropped, …
        reasons (list[ReasonCount] | Unset): Every skip and adjustment reason with examples
        site_created (bool | Unset):  Default: False.
        strict (bool | Unset):  Default: False.
        threads_adjusted (ImportReportThreadsAdjusted | Unset): Threads imported with a change, by reason
        threads_skipped (ImportReportThreadsSkipped | Unset): Threads not imported, by reason
        votes (int | Unset):  Default: 0.
        warnings_total (int | Unset):  Default: 0.
    """

    comments: int
    dry_run: bool
    format_: ImportFormat
    site: str
    skipped: ImportReportSkipped
    threads_created: int
    threads_existing: int
    warnings: list[str]
    adjusted: ImportReportAdjusted | Unset = UNSET
    reasons: list[ReasonCount] | Unset = UNSET
    site_created: bool | Unset = False
    strict: bool | Unset = False
    threads_adjusted: ImportReportThreadsAdjusted | Unset = UNSET
    threads_skipped: ImportReportThreadsSkipped | Unset = UNSET
    votes: int | Unset = 0
    warnings_total: int | Unset = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        comments = self.comments

        dry_run = self.dry_run

        format_ = self.format_.value

        site = self.site

        skipped = self.skipped.to_dict()

        threads_created = self.threads_created

        threads_existing = self.threads_existing

        warnings = self.warnings

        adjusted: dict[str, Any] | Unset = UNSET
        if not isinstance(self.adjusted, Unset):
            adjusted = self.adjusted.to_dict()

        reasons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.reasons, Unset):
            reasons = []
            for reasons_item_data in self.reasons:
                reasons_item = reasons_item_data.to_dict()
                reasons.append(reasons_item)

        site_created = self.site_created

        strict = self.strict

        threads_adjusted: dict[str, Any] | Unset = UNSET
        if not isinstance(self.threads_adjusted, Unset):
            threads_adjusted = self.threads_adjusted.to_dict()

        threads_skipped: dict[str, Any] | Unset = UNSET
        if not isinstance(self.threads_skipped, Unset):
            threads_skipped = self.threads_skipped.to_dict()

        votes = self.votes

        warnings_total = self.warnings_total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "comments": comments,
                "dry_run": dry_run,
                "format": format_,
                "site": site,
                "skipped": skipped,
                "threads_created": threads_created,
                "threads_existing": threads_existing,
                "warnings": warnings,
            }
        )
        if adjusted is not UNSET:
            field_dict["adjusted"] = adjusted
        if reasons is not UNSET:
            field_dict["reasons"] = reasons
        if site_created is not UNSET:
            field_dict["site_created"] = site_created
        if strict is not UNSET:
            field_dict["strict"] = strict
        if threads_adjusted is not UNSET:
            field_dict["threads_adjusted"] = threads_adjusted
        if threads_skipped is not UNSET:
            field_dict["threads_skipped"] = threads_skipped
        if votes is not UNSET:
            field_dict["votes"] = votes
        if warnings_total is not UNSET:
            field_dict["warnings_total"] = warnings_total

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_report_adjusted import ImportReportAdjusted  # noqa: PLC0415
        from ..models.import_report_skipped import ImportReportSkipped  # noqa: PLC0415
        from ..models.import_report_threads_adjusted import ImportReportThreadsAdjusted  # noqa: PLC0415
        from ..models.import_report_threads_skipped import ImportReportThreadsSkipped  # noqa: PLC0415
        from ..models.reason_count import ReasonCount  # noqa: PLC0415

        d = dict(src_dict)
        comments = d.pop("comments")

        dry_run = d.pop("dry_run")

        format_ = ImportFormat(d.pop("format"))

        site = d.pop("site")

        skipped = ImportReportSkipped.from_dict(d.pop("skipped"))

        threads_created = d.pop("threads_created")

        threads_existing = d.pop("threads_existing")

        warnings = cast(list[str], d.pop("warnings"))

        _adjusted = d.pop("adjusted", UNSET)
        adjusted: ImportReportAdjusted | Unset
        if isinstance(_adjusted, Unset):
            adjusted = UNSET
        else:
            adjusted = ImportReportAdjusted.from_dict(_adjusted)

        _reasons = d.pop("reasons", UNSET)
        reasons: list[ReasonCount] | Unset = UNSET
        if _reasons is not UNSET:
            reasons = []
            for reasons_item_data in _reasons:
                reasons_item = ReasonCount.from_dict(reasons_item_data)

                reasons.append(reasons_item)

        site_created = d.pop("site_created", UNSET)

        strict = d.pop("strict", UNSET)

        _threads_adjusted = d.pop("threads_adjusted", UNSET)
        threads_adjusted: ImportReportThreadsAdjusted | Unset
        if isinstance(_threads_adjusted, Unset):
            threads_adjusted = UNSET
        else:
            threads_adjusted = ImportReportThreadsAdjusted.from_dict(_threads_adjusted)

        _threads_skipped = d.pop("threads_skipped", UNSET)
        threads_skipped: ImportReportThreadsSkipped | Unset
        if isinstance(_threads_skipped, Unset):
            threads_skipped = UNSET
        else:
            threads_skipped = ImportReportThreadsSkipped.from_dict(_threads_skipped)

        votes = d.pop("votes", UNSET)

        warnings_total = d.pop("warnings_total", UNSET)

        import_report = cls(
            comments=comments,
            dry_run=dry_run,
            format_=format_,
            site=site,
            skipped=skipped,
            threads_created=threads_created,
            threads_existing=threads_existing,
            warnings=warnings,
            adjusted=adjusted,
            reasons=reasons,
            site_created=site_created,
            strict=strict,
            threads_adjusted=threads_adjusted,
            threads_skipped=threads_skipped,
            votes=votes,
            warnings_total=warnings_total,
        )

        import_report.additional_properties = d
        return import_report

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
