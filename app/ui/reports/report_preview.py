"""In-app preview of the report PDF (QtPdf) with page navigation and zoom, or a plain fallback."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.reports.types import PeriodicReport
from app.ui.reports import qt_pdf, report_files
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

EMPTY_TEXT = (
    "Chưa có bản xem trước.\n\nChọn kỳ báo cáo và các thông tin ở bên trái, rồi bấm «Xem trước» "
    "để xem báo cáo đúng như khi in."
)
ZOOM_STEP = 1.25


class ReportPreview(QWidget):
    """Shows one PDF at a time; ``document`` is the loaded ``QPdfDocument`` (``None`` without QtPdf)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportPreview")
        self.path: Path | None = None
        self.document: Any = None
        self.view: Any = None
        self.stale_notice = NoticeBar(self)
        self.empty = QLabel(self.tr(EMPTY_TEXT), self)
        self.empty.setObjectName("previewEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("QLabel#previewEmpty { color: #56606b; font-size: 12pt; padding: 40px; }")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.fallback = self._make_fallback()
        self.stack.addWidget(self.fallback)
        self.viewer = self._make_viewer()
        if self.viewer is not None:
            self.stack.addWidget(self.viewer)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.stale_notice)
        box.addWidget(self.stack, 1)

    # --- construction -------------------------------------------------------------------
    def _make_fallback(self) -> QWidget:
        panel = QFrame(self)
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        notice = NoticeBar(panel)
        notice.show_message(NoticeKind.WARNING, self.tr(qt_pdf.MISSING_TEXT))
        card = QFrame(panel)
        card.setObjectName("previewSummary")
        card.setStyleSheet(
            "QFrame#previewSummary { background: white; border: 1px solid #d3dde7; border-radius: 4px; }"
            " QFrame#previewSummary QLabel { border: none; }"
        )
        self.summary_title = QLabel(card)
        self.summary_title.setWordWrap(True)
        self.summary_title.setStyleSheet("font-size: 12pt; font-weight: 600; color: #14324f;")
        self.summary = QLabel(card)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("Mở bằng trình đọc PDF"), card)
        self.open_button.setObjectName("primaryButton")
        self.open_button.clicked.connect(self._on_open_button_clicked)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(20, 16, 20, 16)
        inner.setSpacing(10)
        inner.addWidget(self.summary_title)
        inner.addWidget(self.summary)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        inner.addLayout(row)
        box.addWidget(notice)
        box.addSpacing(8)
        box.addWidget(card)
        box.addStretch(1)
        return panel

    def _make_viewer(self) -> QWidget | None:
        mods = qt_pdf.modules()
        if mods is None:
            return None
        panel = QWidget(self)
        self.document = mods.QtPdf.QPdfDocument(panel)
        view_class = mods.QtPdfWidgets.QPdfView
        self.view = view_class(panel)
        self.view.setPageMode(view_class.PageMode.MultiPage)
        self.view.setZoomMode(view_class.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.previous_button = self._tool("‹", self.tr("Trang trước (Page Up)"), lambda: self._go(-1))
        self.next_button = self._tool("›", self.tr("Trang sau (Page Down)"), lambda: self._go(1))
        self.page_label = QLabel(panel)
        self.fit_button = self._tool(
            self.tr("Vừa chiều rộng"), self.tr("Vừa khít chiều rộng trang"), self._fit
        )
        self.zoom_out = self._tool("−", self.tr("Thu nhỏ"), lambda: self._zoom(1 / ZOOM_STEP))
        self.zoom_in = self._tool("+", self.tr("Phóng to"), lambda: self._zoom(ZOOM_STEP))
        bar = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        for widget in (self.zoom_out, self.fit_button, self.zoom_in):
            bar.addWidget(widget)
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(bar)
        box.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        return panel

    def _tool(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setMinimumWidth(32)
        button.clicked.connect(slot)
        return button

    # --- public -------------------------------------------------------------------------
    @property
    def available(self) -> bool:
        """Whether the preview is shown inside the app (QtPdf installed)."""
        return self.viewer is not None

    def show_pdf(self, path: Path, report: PeriodicReport) -> None:
        """Show the freshly written ``path`` (``report`` gives the fallback its summary)."""
        title = f"{report.header.title} — {report.period_label}"
        self.show_file(path, title, "\n\n".join([report.header.subtitle, *report.paragraphs]))

    def show_file(self, path: Path, title: str, summary: str) -> None:
        """Show the PDF at ``path``; without QtPdf, ``title`` and ``summary`` with an open button."""
        old = self.path
        self.path = path
        self.set_stale(False)
        if self.viewer is None:
            self.summary_title.setText(title)
            self.summary.setText(summary)
            self.stack.setCurrentWidget(self.fallback)
        else:
            self.document.close()
            self.document.load(str(path))
            self.stack.setCurrentWidget(self.viewer)
            self._fit()
            self._update_page_label()
        if old is not None and old != path:
            with contextlib.suppress(OSError):
                old.unlink()

    def page_count(self) -> int:
        return int(self.document.pageCount()) if self.document is not None and self.path else 0

    def set_stale(self, stale: bool, reason: str = "") -> None:
        """Say that the preview no longer matches the choices or the data."""
        if stale and self.path is not None:
            self.stale_notice.show_message(NoticeKind.INFO, reason)
        else:
            self.stale_notice.clear_message()

    def clear(self) -> None:
        self.path = None
        if self.document is not None:
            self.document.close()
        self.set_stale(False)
        self.stack.setCurrentWidget(self.empty)

    # --- navigation ---------------------------------------------------------------------
    def _go(self, step: int) -> None:
        count = self.page_count()
        if not count:
            return
        navigator = self.view.pageNavigator()
        target = min(max(navigator.currentPage() + step, 0), count - 1)
        navigator.jump(target, QPointF(), navigator.currentZoom())

    def _fit(self) -> None:
        if self.view is not None:
            self.view.setZoomMode(type(self.view).ZoomMode.FitToWidth)

    def _zoom(self, factor: float) -> None:
        if self.view is None:
            return
        zoom = max(0.25, min(4.0, self.view.zoomFactor() * factor))
        self.view.setZoomMode(type(self.view).ZoomMode.Custom)
        self.view.setZoomFactor(zoom)

    def _update_page_label(self, *_: object) -> None:
        count = self.page_count()
        current = self.view.pageNavigator().currentPage() + 1 if count else 0
        self.page_label.setText(self.tr("Trang {n} / {total}").format(n=current, total=count))
        self.previous_button.setEnabled(current > 1)
        self.next_button.setEnabled(0 < current < count)

    def _on_open_button_clicked(self) -> None:
        if self.path is not None:
            report_files.open_file(self.path)
