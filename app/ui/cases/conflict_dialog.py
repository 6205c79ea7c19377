"""A save met another officer's change: show what changed meanwhile, then reload or re-apply."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
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

from app.services.cases.conflict_service import CaseChanges
from app.ui import ask
from app.ui.cases.formatting import DUE_SOON_BACKGROUND, ROW_TEXT, fmt_datetime
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

TITLE = "Vụ việc vừa được người khác cập nhật"
MAX_TABLE_HEIGHT = 260


class ConflictChoice(Enum):
    """What the officer chose; CANCEL (Esc) reloads but keeps what was typed."""

    RELOAD = "reload"
    REAPPLY = "reapply"
    CANCEL = "cancel"


def _item(text: str, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setBackground(DUE_SOON_BACKGROUND)
        item.setForeground(ROW_TEXT)
    return item


def _table(headers: list[str], fixed: int) -> QTableWidget:
    """A read-only table: the first ``fixed`` columns fit their text, the others share the rest."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setWordWrap(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.ResizeToContents if column < fixed else QHeaderView.ResizeMode.Stretch
        header.setSectionResizeMode(column, mode)
    return table


def _fit_height(table: QTableWidget) -> None:
    """As tall as its rows (no empty band under a short list), scrolling beyond ``MAX_TABLE_HEIGHT``."""
    table.resizeRowsToContents()
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    height = table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth() + 2
    table.setFixedHeight(min(height, MAX_TABLE_HEIGHT))


class ConflictDialog(QDialog):
    """Lists the fields and events since the officer opened the case; two ways on."""

    def __init__(
        self, changes: CaseChanges, touched: Iterable[str], action: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choice = ConflictChoice.CANCEL
        self.setWindowTitle(TITLE)
        self.setMinimumWidth(720)
        self.intro = QLabel(self._intro(changes, action))
        self.intro.setWordWrap(True)
        overlap = changes.overlapping(touched)
        self.overlap = NoticeBar(self)
        if overlap:
            names = ", ".join(f"«{c.label}»" for c in overlap)
            self.overlap.show_message(
                NoticeKind.WARNING,
                f"Bạn cũng đang thay đổi {names}: áp dụng lại sẽ thay giá trị người kia vừa lưu.",
            )
        self.fields = _table(["Nội dung", "Khi bạn mở", "Hiện nay"], fixed=1)
        touched_names = {c.field for c in overlap}
        self.fields.setRowCount(len(changes.fields))
        for row, change in enumerate(changes.fields):
            bold = change.field in touched_names
            for column, text in enumerate(
                (change.label, change.opened or "(trống)", change.current or "(trống)")
            ):
                self.fields.setItem(row, column, _item(text, bold))
        self.fields.setVisible(bool(changes.fields))
        self.events = _table(["Thời điểm", "Người thực hiện", "Việc đã làm"], fixed=2)
        self.events.setRowCount(len(changes.events))
        for row, event in enumerate(changes.events):
            what = event.action_label + (f": {event.note}" if event.note else "")
            for column, text in enumerate((fmt_datetime(event.at), event.user_name or "—", what)):
                self.events.setItem(row, column, _item(text))
        self.events.setVisible(bool(changes.events))
        self.extra = QLabel(self._extra(changes))
        self.extra.setVisible(bool(self.extra.text()))
        self.reload_button = QPushButton("Tải lại")
        self.reload_button.setToolTip("Bỏ thay đổi của bạn và xem vụ việc như hiện nay.")
        self.reapply_button = QPushButton("Áp dụng lại thay đổi của tôi")
        self.reapply_button.setObjectName("primaryButton")
        self.reapply_button.setToolTip("Lưu lại đúng thao tác bạn vừa làm, trên phiên bản mới của vụ việc.")
        self.reload_button.setDefault(True)
        self.reload_button.clicked.connect(lambda: self._choose(ConflictChoice.RELOAD))
        self.reapply_button.clicked.connect(lambda: self._choose(ConflictChoice.REAPPLY))
        self._layout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        for table in (self.fields, self.events):
            _fit_height(table)  # row heights depend on the column widths known once laid out
        self.resize(self.width(), self.sizeHint().height())

    def _layout(self) -> None:
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addWidget(self.overlap)
        if not self.fields.isHidden():
            box.addWidget(_caption("Nội dung đã thay đổi"))
            box.addWidget(self.fields)
        if not self.events.isHidden():
            box.addWidget(_caption("Những việc đã làm trong lúc đó"))
            box.addWidget(self.events)
        box.addWidget(self.extra)
        box.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reload_button)
        row.addWidget(self.reapply_button)
        box.addLayout(row)

    @staticmethod
    def _intro(changes: CaseChanges, action: str) -> str:
        who = sorted({e.user_name for e in changes.events if e.user_name})
        by = f" bởi {', '.join(who)}" if who else ""
        return (
            f"Trong lúc bạn xem, vụ việc {changes.number} đã được cập nhật{by}. "
            f"Thao tác «{action}» của bạn chưa được lưu.\n"
            "Chọn «Tải lại» để bỏ thao tác này và xem vụ việc như hiện nay, hoặc «Áp dụng lại thay đổi "
            "của tôi» để lưu đúng thao tác đó trên phiên bản mới."
        )

    @staticmethod
    def _extra(changes: CaseChanges) -> str:
        lines = []
        if changes.new_replies:
            lines.append(f"Thêm {changes.new_replies} lần trả lời công dân.")
        if changes.new_attachments:
            lines.append(f"Thêm {changes.new_attachments} tệp đính kèm.")
        return "\n".join(lines)

    def field_rows(self) -> list[list[str]]:
        """The changed-field table as text (label, as opened, now)."""
        rows = []
        for r in range(self.fields.rowCount()):
            items = [self.fields.item(r, c) for c in range(self.fields.columnCount())]
            rows.append([item.text() if item else "" for item in items])
        return rows

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def resolve(
    parent: QWidget | None, changes: CaseChanges, touched: Iterable[str], action: str
) -> ConflictChoice:
    """Show the dialog modally and return the officer's choice."""
    dialog = ConflictDialog(changes, touched, action, parent)
    ask.exec_dialog(dialog)
    return dialog.choice
