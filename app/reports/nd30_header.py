"""Nghị định 30/2020 header: issuing body and number beside the national title; document title."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from app.reports.nd30 import Styles
from app.reports.pdf_fonts import BOLD, ITALIC, REGULAR
from app.reports.text import document_number_line, esc, nfc, place_date_line
from app.reports.types import DocumentHeader

LEFT_COLUMN = 68 * mm  # room for "UBND THÀNH PHỐ HẢI PHÒNG" in 12 pt capitals


@dataclass(frozen=True)
class _Line:
    text: str
    font: str
    size: float


class HeaderBlock(Flowable):
    """The two-column header: issuing body and number left, national title and date right.

    "Số: …" and the place/date line share one baseline whatever the length of the body names.
    """

    PITCH = 16.0  # room for stacked marks on capitals (Ồ, Ẩ)
    FIRST = 13.0

    def __init__(self, header: DocumentHeader) -> None:
        super().__init__()
        self.header = header
        self._height = 0.0

    def _wrap_caps(self, text: str, font: str, size: float, width: float) -> list[_Line]:
        lines = simpleSplit(nfc(text).strip().upper(), font, size, width) or [""]
        return [_Line(line, font, size) for line in lines]

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        left_w, right_w = LEFT_COLUMN, aw - LEFT_COLUMN
        h = self.header
        self._left_top = (
            self._wrap_caps(h.parent_body, REGULAR, 12, left_w - 6) if nfc(h.parent_body).strip() else []
        )
        self._issuing = self._wrap_caps(h.issuing_body, BOLD, 12, left_w - 6)
        self._national = [_Line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, 12)]
        self._motto = _Line("Độc lập - Tự do - Hạnh phúc", BOLD, 13)
        self._widths = (left_w, right_w)
        left_rule = self.FIRST + self.PITCH * (len(self._left_top) + len(self._issuing) - 1) + 6.5
        right_rule = self.FIRST + self.PITCH + 4.5
        self._left_rule, self._right_rule = left_rule, right_rule
        self._date_base = max(left_rule, right_rule) + 19
        self._height = self._date_base + 6
        return aw, self._height

    def draw(self) -> None:
        canv = self.canv
        left_w, right_w = self._widths
        top = self._height
        lx, rx = left_w / 2, left_w + right_w / 2

        def put(line: _Line, x: float, base: float) -> float:
            canv.setFont(line.font, line.size)
            canv.drawCentredString(x, top - base, line.text)
            return stringWidth(line.text, line.font, line.size)

        base = self.FIRST
        for line in self._left_top:
            put(line, lx, base)
            base += self.PITCH
        issuing_width = max(put(line, lx, base + i * self.PITCH) for i, line in enumerate(self._issuing))
        put(self._national[0], rx, self.FIRST)
        motto_width = put(self._motto, rx, self.FIRST + self.PITCH)
        canv.setLineWidth(0.6)
        rule = issuing_width * 0.4  # 1/3 to 1/2 of the line, centred
        canv.line(lx - rule / 2, top - self._left_rule, lx + rule / 2, top - self._left_rule)
        canv.line(
            rx - motto_width / 2,
            top - self._right_rule,
            rx + motto_width / 2,
            top - self._right_rule,
        )
        put(_Line(document_number_line(self.header), REGULAR, 13), lx, self._date_base)
        place = place_date_line(
            self.header.place,
            self.header.issued_on,
            self.header.signing_month,
            self.header.signing_month_known,
        )
        put(_Line(place, ITALIC, 13), rx, self._date_base)


class Rule(Flowable):
    """A short centred rule (under the title's summary line)."""

    def __init__(self, length: float, space_before: float = 5, space_after: float = 12) -> None:
        super().__init__()
        self.length = length
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._aw = aw
        return aw, 1

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        x = (self._aw - self.length) / 2
        self.canv.line(x, 0.5, x + self.length, 0.5)


def balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Wrap a title so no word is left alone on the last line.

    Two lines are split where both halves are closest in length, preferring a break after a
    comma; longer titles get the narrowest width that keeps their number of lines.
    """
    lines = simpleSplit(text, font, size, width)
    if len(lines) < 2:
        return lines
    words = text.split()
    if len(lines) == 2:
        best: tuple[float, list[str]] | None = None
        for cut in range(1, len(words)):
            first, second = " ".join(words[:cut]), " ".join(words[cut:])
            w1, w2 = stringWidth(first, font, size), stringWidth(second, font, size)
            if max(w1, w2) > width:
                continue
            score = abs(w1 - w2) - (0.25 * width if first.endswith(",") else 0)
            if best is None or score < best[0]:
                best = (score, [first, second])
        if best is not None:
            return best[1]
    low, high = width / len(lines), width
    while high - low > 1:
        middle = (low + high) / 2
        if len(simpleSplit(text, font, size, middle)) > len(lines):
            low = middle
        else:
            high = middle
    return simpleSplit(text, font, size, high)


def title_block(header: DocumentHeader, styles: Styles, width: float) -> list[Flowable]:
    """Title in bold capitals, the summary line in bold, and a short rule under them."""
    out: list[Flowable] = [HeaderBlock(header)]
    title = Paragraph(esc(nfc(header.title).upper()), styles.title)
    title.spaceBefore = 22
    out.append(title)
    longest = stringWidth(nfc(header.title).upper(), BOLD, 14)
    if nfc(header.subtitle).strip():
        lines = balanced_lines(nfc(header.subtitle).strip(), BOLD, 14, width)
        out.append(Paragraph("<br/>".join(esc(line) for line in lines), styles.subtitle))
        longest = max(stringWidth(line, BOLD, 14) for line in lines)
    out.append(Rule(max(min(longest, width) / 3, 30 * mm)))
    return out
