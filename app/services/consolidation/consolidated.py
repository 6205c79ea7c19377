"""The consolidated report: the receiving office's header over the units' figures added up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Row

from app.domain.periods import Period
from app.reports.report_package import ReportPackage
from app.reports.text import body_name, fmt_date, fmt_int
from app.reports.types import DocumentHeader, NoteSection, PeriodicReport, Recipients, Signature
from app.services.consolidation import merge
from app.services.consolidation.package_check import LogKind, LogLine
from app.services.consolidation.unit_list import Unit, UnitList
from app.services.core.printable import require_printable


@dataclass(frozen=True, slots=True)
class ConsolidationOptions:
    """What the chief chose: the period, the document number and date, who signs."""

    period: Period
    document_number: str = ""
    issued_on: date | None = None
    signer_name: str = ""
    signer_title: str = ""
    authority: str = ""
    recipients: tuple[str, ...] = ("Lãnh đạo UBND thành phố",)


def _header(office: Row[Any], options: ConsolidationOptions) -> DocumentHeader:
    label = options.period.label
    return DocumentHeader(
        parent_body=(office.parent_body or "").upper(),
        issuing_body=office.name.upper(),
        title="BÁO CÁO",
        subtitle=f"Tổng hợp kết quả tiếp nhận, xử lý phản ánh, kiến nghị của các đơn vị {label[:1].lower()}{label[1:]}",
        document_number=options.document_number,
        place=office.place_name or "Hải Phòng",
        issued_on=options.issued_on,
        body_name=body_name(office.name),
    )


def _paragraphs(
    report_count: int, units: UnitList, missing: int, merged: PeriodicReport, period: Period
) -> tuple[str, ...]:
    x = merged.xld01
    first = (
        f"Tổng hợp từ báo cáo của {report_count} đơn vị (danh sách «{units.title}» có "
        f"{len(units.units)} đơn vị; {missing} đơn vị chưa gửi báo cáo, xem phụ lục ở trang cuối)."
    )
    if x is None:
        return (first,)
    return (
        first,
        f"Trong kỳ ({period.range_label}), các đơn vị tiếp nhận {fmt_int(x.received_in_period)} phản ánh, "
        f"kiến nghị, khiếu nại, tố cáo; kỳ trước chuyển sang {fmt_int(x.carried_over)} vụ việc; "
        f"đang xử lý {fmt_int(x.in_progress)} vụ việc.",
    )


def _notes(
    good: Sequence[tuple[str, ReportPackage]], missing: Sequence[Unit], log: Sequence[LogLine], total: int
) -> tuple[NoteSection, ...]:
    included = tuple(
        f"{unit} — báo cáo số {p.meta.document_number.strip() or '(chưa có số)'}"
        f"{' ngày ' + fmt_date(p.meta.issued_on) if p.meta.issued_on else ''}, "
        f"mã kiểm tra {p.content_sha256[:16]}…"
        for unit, p in good
    )
    return (
        NoteSection(f"Đơn vị chưa gửi báo cáo ({len(missing)}/{total})", tuple(u.name for u in missing)),
        NoteSection(
            "Báo cáo không được tổng hợp", tuple(line.message for line in log if line.kind is LogKind.REFUSED)
        ),
        NoteSection("Ghi chú", tuple(line.message for line in log if line.kind is LogKind.NOTE)),
        NoteSection(f"Báo cáo đã tổng hợp ({len(good)})", included),
    )


def build_consolidated(
    office: Row[Any],
    options: ConsolidationOptions,
    units: UnitList,
    good: Sequence[tuple[str, ReportPackage]],
    missing: Sequence[Unit],
    log: Sequence[LogLine],
) -> PeriodicReport:
    """One report in the unit report's layout and row labels, every figure the units' sum."""
    named = [(unit, package.report) for unit, package in good]
    reports = [r for _, r in named]
    period = options.period
    require_printable(office.name, options.signer_name or office.leader_name)
    totals = PeriodicReport(
        header=_header(office, options),
        period_label=period.title,
        period_start=period.start,
        period_end=period.end,
        signature=Signature(
            signer_title=(options.signer_title or office.leader_title or "").upper(),
            signer_name=options.signer_name or office.leader_name,
            authority=options.authority,
        ),
        recipients=Recipients(options.recipients, archive="VP"),
        comparison=merge.sum_comparison(reports),
        tables=merge.sum_tables(reports) + merge.unit_tables(named),
        xld01=merge.sum_xld01([r.xld01 for r in reports if r.xld01 is not None]),
        monthly=merge.sum_monthly(reports),
        top_topics=merge.sum_topics(reports),
        departments=merge.unit_performance(named),
        case_list=False,
        xld01_units=merge.xld01_rows(named),
        notes=_notes(good, missing, log, len(units.units)),
    )
    return replace(totals, paragraphs=_paragraphs(len(good), units, len(missing), totals, period))
