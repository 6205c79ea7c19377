"""Add the units' reports up field by field into one report with the same rows and labels."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import fields
from datetime import date

from app.reports.types import (
    ComparisonRow,
    CountRow,
    CountTable,
    DepartmentPerformance,
    MonthlyPoint,
    PeriodicReport,
    TopicCount,
    UnitXld01,
    Xld01Summary,
)

UNIT_TABLE = "Theo đơn vị báo cáo: "
PROGRESS = "Tiến độ giải quyết"
PROGRESS_LABELS = (
    "Đã giải quyết đúng hạn",
    "Đã giải quyết quá hạn",
    "Đang giải quyết, trong hạn",
    "Đang giải quyết, quá hạn",
)

UnitReports = Sequence[tuple[str, PeriodicReport]]


def sum_xld01(summaries: Sequence[Xld01Summary]) -> Xld01Summary:
    """Biểu 01/XLD of the whole: every indicator the sum of the units' own."""
    names = [f.name for f in fields(Xld01Summary)]
    return Xld01Summary(**{n: sum(getattr(s, n) for s in summaries) for n in names})


def sum_comparison(reports: Sequence[PeriodicReport]) -> tuple[ComparisonRow, ...]:
    """The comparison rows by label; a column stays blank only if no unit had it."""
    order: list[str] = []
    values: dict[str, list[int | None]] = {}
    for report in reports:
        for row in report.comparison:
            if row.label not in values:
                order.append(row.label)
                values[row.label] = [0, None, None]
            acc = values[row.label]
            acc[0] = (acc[0] or 0) + row.current
            for i, value in ((1, row.previous), (2, row.last_year)):
                if value is not None:
                    acc[i] = (acc[i] or 0) + value
    return tuple(
        ComparisonRow(label, values[label][0] or 0, values[label][1], values[label][2]) for label in order
    )


def sum_tables(reports: Sequence[PeriodicReport]) -> tuple[CountTable, ...]:
    """Each breakdown with the units' rows added by label (most first), in the units' order."""
    order: list[str] = []
    heads: dict[str, tuple[tuple[str, ...], bool]] = {}
    sums: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for report in reports:
        for table in report.tables:
            if table.title.startswith(UNIT_TABLE):
                continue  # a consolidated package's own unit tables: rebuilt at this level
            if table.title not in heads:
                order.append(table.title)
                heads[table.title] = (table.headers, table.chart)
            rows = sums[table.title]
            for row in table.rows:
                acc = rows.setdefault(row.label, [0] * len(row.counts))
                for i, count in enumerate(row.counts[: len(acc)]):
                    acc[i] += count
    out = []
    for title in order:
        headers, chart = heads[title]
        items = sums[title].items()
        ranked = items if title == PROGRESS else sorted(items, key=lambda kv: -kv[1][0])
        out.append(CountTable(title, headers, tuple(CountRow(k, tuple(v)) for k, v in ranked), chart=chart))
    return tuple(out)


def _progress(report: PeriodicReport) -> tuple[int, ...]:
    for table in report.tables:
        if table.title == PROGRESS:
            by_label = {row.label: row.counts[0] for row in table.rows}
            return tuple(by_label.get(label, 0) for label in PROGRESS_LABELS)
    return (0, 0, 0, 0)


def _xld(report: PeriodicReport) -> Xld01Summary:
    return report.xld01 if report.xld01 is not None else sum_xld01([])


def unit_tables(units: UnitReports) -> tuple[CountTable, ...]:
    """Unit (rows) × kind, handling result, progress; and the overdue by unit, most first."""
    kinds = tuple(
        CountRow(name, (*(n for _, n in _xld(r).kind_parts()), _xld(r).received_total)) for name, r in units
    )
    results = tuple(CountRow(name, tuple(n for _, n in _xld(r).result_parts())) for name, r in units)
    progress = tuple(CountRow(name, _progress(r)) for name, r in units)
    overdue = sorted(
        (CountRow(name, (p[1], p[3], p[1] + p[3])) for name, r in units if (p := _progress(r))),
        key=lambda row: -row.counts[2],
    )
    kind_heads = tuple(label for label, _ in sum_xld01([]).kind_parts())
    result_heads = tuple(label for label, _ in sum_xld01([]).result_parts())
    return (
        CountTable(UNIT_TABLE + "phân loại theo nội dung", ("Đơn vị", *kind_heads, "Tổng số"), kinds),
        CountTable(UNIT_TABLE + "kết quả xử lý", ("Đơn vị", *result_heads), results),
        CountTable(UNIT_TABLE + "tiến độ giải quyết",
                   ("Đơn vị", "Đúng hạn", "Quá hạn", "Đang xử lý trong hạn", "Đang xử lý quá hạn"), progress),
        CountTable(UNIT_TABLE + "vụ việc quá hạn",
                   ("Đơn vị", "Đã giải quyết quá hạn", "Đang giải quyết quá hạn", "Tổng số quá hạn"), tuple(overdue)),
    )  # fmt: skip


def unit_performance(units: UnitReports) -> tuple[DepartmentPerformance, ...]:
    """«Kết quả giải quyết của các đơn vị»: one row a reporting unit (its departments added up)."""
    out = []
    for name, report in units:
        d = report.departments
        out.append(
            DepartmentPerformance(
                name,
                sum(x.assigned for x in d),
                sum(x.resolved for x in d),
                sum(x.on_time for x in d),
                sum(x.overdue for x in d),
                sum(x.open for x in d),
            )
        )
    return tuple(out)


def sum_monthly(reports: Sequence[PeriodicReport]) -> tuple[MonthlyPoint, ...]:
    """Received and resolved per month, added up."""
    received: Counter[date] = Counter()
    resolved: Counter[date] = Counter()
    for report in reports:
        for point in report.monthly:
            month = point.month.replace(day=1)
            received[month] += point.received
            resolved[month] += point.resolved
    return tuple(MonthlyPoint(m, received[m], resolved[m]) for m in sorted(received.keys() | resolved.keys()))


def sum_topics(reports: Sequence[PeriodicReport], top: int = 5) -> tuple[TopicCount, ...]:
    """The most frequent topics over all units (each unit sends its own top five)."""
    counts: Counter[str] = Counter()
    for report in reports:
        for topic in report.top_topics:
            counts[topic.label] += topic.count
    return tuple(TopicCount(label, n) for label, n in counts.most_common(top))


def xld01_rows(units: UnitReports) -> tuple[UnitXld01, ...]:
    """Biểu 01/XLD with one row a unit, as the official form is laid out."""
    return tuple(UnitXld01(name, _xld(report)) for name, report in units)
