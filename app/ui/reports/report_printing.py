"""Print a previewed PDF on A4: the print dialog seam, and rendering QtPdf pages into the printer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

MAX_DPI = 300
"""Enough for text on paper; a 1200 dpi page image would take half a gigabyte."""


class PrintError(Exception):
    """The printer could not be started (message in Vietnamese)."""


def a4_printer(title: str) -> QPrinter:
    """A high-resolution printer on A4 portrait, painting on the whole sheet (the PDF has margins)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setDocName(title)
    return printer


def choose_printer(parent: QWidget | None, title: str, page_count: int) -> QPrinter | None:
    """The system print dialog (tests replace this seam); ``None`` when the officer cancels."""
    printer = a4_printer(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(QCoreApplication.translate("ReportPrinting", "In báo cáo"))
    dialog.setMinMax(1, max(1, page_count))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_document(document: Any, printer: QPrinter) -> int:
    """Render the pages of a loaded ``QPdfDocument`` (the chosen range) into ``printer``.

    Landscape pages (the case list) are turned to fit the portrait sheet. Returns the pages printed.
    """
    count = int(document.pageCount())
    first = max(1, printer.fromPage() or 1)
    last = min(count, printer.toPage() or count)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("Không mở được máy in. Hãy kiểm tra máy in rồi thử lại.")
    try:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        dpi = min(printer.resolution(), MAX_DPI)
        for n, index in enumerate(range(first - 1, last)):
            if n:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, size)
            painter.save()
            if points.width() > points.height():
                painter.translate(paper.width(), 0)
                painter.rotate(90)
                painter.drawImage(QRectF(0, 0, paper.height(), paper.width()), image)
            else:
                painter.drawImage(QRectF(0, 0, paper.width(), paper.height()), image)
            painter.restore()
    finally:
        painter.end()
    return max(0, last - first + 1)
