"""Row-by-row helper over a write-only sheet: page setup, merged headers, bordered rows, totals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart
from openpyxl.utils import column_index_from_string
from openpyxl.utils import get_column_letter as col
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.excel_cached import Cached
from app.reports.excel_charts import CHART_ROWS
from app.reports.excel_styles import INTEGER, formula, styled

MM = 1 / 25.4  # inches per millimetre (Excel margins are in inches)
HEAD_HEIGHT = 33.0  # two lines of 12 pt
ROW_HEIGHT = 16.0  # one line of 12 pt Times New Roman
PRINTABLE = {True: (252.0, 170.0), False: (165.0, 257.0)}  # mm inside the margins


def page_setup(ws: WriteOnlyWorksheet, *, landscape: bool, scale: int | None = None) -> None:
    """A4 with Nghị định 30 margins (binding edge 30 mm); fit to width unless ``scale`` is set.

    Excel ignores manual page breaks on fit-to-page sheets, so a sheet with planned breaks
    prints at a fixed ``scale`` instead.
    """
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if scale is None:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    else:
        ws.page_setup.scale = scale
    margins = ws.page_margins
    top, bottom, left, right = (20, 20, 30, 15)  # the same on landscape sheets (app/reports/nd30.py)
    margins.top, margins.bottom, margins.left, margins.right = (top * MM, bottom * MM, left * MM, right * MM)
    margins.header = margins.footer = 8 * MM
    ws.print_options.horizontalCentered = True
    # Page number centred at the top from page 2, as on the paper report.
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"


def stamp_footer(sheets: Sequence[WriteOnlyWorksheet], text: str) -> None:
    """Print ``text`` (the audit anchor) small at the bottom left of every page of every sheet."""
    if not text:
        return
    for ws in sheets:
        for footer in (ws.oddFooter, ws.firstFooter):
            footer.left.text = text
            footer.left.size = 8


def text_height(text: str, width: float) -> float:
    """Row height for ``text`` wrapped in a column ``width`` characters wide."""
    per_line = max(int(width) - 2, 1)
    return ROW_HEIGHT * max(1, -(-len(text) // per_line))


class Sheet:
    """Appends rows with explicit heights to a write-only sheet and plans its printed pages.

    Every row height is set, so where printed pages end is known exactly and a table (with the
    chart beside it) is moved to the next page instead of being cut.
    """

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.row = 0
        self.label_width = 40.0
        self._page = 1e9  # printed page height in sheet points (set by setup)
        self._used = 0.0
        self._heading: tuple[int, float] | None = None  # (row, height) of a fresh heading

    def setup(self, widths: Mapping[str, float], *, landscape: bool) -> None:
        """Column widths and print setup (must come before the first row in write-only mode)."""
        for letter, width in widths.items():
            self.ws.column_dimensions[letter].width = width
        self.label_width = widths.get("B", self.label_width)
        # Excel draws a column w characters wide as about 7w pixels of 0.75 pt; LibreOffice
        # without Calibri draws it up to a third wider. Plan for the wider one.
        sheet_width = sum(7 * w for w in widths.values()) * 0.75 * 1.35
        page_width, page_height = (v / 25.4 * 72 for v in PRINTABLE[landscape])
        scale = min(100, int(97 * page_width / sheet_width))
        page_setup(self.ws, landscape=landscape, scale=scale)
        self._page = 0.97 * page_height * 100 / scale
        self.ws.sheet_view.showGridLines = False

    def add(self, cells: Sequence[object], height: float = ROW_HEIGHT) -> int:
        """Append one row of ``height`` points; return its number."""
        self.row += 1
        self.ws.row_dimensions[self.row].height = height
        self.ws.append(list(cells))
        self._used += height
        if self._used > self._page:  # the printer breaks the page before this row
            self._used = height
        return self.row

    def keep(self, height: float) -> None:
        """Start a printed page here (or before a heading just written) unless ``height`` fits."""
        heading, self._heading = self._heading, None
        if self._used + height <= self._page:
            return
        if heading is not None and heading[0] == self.row:
            # Break before the heading's blank row: the zero-based id of that row is row - 2.
            self.ws.row_breaks.append(Break(id=heading[0] - 2))
            self._used = heading[1]
        elif self._used > 0:
            self.ws.row_breaks.append(Break(id=self.row))
            self._used = 0.0

    @staticmethod
    def index(letters: str) -> int:
        """Column number of ``letters`` ("A" → 1)."""
        return int(column_index_from_string(letters))

    def merge(self, ref: str) -> None:
        """Merge a range (write-only sheets keep the list and write it at the end)."""
        self.ws.merged_cells.add(ref)

    def heading(self, text: str) -> None:
        """A bold section heading after a blank row."""
        self.add([])
        row = self.add([styled(self.ws, text, font="b", align="n")], height=20)
        self._heading = (row, ROW_HEIGHT + 20)

    def caption(self, text: str, last: str, block: float = 0.0) -> None:
        """A bold centred caption merged over A..``last``, kept with ``block`` points below."""
        self.keep(20 + block)
        row = self.add([styled(self.ws, text, font="b", align="c")], height=20)
        self.merge(f"A{row}:{last}{row}")

    def block(self, labels: Sequence[str], head_rows: int = 1, chart: bool = False) -> float:
        """Height of a table with one row per label plus a total (and a chart beside it)."""
        height = head_rows * HEAD_HEIGHT + ROW_HEIGHT
        height += sum(text_height(label, self.label_width) for label in labels)
        return height + CHART_ROWS * ROW_HEIGHT if chart else height

    def table_head(self, headers: Sequence[str]) -> int:
        """One bold, shaded, bordered header row."""
        return self.add([styled(self.ws, h, head=True) for h in headers], height=HEAD_HEIGHT)

    def group_head(self, top: Sequence[str | None], sub: Sequence[str | None], merges: Sequence[str]) -> int:
        """Two header rows; ``merges`` use {0} for the first row and {1} for the second."""
        first = self.add([styled(self.ws, h or "", head=True) for h in top], height=HEAD_HEIGHT)
        self.add([styled(self.ws, h or "", head=True) for h in sub], height=HEAD_HEIGHT)
        for ref in merges:
            self.merge(ref.format(first, first + 1))
        return first

    def number_row(
        self, stt: object, label: str, numbers: Sequence[int | None], tail: Sequence[WriteOnlyCell] = ()
    ) -> int:
        """STT, a wrapped label, then bordered integers (blank for None)."""
        ws = self.ws
        cells = [styled(ws, stt, align="c", border=True), styled(ws, label, border=True)]
        cells += [styled(ws, n, align="c", border=True, number_format=INTEGER) for n in numbers]
        return self.add([*cells, *tail], height=text_height(label, self.label_width))

    def total_row(
        self,
        first_col: int,
        first: int,
        last: int,
        totals: Sequence[Cached],
        tail: Sequence[WriteOnlyCell] = (),
    ) -> int:
        """ "Tổng cộng" with =SUM() of rows ``first``..``last`` in one column per ``totals``
        (the sums, written as the formulas' cached values)."""
        count = len(totals)
        ws = self.ws
        cells: list[WriteOnlyCell] = [
            styled(ws, None, border=True),
            styled(ws, "Tổng cộng", font="b", border=True),
        ]
        for index, total in zip(range(first_col, first_col + count), totals, strict=True):
            letter = col(index)
            cells.append(formula(ws, f"=SUM({letter}{first}:{letter}{last})", total, bold=True))
        return self.add([*cells, *tail])

    def chart(self, chart: BarChart) -> None:
        """Place a chart under the last table and leave blank rows for it."""
        self.ws.add_chart(chart, f"B{self.row + 2}")
        for _ in range(CHART_ROWS):
            self.add([])
