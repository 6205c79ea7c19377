"""Side panel of the intake form: who is calling and what they called about before."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.domain.phone import format_phone
from app.services.cases.dto import CallerCase, CallerHistory

CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def describe_case(case: CallerCase) -> str:
    """Two lines of the list: number, date, kind, status; then the start of the content."""
    head = f"{case.number} · {case.received_at:%d/%m/%Y} · {case.kind.label} · {case.status.label}"
    excerpt = case.excerpt if len(case.excerpt) <= 110 else case.excerpt[:108].rstrip() + "…"
    return f"{head}\n{excerpt}"


class CallerHistoryPanel(QWidget):
    """Shows a ``CallerHistory``; double-click (or Enter) on a case asks to open it."""

    case_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callerHistoryPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        self._title = QLabel(self.tr("Lịch sử người gọi"), self)
        self._title.setObjectName("sectionTitle")
        self._caller = QLabel(self)
        self._caller.setWordWrap(True)
        self._caller.setObjectName("callerSummary")
        self._list = QListWidget(self)
        self._list.setObjectName("callerCases")
        self._list.setWordWrap(True)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self._list.setAlternatingRowColors(True)
        self._list.setAccessibleName(self.tr("Các vụ việc trước của người gọi"))
        self._list.itemActivated.connect(self._on_list_item_activated)
        layout.addWidget(self._title)
        layout.addWidget(self._caller)
        layout.addWidget(self._list, 1)
        layout.addStretch(0)  # keeps the text at the top while the list is hidden
        self.show_history(None)

    def show_history(self, history: CallerHistory | None) -> None:
        self._list.clear()
        if history is None:
            self._caller.setText(self.tr("Nhập số điện thoại để xem các lần gọi trước."))
            self._list.hide()
            return
        phone = format_phone(history.phone)
        if not history.cases:
            self._caller.setText(self.tr("{phone}: chưa có vụ việc nào trước đây.").format(phone=phone))
            self._list.hide()
            return
        who = history.citizen_name or self.tr("(chưa rõ họ tên)")
        text = self.tr("{who} — {phone}\n{count} vụ việc trước đây (nhấp đúp để mở)").format(
            who=who, phone=phone, count=len(history.cases)
        )
        self._caller.setText(text)
        for case in history.cases:
            item = QListWidgetItem(describe_case(case))
            item.setData(CASE_ID_ROLE, case.id)
            item.setToolTip(case.excerpt)
            self._list.addItem(item)
        self._list.show()

    def case_count(self) -> int:
        return self._list.count()

    def case_item(self, row: int) -> QListWidgetItem:
        return self._list.item(row)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        case_id = item.data(CASE_ID_ROLE)
        if isinstance(case_id, int):
            self.case_activated.emit(case_id)
