"""Wrap plain text to a cell for :class:`~app.reports.pdf_grid.TextGrid`, with a line limit."""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth


@lru_cache(maxsize=8192)
def fit_lines(text: str, font: str, size: float, room: float, limit: int) -> tuple[str, ...]:
    """``text`` wrapped to ``room`` points on at most ``limit`` lines; "…" marks a cut.

    Words longer than the room (links, codes) are cut into pieces instead of overflowing.
    """
    lines: list[str] = []
    for chunk in text.split("\n"):
        for line in simpleSplit(chunk, font, size, room) or ([""] if chunk == "" and lines else []):
            lines += _break_long(line, font, size, room)
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) > limit:
        lines = lines[:limit]
        last = lines[-1]
        while last and stringWidth(last + "…", font, size) > room:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return tuple(lines)


def _break_long(line: str, font: str, size: float, room: float) -> list[str]:
    out: list[str] = []
    width = stringWidth(line, font, size)
    while width > room and len(line) > 1:
        cut = max(1, min(len(line) - 1, int(len(line) * room / width)))
        while cut > 1 and stringWidth(line[:cut], font, size) > room:
            cut -= 1
        soft = max(line.rfind(mark, 0, cut) for mark in "/-,;")
        if soft >= cut // 2:  # prefer a break after "/" or "-" of a document number
            cut = soft + 1
        out.append(line[:cut])
        line = line[cut:]
        width = stringWidth(line, font, size)
    return [*out, line]
