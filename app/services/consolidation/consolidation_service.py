"""«Tổng hợp báo cáo đơn vị»: read the units' packages, check them, add them up, write the result."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Row, select

from app.db.engine import reading
from app.domain.permissions import Action
from app.models import Office
from app.reports.report_package import ReportPackage
from app.reports.types import PeriodicReport
from app.services.accounts.signed_in import SignedIn
from app.services.consolidation import package_check, package_service, unit_list
from app.services.consolidation.consolidated import ConsolidationOptions, build_consolidated
from app.services.consolidation.package_check import LogKind, LogLine
from app.services.consolidation.unit_list import Unit, UnitList
from app.services.core.db_errors import translated
from app.services.core.errors import ValidationError
from app.services.reports.report_service import ReportOptions, ReportService, write_report

Progress = Callable[[int, int | None], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Consolidation:
    """The result: the consolidated report, the log, who is in, who is missing, who is unknown."""

    options: ConsolidationOptions
    report: PeriodicReport
    units: UnitList
    included: tuple[ReportPackage, ...]
    log: tuple[LogLine, ...]
    missing: tuple[Unit, ...]
    unknown: tuple[str, ...]
    flagged: tuple[str, ...]


class ConsolidationService:
    """Packages beside the chief's exports, and the consolidation of the units' packages."""

    def __init__(
        self,
        engine: Engine,
        office_id: int,
        data_dir: Path,
        reports: ReportService,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._engine = reading(engine)
        self._office_id = office_id
        self._data_dir = data_dir
        self._reports = reports

    def _office(self) -> Row[Any]:
        with translated(), self._engine.connect() as conn:
            return conn.execute(select(Office).where(Office.id == self._office_id)).one()

    # --- the package beside a unit's periodic report -------------------------------------
    def write_package(self, options: ReportOptions, report: PeriodicReport, export: Path, fmt: str) -> Path:
        """Write ``export``'s .hdbc beside it; an unredacted report is rebuilt sealed for the package."""
        self._signed_in.check(Action.EXPORT, "report")
        pdf = export if fmt == "pdf" and not options.unredacted else None
        if options.unredacted:
            report = self._reports.build(replace(options, unredacted=False))
        office = self._office()
        meta = package_service.package_meta(
            office.name, unit_list.unit_code(office.name), options.period, options.document_number, report
        )
        return package_service.write_beside(export, meta, report, pdf)

    # --- the list of subordinate units ----------------------------------------------------
    def shipped_lists(self) -> tuple[UnitList, ...]:
        """The lists that come with the program."""
        return unit_list.shipped_lists()

    def office_list(self) -> UnitList:
        """The office's own list; until it saves one, the communes and wards of Hải Phòng."""
        self._signed_in.check(Action.EXPORT, "units")
        saved = unit_list.load_office_list(self._data_dir)
        if saved is not None:
            return saved
        return next(u for u in unit_list.shipped_lists() if u.key == unit_list.DEFAULT_LIST)

    def use_list(self, key: str) -> UnitList:
        """Make a shipped list (by key) the office's list."""
        self._signed_in.check(Action.EXPORT, "units")
        for units in unit_list.shipped_lists():
            if units.key == key:
                unit_list.save_office_list(self._data_dir, units)
                return units
        raise ValidationError("units", f"Không có danh sách đơn vị «{key}».")

    def add_units(self, names: Sequence[str], base: UnitList | None = None) -> UnitList:
        """Add units (named as in their reports) to ``base`` (default: the office's list); save it
        as the office's list."""
        self._signed_in.check(Action.EXPORT, "units")
        updated = (base or self.office_list()).with_units(list(names))
        unit_list.save_office_list(self._data_dir, updated)
        return updated

    def remove_units(self, names: Sequence[str], base: UnitList | None = None) -> UnitList:
        """Take units off ``base`` (default: the office's list); save it as the office's list."""
        self._signed_in.check(Action.EXPORT, "units")
        updated = (base or self.office_list()).without(list(names))
        unit_list.save_office_list(self._data_dir, updated)
        return updated

    # --- consolidation ----------------------------------------------------------------------
    def consolidate(
        self, sources: Sequence[Path], options: ConsolidationOptions, units: UnitList | None = None
    ) -> Consolidation:
        """Read every package among ``sources``, check each and add up the valid ones."""
        self._signed_in.check(Action.EXPORT, "consolidation")
        units = units or self.office_list()
        paths, log = package_check.find_files(sources)
        packages, read_log = package_check.read_all(paths, options.period)
        log += read_log
        if not sources:
            log.append(LogLine("", LogKind.REFUSED, "Chưa chọn tệp hoặc thư mục nào để tổng hợp."))
        return self._assemble(packages, log, options, units)

    def _assemble(
        self,
        packages: list[ReportPackage],
        log: list[LogLine],
        options: ConsolidationOptions,
        units: UnitList,
    ) -> Consolidation:
        office = self._office()
        own = unit_list.name_key(office.name)
        order = {u.name: i for i, u in enumerate(units.units)}
        good: list[tuple[str, ReportPackage]] = []
        unknown: list[str] = []
        flagged: list[str] = []
        seen: set[str] = set()
        for package in packages:
            meta, name = package.meta, package.path.name
            unit = units.find(meta.unit_name, meta.unit_code)
            if unit_list.name_key(meta.unit_name) == own:
                log.append(LogLine(str(package.path), LogKind.REFUSED,
                                   f"Tệp «{name}» là báo cáo của chính {office.name}: không tổng hợp vào đây."))  # fmt: skip
                continue
            if unit is not None:
                seen.add(unit.name)
            failures = package.report.xld01.cross_checks() if package.report.xld01 else []
            if failures:
                flagged.append(meta.unit_name)
                log.append(LogLine(str(package.path), LogKind.REFUSED, (
                    f"Tệp «{name}»: số liệu Biểu 01/XLD của {meta.unit_name} không khớp "
                    f"({' '.join(failures)}) — không cộng vào tổng hợp; đề nghị đơn vị kiểm tra, gửi lại.")))  # fmt: skip
                continue
            if unit is None:
                unknown.append(meta.unit_name)
                log.append(LogLine(str(package.path), LogKind.NOTE, (
                    f"Đơn vị «{meta.unit_name}» (tệp «{name}») không có trong danh sách đơn vị trực thuộc: "
                    "đã tổng hợp; có thể «Thêm vào danh sách».")))  # fmt: skip
            number = meta.document_number.strip() or "(chưa có số)"
            log.append(LogLine(str(package.path), LogKind.ACCEPTED,
                               f"Đã nhận báo cáo số {number} của {meta.unit_name} (tệp «{name}»)."))  # fmt: skip
            good.append((unit.name if unit else meta.unit_name, package))
        good.sort(key=lambda item: (order.get(item[0], len(order)), item[0]))
        missing = tuple(u for u in units.units if u.name not in seen)
        report = build_consolidated(office, options, units, good, missing, log)
        anchor = self._signed_in.audit_anchor(f"báo cáo tổng hợp {options.period.title}", office.name)
        report = replace(report, audit_anchor=anchor.footer())
        return Consolidation(options, report, units, tuple(p for _, p in good), tuple(log), missing,
                             tuple(unknown), tuple(flagged))  # fmt: skip

    def write(
        self, result: Consolidation, fmt: str, out: Path, progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> tuple[Path, Path]:  # fmt: skip
        """Write the consolidated report as ``fmt`` and, beside it, its own package."""
        self._signed_in.check(Action.EXPORT, "consolidation")
        write_report(result.report, fmt, out, progress=progress, cancel=cancel)
        office = self._office()
        meta = package_service.package_meta(
            office.name, unit_list.unit_code(office.name), result.options.period,
            result.options.document_number, result.report,
            consolidated_from=tuple(p.meta.unit_name for p in result.included),
        )  # fmt: skip
        package = package_service.write_beside(out, meta, result.report, out if fmt == "pdf" else None)
        return out, package
