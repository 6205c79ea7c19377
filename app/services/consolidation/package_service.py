"""The report package written beside a periodic report export (no sealed identity, ever)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from app.domain.enums import CaseKind
from app.domain.periods import Period
from app.reports.report_package import SUFFIX, PackageMeta, write_package
from app.reports.types import CaseRow, PeriodicReport
from app.services.core.sealing import SEALED

SEALED_KINDS = frozenset(kind.label for kind in CaseKind if kind.is_sealed)


def package_path(export: Path) -> Path:
    """Where the package of an export goes: beside it, same name, ``.hdbc``."""
    return export.with_suffix(SUFFIX)


def sealed_rows(rows: Iterable[CaseRow]) -> Iterator[CaseRow]:
    """The appendix rows with every denouncer's name and phone replaced by the sealed mark."""
    for row in rows:
        if row.kind in SEALED_KINDS:
            yield replace(
                row,
                petitioner=SEALED if row.petitioner else "",
                phone=SEALED if row.phone else "",
            )
        else:
            yield row


def package_meta(
    unit_name: str, unit_code: str, period: Period, number: str, report: PeriodicReport,
    consolidated_from: tuple[str, ...] = (),
) -> PackageMeta:  # fmt: skip
    """The package's header: unit and code, period (with the 15→14 cut-off flag), number and date."""
    return PackageMeta(
        unit_name=unit_name,
        unit_code=unit_code,
        period_kind=str(period.kind),
        period_start=period.start,
        period_end=period.end,
        period_label=report.period_label,
        cutoff=period.cutoff,
        document_number=number,
        issued_on=report.header.issued_on,
        consolidated_from=consolidated_from,
    )


def write_beside(export: Path, meta: PackageMeta, report: PeriodicReport, pdf: Path | None) -> Path:
    """Write ``export``'s package; renders the PDF first when ``pdf`` (a redacted PDF) is not given."""
    from app.services.reports.report_service import write_report

    target = package_path(export)
    rows = sealed_rows(report.cases) if report.case_list else ()
    if pdf is not None:
        write_package(target, meta, report, pdf, rows)
        return target
    with tempfile.TemporaryDirectory(prefix="hotline-package-") as tmp:
        rendered = Path(tmp) / "report.pdf"
        write_report(report, "pdf", rendered)
        write_package(target, meta, report, rendered, rows)
    return target
