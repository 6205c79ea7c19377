"""The case list appendix: landscape pages built one page-sized table at a time from a stream."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak

from app.reports.nd30 import Nd30Document
from app.reports.output import Ticker
from app.reports.pdf_fonts import BOLD, REGULAR
from app.reports.pdf_grid import CENTRE, LEFT, RowPager, TextGrid
from app.reports.text import fmt_date, local_time, nfc
from app.reports.types import CaseRow

SIZE = 8.5
LEADING = 10.0
PAD = 2.0
# (header, width in mm, most lines shown); the last column takes the rest of the 252 mm.
COLUMNS: tuple[tuple[str, float, int], ...] = (
    ("STT", 9, 1),
    ("Số vụ việc / Mã ngoài", 27, 2),
    ("Tiếp nhận", 17, 2),
    ("Kênh tiếp nhận", 19, 2),
    ("Loại", 17, 2),
    ("Lĩnh vực", 19, 3),
    ("Đơn vị xử lý", 24, 3),
    ("Trạng thái", 19, 2),
    ("Hạn xử lý", 16.5, 1),
    ("Ngày trả lời", 16.5, 1),
    ("Đúng / quá hạn", 14, 1),
    ("Người phản ánh / Điện thoại", 23, 3),
    ("Tóm tắt nội dung", 0, 3),
)
ALIGN = (CENTRE, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, CENTRE, CENTRE, CENTRE, LEFT, LEFT)
ON_TIME = {True: "Đúng hạn", False: "Quá hạn", None: ""}


def column_widths(total: float) -> list[float]:
    """Widths in points; the summary column takes what the others leave."""
    fixed = [w * mm for _, w, _ in COLUMNS[:-1]]
    return [*fixed, total - sum(fixed)]


@lru_cache(maxsize=4096)
def _fit(text: str, width: float, lines: int, font: str = REGULAR) -> str:
    """``text`` wrapped to ``width`` on at most ``lines`` lines, "…" when cut."""
    room = width - 2 * PAD
    if "\n" not in text and stringWidth(text, font, SIZE) <= room:
        return text
    parts: list[str] = []
    for chunk in text.split("\n"):
        for line in simpleSplit(chunk, font, SIZE, room):
            parts += _break_long(line, font, room)
    if len(parts) > lines:
        parts = parts[:lines]
        last = parts[-1]
        while last and stringWidth(last + "…", font, SIZE) > room:
            last = last[:-1]
        parts[-1] = last.rstrip() + "…"
    return "\n".join(parts)


def _break_long(line: str, font: str, room: float) -> list[str]:
    """A word longer than the column (a link, a code) cut into pieces that fit."""
    out: list[str] = []
    width = stringWidth(line, font, SIZE)
    while width > room and len(line) > 1:
        cut = max(1, min(len(line) - 1, int(len(line) * room / width)))
        while cut > 1 and stringWidth(line[:cut], font, SIZE) > room:
            cut -= 1
        out.append(line[:cut])
        line = line[cut:]
        width = stringWidth(line, font, SIZE)
    return [*out, line]


def row_cells(index: int, row: CaseRow, widths: list[float]) -> list[str]:
    """The printed cells of one case, wrapped to their columns."""
    received = local_time(row.received_at)
    values = (
        str(index),
        f"{nfc(row.number)}\n{nfc(row.external_ref)}" if row.external_ref else nfc(row.number),
        f"{received:%d/%m/%Y}\n{received:%H:%M}",
        nfc(row.channel),
        nfc(row.kind),
        nfc(row.field),
        nfc(row.department),
        nfc(row.status),
        fmt_date(row.due_on),
        fmt_date(row.replied_on),
        ON_TIME[row.on_time],
        "\n".join(v for v in (nfc(row.petitioner), nfc(row.phone)) if v),
        nfc(row.summary).replace("\n", " "),
    )
    return [_fit(v, w, c[2]) for v, w, c in zip(values, widths, COLUMNS, strict=True)]


def _height(cells: list[str]) -> float:
    return max(c.count("\n") for c in cells) * LEADING + LEADING + 2 * PAD


class CasePages:
    """Producer for :class:`app.reports.nd30.Feed`: one table that fills the rest of the frame."""

    def __init__(self, rows: Iterator[CaseRow], width: float, ticker: Ticker) -> None:
        self.widths = column_widths(width)
        self.ticker = ticker
        cells = (row_cells(i, row, self.widths) for i, row in enumerate(rows, start=1))
        self.pager = RowPager(cells, _height)
        self.head = [_fit(h, w, 3, BOLD) for (h, _, _), w in zip(COLUMNS, self.widths, strict=True)]
        self.head_height = _height(self.head)

    def __call__(self, doc: Nd30Document) -> list[Flowable] | None:
        self.ticker.check()
        page = self.pager.take(doc.available_height() - self.head_height - 2)
        if page is None:
            return None
        body, heights = page
        if not body:
            return [PageBreak()]
        self.ticker.step(len(body))
        return [_page_table(self.head, body, self.widths, [self.head_height, *heights])]


def _page_table(
    head: list[str], body: list[list[str]], widths: list[float], heights: list[float]
) -> TextGrid:
    return TextGrid(
        [head, *body],
        widths,
        heights,
        ALIGN,
        font=REGULAR,
        bold=BOLD,
        size=SIZE,
        leading=LEADING,
        pad=PAD,
    )
