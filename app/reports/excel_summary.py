"""The "Tổng hợp" sheet: header, comparison, breakdowns with SUM totals, charts under tables."""

from __future__ import annotations

from openpyxl.utils import get_column_letter as col
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.reports.excel_cached import ratio
from app.reports.excel_charts import breakdown_chart, monthly_chart
from app.reports.excel_sheet import Sheet
from app.reports.excel_styles import PERCENT, formula, styled
from app.reports.text import document_number_line, month_label, nfc, place_date_line
from app.reports.types import CountTable, PeriodicReport

NO_CASES = "Trong kỳ không tiếp nhận vụ việc nào."
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
WIDTHS = {"A": 6, "B": 40, "C": 12, "D": 12, "E": 12, "F": 12, "G": 12, "H": 12}


def doc_header(sheet: Sheet, report: PeriodicReport, left: str, right: str, last: str) -> None:
    """Nghị định 30 header in merged cells (A..``left``, ``right``..``last``) and the title."""
    ws, h = sheet.ws, report.header
    rows = [
        (nfc(h.parent_body).upper(), "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"),
        (nfc(h.issuing_body).upper(), "b", "Độc lập - Tự do - Hạnh phúc", "bu"),
        (
            document_number_line(h),
            "",
            place_date_line(h.place, h.issued_on, h.signing_month, h.signing_month_known),
            "i",
        ),
    ]
    gap = [None] * (sheet.index(right) - 2)
    for left_text, left_font, right_text, right_font in rows:
        row = sheet.add(
            [
                styled(ws, left_text, font=left_font, align="c"),
                *gap,
                styled(ws, right_text, font=right_font, align="c"),
            ]
        )
        sheet.merge(f"A{row}:{left}{row}")
        sheet.merge(f"{right}{row}:{last}{row}")
    sheet.add([])


def title(sheet: Sheet, lines: list[tuple[str, str]], last: str) -> None:
    """Centred title lines merged over A..``last``."""
    for text, font in lines:
        if text.strip():
            row = sheet.add([styled(sheet.ws, text, font=font, align="c")], height=21)
            sheet.merge(f"A{row}:{last}{row}")


def write_summary(ws: WriteOnlyWorksheet, report: PeriodicReport, no_cases: bool) -> None:
    """Fill the summary sheet (column widths and print setup first: write-only needs that)."""
    sheet = Sheet(ws)
    sheet.setup(WIDTHS, landscape=True)
    doc_header(sheet, report, "C", "D", "H")
    h = report.header
    title(
        sheet,
        [(nfc(h.title).upper(), "title"), (nfc(h.subtitle), "title"), (nfc(report.period_label), "i")],
        "H",
    )
    sections = iter(ROMAN)
    sheet.heading(f"{next(sections)}. TÌNH HÌNH TIẾP NHẬN")
    sheet.add([None, styled(ws, f"Kỳ báo cáo: {nfc(report.period_label)}.", align="n")])
    if no_cases:
        sheet.add([None, styled(ws, NO_CASES, font="i", align="n")])
    if report.comparison:
        _comparison(sheet, report)
    if report.monthly:
        _monthly(sheet, report)
    if report.tables:
        sheet.heading(f"{next(sections)}. PHÂN LOẠI VỤ VIỆC")
        for table in report.tables:
            _count_table(sheet, table)
    if report.xld01 is not None:
        sheet.heading(f"{next(sections)}. KẾT QUẢ XỬ LÝ ĐƠN")
        sheet.add([None, styled(ws, "Xem trang tính “Biểu 01-XLD”.", font="i", align="n")])
    if report.departments:
        sheet.heading(f"{next(sections)}. KẾT QUẢ GIẢI QUYẾT CỦA CÁC ĐƠN VỊ")
        _departments(sheet, report)
    if report.top_topics:
        sheet.heading(f"{next(sections)}. NỘI DUNG ĐƯỢC PHẢN ÁNH NHIỀU")
        sheet.keep(sheet.block([t.label for t in report.top_topics]))
        sheet.table_head(["STT", "Nội dung", "Số vụ việc"])
        for i, topic in enumerate(report.top_topics, 1):
            sheet.number_row(i, topic.label, [topic.count])


def _comparison(sheet: Sheet, report: PeriodicReport) -> None:
    sheet.caption(
        "So sánh với kỳ trước và cùng kỳ năm trước",
        "G",
        sheet.block([r.label for r in report.comparison], head_rows=2),
    )
    sheet.group_head(
        ["STT", "Chỉ tiêu", "Kỳ này", "Kỳ trước", None, "Cùng kỳ năm trước", None],
        [None, None, None, "Số lượng", "Tăng, giảm", "Số lượng", "Tăng, giảm"],
        merges=["A{0}:A{1}", "B{0}:B{1}", "C{0}:C{1}", "D{0}:E{0}", "F{0}:G{0}"],
    )
    ws = sheet.ws
    change = '=IF(N({b}{r})=0,"",C{r}/{b}{r}-1)'
    for i, item in enumerate(report.comparison, 1):
        r = sheet.row + 1
        sheet.number_row(
            i,
            item.label,
            [item.current, item.previous],
            tail=[
                formula(
                    ws,
                    change.format(b="D", r=r),
                    ratio(item.current, item.previous or 0, 1),
                    number_format=PERCENT,
                ),
                styled(ws, item.last_year, align="c", border=True),
                formula(
                    ws,
                    change.format(b="F", r=r),
                    ratio(item.current, item.last_year or 0, 1),
                    number_format=PERCENT,
                ),
            ],
        )


def _count_table(sheet: Sheet, table: CountTable) -> None:
    counts = len(table.headers) - 1
    single = counts == 1
    last = col(2 + counts + (1 if single else 0))
    labels = [r.label for r in table.rows]
    sheet.caption(nfc(table.title), last, sheet.block(labels, chart=table.chart and single))
    if not table.rows:
        sheet.add([None, styled(sheet.ws, "Không có số liệu.", font="i", align="n")])
        return
    sheet.table_head(["STT", *table.headers, *(["Tỷ lệ"] if single else [])])
    first = sheet.row + 1
    total = first + len(table.rows)
    sums = table.totals()
    for i, item in enumerate(table.rows, 1):
        share = f'=IF(C${total}=0,"",C{sheet.row + 1}/C${total})'
        tail = (
            [formula(sheet.ws, share, ratio(item.counts[0], sums[0]), number_format=PERCENT)]
            if single
            else []
        )
        sheet.number_row(i, item.label, list(item.counts), tail=tail)
    whole = ratio(sums[0], sums[0])
    tail = [formula(sheet.ws, f'=IF(C{total}=0,"",1)', whole, bold=True, number_format=PERCENT)]
    sheet.total_row(3, first, total - 1, sums, tail=tail if single else [])
    if table.chart:
        sheet.chart(breakdown_chart(sheet.ws, table.title, first, total - 1, 2, 3))


def _monthly(sheet: Sheet, report: PeriodicReport) -> None:
    sheet.caption("Số vụ việc theo tháng", "D", sheet.block([""] * len(report.monthly), chart=True))
    head = sheet.table_head(["STT", "Tháng", "Tiếp nhận", "Đã giải quyết"])
    for i, point in enumerate(report.monthly, 1):
        sheet.number_row(i, month_label(point.month), [point.received, point.resolved])
    last = sheet.row
    totals = [sum(p.received for p in report.monthly), sum(p.resolved for p in report.monthly)]
    sheet.total_row(3, head + 1, last, totals)
    sheet.chart(monthly_chart(sheet.ws, head, last, 2, 3))


def _departments(sheet: Sheet, report: PeriodicReport) -> None:
    sheet.keep(sheet.block([d.department for d in report.departments]))
    sheet.table_head(
        ["STT", "Đơn vị", "Được giao", "Đã giải quyết", "Đúng hạn", "Quá hạn", "Đang xử lý", "Tỷ lệ đúng hạn"]
    )
    first = sheet.row + 1
    rate = '=IF(E{r}+F{r}=0,"",E{r}/(E{r}+F{r}))'
    for i, d in enumerate(report.departments, 1):
        r = sheet.row + 1
        sheet.number_row(
            i,
            d.department,
            [d.assigned, d.resolved, d.on_time, d.overdue, d.open],  # as _department_numbers
            tail=[
                formula(
                    sheet.ws, rate.format(r=r), ratio(d.on_time, d.on_time + d.overdue), number_format=PERCENT
                )
            ],
        )
    total = sheet.row + 1
    sums = [sum(column) for column in zip(*_department_numbers(report), strict=True)] or [0] * 5
    on_time = ratio(sums[2], sums[2] + sums[3])
    sheet.total_row(
        3,
        first,
        total - 1,
        sums,
        tail=[formula(sheet.ws, rate.format(r=total), on_time, bold=True, number_format=PERCENT)],
    )


def _department_numbers(report: PeriodicReport) -> list[tuple[int, int, int, int, int]]:
    return [(d.assigned, d.resolved, d.on_time, d.overdue, d.open) for d in report.departments]
