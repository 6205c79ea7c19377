"""openpyxl charts of the "Tổng hợp" sheet: monthly trend and a breakdown (e.g. by kind)."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.reports.text import nfc

CHART_ROWS = 13  # rows of 16 pt left under a table for a chart 6.5 cm high
WIDTH_CM = 16.0
HEIGHT_CM = 6.5


def monthly_chart(
    ws: WriteOnlyWorksheet, head_row: int, last_row: int, label_col: int, first_col: int
) -> BarChart:
    """Clustered columns "Tiếp nhận" / "Đã giải quyết" per month from the trend table."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = "Số vụ việc tiếp nhận và đã giải quyết theo tháng"
    chart.y_axis.title = "Số vụ việc"
    data = Reference(ws, min_col=first_col, max_col=first_col + 1, min_row=head_row, max_row=last_row)
    categories = Reference(ws, min_col=label_col, min_row=head_row + 1, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(categories)
    _size(chart)
    return chart


def breakdown_chart(
    ws: WriteOnlyWorksheet, title: str, first_row: int, last_row: int, label_col: int, value_col: int
) -> BarChart:
    """Horizontal bars of one count column (the rows of a breakdown table, total excluded)."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = f"Biểu đồ số vụ việc {_lower_first(nfc(title))}"
    chart.legend = None
    data = Reference(ws, min_col=value_col, min_row=first_row, max_row=last_row)
    categories = Reference(ws, min_col=label_col, min_row=first_row, max_row=last_row)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(categories)
    chart.x_axis.scaling.orientation = "maxMin"  # keep the table's top-down order
    chart.y_axis.crosses = "max"  # and the value axis at the bottom
    _size(chart)
    return chart


def _size(chart: BarChart) -> None:
    chart.width = WIDTH_CM
    chart.height = HEIGHT_CM
    # openpyxl ≥ 3.1 hides axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
