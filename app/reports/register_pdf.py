"""Write a :class:`ReceptionRegister` as a landscape A4 PDF: ND30 header, then page-sized grids."""

from __future__ import annotations

import os
from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app.reports.nd30 import LANDSCAPE_WIDTH, Feed, Nd30Document, Styles, make_styles
from app.reports.nd30_plain import PlainHeaderBlock
from app.reports.output import CancelFn, ProgressFn, Ticker, atomic_target
from app.reports.pdf_fit import fit_lines
from app.reports.pdf_fonts import BOLD, REGULAR
from app.reports.pdf_grid import CENTRE, HEADER_FILL, LEFT, RowPager, TextGrid
from app.reports.register_types import (
    COLUMNS,
    DIRECTION,
    DIRECTION_COLUMNS,
    NO_ROWS,
    ReceptionRegister,
    RegisterRow,
)
from app.reports.text import esc, fmt_date, nfc

SIZE = 9.5
LEADING = 11.5
PAD = 2.5
# Widths in mm; the last column takes the rest of the 252 mm frame.
WIDTHS_MM = (8.5, 17.5, 32, 23, 40, 17, 15, 17, 19, 21, 21, 0)
LIMITS = (1, 1, 6, 2, 7, 3, 1, 5, 4, 5, 5, 5)  # most lines shown per cell
ALIGN = (CENTRE, CENTRE, LEFT, CENTRE, LEFT, CENTRE, CENTRE, LEFT, CENTRE, LEFT, LEFT, LEFT)


def column_widths(total: float = LANDSCAPE_WIDTH) -> list[float]:
    """Widths in points of the twelve columns."""
    fixed = [w * mm for w in WIDTHS_MM[:-1]]
    return [*fixed, total - sum(fixed)]


def _cell(text: str, width: float, limit: int, font: str = REGULAR) -> str:
    return "\n".join(fit_lines(nfc(text).strip(), font, SIZE, width - 2 * PAD, limit))


def row_cells(index: int, row: RegisterRow, widths: list[float]) -> list[str]:
    """The printed cells of one reception, wrapped to their columns."""
    values = (
        str(index),
        fmt_date(row.received_on),
        row.name_address(),
        row.id_number,
        nfc(row.summary).replace("\n", " "),
        row.classification,
        str(row.people) if row.people else "",
        row.resolved_by,
        row.accepted,
        row.guided,
        row.transferred,
        row.follow_up,
    )
    return [_cell(v, w, n) for v, w, n in zip(values, widths, LIMITS, strict=True)]


def _height(cells: list[str]) -> float:
    return max(c.count("\n") for c in cells) * LEADING + LEADING + 2 * PAD


class RegisterHead(Flowable):
    """The two header rows: "Hướng xử lý" over Thụ lý / Hướng dẫn / Chuyển đơn, the rest span both."""

    def __init__(self, widths: list[float]) -> None:
        super().__init__()
        self.widths = widths
        self.lines = [fit_lines(h, BOLD, SIZE, w - 2 * PAD, 8) for h, w in zip(COLUMNS, widths, strict=True)]
        self.top = LEADING + 2 * PAD
        sub = max(len(self.lines[i]) for i in DIRECTION_COLUMNS) * LEADING + 2 * PAD
        full = max(len(lines) for i, lines in enumerate(self.lines) if i not in DIRECTION_COLUMNS)
        self.sub = max(sub, full * LEADING + 2 * PAD - self.top)
        self.width, self.height = sum(widths), self.top + self.sub

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def _text(self, lines: tuple[str, ...], left: float, width: float, top: float, height: float) -> None:
        y = top - PAD - SIZE * 0.95 - (height - 2 * PAD - len(lines) * LEADING) / 2
        for line in lines:
            self.canv.drawCentredString(left + width / 2, y, line)
            y -= LEADING

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(HEADER_FILL)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canv.setFillColorRGB(0, 0, 0)
        canv.setLineWidth(0.4)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        first, last = DIRECTION_COLUMNS[0], DIRECTION_COLUMNS[-1]
        group_left = sum(self.widths[:first])
        group_width = sum(self.widths[first : last + 1])
        canv.line(group_left, self.sub, group_left + group_width, self.sub)
        canv.setFont(BOLD, SIZE)
        left = 0.0
        for index, (width, lines) in enumerate(zip(self.widths, self.lines, strict=True)):
            if index > 0:
                inside = first < index <= last
                canv.line(left, 0, left, self.sub if inside else self.height)
            if index in DIRECTION_COLUMNS:
                self._text(lines, left, width, self.sub, self.sub)
            else:
                self._text(lines, left, width, self.height, self.height)
            left += width
        self._text((DIRECTION,), group_left, group_width, self.height, self.top)
        canv.restoreState()


def _grid(rows: list[list[str]], widths: list[float], heights: list[float]) -> TextGrid:
    return TextGrid(
        rows, widths, heights, ALIGN, font=REGULAR, bold=BOLD, size=SIZE, leading=LEADING, pad=PAD
    )


class RegisterPages:
    """Producer for :class:`~app.reports.nd30.Feed`: the header rows and as many rows as fit."""

    def __init__(self, rows: Iterator[RegisterRow], widths: list[float], ticker: Ticker) -> None:
        self.widths = widths
        self.ticker = ticker
        cells = (row_cells(i, row, widths) for i, row in enumerate(rows, start=1))
        self.pager = RowPager(cells, _height)
        self.numbers = [f"({i})" for i in range(1, len(COLUMNS) + 1)]
        self.numbers_height = LEADING + 2 * PAD
        self.head_height = RegisterHead(widths).height + self.numbers_height

    def __call__(self, doc: Nd30Document) -> list[Flowable] | None:
        self.ticker.check()
        page = self.pager.take(doc.available_height() - self.head_height - 1)
        if page is None:
            return None
        body, heights = page
        if not body:
            return [PageBreak()]
        self.ticker.step(len(body))
        grid = _grid([self.numbers, *body], self.widths, [self.numbers_height, *heights])
        return [RegisterHead(self.widths), grid]


def _opening(register: ReceptionRegister, styles: Styles) -> list[Flowable]:
    header = register.header
    title = Paragraph(esc(nfc(header.title).upper()), styles.title)
    title.spaceBefore = 16
    story: list[Flowable] = [PlainHeaderBlock(header), title]
    for text in (header.subtitle, register.period_label):
        if nfc(text).strip():
            story.append(Paragraph(f"<b>{esc(text)}</b>", styles.centred))
    if nfc(register.scope).strip():
        story.append(Paragraph(f"<i>{esc(register.scope)}</i>", styles.centred))
    story.append(Spacer(1, 10))
    return story


def write_register_pdf(
    register: ReceptionRegister,
    path: str | os.PathLike[str],
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> None:
    """Render ``register`` to ``path`` atomically (nothing is left behind on error or cancel)."""
    styles = make_styles()
    ticker = Ticker(progress, cancel, register.row_count, every=200)
    ticker.check()
    widths = column_widths()
    rows = iter(register.rows)
    first = next(rows, None)
    with atomic_target(path) as tmp:
        doc = Nd30Document(
            str(tmp),
            title=nfc(register.header.title),
            author=nfc(register.header.issuing_body),
            footer=register.audit_anchor,
        )
        doc._firstPageTemplateIndex = 1  # the "landscape" template from the first page
        story = _opening(register, styles)
        if first is None:
            numbers = [f"({i})" for i in range(1, len(COLUMNS) + 1)]
            story += [RegisterHead(widths), _grid([numbers], widths, [LEADING + 2 * PAD])]
            story += [Spacer(1, 8), Paragraph(esc(NO_ROWS), styles.centred)]
        else:
            story.append(Feed(RegisterPages(_chain(first, rows), widths, ticker)))
        story += [Paragraph(esc(note), styles.note) for note in register.notes if nfc(note).strip()]
        doc.build(story)
        ticker.check()
    if progress is not None:
        progress(ticker.done, ticker.total if ticker.total is not None else ticker.done)


def _chain(first: RegisterRow, rest: Iterator[RegisterRow]) -> Iterator[RegisterRow]:
    yield first
    yield from rest
