"""The figures of a report package as JSON: a periodic report without its case stream, and back."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from app.reports.types import (
    CaseRow,
    ComparisonRow,
    CountRow,
    CountTable,
    DepartmentPerformance,
    DocumentHeader,
    MonthlyPoint,
    NoteSection,
    PeriodicReport,
    Recipients,
    Signature,
    TopicCount,
    UnitXld01,
    Xld01Summary,
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def encode_report(report: PeriodicReport) -> dict[str, Any]:
    """Every figure the report prints, as JSON-ready values (the case list is not included)."""
    header = asdict(report.header)
    header["issued_on"] = _day(report.header.issued_on)
    header["signing_month"] = _day(report.header.signing_month)
    return {
        "header": header,
        "period_label": report.period_label,
        "period_start": _day(report.period_start),
        "period_end": _day(report.period_end),
        "signature": asdict(report.signature),
        "recipients": {"lines": list(report.recipients.lines), "archive": report.recipients.archive},
        "paragraphs": list(report.paragraphs),
        "comparison": [asdict(row) for row in report.comparison],
        "tables": [
            {
                "title": t.title,
                "headers": list(t.headers),
                "rows": [{"label": r.label, "counts": list(r.counts)} for r in t.rows],
                "chart": t.chart,
            }
            for t in report.tables
        ],
        "xld01": asdict(report.xld01) if report.xld01 is not None else None,
        "monthly": [
            {"month": _day(m.month), "received": m.received, "resolved": m.resolved} for m in report.monthly
        ],
        "top_topics": [asdict(t) for t in report.top_topics],
        "departments": [asdict(d) for d in report.departments],
        "closing": list(report.closing),
        "xld01_units": [{"unit": u.unit, "summary": asdict(u.summary)} for u in report.xld01_units],
        "notes": [{"title": n.title, "lines": list(n.lines)} for n in report.notes],
        "audit_anchor": report.audit_anchor,
    }


def _ints(values: Any) -> tuple[int, ...]:
    out = tuple(int(v) for v in values)
    if any(isinstance(v, bool) for v in values):
        raise ValueError("boolean count")
    return out


def _xld01(data: dict[str, Any]) -> Xld01Summary:
    return Xld01Summary(**{k: int(v) for k, v in data.items()})


def decode_report(data: dict[str, Any]) -> PeriodicReport:
    """The report the figures describe, with no case list; KeyError/TypeError/ValueError on bad data."""
    header = dict(data["header"])
    header["issued_on"] = _parse_day(header.get("issued_on"))
    header["signing_month"] = _parse_day(header.get("signing_month"))  # absent in packages before 12/2026
    start, end = _parse_day(data["period_start"]), _parse_day(data["period_end"])
    if start is None or end is None:
        raise ValueError("period dates")
    xld01 = data.get("xld01")
    return PeriodicReport(
        header=DocumentHeader(**header),
        period_label=str(data["period_label"]),
        period_start=start,
        period_end=end,
        signature=Signature(**data["signature"]),
        recipients=Recipients(tuple(data["recipients"]["lines"]), data["recipients"]["archive"]),
        paragraphs=tuple(str(p) for p in data["paragraphs"]),
        comparison=tuple(ComparisonRow(**row) for row in data["comparison"]),
        tables=tuple(
            CountTable(
                str(t["title"]),
                tuple(t["headers"]),
                tuple(CountRow(str(r["label"]), _ints(r["counts"])) for r in t["rows"]),
                chart=bool(t["chart"]),
            )
            for t in data["tables"]
        ),
        xld01=_xld01(xld01) if xld01 is not None else None,
        monthly=tuple(
            MonthlyPoint(date.fromisoformat(m["month"]), int(m["received"]), int(m["resolved"]))
            for m in data["monthly"]
        ),
        top_topics=tuple(TopicCount(str(t["label"]), int(t["count"])) for t in data["top_topics"]),
        departments=tuple(DepartmentPerformance(**d) for d in data["departments"]),
        closing=tuple(str(c) for c in data["closing"]),
        case_list=False,
        xld01_units=tuple(
            UnitXld01(str(u["unit"]), _xld01(u["summary"])) for u in data.get("xld01_units", ())
        ),
        notes=tuple(NoteSection(str(n["title"]), tuple(n["lines"])) for n in data.get("notes", ())),
        audit_anchor=str(data.get("audit_anchor", "")),
    )


def encode_case(row: CaseRow) -> dict[str, Any]:
    """One appendix row (already redacted by the caller)."""
    item = asdict(row)
    item["received_at"] = row.received_at.isoformat()
    item["due_on"] = _day(row.due_on)
    item["replied_on"] = _day(row.replied_on)
    return item


def decode_case(item: dict[str, Any]) -> CaseRow:
    """An appendix row read back."""
    values = dict(item)
    values["received_at"] = datetime.fromisoformat(values["received_at"])
    values["due_on"] = _parse_day(values.get("due_on"))
    values["replied_on"] = _parse_day(values.get("replied_on"))
    return CaseRow(**values)
