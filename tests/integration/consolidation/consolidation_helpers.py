"""Unit databases filled by the demo generator, each exporting its periodic report and package."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.domain.periods import Period, parse_period
from app.models import Case, Citizen
from app.reports.types import PeriodicReport
from app.services.cases.dto import NewCase
from app.services.demo.sample_office import SAMPLE_OFFICE
from app.services.reports.report_service import ReportOptions, write_report
from app.settings import resolve
from tests.sample_office import command_line_services

TODAY = date(2026, 12, 7)
PERIOD = parse_period("2026-Q3")
UNITS = (
    ("Ủy ban nhân dân phường Nhị Chiểu", 1, "05/BC-UBND", "pdf"),
    ("UBND xã Cẩm Giàng", 2, "11", "xlsx"),
    ("Ủy ban nhân dân phường Hòa Bình", 3, "", "pdf"),  # the list writes "Hoà Bình"
)


@dataclass(frozen=True)
class UnitExport:
    name: str
    report: PeriodicReport
    export: Path
    package: Path
    sealed_only_names: frozenset[str]
    sealed_phones: frozenset[str]


def services_for(folder: Path, office: str) -> Services:
    folder.mkdir(parents=True, exist_ok=True)
    return command_line_services(
        resolve(f"sqlite:///{folder / 'hotline.db'}", data_dir=folder),
        setup=dataclasses.replace(SAMPLE_OFFICE, name=office),
        clock=lambda: datetime.combine(TODAY, datetime.min.time()).replace(hour=9),
        today=lambda: TODAY,
    )


def sealed_identities(services: Services) -> tuple[frozenset[str], frozenset[str]]:
    """Names that appear only on sealed cases, and the phones of sealed cases' denouncers."""
    sealed = {k.value for k in CaseKind if k.is_sealed}
    with services.engine.connect() as conn:
        rows = conn.execute(
            select(Citizen.full_name, Citizen.phone, Case.kind).join(Case, Case.citizen_id == Citizen.id)
        ).all()
    sealed_names = {r[0] for r in rows if r[2] in sealed and r[0]}
    open_names = {r[0] for r in rows if r[2] not in sealed and r[0]}
    open_phones = {r[1] for r in rows if r[2] not in sealed and r[1]}
    phones = {r[1] for r in rows if r[2] in sealed and r[1]} - open_phones
    return frozenset(sealed_names - open_names), frozenset(phones)


def export_unit(
    folder: Path, office: str, seed: int, period: Period, *, number: str, fmt: str = "pdf",
    cases: int = 400, unredacted: bool = False,
) -> UnitExport:  # fmt: skip
    """A unit's database with demo cases, its report exported as ``fmt`` and the package beside it."""
    services = services_for(folder, office)
    try:
        services.demo.generate(cases, seed=seed, end=date(2026, 11, 30))
        denouncer = NewCase(
            content=f"Tôi là Hoàng Thị Kín Số {seed}, số 09876543{seed:02d}, tố cáo cán bộ địa chính nhận tiền", kind=CaseKind.DENUNCIATION, channel=Channel.WALK_IN,
            received_at=datetime.combine(period.start, datetime.min.time()).replace(hour=10),
            citizen_name=f"Hoàng Thị Kín Số {seed}", phone=f"09876543{seed:02d}",
        )  # fmt: skip
        services.cases.create_case(denouncer, None)
        options = ReportOptions(
            period, document_number=number, issued_on=date(2026, 10, 5), unredacted=unredacted
        )
        report = services.reports.build(options)
        out = folder / f"bao-cao.{fmt}"
        write_report(report, fmt, out)
        package = services.consolidation.write_package(options, report, out, fmt)
        names, phones = sealed_identities(services)
    finally:
        services.close()
    return UnitExport(office, report, out, package, names, phones)
