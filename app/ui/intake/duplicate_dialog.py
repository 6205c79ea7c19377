"""Before saving: likely duplicates of the new case, and whether to link, create anyway or go back."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.cases.duplicate_service import DuplicateMatch


class DuplicateChoice(Enum):
    """What the officer decided about the likely duplicates."""

    LINK = "link"
    CREATE = "create"
    BACK = "back"


class DuplicateDialog(QDialog):
    """A table of likely duplicates (best first) with their reasons; three buttons decide."""

    def __init__(self, matches: Sequence[DuplicateMatch], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicateDialog")
        self.setWindowTitle(self.tr("Có thể trùng với vụ việc đã có"))
        self.matches = tuple(matches)
        self.choice = DuplicateChoice.BACK
        intro = QLabel(
            self.tr(
                "Vụ việc đang nhập có thể là phản ánh lại của vụ việc đã tiếp nhận. "
                "Chọn vụ việc phù hợp để ghi nhận phản ánh lại, hoặc vẫn tạo vụ việc mới."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.table = self._build_table()
        self.link_button = QPushButton(self.tr("Ghi nhận là phản ánh lại của vụ việc đã chọn"), self)
        self.link_button.setObjectName("primaryButton")
        self.create_button = QPushButton(self.tr("Vẫn tạo vụ việc mới"), self)
        self.back_button = QPushButton(self.tr("Quay lại"), self)
        self.link_button.clicked.connect(lambda: self._finish(DuplicateChoice.LINK))
        self.create_button.clicked.connect(lambda: self._finish(DuplicateChoice.CREATE))
        self.back_button.clicked.connect(lambda: self._finish(DuplicateChoice.BACK))
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.link_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(900, 380)
        if self.matches:
            self.table.selectRow(0)
        # Enter after Ctrl+Enter is a reflex: it links only when the contents read as the same matter.
        self.default_button = self.link_button if self.links_by_default() else self.create_button
        self.default_button.setDefault(True)
        self.default_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def links_by_default(self) -> bool:
        """Whether «Ghi nhận là phản ánh lại» is the default (the best match's content is strongly alike)."""
        return bool(self.matches) and self.matches[0].content_strong

    def _build_table(self) -> QTableWidget:
        headers = [self.tr("Số"), self.tr("Tiếp nhận"), self.tr("Trạng thái"), self.tr("Người phản ánh")]
        headers += [self.tr("Nội dung"), self.tr("Lý do nghi trùng")]
        table = QTableWidget(len(self.matches), len(headers), self)
        table.setObjectName("duplicateTable")
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        for row, match in enumerate(self.matches):
            cells = (
                match.number,
                f"{match.received_at:%d/%m/%Y %H:%M}",
                match.status.label,
                match.citizen_name,
                match.excerpt,
                "\n".join(match.reasons),
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, match.case_id)
                table.setItem(row, col, item)
        header = table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        return table

    def selected(self) -> DuplicateMatch | None:
        """The case chosen in the table (the best match unless the officer picked another)."""
        rows = self.table.selectionModel().selectedRows()
        return self.matches[rows[0].row()] if rows else None

    def _on_table_selection_changed(self) -> None:
        self.link_button.setEnabled(self.selected() is not None)

    def _finish(self, choice: DuplicateChoice) -> None:
        self.choice = choice
        if choice is DuplicateChoice.BACK:
            self.reject()
        else:
            self.accept()
