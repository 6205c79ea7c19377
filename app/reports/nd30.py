"""Nghị định 30/2020 page frame: A4 margins, styles, page numbers, two-column header, title."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from app.reports.pdf_fonts import BOLD, FAMILY, ITALIC, REGULAR, register_fonts

# Binary (Flate only) page streams: smaller files and no slow pure-Python ASCII85 pass.
rl_config.useA85 = 0

PORTRAIT = A4
LANDSCAPE = landscape(A4)
# Nghị định 30/2020, Phụ lục I: top and bottom 20–25 mm, left (binding) 30–35 mm, right
# 15–20 mm. The decree gives one set of margins for every page; a landscape page (the report's
# appendix, the register) keeps them as printed: top/bottom 20 mm, the binding left edge 30 mm,
# the right 15 mm (README, «Lề trang»).
PORTRAIT_MARGINS = (20 * mm, 20 * mm, 30 * mm, 15 * mm)  # top, bottom, left, right
LANDSCAPE_MARGINS = (20 * mm, 20 * mm, 30 * mm, 15 * mm)
LANDSCAPE_WIDTH = LANDSCAPE[0] - LANDSCAPE_MARGINS[2] - LANDSCAPE_MARGINS[3]
BODY_SIZE = 13


@dataclass(frozen=True)
class Styles:
    """Paragraph styles of one document."""

    body: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    centred: ParagraphStyle
    caption: ParagraphStyle
    cell: ParagraphStyle
    cell_centred: ParagraphStyle
    cell_head: ParagraphStyle
    note: ParagraphStyle


def make_styles() -> Styles:
    """Liberation Serif styles: 13 pt justified body, 1.3 line spacing, 6 pt between paragraphs."""
    family = register_fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {"fontName": family, "fontSize": BODY_SIZE, "leading": 17}
        base.update(kw)
        return ParagraphStyle(name, **base)

    cell = {"fontSize": 11, "leading": 13.5}
    return Styles(
        body=style("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=6),
        heading=style(
            "heading", fontName=BOLD, firstLineIndent=10 * mm, spaceBefore=10, spaceAfter=6, keepWithNext=1
        ),
        title=style("title", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        subtitle=style("subtitle", fontName=BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
        centred=style("centred", alignment=TA_CENTER),
        caption=style(
            "caption",
            fontName=BOLD,
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            alignment=TA_CENTER,
        ),
        cell=style("cell", alignment=TA_LEFT, **cell),
        cell_centred=style("cell_centred", alignment=TA_CENTER, **cell),
        cell_head=style("cell_head", fontName=BOLD, alignment=TA_CENTER, **cell),
        note=style("note", fontName=ITALIC, fontSize=11, leading=14, spaceBefore=2, spaceAfter=6),
    )


def _page_number(canv: Canvas, doc: BaseDocTemplate) -> None:
    """Arabic page number centred in the top margin, 13 pt, upright; none on page 1."""
    if doc.page < 2:
        return
    width, height = canv._pagesize
    top = PORTRAIT_MARGINS[0] if width < height else LANDSCAPE_MARGINS[0]
    canv.saveState()
    canv.setFont(REGULAR, BODY_SIZE)
    canv.drawCentredString(width / 2, height - top / 2 - 4, str(doc.page))
    canv.restoreState()


def _page_marks(canv: Canvas, doc: BaseDocTemplate) -> None:
    """The page number (from page 2) and the document's footer line (every page, small)."""
    _page_number(canv, doc)
    footer = getattr(doc, "footer", "")
    if footer:
        width, height = canv._pagesize
        left = PORTRAIT_MARGINS[2] if width < height else LANDSCAPE_MARGINS[2]
        canv.saveState()
        canv.setFont(REGULAR, 8)
        canv.setFillGray(0.35)
        canv.drawString(left, 8 * mm, footer)
        canv.restoreState()


class Nd30Document(BaseDocTemplate):
    """A4 document with a portrait template ("portrait") and a landscape one ("landscape").

    ``feeder`` lets a flowable expand itself lazily (see :class:`Feed`) so long lists are built
    page by page instead of all at once.
    """

    def __init__(self, filename: str, *, title: str = "", author: str = "", footer: str = "") -> None:
        register_fonts()
        self.footer = footer
        super().__init__(
            filename,
            pagesize=PORTRAIT,
            title=title,
            author=author,
            creator="Hotline Desk",
            pageCompression=1,
            topMargin=PORTRAIT_MARGINS[0],
            bottomMargin=PORTRAIT_MARGINS[1],
            leftMargin=PORTRAIT_MARGINS[2],
            rightMargin=PORTRAIT_MARGINS[3],
            initialFontName=REGULAR,  # not Helvetica, which has no Vietnamese letters
            initialFontSize=BODY_SIZE,
        )
        self.addPageTemplates(
            [
                _template("portrait", PORTRAIT, PORTRAIT_MARGINS),
                _template("landscape", LANDSCAPE, LANDSCAPE_MARGINS),
            ]
        )

    def available_height(self) -> float:
        """Height left in the current frame."""
        frame = self.frame
        return float(frame._y - frame._y1p)

    def filterFlowables(self, flowables: list[Any]) -> None:
        while flowables and isinstance(flowables[0], Feed):
            feed = flowables.pop(0)
            more = feed.expand(self)
            if more is None:
                flowables.insert(0, None)
                return
            flowables[0:0] = [*more, feed]


def _template(name: str, size: tuple[float, float], margins: tuple[float, ...]) -> PageTemplate:
    top, bottom, left, right = margins
    width, height = size
    frame = Frame(
        left,
        bottom,
        width - left - right,
        height - top - bottom,
        id=name,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    return PageTemplate(id=name, frames=[frame], onPage=_page_marks, pagesize=size)


class Feed(Flowable):
    """Placeholder that produces its next flowables when the document reaches it.

    ``produce(doc)`` returns the next flowables or None when exhausted.
    """

    def __init__(self, produce: Callable[[Nd30Document], list[Flowable] | None]) -> None:
        super().__init__()
        self._produce = produce

    def expand(self, doc: Nd30Document) -> list[Flowable] | None:
        return self._produce(doc)

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        return None


__all__ = ["FAMILY", "LANDSCAPE_WIDTH", "Feed", "Nd30Document", "Styles", "make_styles"]
