"""«Cảnh báo quá hạn» for the chief: overdue and due-soon cases by department, then officer, drill-down."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.services.core.errors import ServiceError
from app.services.deadlines.deadline_dto import DeadlineCase, DepartmentEscalation, EscalationReport
from app.ui.app_events import AppEvents
from app.ui.cases.formatting import OVERDUE_TEXT, fmt_date
from app.ui.deadlines.deadline_case_table import DeadlineCaseTable
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

HEADERS = ["Đơn vị / cán bộ", "Quá hạn", "Sắp đến hạn", "Quá chỉ tiêu", "Hạn cũ nhất chưa xử lý"]
Node = tuple[int | None, int | None, bool]
"""(department id, officer id, whether an officer row) of a tree row."""


class EscalationPage(QWidget):
    """Counts per department and officer (worst first); selecting a row lists its cases."""

    def __init__(
        self, services: Services, events: AppEvents, user_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._escalation = services.escalation
        self._first_answers = services.first_answers
        self._dirty = True
        self.report: EscalationReport | None = None
        title = QLabel("Cảnh báo quá hạn")
        title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = NoticeBar(self)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADERS)
        header_view = self.tree.header()
        header_view.setStretchLastSection(False)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.cases_title = QLabel("Chọn một đơn vị hoặc cán bộ để xem các vụ việc.")
        self.cases_title.setObjectName("sectionTitle")
        self.cases = DeadlineCaseTable()
        self.cases.setColumnHidden(4, True)  # the department is the selected row
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 4, 0, 0)
        right_box.addWidget(self.cases_title)
        right_box.addWidget(self.cases, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setSizes([300, 420])
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(header)
        box.addWidget(self.summary)
        box.addWidget(self.message)
        box.addWidget(splitter, 1)
        from app.ui.calls.overdue_callbacks import OverdueCallbacks  # issue 16: missed calls not called back

        self.callbacks = OverdueCallbacks(services.calls, events, self)
        box.addWidget(self.callbacks)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.cases.open_requested.connect(events.case_open_requested)
        events.cases_changed.connect(self._on_events_changed)
        events.catalog_changed.connect(self._on_events_changed)

    def refresh(self) -> None:
        """Read the report again (F5, or when shown after a change)."""
        try:
            report = self._escalation.report()
            first_late, first_soon = self._first_answers.reminders()
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self._dirty = False
        self.report = report
        self.callbacks.refresh()
        self.summary.setText(
            f"Ngày {fmt_date(report.as_of)}: <b style='color:#a4161a'>{report.overdue} vụ việc quá hạn</b>, "
            f"<b style='color:#7a4a00'>{report.due_soon} sắp đến hạn</b> (đến {fmt_date(report.due_soon_until)}), "
            f"{report.past_target} quá chỉ tiêu của cơ quan. Trả lời ban đầu: "
            f"<b style='color:#a4161a'>{len(first_late)} quá hạn</b>, {len(first_soon)} sắp đến hạn."
        )
        self.tree.clear()
        for department in report.departments:
            self.tree.addTopLevelItem(self._department_item(department))
        self.tree.expandAll()
        if not report.departments:
            self.message.show_message(NoticeKind.SUCCESS, "Không có vụ việc nào quá hạn hoặc sắp đến hạn.")
        else:
            self.message.clear_message()
            first = self.tree.topLevelItem(0)
            if first is not None:
                self.tree.setCurrentItem(first)

    def _department_item(self, d: DepartmentEscalation) -> QTreeWidgetItem:
        item = _row(d.department_name, d.overdue, d.due_soon, d.past_target, d.oldest_due)
        item.setData(0, Qt.ItemDataRole.UserRole, (d.department_id, None, False))
        for o in d.officers:
            child = _row(o.officer_name, o.overdue, o.due_soon, o.past_target, o.oldest_due)
            child.setData(0, Qt.ItemDataRole.UserRole, (d.department_id, o.officer_id, True))
            item.addChild(child)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def cases_for(self, node: Node) -> list[DeadlineCase]:
        """Overdue then due-soon cases of a department or of one officer in it."""
        dept_id, officer_id, is_officer = node
        found = [
            *self._escalation.overdue(department_id=dept_id, officer_id=officer_id),
            *self._escalation.due_soon(department_id=dept_id, officer_id=officer_id),
        ]
        # the service reads None as "any": keep only the unassigned ones for those rows
        return [
            c for c in found if c.department_id == dept_id and (not is_officer or c.officer_id == officer_id)
        ]

    def _on_tree_current_item_changed(self, item: QTreeWidgetItem | None, _old: object) -> None:
        if item is None:
            return
        node: Node = item.data(0, Qt.ItemDataRole.UserRole)
        try:
            cases = self.cases_for(node)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self.cases_title.setText(f"{item.text(0)}: {len(cases)} vụ việc quá hạn hoặc sắp đến hạn")
        self.cases.show_cases(cases)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_events_changed(self, *_: object) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()


def _row(name: str, overdue: int, due_soon: int, past_target: int, oldest: date | None) -> QTreeWidgetItem:
    item = QTreeWidgetItem([name, str(overdue), str(due_soon), str(past_target), fmt_date(oldest)])
    item.setToolTip(0, name)
    for column in range(1, len(HEADERS)):
        item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if overdue:
        item.setForeground(1, OVERDUE_TEXT)
    return item
