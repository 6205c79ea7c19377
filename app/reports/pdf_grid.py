"""A fast ruled text grid for long lists: one path for the rules, one text object per page."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

LEFT, CENTRE = "L", "C"
HEADER_FILL = colors.Color(0.92, 0.92, 0.92)


@lru_cache(maxsize=8192)
def _width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


class TextGrid(Flowable):
    """Rows of pre-wrapped plain text ("\\n" between lines) in ruled cells.

    reportlab's ``Table`` spends most of its time per cell; a page of a 10 000-row list is drawn
    here with a single path and a single text object, which is several times faster. Row 0 is
    the header (bold, shaded, vertically centred); other rows are top-aligned.
    """

    def __init__(
        self,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        heights: Sequence[float],
        align: Sequence[str],
        *,
        font: str,
        bold: str,
        size: float,
        leading: float,
        pad: float,
    ) -> None:
        super().__init__()
        self.rows, self.widths, self.heights, self.align = rows, widths, heights, align
        self.font, self.bold, self.size, self.leading, self.pad = font, bold, size, leading, pad
        self.width, self.height = sum(widths), sum(heights)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setFillColor(HEADER_FILL)
        canv.rect(0, self.height - self.heights[0], self.width, self.heights[0], stroke=0, fill=1)
        canv.setFillColor(colors.black)
        canv.setLineWidth(0.4)
        path = canv.beginPath()
        y = self.height
        for height in (0, *self.heights):
            y -= height
            path.moveTo(0, y)
            path.lineTo(self.width, y)
        x = 0.0
        for width in (0, *self.widths):
            x += width
            path.moveTo(x, 0)
            path.lineTo(x, self.height)
        canv.drawPath(path, stroke=1, fill=0)
        canv._code.append(self._text_operators())  # one BT … ET block for the whole page
        canv.restoreState()

    def _text_operators(self) -> str:
        canv = self.canv
        doc = canv._doc
        escape = canv._escape
        ascent = self.size * 0.95
        out: list[str] = ["BT"]
        top = self.height
        for index, (row, height) in enumerate(zip(self.rows, self.heights, strict=True)):
            face = self.bold if index == 0 else self.font
            font = getFont(face)
            current = None
            first = top - self.pad - ascent
            left = 0.0
            for text, width, align in zip(row, self.widths, self.align, strict=True):
                y = first
                if index == 0:  # header cells are centred vertically
                    y -= (height - 2 * self.pad - (text.count("\n") + 1) * self.leading) / 2
                for line in text.split("\n"):
                    if line:
                        x = left + self.pad
                        if align == CENTRE or index == 0:
                            x = left + (width - _width(line, face, self.size)) / 2
                        out.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
                        for subset, chunk in font.splitString(line, doc):
                            if (face, subset) != current:
                                name = font.getSubsetInternalName(subset, doc)
                                out.append(f"{name} {self.size:g} Tf")
                                current = (face, subset)
                            out.append(f"({escape(chunk)}) Tj")
                    y -= self.leading
                left += width
            top -= height
        out.append("ET")
        return "\n".join(out)


class RowPager:
    """Cuts a stream of formatted rows into runs that fit one page of a table.

    Shared by the case appendix and the reception register: each producer asks for the rows
    that fit the room left under its header; a row too tall for the room waits for a new page.
    """

    def __init__(self, cells: Iterator[list[str]], height: Callable[[list[str]], float]) -> None:
        self._cells = cells
        self._height = height
        self._pending: list[str] | None = None

    def _next(self) -> list[str] | None:
        if self._pending is not None:
            cells, self._pending = self._pending, None
            return cells
        return next(self._cells, None)

    def take(self, room: float) -> tuple[list[list[str]], list[float]] | None:
        """Rows (and their heights) for ``room`` points; ``([], [])`` asks for a page break first,
        ``None`` means the stream is finished."""
        first = self._next()
        if first is None:
            return None
        if self._height(first) > room:
            self._pending = first
            return [], []
        body, heights = [first], [self._height(first)]
        used = heights[0]
        while (cells := self._next()) is not None:
            height = self._height(cells)
            if used + height > room:
                self._pending = cells
                break
            body.append(cells)
            heights.append(height)
            used += height
        return body, heights
