"""Layout pieces of the Báo cáo screen: the form on the left over a fixed footer, the preview on the right."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

PANEL_WIDTH = 460


def section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def form_column(
    parent: QWidget, stack: QStackedWidget, top: Sequence[QWidget], choices: Sequence[tuple[str, QWidget]]
) -> QScrollArea:
    """The form (scrolls if short of room): ``top`` widgets, then the stack of per-document panels."""
    form = QWidget(parent)
    box = QVBoxLayout(form)
    box.setContentsMargins(0, 0, 8, 0)
    for heading, panel in choices:
        page = QWidget(stack)
        inner = QVBoxLayout(page)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(section(heading))
        inner.addWidget(panel)
        inner.addStretch(1)
        stack.addWidget(page)
    for widget in (*top, stack):
        box.addWidget(widget)
    box.addStretch(1)
    scroll = QScrollArea(parent)
    scroll.setWidget(form)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    return scroll


def action_footer(
    actions: Sequence[QWidget], progress: QWidget, notice: QWidget, open_folder: QWidget
) -> QGridLayout:
    """The footer that never scrolls away: buttons two by two, progress, the result and its folder."""
    footer = QGridLayout()
    for i, button in enumerate(actions):
        footer.addWidget(button, i // 2, i % 2)
    footer.addWidget(progress, 2, 0, 1, 2)
    result = QHBoxLayout()
    result.addWidget(notice, 1)
    result.addWidget(open_folder, 0, Qt.AlignmentFlag.AlignTop)
    footer.addLayout(result, 3, 0, 1, 2)
    return footer


def split_page(parent: QWidget, form: QScrollArea, footer: QGridLayout, preview: Sequence[QWidget]) -> None:
    """Left: the form over its footer, at least PANEL_WIDTH wide; right: the checks and the preview."""
    left = QWidget(parent)
    left.setMinimumWidth(PANEL_WIDTH)
    column = QVBoxLayout(left)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(form, 1)
    column.addLayout(footer)
    right = QWidget(parent)
    preview_column = QVBoxLayout(right)
    preview_column.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(preview):
        preview_column.addWidget(widget, 1 if i == len(preview) - 1 else 0)
    splitter = QSplitter(Qt.Orientation.Horizontal, parent)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setChildrenCollapsible(False)
    splitter.setSizes([PANEL_WIDTH, 800])
    layout = QVBoxLayout(parent)
    layout.setContentsMargins(8, 8, 8, 8)
    layout.addWidget(splitter)
