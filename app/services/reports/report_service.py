"""Periodic reports: gather the numbers once into a PeriodicReport that both writers render."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Row, select
from sqlalchemy.orm import aliased

from app.db.engine import reading
from app.domain.enums import CaseKind, CaseStatus, Channel
from app.domain.periods import Period, previous, same_period_last_year
from app.domain.phone import format_phone, mask_phone
from app.models import Case, Citizen, Department, Field, Office, Reply
from app.reports.text import body_name
from app.reports.types import (
    CaseRow,
    ComparisonRow,
    CountRow,
    CountTable,
    DepartmentPerformance,
    DocumentHeader,
    MonthlyPoint,
    PeriodicReport,
    Recipients,
    Signature,
    TopicCount,
    Xld01Summary,
)
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import ValidationError
from app.services.core.printable import require_printable
from app.services.core.sealing import SEALED, scrub
from app.services.reports import loop_figures, report_data
from app.services.reports.calendar_notes import calendar_paragraphs
from app.services.reports.call_figures import call_tables

Progress = Callable[[int, int | None], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the chief chose on the Báo cáo screen or the command line."""

    period: Period
    document_number: str = ""
    issued_on: date | None = None
    signer_name: str = ""
    signer_title: str = ""
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    delegation: str = ""
    recipients: tuple[str, ...] = ("Văn phòng Sở", "Lãnh đạo UBND")
    include_cases: bool = True
    show_phones: bool = False
    unredacted: bool = False


class ReportService:
    """Builds report objects; the writers in app.reports turn them into files."""

    def __init__(
        self,
        engine: Engine,
        office_id: int,
        today: Callable[[], date] = date.today,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._engine = reading(engine)
        self._office_id = office_id
        self._today = today

    def build(self, options: ReportOptions) -> PeriodicReport:
        """The report of ``options.period`` (chiefs and administrators: ``Action.EXPORT``)."""
        self._signed_in.check_output("report", options.unredacted)
        period = options.period
        today = self._today()
        if period.start > today:
            raise ValidationError("period", "Kỳ báo cáo chưa bắt đầu: chưa có số liệu để báo cáo.")
        with translated(), self._engine.connect() as conn:
            figures = _gather(conn, self._office_id, period, today)
        numbers = figures.numbers
        cases = _CaseRows(self._engine, period, options) if options.include_cases else ()
        return PeriodicReport(
            header=_header(figures.office, options, today),
            period_label=period.title,
            period_start=period.start,
            period_end=period.end,
            signature=_signature(figures.office, options),
            recipients=Recipients(options.recipients, archive="VP"),
            paragraphs=_paragraphs(figures.office.name, period, numbers)
            + loop_figures.paragraph(figures.loop or loop_figures.LoopNumbers())
            + figures.calendar,
            comparison=_comparison(numbers, figures.previous, figures.last_year),
            tables=_tables(figures) + figures.calls,
            xld01=_xld01(numbers),
            monthly=tuple(MonthlyPoint(m, r, f) for m, r, f in figures.trend),
            top_topics=tuple(
                TopicCount(figures.fields.get(k or 0, "Chưa phân lĩnh vực"), v)
                for k, v in numbers.by_field.most_common(5)
            ),
            departments=_department_performance(numbers, figures.departments),
            cases=cases,
            case_count=numbers.received if options.include_cases else 0,
            case_list=options.include_cases,
            audit_anchor=self._signed_in.audit_anchor(
                f"báo cáo {period.title}", figures.office.name
            ).footer(),
        )


@dataclass(frozen=True, slots=True)
class _Figures:
    """Everything the report counts, read in one connection: the period, the one before, a year ago."""

    office: Row[Any]
    numbers: report_data.PeriodNumbers
    previous: report_data.PeriodNumbers
    last_year: report_data.PeriodNumbers
    fields: dict[int, str]
    departments: dict[int, str]
    trend: list[tuple[date, int, int]]
    calendar: tuple[str, ...] = ()
    calls: tuple[CountTable, ...] = ()
    """The duty phone's calls and SMS of the period (none when no call log was imported)."""
    loop: loop_figures.LoopNumbers | None = None


def _gather(conn: Connection, office_id: int, period: Period, today: date) -> _Figures:
    """The office row and the numbers of ``period`` and of the two periods it is compared with."""
    office = conn.execute(select(Office).where(Office.id == office_id)).one()
    numbers = report_data.gather(conn, period.start, period.end, today)
    fields, departments = report_data.names(conn)
    trend = report_data.monthly_trend(conn, period.start, period.end)
    prev, last_year = previous(period), same_period_last_year(period)
    prev_n = report_data.gather(conn, prev.start, prev.end, today)
    last_n = report_data.gather(conn, last_year.start, last_year.end, today)
    calendar = calendar_paragraphs(conn, period.start, period.end)
    calls = call_tables(conn, period.start, period.end)
    loop = loop_figures.gather(conn, period.start, period.end)
    return _Figures(office, numbers, prev_n, last_n, fields, departments, trend, calendar, calls, loop)


def _header(office: Row[Any], options: ReportOptions, today: date) -> DocumentHeader:
    """The ND 30/2020 heading: issuing body, title, number, place and date.

    Undated, the signer fills in the day: the year is printed, and the month too when the
    period is over (the report is signed this month); an open period's report is signed after
    it ends, so only its year is known.
    """
    org_name = office.name
    period = options.period
    closed = period.end < today
    signing = today if closed else period.end
    return DocumentHeader(
        parent_body=office.parent_body.upper(),
        issuing_body=(office.short_name + " " + _short_place(org_name)).strip().upper()
        if office.short_name
        else org_name.upper(),
        title="BÁO CÁO",
        subtitle=f"Kết quả tiếp nhận, xử lý phản ánh, kiến nghị {period.label[:1].lower()}{period.label[1:]}",
        document_number=options.document_number,
        place=office.place_name or "Hải Phòng",
        issued_on=options.issued_on,
        body_name=body_name(org_name),
        signing_month=signing,
        signing_month_known=closed,
    )


def _signature(office: Row[Any], options: ReportOptions) -> Signature:
    """Who signs: the chief chosen on the screen, else the office's leader."""
    require_printable(office.name, options.signer_name or office.leader_name)
    return Signature(
        signer_title=(options.signer_title or office.leader_title or "").upper(),
        signer_name=options.signer_name or office.leader_name,
        authority=options.authority,
        delegation=options.delegation,
    )


def _comparison(
    numbers: report_data.PeriodNumbers,
    prev_n: report_data.PeriodNumbers,
    last_n: report_data.PeriodNumbers,
) -> tuple[ComparisonRow, ...]:
    """The period against the one before and the same period last year."""
    return (
        ComparisonRow("Tiếp nhận trong kỳ", numbers.received, prev_n.received, last_n.received),
        ComparisonRow(
            "Giải quyết đúng hạn",
            numbers.finished_on_time,
            prev_n.finished_on_time,
            last_n.finished_on_time,
        ),
        ComparisonRow(
            "Quá hạn (đã và đang giải quyết)",
            numbers.finished_late + numbers.open_overdue,
            prev_n.finished_late + prev_n.open_overdue,
            last_n.finished_late + last_n.open_overdue,
        ),
        ComparisonRow("Trả lời công dân", numbers.replies, prev_n.replies, last_n.replies),
    )


def _tables(figures: _Figures) -> tuple[CountTable, ...]:
    """The breakdowns by channel, kind, field, department and end status, and the progress table."""
    numbers, fields, departments = figures.numbers, figures.fields, figures.departments
    return (
        _table("Phân loại theo kênh tiếp nhận", "Kênh tiếp nhận",
               {Channel(k).label: v for k, v in numbers.by_channel.items()}, chart=True),
        _table("Phân loại theo loại đơn", "Loại",
               {CaseKind(k).label: v for k, v in numbers.by_kind.items()}, chart=True),
        _table("Phân loại theo lĩnh vực", "Lĩnh vực",
               {fields.get(k or 0, "Chưa phân lĩnh vực"): v for k, v in numbers.by_field.items()}),
        _table("Phân loại theo đơn vị xử lý", "Đơn vị",
               {departments.get(k or 0, "Chưa giao đơn vị"): v for k, v in numbers.by_department.items()}),
        _table("Tình trạng xử lý cuối kỳ", "Trạng thái",
               {CaseStatus(k).label: v for k, v in numbers.by_status_at_end.items()}),
        CountTable("Tiến độ giải quyết", ("Chỉ tiêu", "Số vụ việc"), (
            CountRow("Đã giải quyết đúng hạn", (numbers.finished_on_time,)),
            CountRow("Đã giải quyết quá hạn", (numbers.finished_late,)),
            CountRow("Đang giải quyết, trong hạn", (numbers.open_within_deadline,)),
            CountRow("Đang giải quyết, quá hạn", (numbers.open_overdue,)),
        )),
        *loop_figures.tables(figures.loop or loop_figures.LoopNumbers(), departments, fields),
    )  # fmt: skip


def _department_performance(
    numbers: report_data.PeriodNumbers, departments: dict[int, str]
) -> tuple[DepartmentPerformance, ...]:
    """One row per department, the most assigned first."""
    return tuple(
        DepartmentPerformance(
            departments.get(k or 0, "Chưa giao đơn vị"),
            d["assigned"],
            d["resolved"],
            d["on_time"],
            d["overdue"],
            d["open"],
        )
        for k, d in sorted(numbers.department_rows.items(), key=lambda kv: -kv[1]["assigned"])
    )


def _short_place(name: str) -> str:
    lowered = name.lower()
    for prefix in ("ủy ban nhân dân ", "uỷ ban nhân dân ", "ubnd "):
        if lowered.startswith(prefix):
            return name[len(prefix) :]
    return name


def _table(title: str, header: str, counts: dict[str, int], chart: bool = False) -> CountTable:
    rows = tuple(CountRow(label, (n,)) for label, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return CountTable(title, (header, "Số vụ việc"), rows, chart=chart)


def _xld01(n: report_data.PeriodNumbers) -> Xld01Summary:
    k = n.kind_in_scope
    s = n.by_status_at_end
    open_count = sum(s[x.value] for x in (CaseStatus.RECEIVED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS))
    return Xld01Summary(
        received_total=n.received + n.carried_over,
        carried_over=n.carried_over,
        received_in_period=n.received,
        complaints=k[CaseKind.COMPLAINT.value],
        denunciations=k[CaseKind.DENUNCIATION.value] + k[CaseKind.DENUNCIATION_INFO.value],
        petitions=k[CaseKind.FEEDBACK.value] + k[CaseKind.PETITION.value],
        accepted=sum(s[x.value] for x in report_data.FINISHED_OK),
        guided=s[CaseStatus.GUIDED.value],
        transferred=s[CaseStatus.TRANSFERRED.value],
        filed=s[CaseStatus.FILED.value],
        withdrawn=s[CaseStatus.WITHDRAWN.value],
        in_progress=open_count,
    )


def _n(value: int) -> str:
    """Vietnamese thousands separator: 2.564."""
    return f"{value:,}".replace(",", ".")


def _paragraphs(org: str, period: Period, n: report_data.PeriodNumbers) -> tuple[str, ...]:
    if n.received == 0 and n.carried_over == 0:
        return (f"Trong kỳ, {org} không tiếp nhận phản ánh, kiến nghị nào.",)
    done = n.finished_on_time + n.finished_late
    rate = f" ({100 * n.finished_on_time / done:.1f}%)".replace(".", ",") if done else ""
    return (
        f"Trong kỳ ({period.range_label}), {org} tiếp nhận {_n(n.received)} phản ánh, kiến nghị, "
        f"khiếu nại, tố cáo; kỳ trước chuyển sang {_n(n.carried_over)} vụ việc.",
        f"Đã giải quyết {_n(done)} vụ việc, trong đó đúng hạn {_n(n.finished_on_time)}{rate}; "
        f"đang giải quyết {_n(n.open_within_deadline + n.open_overdue)} vụ việc, trong đó quá hạn "
        f"{_n(n.open_overdue)}. Đã trả lời công dân {_n(n.replies)} lượt.",
    )


class _CaseRows:
    """Re-iterable stream of the detail list, redacted as the law requires."""

    def __init__(self, engine: Engine, period: Period, options: ReportOptions) -> None:
        self._engine = engine
        self._period = period
        self._options = options

    def __iter__(self) -> Iterator[CaseRow]:
        first_reply = (
            select(Reply.case_id, report_data.func.min(Reply.replied_on).label("replied_on"))
            .group_by(Reply.case_id)
            .subquery()
        )
        dept, fld = aliased(Department), aliased(Field)
        begin = report_data.day_start(self._period.start)
        end_next = report_data.day_start(self._period.end + timedelta(days=1))
        stmt = (
            select(Case.number, Case.external_ref, Case.received_at, Case.channel, Case.kind,
                   fld.name, dept.name, Case.status, Case.due_date, first_reply.c.replied_on,
                   Case.closed_at, Citizen.full_name, Citizen.phone, Case.content, Citizen.address,
                   Citizen.id_number)
            .outerjoin(Citizen, Citizen.id == Case.citizen_id)
            .outerjoin(fld, fld.id == Case.field_id)
            .outerjoin(dept, dept.id == Case.department_id)
            .outerjoin(first_reply, first_reply.c.case_id == Case.id)
            .where(Case.received_at >= begin, Case.received_at < end_next)
            .order_by(Case.received_at, Case.id)
        )  # fmt: skip
        opts = self._options
        with self._engine.connect() as conn:
            result = conn.execution_options(yield_per=2000).execute(stmt)
            for r in result:
                kind = CaseKind(r[4])
                sealed = kind.is_sealed and not opts.unredacted
                answered = r[9] or (r[10].date() if r[10] else None)
                due = r[8]
                on_time = None if answered is None or due is None else answered <= due
                phone = r[12]
                summary = (r[13] or "")[:300]
                if sealed:  # a denouncer who names himself in the content stays sealed (as in the register)
                    summary = scrub(summary, r[11], r[14], r[15], phone)
                shown_phone = format_phone(phone) if opts.show_phones else mask_phone(phone)
                yield CaseRow(
                    number=r[0], external_ref=r[1], received_at=r[2], channel=Channel(r[3]).label,
                    kind=kind.label, field=r[5] or "", department=r[6] or "",
                    status=CaseStatus(r[7]).label, due_on=due,
                    replied_on=r[9] if isinstance(r[9], date) else _as_date(r[9]), on_time=on_time,
                    petitioner=SEALED if sealed and r[11] else (r[11] or ""),
                    phone=SEALED if sealed and phone else shown_phone,
                    summary=summary,
                )  # fmt: skip


def _as_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def write_report(report: PeriodicReport, fmt: str, out: Path, progress: Progress | None = None,
                 cancel: Cancel | None = None) -> Path:  # fmt: skip
    """Render with the chosen writer (imported lazily: start-up never loads openpyxl/reportlab)."""
    if fmt == "xlsx":
        from app.reports.excel_report import write_report_xlsx

        write_report_xlsx(report, out, progress=progress, cancel=cancel)
    elif fmt == "pdf":
        from app.reports.pdf_report import write_report_pdf

        write_report_pdf(report, out, progress=progress, cancel=cancel)
    else:
        raise ValidationError("format", f"Định dạng «{fmt}» không hỗ trợ (chọn xlsx hoặc pdf).")
    return out
