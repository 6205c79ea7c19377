"""«Cuộc gọi chưa ghi nhận»: every call and SMS of the duty phone with no case; Enter makes one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.domain.phone import format_phone
from app.services.calls.call_types import CallbackTask, CallImportReport, UnmatchedCall
from app.services.calls.phone_events import WITHHELD
from app.services.core.errors import ServiceError
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.calls.dismiss_dialog import DismissDialog
from app.ui.calls.unmatched_table_model import Column, UnmatchedTableModel
from app.ui.tasks import TaskRunner
from app.ui.widgets import file_dialogs
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

FIRST_ROWS = 100
"""Rows read for the first paint (a screen shows about 20); scrolling to the bottom reads more."""
PAGE_ROWS = 200
FILTERS = "Nhật ký cuộc gọi, tin nhắn (*.xml *.csv);;Mọi tệp (*)"


class UnmatchedCallsPage(QWidget):
    """Enter: make a case (intake prefilled) · Del: dismiss with a reason · Ctrl+G: called back."""

    def __init__(
        self, services: Services, events: AppEvents, user_id: int | None, tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._calls = services.calls
        self._events = events
        self._user_id = user_id
        self._tasks = tasks
        self._dirty = True
        self._shown = ""
        self._more = False
        self.model = UnmatchedTableModel(datetime.now(), self)
        self.table = QTableView(self)
        self.summary = QLabel(self)
        self.message = NoticeBar(self)
        self.earlier = QListWidget(self)
        self.callbacks = QListWidget(self)
        self.callbacks_title = QLabel("Cần gọi lại", self)
        self.import_button = QPushButton("Nhập nhật ký từ điện thoại…", self)
        self.case_button = QPushButton("Ghi thành vụ việc  (Enter)", self)
        self.case_button.setObjectName("primaryButton")
        self.dismiss_button = QPushButton("Bỏ qua…  (Del)", self)
        self.called_back_button = QPushButton("Đã gọi lại  (Ctrl+G)", self)
        self._build()
        self._connect()
        self.refresh()

    # --- construction -----------------------------------------------------------------------
    def _build(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in ((Column.TIME, 130), (Column.KIND, 110), (Column.PHONE, 120), (Column.DURATION, 80),
                              (Column.NAME, 150), (Column.CALLBACK, 170), (Column.EARLIER, 100)):  # fmt: skip
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        title = QLabel("Cuộc gọi chưa ghi nhận", self)
        title.setObjectName("pageTitle")
        title.setStyleSheet("font-size: 18px; font-weight: 700;")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.import_button)
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        for button in (self.called_back_button, self.dismiss_button, self.case_button):
            actions.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self._bottom())
        splitter.setSizes([430, 190])
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.addLayout(head)
        box.addWidget(self.message)
        box.addLayout(actions)
        box.addWidget(splitter, 1)

    def _bottom(self) -> QWidget:
        bottom = QWidget(self)
        row = QHBoxLayout(bottom)
        row.setContentsMargins(0, 4, 0, 0)
        for caption, widget in ((QLabel("Vụ việc trước của số này (Enter: mở)", self), self.earlier),
                                (self.callbacks_title, self.callbacks)):  # fmt: skip
            column = QVBoxLayout()
            caption.setStyleSheet("font-weight: 600;")
            column.addWidget(caption)
            column.addWidget(widget, 1)
            row.addLayout(column, 1)
        return bottom

    def _connect(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((Qt.Key.Key_Return, self.make_case), (Qt.Key.Key_Enter, self.make_case),
                           (Qt.Key.Key_Delete, self.dismiss), ("Ctrl+G", self.mark_called_back)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self.table.doubleClicked.connect(lambda _index: self.make_case())
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.case_button.clicked.connect(self.make_case)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.called_back_button.clicked.connect(self.mark_called_back)
        self.import_button.clicked.connect(self.choose_and_import)
        self.earlier.itemActivated.connect(self._on_earlier_item_activated)
        self.table.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self._events.calls_changed.connect(self._on_events_changed)
        self._events.cases_changed.connect(self._on_events_changed)

    # --- reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """The first page of unmatched calls now; the call-back tasks right after the first paint."""
        try:
            rows = self._calls.unmatched(limit=FIRST_ROWS)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self._dirty = False
        self._more = len(rows) == FIRST_ROWS
        self.model.now = datetime.now()
        self.model.set_rows(rows)
        self._shown = f"{'hơn ' if self._more else ''}{len(rows)} cuộc gọi, tin nhắn chưa có vụ việc trong sổ"
        self.summary.setText(self._shown)
        if rows:
            self.table.selectRow(0)
        else:
            self.earlier.clear()
        calls = self._calls
        self._tasks.submit(
            lambda: (calls.callback_tasks(limit=200), calls.callback_counts()),
            self._show_callbacks,
            self._on_callbacks_failed,
        )

    def _on_callbacks_failed(self, error: BaseException) -> None:
        text = (
            error.message if isinstance(error, ServiceError) else f"Không đọc được danh sách gọi lại: {error}"
        )
        self.message.show_message(NoticeKind.ERROR, text)

    def _show_callbacks(self, found: tuple[list[CallbackTask], tuple[int, int]]) -> None:
        """Off the UI thread after the list: the call-back tasks and their counts."""
        tasks, (open_tasks, overdue) = found
        late = f", <b style='color:#a4161a'>{overdue} quá một ngày làm việc</b>" if overdue else ""
        self.summary.setText(f"{self._shown} · <b>{open_tasks} cuộc gọi nhỡ cần gọi lại</b>{late}")
        self.callbacks_title.setText(f"Cần gọi lại ({open_tasks})")
        self.callbacks.clear()
        for t in tasks:
            text = f"{t.at:%d/%m %H:%M}  {format_phone(t.phone)}  {t.kind.label}, hạn {t.due:%d/%m %H:%M}"
            item = QListWidgetItem(text + (" — quá hạn" if t.overdue else ""))
            if t.overdue:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.callbacks.addItem(item)

    def load_more(self) -> bool:
        """The next page, older calls (scrolled to the bottom); False when everything is shown."""
        rows = self.model.rows
        if not self._more or not rows:
            return False
        try:
            more = self._calls.unmatched(limit=PAGE_ROWS, before=(rows[-1].at, rows[-1].id))
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return False
        self.model.append_rows(more)
        self._more = len(more) == PAGE_ROWS
        return self._more

    def _on_scrolled(self, value: int) -> None:
        if value >= self.table.verticalScrollBar().maximum() - 2:
            self.load_more()

    def current(self) -> UnmatchedCall | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.earlier.clear()
        if not current.isValid():
            return
        row = self.model.row(current.row())
        try:
            cases = self._calls.earlier_cases(row.id) if row.phone else []
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        for c in cases:
            item = QListWidgetItem(f"{c.number}  {c.received_at:%d/%m/%Y}  {c.excerpt}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.earlier.addItem(item)
        if not cases:
            self.earlier.addItem(
                WITHHELD + ": không đối chiếu được." if row.phone is None else "Chưa có vụ việc nào."
            )

    def _on_earlier_item_activated(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(case_id, int):
            self._events.case_open_requested.emit(case_id)

    # --- actions ----------------------------------------------------------------------------
    def make_case(self) -> None:
        """Enter: the intake form opens with phone, time, channel (and the SMS text) filled in."""
        row = self.current()
        if row is None:
            return
        try:
            prefill = self._calls.prefill(row.id)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self._events.intake_prefill_requested.emit(prefill)

    def dismiss(self) -> None:
        """Del: a reason from the short list (audited); the call leaves the list."""
        row = self.current()
        if row is None:
            return
        phone = format_phone(row.phone) if row.phone else WITHHELD
        dialog = DismissDialog(f"{row.kind.label} {phone} lúc {row.at:%H:%M %d/%m/%Y}", self)
        if ask.exec_dialog(dialog) != DismissDialog.DialogCode.Accepted:
            return
        try:
            self._calls.dismiss(
                row.id, dialog.chosen(), note=dialog.note.text(), case_number=dialog.case_number.text(),
                user_id=self._user_id,
            )  # fmt: skip
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self.message.show_message(NoticeKind.SUCCESS, f"Đã bỏ qua: {dialog.reason.currentText()}.")
        self._events.calls_changed.emit()

    def mark_called_back(self) -> None:
        """Ctrl+G: the officer rang the caller back from another phone."""
        row = self.current()
        if row is None:
            return
        try:
            self._calls.mark_called_back(row.id, self._user_id)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self.message.show_message(NoticeKind.SUCCESS, "Đã ghi nhận: đã gọi lại.")
        self._events.calls_changed.emit()

    def choose_and_import(self) -> None:
        path = file_dialogs.choose_file(
            self, "Chọn tệp calls-….xml, sms-….xml hoặc CSV", Path.home(), FILTERS
        )
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Import off the UI thread; the result (or the file's problem) shows in the notice bar."""
        self.import_button.setEnabled(False)
        self.message.show_message(NoticeKind.INFO, f"Đang nhập «{path.name}»…")
        self._tasks.submit(
            lambda: self._calls.import_file(path, user_id=self._user_id),
            self._on_imported,
            self._on_import_failed,
        )

    def _on_imported(self, report: CallImportReport) -> None:
        self.import_button.setEnabled(True)
        lines = [report.summary(), *(f"Dòng {p.line}: {p.reason}" for p in report.problems[:5])]
        kind = NoticeKind.WARNING if report.problems else NoticeKind.SUCCESS
        self.message.show_message(kind, "\n".join(lines))
        self._events.calls_changed.emit()

    def _on_import_failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        text = error.message if isinstance(error, ServiceError) else f"Không nhập được: {error}"
        self.message.show_message(NoticeKind.ERROR, text)

    # --- refreshing -------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _on_events_changed(self, *_: object) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()
