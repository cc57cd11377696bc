from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_format import ImportFormat
from ..models.job_status import JobStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_report import ImportReport


T = TypeVar("T", bound="ImportJobRead")


@_attrs_define
class ImportJobRead:
    """A background import: its state, progress and, when done, its report.

    Attributes:
        bytes_read (int):
        bytes_total (int):
        created_at (datetime.datetime):
        format_ (ImportFormat):
        id (int):
        phase (str): reading (parsing, off the write lock) | writing | finished
        progress (float): 0..1, an estimate from the bytes read
        site (str):
        status (JobStatus):
        error (None | str | Unset): Why the job failed; nothing was written
        finished_at (datetime.datetime | None | Unset):
        report (ImportReport | None | Unset):
    """

    bytes_read: int
    bytes_total: int
    created_at: datetime.datetime
    format_: ImportFormat
    id: int
    phase: str
    progress: float
    site: str
    status: JobStatus
    error: None | str | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    report: ImportReport | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.import_report import ImportReport  # noqa: PLC0415

        bytes_read = self.bytes_read

        bytes_total = self.bytes_total

        created_at = self.created_at.isoformat()

        format_ = self.format_.value

        id = self.id

        phase = self.phase

        progress = self.progress

        site = self.site

        status = self.status.value

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        report: dict[str, Any] | None | Unset
        if isinstance(self.report, Unset):
            report = UNSET
        elif isinstance(self.report, ImportReport):
            report = self.report.to_dict()
        else:
            report = self.report

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "bytes_read": bytes_read,
                "bytes_total": bytes_total,
                "created_at": created_at,
                "format": format_,
                "id": id,
                "phase": phase,
                "progress": progress,
                "site": site,
                "status": status,
            }
        )
        if error is not UNSET:
            field_dict["error"] = error
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if report is not UNSET:
            field_dict["report"] = report

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.import_report import ImportReport  # noqa: PLC0415

        d = dict(src_dict)
        bytes_read = d.pop("bytes_read")

        bytes_total = d.pop("bytes_total")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        format_ = ImportFormat(d.pop("format"))

        id = d.pop("id")

        phase = d.pop("phase")

        progress = d.pop("progress")

        site = d.pop("site")

        status = JobStatus(d.pop("status"))

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

        def _parse_report(data: object) -> ImportReport | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                report_type_0 = ImportReport.from_dict(data)

                return report_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportReport | None | Unset, data)

        report = _parse_report(d.pop("report", UNSET))

        import_job_read = cls(
            bytes_read=bytes_read,
            bytes_total=bytes_total,
            created_at=created_at,
            format_=format_,
            id=id,
            phase=phase,
            progress=progress,
            site=site,
            status=status,
            error=error,
            finished_at=finished_at,
            report=report,
        )

        import_job_read.additional_properties = d
        return import_job_read

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
