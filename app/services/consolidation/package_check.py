"""Which files to consolidate, and each package checked: readable, of the period, one per unit."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.domain.periods import Period
from app.reports.report_package import SUFFIX, PackageError, ReportPackage, read_package
from app.services.consolidation.unit_list import name_key


class LogKind(StrEnum):
    ACCEPTED = "accepted"
    NOTE = "note"
    REFUSED = "refused"


@dataclass(frozen=True)
class LogLine:
    """One line of the consolidation log: the file it is about and what happened (Vietnamese)."""

    file: str
    kind: LogKind
    message: str


def find_files(sources: Sequence[Path]) -> tuple[list[Path], list[LogLine]]:
    """The packages among ``sources`` (folders searched, sub-folders too) and the lines about the rest."""
    packages: list[Path] = []
    others: list[Path] = []
    named: set[Path] = {s for s in sources if s.is_file()}
    log: list[LogLine] = []
    for source in sources:
        if source.is_dir():
            found = sorted(p for p in source.rglob("*") if p.is_file() and not p.name.startswith(".~"))
            if not any(p.suffix.lower() == SUFFIX for p in found):
                log.append(LogLine(str(source), LogKind.REFUSED,
                                   f"Thư mục «{source}» không có gói báo cáo ({SUFFIX}) nào."))  # fmt: skip
            for path in found:
                (packages if path.suffix.lower() == SUFFIX else others).append(path)
        elif source.is_file():
            (packages if source.suffix.lower() == SUFFIX else others).append(source)
        else:
            log.append(LogLine(str(source), LogKind.REFUSED, f"Không tìm thấy tệp hoặc thư mục «{source}»."))
    stems = {p.with_suffix("").resolve() for p in packages}
    for path in others:
        if path.suffix.lower() == ".pdf" and path.with_suffix("").resolve() not in stems:
            log.append(LogLine(str(path), LogKind.REFUSED, (
                f"Tệp «{path.name}» là bản PDF không kèm gói số liệu: cần tệp "
                f"«{path.with_suffix(SUFFIX).name}» do đơn vị xuất cùng báo cáo để tổng hợp.")))  # fmt: skip
        elif path in named and path.suffix.lower() not in (".pdf", ".xlsx"):
            log.append(LogLine(str(path), LogKind.NOTE, f"Bỏ qua tệp «{path.name}»: không phải gói báo cáo."))
    return packages, log


def read_all(paths: Sequence[Path], period: Period) -> tuple[list[ReportPackage], list[LogLine]]:
    """Every readable package of ``period``; the others as refused lines naming their file."""
    good: list[ReportPackage] = []
    log: list[LogLine] = []
    for path in paths:
        try:
            package = read_package(path)
        except PackageError as error:
            log.append(LogLine(str(path), LogKind.REFUSED, str(error)))
            continue
        meta = package.meta
        if (meta.period_start, meta.period_end) != (period.start, period.end):
            log.append(LogLine(str(path), LogKind.REFUSED, (
                f"Tệp «{path.name}» ({meta.unit_name}) là báo cáo {meta.period_label} "
                f"(từ {meta.period_start:%d/%m/%Y} đến {meta.period_end:%d/%m/%Y}), không phải "
                f"{period.label} (từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}).")))  # fmt: skip
            continue
        good.append(package)
    return _one_per_unit(good, log)


def _number(package: ReportPackage) -> tuple[int, str, str]:
    """Sort key of "which report is newer": the document number, then its date, then when written."""
    match = re.match(r"\s*(\d+)", package.meta.document_number)
    issued = package.meta.issued_on.isoformat() if package.meta.issued_on else ""
    return (int(match.group(1)) if match else -1, issued, package.meta.created_at.isoformat())


def _shown_number(package: ReportPackage) -> str:
    return package.meta.document_number.strip() or "(chưa có số)"


def _one_per_unit(
    packages: list[ReportPackage], log: list[LogLine]
) -> tuple[list[ReportPackage], list[LogLine]]:
    """Two packages of one unit: the newer report number replaces the older one, with a note."""
    chosen: dict[str, ReportPackage] = {}
    for package in packages:
        key = package.meta.unit_code.lower() or name_key(package.meta.unit_name)
        other = chosen.get(key)
        if other is None:
            chosen[key] = package
            continue
        newer, older = (package, other) if _number(package) > _number(other) else (other, package)
        chosen[key] = newer
        if newer.content_sha256 == older.content_sha256:
            log.append(LogLine(str(older.path), LogKind.NOTE, (
                f"Tệp «{older.path.name}» là bản sao của «{newer.path.name}» ({newer.meta.unit_name}): "
                "chỉ tính một lần.")))  # fmt: skip
            continue
        log.append(LogLine(str(older.path), LogKind.NOTE, (
            f"{newer.meta.unit_name} gửi hai báo cáo: dùng báo cáo số {_shown_number(newer)} "
            f"(tệp «{newer.path.name}»), thay báo cáo số {_shown_number(older)} (tệp «{older.path.name}»).")))  # fmt: skip
    return list(chosen.values()), log
