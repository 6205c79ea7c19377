"""The report object both writers render: header, tables, Biểu 01/XLD, trend, case list, signature."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class DocumentHeader:
    """Nghị định 30 header and title. ``document_number`` is typed by the office, never invented.

    ``document_number`` is either the full "05/BC-UBND", just the number "05" (the symbol is
    appended) or blank (printed as "Số:      /BC-UBND" for the clerk to fill in by hand).
    ``issued_on`` None leaves the day and month blank for the signing day.
    """

    parent_body: str
    issuing_body: str
    title: str
    subtitle: str = ""
    document_number: str = ""
    document_symbol: str = "BC-UBND"
    place: str = "Hải Phòng"
    issued_on: date | None = None
    body_name: str = ""
    """The issuing body as a sentence names it ("Ủy ban nhân dân phường Hải An"), for references."""
    signing_month: date | None = None
    """An undated report: its year is printed, and its month when ``signing_month_known``."""
    signing_month_known: bool = False


@dataclass(frozen=True)
class Signature:
    """Signature block, e.g. "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name."""

    signer_title: str
    signer_name: str
    authority: str = ""
    delegation: str = ""


@dataclass(frozen=True)
class Recipients:
    """ "Nơi nhận" lines (without "- " or ";"); the writers close with "- Lưu: VT, <archive>."."""

    lines: tuple[str, ...] = ()
    archive: str = ""


@dataclass(frozen=True)
class CountRow:
    """One labelled row of counts."""

    label: str
    counts: tuple[int, ...]


@dataclass(frozen=True)
class CountTable:
    """A breakdown (by channel, kind, field, department, status) with a computed total row.

    ``chart`` asks the writers to draw a bar chart of the first count column.
    """

    title: str
    headers: tuple[str, ...]
    rows: tuple[CountRow, ...]
    chart: bool = False

    def __post_init__(self) -> None:
        width = len(self.headers) - 1
        for row in self.rows:
            if len(row.counts) != width:
                raise ValueError(f"{self.title}: dòng {row.label!r} cần {width} số liệu")

    def totals(self) -> tuple[int, ...]:
        """Column sums of the count columns."""
        width = len(self.headers) - 1
        return tuple(sum(row.counts[i] for row in self.rows) for i in range(width))


@dataclass(frozen=True)
class ComparisonRow:
    """One indicator this period against the previous period and the same period last year."""

    label: str
    current: int
    previous: int | None = None
    last_year: int | None = None


@dataclass(frozen=True)
class Xld01Summary:
    """Numbers of Biểu 01/XLD: received, by kind, by handling result."""

    received_total: int
    carried_over: int
    received_in_period: int
    complaints: int
    denunciations: int
    petitions: int
    accepted: int
    guided: int
    transferred: int
    filed: int
    withdrawn: int
    in_progress: int

    def kind_parts(self) -> tuple[tuple[str, int], ...]:
        """(label, count) of the classification by content."""
        return (
            ("Khiếu nại", self.complaints),
            ("Tố cáo", self.denunciations),
            ("Kiến nghị, phản ánh", self.petitions),
        )

    def result_parts(self) -> tuple[tuple[str, int], ...]:
        """(label, count) of the handling results."""
        return (
            ("Thụ lý", self.accepted),
            ("Hướng dẫn", self.guided),
            ("Chuyển đơn", self.transferred),
            ("Lưu đơn", self.filed),
            ("Rút đơn", self.withdrawn),
            ("Đang xử lý", self.in_progress),
        )

    def cross_checks(self) -> list[str]:
        """Failed checks (Vietnamese sentences); empty when every total equals its parts."""
        failures: list[str] = []
        received = self.carried_over + self.received_in_period
        if self.received_total != received:
            failures.append(
                f"Tổng số tiếp nhận ({self.received_total}) khác kỳ trước chuyển sang "
                f"cộng tiếp nhận trong kỳ ({received})."
            )
        for name, parts in (
            ("phân loại theo nội dung", self.kind_parts()),
            ("kết quả xử lý", self.result_parts()),
        ):
            total = sum(count for _, count in parts)
            if total != self.received_total:
                failures.append(f"Tổng {name} ({total}) khác tổng số tiếp nhận ({self.received_total}).")
        for name, value in vars(self).items():
            if value < 0:
                failures.append(f"Số liệu âm ở chỉ tiêu {name} ({value}).")
        return failures


@dataclass(frozen=True)
class MonthlyPoint:
    """Received and resolved in one month (``month`` is any day of it)."""

    month: date
    received: int
    resolved: int


@dataclass(frozen=True)
class TopicCount:
    """A frequent topic and how many cases raised it."""

    label: str
    count: int


@dataclass(frozen=True)
class DepartmentPerformance:
    """How one department handled the cases assigned to it."""

    department: str
    assigned: int
    resolved: int
    on_time: int
    overdue: int
    open: int

    @property
    def on_time_rate(self) -> float | None:
        """Share answered on time among those answered (None when nothing was answered)."""
        done = self.on_time + self.overdue
        return self.on_time / done if done else None


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list. ``petitioner`` and ``phone`` arrive already redacted/masked."""

    number: str
    external_ref: str
    received_at: datetime
    channel: str
    kind: str
    field: str
    department: str
    status: str
    due_on: date | None = None
    replied_on: date | None = None
    on_time: bool | None = None
    petitioner: str = ""
    phone: str = ""
    summary: str = ""


@dataclass(frozen=True)
class UnitXld01:
    """One unit's row of Biểu 01/XLD in a consolidated report (the official form has a row a unit)."""

    unit: str
    summary: Xld01Summary


@dataclass(frozen=True)
class NoteSection:
    """A titled list printed on the last page (consolidation: units missing, packages refused)."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class PeriodicReport:
    """Everything one periodic report prints.

    ``cases`` may be a one-shot generator (it is streamed, never held in memory); pass a
    re-iterable object to render the same report to both PDF and Excel. ``case_count`` only
    feeds the progress total. ``case_list=False`` leaves the detail list out on purpose (no
    appendix, no "Danh sách" sheet, and no "no cases" sentence).
    """

    header: DocumentHeader
    period_label: str
    period_start: date
    period_end: date
    signature: Signature
    recipients: Recipients = field(default_factory=Recipients)
    paragraphs: tuple[str, ...] = ()
    comparison: tuple[ComparisonRow, ...] = ()
    tables: tuple[CountTable, ...] = ()
    xld01: Xld01Summary | None = None
    monthly: tuple[MonthlyPoint, ...] = ()
    top_topics: tuple[TopicCount, ...] = ()
    departments: tuple[DepartmentPerformance, ...] = ()
    closing: tuple[str, ...] = ()
    cases: Iterable[CaseRow] = ()
    case_count: int | None = None
    case_list: bool = True
    audit_anchor: str = ""
    """The audit chain's end when the report was made, printed at the foot of every page."""
    xld01_units: tuple[UnitXld01, ...] = ()
    notes: tuple[NoteSection, ...] = ()
