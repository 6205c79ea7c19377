"""Bar charts for the PDF (reportlab.graphics): monthly trend and a breakdown such as by kind."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from app.reports.pdf_fonts import BOLD, REGULAR
from app.reports.text import fmt_int, month_label, nfc
from app.reports.types import CountTable, MonthlyPoint

RECEIVED = colors.Color(0.18, 0.30, 0.52)  # dark blue: prints as dark grey
RESOLVED = colors.Color(0.70, 0.76, 0.84)  # light blue-grey: prints as light grey


def nice_step(maximum: int, ticks: int = 5) -> int:
    """A 1/2/5 × 10ⁿ integer step giving about ``ticks`` intervals up to ``maximum``."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def _value_axis(chart: VerticalBarChart | HorizontalBarChart, maximum: int) -> None:
    step = nice_step(maximum)
    axis = chart.valueAxis
    axis.valueMin = 0
    axis.valueStep = step
    axis.valueMax = max(step, math.ceil(maximum / step) * step)
    axis.labels.fontName = REGULAR
    axis.labels.fontSize = 9
    axis.labelTextFormat = lambda v: fmt_int(int(v))
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    axis.gridStrokeWidth = 0.4


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR  # the renderer would start with Helvetica
    return drawing


def _title(drawing: Drawing, text: str, width: float, height: float) -> None:
    drawing.add(String(width / 2, height - 12, nfc(text), fontName=BOLD, fontSize=11, textAnchor="middle"))


def monthly_chart(points: Sequence[MonthlyPoint], width: float) -> Drawing:
    """Grouped bars: received and resolved per month, with a legend."""
    height = 62 * mm
    drawing = _drawing(width, height)
    _title(drawing, "Số vụ việc tiếp nhận và đã giải quyết theo tháng", width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 12 * mm
    chart.width, chart.height = width - 20 * mm, height - 30 * mm
    chart.data = [[p.received for p in points], [p.resolved for p in points]]
    chart.categoryAxis.categoryNames = [month_label(p.month) for p in points]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 9
    chart.bars[0].fillColor = RECEIVED
    chart.bars[1].fillColor = RESOLVED
    chart.bars.strokeWidth = 0.3
    chart.barSpacing = 1
    chart.groupSpacing = 8
    _value_axis(chart, max([1, *chart.data[0], *chart.data[1]]))
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 70 * mm, height - 20
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = 9
    legend.dx = legend.dy = 7
    legend.deltax = 32 * mm
    legend.colorNamePairs = [(RECEIVED, "Tiếp nhận"), (RESOLVED, "Đã giải quyết")]
    drawing.add(legend)
    return drawing


def breakdown_chart(table: CountTable, width: float) -> Drawing:
    """Horizontal bars of the first count column, with the number at the end of each bar."""
    labels = [nfc(row.label) for row in table.rows]
    values = [row.counts[0] for row in table.rows]
    bar = 7 * mm
    height = bar * len(labels) + 24 * mm
    drawing = _drawing(width, height)
    title = nfc(table.title)
    _title(drawing, f"Biểu đồ số vụ việc {title[:1].lower()}{title[1:]}", width, height)
    chart = HorizontalBarChart()
    label_room = 55 * mm
    chart.x, chart.y = label_room, 10 * mm
    chart.width, chart.height = width - label_room - 15 * mm, bar * len(labels)
    # Categories run bottom-up in reportlab; reverse so the table order reads top-down.
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 10
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.bars[0].fillColor = RECEIVED
    chart.bars.strokeWidth = 0.3
    chart.barLabelFormat = lambda v: fmt_int(int(v))
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 9
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    _value_axis(chart, max([1, *values]))
    drawing.add(chart)
    return drawing
