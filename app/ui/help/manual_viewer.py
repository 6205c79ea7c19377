"""F1: the user manual in a window of the app (Markdown and its screenshots, offline, no browser)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.ui.help.manual_pages import INDEX, manual_page
from app.ui.widgets.screen_fit import resize_to_fit

TITLE = "Hướng dẫn sử dụng"
MAX_IMAGE_WIDTH = 860
"""Screenshots are taken at 1366 px; shown narrower so a page reads without scrolling sideways."""


class ManualBrowser(QTextBrowser):
    """A text browser whose screenshots are scaled down to the reading width."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        url = QUrl(name) if isinstance(name, str) else name
        if kind == QTextDocument.ResourceType.ImageResource.value and url.isLocalFile():
            image = QImage(url.toLocalFile())
            if not image.isNull() and image.width() > MAX_IMAGE_WIDTH:
                return image.scaledToWidth(MAX_IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)
            return image
        return super().loadResource(kind, name)


class ManualDialog(QDialog):
    """The manual, opened at the page for the screen in front of the officer; links move between pages."""

    def __init__(self, page: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manualDialog")
        self.setWindowTitle(TITLE)
        self._index = page.with_name(INDEX)
        self.browser = ManualBrowser(self)
        self.browser.setObjectName("manualText")
        self.browser.document().setDocumentMargin(14)
        self.browser.setOpenLinks(False)  # pages of the manual here, anything else outside
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.browser.sourceChanged.connect(self._on_browser_source_changed)
        self.back_button = QPushButton("Quay lại", self)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.index_button = QPushButton("Mục lục", self)
        self.index_button.clicked.connect(lambda: self.show_page(self._index))
        self.close_button = QPushButton("Đóng", self)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.index_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        resize_to_fit(self, 960, 720)
        self.show_page(page)

    def show_page(self, page: Path) -> None:
        self.browser.setSource(QUrl.fromLocalFile(str(page)), QTextDocument.ResourceType.MarkdownResource)

    def page_title(self) -> str:
        """The page's first heading (what the window title shows next to «Hướng dẫn sử dụng»)."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() == 1 and block.text().strip():
                return block.text().strip()
            block = block.next()
        return ""

    def _on_browser_source_changed(self, _url: QUrl) -> None:
        title = self.page_title()
        self.setWindowTitle(f"{TITLE} — {title}" if title and title != TITLE else TITLE)

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if not url.path() and url.hasFragment():  # a heading of this page
            self.browser.scrollToAnchor(url.fragment())
            return
        target = self.browser.source().resolved(url)
        if target.isLocalFile() and target.toLocalFile().endswith(".md"):
            self.browser.setSource(target, QTextDocument.ResourceType.MarkdownResource)
        else:  # a screenshot at full size, or a web address: the PC's own viewer or browser
            QDesktopServices.openUrl(target)


def show_manual(parent: QWidget, screen: str, role: str) -> ManualDialog:
    """Open (or bring forward) the manual at the page for ``screen`` and ``role``; not modal."""
    page = manual_page(screen, role)
    dialog = parent.findChild(ManualDialog, "manualDialog")
    if dialog is None:
        dialog = ManualDialog(page, parent)
    else:
        dialog.show_page(page)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
