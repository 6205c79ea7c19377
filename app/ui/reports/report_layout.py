"""The Báo cáo screen's layout: the form on the left over a fixed footer, the preview on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.ui.reports.report_page import ReportPage

PANEL_WIDTH = 460


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def build(self: ReportPage) -> None:
    """Left: the form (scrolls if short of room) over a footer that never scrolls away."""
    form = QWidget(self)
    box = QVBoxLayout(form)
    box.setContentsMargins(0, 0, 8, 0)
    title = QLabel(self.tr("Báo cáo"), form)
    title.setObjectName("pageTitle")
    for heading, panel in (("Văn bản và người ký", self.form), ("Sổ tiếp công dân", self.register)):
        page = QWidget(self.choice_stack)
        inner = QVBoxLayout(page)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(_section(self.tr(heading)))
        inner.addWidget(panel)
        inner.addStretch(1)
        self.choice_stack.addWidget(page)
    parts = [title, self.document_choice, _section(self.tr("Kỳ báo cáo")), self.picker, self.choice_stack]
    for widget in parts:
        box.addWidget(widget)
    box.addStretch(1)
    scroll = QScrollArea(self)
    scroll.setWidget(form)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    footer = QGridLayout()
    actions = (self.preview_button, self.print_button, self.excel_button, self.pdf_button)
    for i, button in enumerate(actions):
        footer.addWidget(button, i // 2, i % 2)
    footer.addWidget(self.progress, 2, 0, 1, 2)
    result = QHBoxLayout()
    result.addWidget(self.notice, 1)
    result.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignTop)
    footer.addLayout(result, 3, 0, 1, 2)
    left = QWidget(self)
    left.setMinimumWidth(PANEL_WIDTH)
    column = QVBoxLayout(left)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(scroll, 1)
    column.addLayout(footer)
    right = QWidget(self)
    preview_column = QVBoxLayout(right)
    preview_column.setContentsMargins(0, 0, 0, 0)
    preview_column.addWidget(self.checks)
    preview_column.addWidget(self.preview, 1)
    splitter = QSplitter(Qt.Orientation.Horizontal, self)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes([PANEL_WIDTH, 800])
    layout = QVBoxLayout(self)
    layout.setContentsMargins(8, 8, 8, 8)
    layout.addWidget(splitter)
    self.open_folder_button.hide()
