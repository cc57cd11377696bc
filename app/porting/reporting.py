"""The import report as text for people (the CLI); the API returns the model as JSON."""

from app.porting.schemas import ImportReport


def _total(counts: dict[str, int]) -> int:
    return sum(counts.values())


def format_report(report: ImportReport, *, max_warnings: int = 20) -> str:
    """A few readable lines: totals, then every reason with its first source ids."""
    mode = "strict" if report.strict else "tolerant"
    verb = "Would import (dry run)" if report.dry_run else "Imported"
    lines = [
        f"{verb} into site {report.site!r} from {report.format.value} ({mode}):",
        f"  threads:  {report.threads_created} created, {report.threads_existing} existing, "
        f"{_total(report.threads_skipped)} skipped, {_total(report.threads_adjusted)} adjusted",
        f"  comments: {report.comments} imported, {_total(report.skipped)} skipped, "
        f"{_total(report.adjusted)} adjusted" + (f", {report.votes} votes" if report.votes else ""),
    ]
    if report.site_created:
        lines.append("  the site was created from the file's settings")
    listed = {(r.subject, r.outcome, r.reason) for r in report.reasons}
    rows = [
        (r.outcome, r.subject, r.reason, r.count, ", ".join(r.source_ids)) for r in report.reasons
    ]
    for outcome, counts in (("skipped", report.skipped), ("adjusted", report.adjusted)):
        rows += [
            (outcome, "comment", reason, count, "")
            for reason, count in counts.items()
            if ("comment", outcome, reason) not in listed
        ]
    for outcome in ("skipped", "adjusted"):
        chosen = sorted(row for row in rows if row[0] == outcome)
        if chosen:
            lines.append(f"{outcome.capitalize()}:")
            width = max(len(row[2]) for row in chosen)
            for _, subject, reason, count, examples in chosen:
                example = f"  e.g. {examples}" if examples else ""
                lines.append(f"  {subject:<8} {reason:<{width}} {count:>7}{example}")
    if report.warnings:
        shown = report.warnings[:max_warnings]
        lines.append(f"Warnings ({len(shown)} of {report.warnings_total}):")
        lines += [f"  {warning}" for warning in shown]
    return "\n".join(lines)
