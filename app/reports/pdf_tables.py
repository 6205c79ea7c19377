"""Bordered summary tables of the PDF report (repeated header rows, bold total row)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from app.reports.nd30 import Styles
from app.reports.pdf_fonts import BOLD, REGULAR
from app.reports.text import esc, fmt_change, fmt_int, fmt_pct, nfc
from app.reports.types import (
    ComparisonRow,
    CountTable,
    DepartmentPerformance,
    TopicCount,
    Xld01Summary,
)

NO_DATA = "Không có số liệu."
_NO_COL = 12 * mm
_PLAIN = 10  # characters: short enough never to need wrapping in a number column


def grid(
    head: Sequence[str],
    body: Sequence[Sequence[object]],
    widths: Sequence[float],
    styles: Styles,
    *,
    text_col: int = 1,
    total: Sequence[object] | None = None,
    bold_rows: Sequence[int] = (),
) -> Table:
    """Bordered table: bold centred header (repeated on each page), numbers centred.

    Column ``text_col`` holds wrapped, left-aligned text; the others are short centred values.
    """
    rows: list[list[object]] = [[Paragraph(esc(h), styles.cell_head) for h in head]]
    bold_set = {*bold_rows, len(body) + 1} if total is not None else set(bold_rows)
    for values in [*body, *([total] if total is not None else [])]:
        bold = len(rows) in bold_set
        rows.append([_cell(v, styles, bold, i == text_col) for i, v in enumerate(values)])
    table = Table(rows, colWidths=list(widths), repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, -1), REGULAR, 11),  # else Table sets Helvetica per cell
        *(("FONT", (0, row), (-1, row), BOLD, 11) for row in sorted(bold_set)),
        *(("ALIGN", (c, 1), (c, -1), "CENTER") for c in range(len(widths)) if c != text_col),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ]
    table.setStyle(TableStyle(commands))
    return table


def _cell(value: object, styles: Styles, bold: bool, text: bool) -> Paragraph | str:
    """A short centred value is a plain string (drawn by the table with the row's font, many times
    faster than a Paragraph: a consolidated report has thousands); text wraps in a Paragraph."""
    if not text and (value is None or isinstance(value, int) or len(nfc(value)) <= _PLAIN):
        return fmt_int(value) if isinstance(value, int) else nfc(value)
    shown = fmt_int(value) if isinstance(value, int) else esc(value) if value is not None else ""
    if bold:
        shown = f"<b>{shown}</b>"
    return Paragraph(shown, styles.cell if text else styles.cell_centred)


def captioned(caption: str, table: Flowable, styles: Styles) -> list[Flowable]:
    """The caption (kept with its table) and the table."""
    head = Paragraph(esc(caption), styles.caption)
    head.keepWithNext = True
    return [head, table]


def count_table(table: CountTable, styles: Styles, width: float) -> list[Flowable]:
    """A breakdown with STT, its count columns, a share column for one-count tables and a total."""
    if not table.rows:
        return captioned(table.title, Paragraph(NO_DATA, styles.centred), styles)
    totals = table.totals()
    single = len(totals) == 1
    head = ["STT", *table.headers, *(["Tỷ lệ"] if single else [])]
    body: list[list[object]] = []
    for index, row in enumerate(table.rows, 1):
        share = [fmt_pct(row.counts[0] / totals[0] if totals[0] else None)] if single else []
        body.append([index, row.label, *row.counts, *share])
    share_total = [fmt_pct(1.0 if totals[0] else None)] if single else []
    total: list[object] = ["", "Tổng cộng", *totals, *share_total]
    number_cols = len(head) - 2
    part = 0.5 if single else 0.7  # wide unit × column tables: headers wrap by word, not by letter
    number_width = min(28 * mm, (width - _NO_COL) * part / max(number_cols, 1))
    label_width = width - _NO_COL - number_width * number_cols
    widths = [_NO_COL, label_width, *[number_width] * number_cols]
    return captioned(table.title, grid(head, body, widths, styles, total=total), styles)


def comparison_table(rows: Sequence[ComparisonRow], styles: Styles, width: float) -> Flowable:
    """This period against the previous period and the same period last year."""
    head = ["Chỉ tiêu", "Kỳ này", "Kỳ trước", "Tăng, giảm", "Cùng kỳ năm trước", "Tăng, giảm"]
    body = [
        [
            r.label,
            r.current,
            r.previous,
            fmt_change(r.current, r.previous),
            r.last_year,
            fmt_change(r.current, r.last_year),
        ]
        for r in rows
    ]
    number = 23 * mm
    widths = [width - 5 * number, *[number] * 5]
    return grid(head, body, widths, styles, text_col=0)


def xld01_table(summary: Xld01Summary, styles: Styles, width: float) -> list[Flowable]:
    """Biểu 01/XLD in portrait form (indicators down, numbers right) and any failed checks."""
    body: list[list[object]] = [
        ["1", "Tổng số đơn, vụ việc tiếp nhận", summary.received_total],
        ["1.1", "Kỳ trước chuyển sang", summary.carried_over],
        ["1.2", "Tiếp nhận trong kỳ", summary.received_in_period],
        ["2", "Phân loại theo nội dung", None],
    ]
    body += [[f"2.{i}", label, n] for i, (label, n) in enumerate(summary.kind_parts(), 1)]
    body.append(["3", "Kết quả xử lý", None])
    body += [[f"3.{i}", label, n] for i, (label, n) in enumerate(summary.result_parts(), 1)]
    bold = [1, 4, 4 + len(summary.kind_parts()) + 1]
    widths = [_NO_COL + 2 * mm, width - _NO_COL - 2 * mm - 30 * mm, 30 * mm]
    out: list[Flowable] = [grid(["STT", "Chỉ tiêu", "Số lượng"], body, widths, styles, bold_rows=bold)]
    failures = summary.cross_checks()
    if failures:
        out.append(
            Paragraph(
                "<font color='#b00000'>Số liệu chưa khớp: " + " ".join(esc(f) for f in failures) + "</font>",
                styles.note,
            )
        )
    return out


def department_table(rows: Sequence[DepartmentPerformance], styles: Styles, width: float) -> Flowable:
    """Per-department workload and punctuality with a total row."""
    head = [
        "STT",
        "Đơn vị",
        "Được giao",
        "Đã giải quyết",
        "Đúng hạn",
        "Quá hạn",
        "Đang xử lý",
        "Tỷ lệ đúng hạn",
    ]
    body = [
        [i, r.department, r.assigned, r.resolved, r.on_time, r.overdue, r.open, fmt_pct(r.on_time_rate)]
        for i, r in enumerate(rows, 1)
    ]
    sums = [
        sum(getattr(r, name) for r in rows) for name in ("assigned", "resolved", "on_time", "overdue", "open")
    ]
    answered = sums[2] + sums[3]
    total = ["", "Tổng cộng", *sums, fmt_pct(sums[2] / answered if answered else None)]
    number = 15.5 * mm
    widths = [_NO_COL, width - _NO_COL - 6 * number, *[number] * 6]
    return grid(head, body, widths, styles, total=total)


def topics_table(rows: Sequence[TopicCount], styles: Styles, width: float) -> Flowable:
    """The most frequent topics."""
    body = [[i, r.label, r.count] for i, r in enumerate(rows, 1)]
    widths = [_NO_COL, width - _NO_COL - 30 * mm, 30 * mm]
    return grid(["STT", "Nội dung", "Số vụ việc"], body, widths, styles)
