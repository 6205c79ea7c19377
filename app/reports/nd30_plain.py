"""The Nghị định 30 two-column header without "Số:" and date: for registers and internal sheets."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reports.nd30_header import HeaderBlock


class PlainHeaderBlock(HeaderBlock):
    """Issuing body left, national title and motto right, both underlined; no number or date.

    A register or a case sheet is not a numbered document: a blank "Số: …" line would invite
    the clerk to invent one.
    """

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        super().wrap(aw, ah)
        self._height = max(self._left_rule, self._right_rule) + 4
        return aw, self._height

    def draw(self) -> None:
        canv = self.canv
        left_w, right_w = self._widths
        top = self._height
        lx, rx = left_w / 2, left_w + right_w / 2
        base = self.FIRST
        issuing_width = 0.0
        for index, line in enumerate([*self._left_top, *self._issuing]):
            canv.setFont(line.font, line.size)
            canv.drawCentredString(lx, top - base, line.text)
            if index >= len(self._left_top):
                issuing_width = max(issuing_width, stringWidth(line.text, line.font, line.size))
            base += self.PITCH
        national, motto = self._national[0], self._motto
        canv.setFont(national.font, national.size)
        canv.drawCentredString(rx, top - self.FIRST, national.text)
        canv.setFont(motto.font, motto.size)
        canv.drawCentredString(rx, top - self.FIRST - self.PITCH, motto.text)
        motto_width = stringWidth(motto.text, motto.font, motto.size)
        canv.setLineWidth(0.6)
        rule = issuing_width * 0.4
        canv.line(lx - rule / 2, top - self._left_rule, lx + rule / 2, top - self._left_rule)
        canv.line(rx - motto_width / 2, top - self._right_rule, rx + motto_width / 2, top - self._right_rule)
