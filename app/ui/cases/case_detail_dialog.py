"""The case file: every field, the timeline, and the assign / status / reply / attach actions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.services.cases.dto import CaseDetail
from app.services.core.errors import ConflictError, ServiceError
from app.services.core.sealing import SEALED
from app.services.reports.forms_service import FormKind
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.cases import file_picker, form_printing
from app.ui.cases.case_action_forms import AssignForm, AttachForm, ReplyForm, StatusForm
from app.ui.cases.case_fields_panel import CaseFieldsPanel
from app.ui.cases.case_history_panel import CaseHistoryPanel
from app.ui.cases.conflict_dialog import ConflictChoice, resolve
from app.ui.cases.merge_action import merge_into_other
from app.ui.cases.reply_loop_panel import ReplyLoopPanel
from app.ui.cases.seal_dialogs import GrantDialog, IdentityDialog, ReasonDialog
from app.ui.deadlines.clock_panel import ClockPanel
from app.ui.widgets.screen_fit import resize_to_fit

Action = Callable[[int | None], object]
"""One service call, given the case version the officer saw."""

_NOTE_COLUMN = 4
"""The timeline's "Ghi chú" column."""
_ERROR_STYLE = "background: #fbe0de; color: #7d1014; padding: 6px 10px; border-radius: 4px;"
_OK_STYLE = "background: #e3efe0; color: #25562a; padding: 6px 10px; border-radius: 4px;"


class CaseDetailDialog(QDialog):
    """One case; each action is one service call, then the case is read again."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        case_id: int,
        current_user_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._events = events
        self._case_id = case_id
        self._user_id = current_user_id
        self._acting = False
        self.detail: CaseDetail | None = None
        self.setWindowTitle("Hồ sơ vụ việc")
        self.setMinimumSize(900, 560)
        self.fields = CaseFieldsPanel()
        self.history = CaseHistoryPanel()
        self.clock = ClockPanel(services, events, case_id, current_user_id)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.history, "Hồ sơ xử lý")
        self.side_tabs.addTab(self.clock, "Thời hạn")
        self.reply_loop = ReplyLoopPanel(services, events, case_id)
        self.side_tabs.addTab(self.reply_loop, "Trả lời và duyệt")
        self.assign_form = AssignForm()
        self.status_form = StatusForm()
        self.reply_form = ReplyForm()
        self.attach_form = AttachForm()
        self.action_tabs = QTabWidget()
        self.action_tabs.addTab(self.assign_form, "Giao xử lý")
        self.action_tabs.addTab(self.status_form, "Chuyển trạng thái")
        self.action_tabs.addTab(self.reply_form, "Trả lời công dân")
        self.action_tabs.addTab(self.attach_form, "Đính kèm tệp")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        self._layout()
        self.assign_form.submitted.connect(self._on_assign_submitted)
        self.status_form.submitted.connect(self._on_status_submitted)
        self.reply_form.submitted.connect(self._on_reply_submitted)
        self.attach_form.submitted.connect(self._on_attach_submitted)
        self.fields.unseal_button.clicked.connect(self._on_unseal_clicked)
        self.fields.grant_button.clicked.connect(self._on_grant_clicked)
        self.action_tabs.currentChanged.connect(self.message.hide)
        events.cases_changed.connect(self._on_events_cases_changed)
        events.catalog_changed.connect(self._load_catalogs)
        self._load_catalogs()
        self.reload(preset=True)
        resize_to_fit(self, 1200, 780)

    def _layout(self) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.fields)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(8, 0, 0, 0)
        right_box.addWidget(self.side_tabs, 3)
        right_box.addWidget(self.message)
        right_box.addWidget(self.action_tabs, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([470, 710])
        buttons = QDialogButtonBox()
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(splitter, 1)
        row = QHBoxLayout()
        self.forms_button = form_printing.forms_button(self, self._on_form_chosen)
        row.addWidget(self.forms_button)
        self.merge_button = QPushButton("Gộp vào vụ việc khác…")
        self.merge_button.clicked.connect(self._on_merge_clicked)
        row.addWidget(self.merge_button)
        row.addStretch(1)
        row.addWidget(buttons)
        box.addLayout(row)

    @property
    def case_id(self) -> int:
        return self._case_id

    # --- loading ------------------------------------------------------------------------
    def reload(self, preset: bool = False) -> None:
        """Read the case again; typed text in the action forms is kept."""
        try:
            detail = self._services.detail.get(self._case_id)
        except ServiceError as error:
            self._show_error(error.message)
            return
        self._show_detail(detail, preset)

    def _show_detail(self, detail: CaseDetail, preset: bool = False) -> None:
        self.detail = detail
        self.setWindowTitle(f"Vụ việc {detail.number} — {detail.status.label}")
        self.fields.show_detail(detail)
        self.history.show_detail(detail)
        self._seal_attachments(detail)
        actor = self._services.signed_in.actor
        self.fields.set_seal_actions(
            unseal=detail.sealed and actor is not None and actor.role != "admin",
            grant=detail.sealed and actor is not None and actor.role == "chief",
        )
        self.assign_form.show_detail(detail, preset)
        self.status_form.show_detail(detail)

    def _load_catalogs(self) -> None:
        catalog = self._services.catalog
        try:
            self.assign_form.set_catalogs(catalog.departments(), catalog.users())
        except ServiceError as error:
            self._show_error(error.message)

    # --- actions ------------------------------------------------------------------------
    def _run(
        self,
        action: Action,
        done: str,
        clear: Callable[[], None] = lambda: None,
        touched: tuple[str, ...] = (),
        version: int | None = None,
    ) -> bool:
        """Call the service; on success reload and broadcast, on error keep what was typed."""
        self._acting = True
        try:
            try:
                action(version if version is not None else self._version())
            except ConflictError as error:
                return self._on_conflict(error, action, done, clear, touched)
            except ServiceError as error:
                self._show_error(error.message)
                return False
            self.reload(preset=True)
            clear()
            self._show_ok(done)
            self._events.cases_changed.emit(self._case_id)
            self._events.status_message.emit(done)
            return True
        finally:
            self._acting = False

    def _on_conflict(
        self,
        error: ConflictError,
        action: Action,
        done: str,
        clear: Callable[[], None],
        touched: tuple[str, ...],
    ) -> bool:
        """Show what changed meanwhile; reload (dropping the action) or re-apply it on the new version."""
        if self.detail is None:
            return False
        try:
            changes = self._services.conflicts.changes_since(self.detail)
        except ServiceError as failure:
            self._show_error(failure.message)
            return False
        choice = resolve(self, changes, touched, self._action_name())
        if choice is ConflictChoice.REAPPLY:  # on the version the officer saw in the dialog, not a newer one
            self._show_detail(changes.current)
            return self._run(action, done, clear, touched, version=changes.current_version)
        self.reload()
        if choice is ConflictChoice.RELOAD:
            clear()
            self._show_error("Đã tải lại vụ việc; thao tác của bạn chưa được lưu.")
        else:
            self._show_error(error.message + " Đã tải lại vụ việc; nội dung bạn nhập vẫn còn.")
        return False

    def _action_name(self) -> str:
        return self.action_tabs.tabText(self.action_tabs.currentIndex())

    def _version(self) -> int | None:
        return self.detail.version if self.detail else None

    def _on_assign_submitted(self) -> None:
        form = self.assign_form
        officer_id = form.officer.currentData()
        if officer_id is None:
            first = "" if form.department.currentData() is not None else "Hãy chọn đơn vị xử lý, rồi "
            self._show_error(f"{first or 'Hãy '}chọn cán bộ chịu trách nhiệm xử lý.")
            return
        name, note = form.officer.currentText(), form.note.toPlainText()
        department_id = form.department.currentData()
        self._run(
            lambda version: self._services.cases.assign(
                self._case_id, department_id, officer_id, note, self._user_id, version
            ),
            f"Đã giao vụ việc cho {name}.",
            form.clear,
            ("department_name", "officer_name"),
        )

    def _on_status_submitted(self) -> None:
        target = self.status_form.selected()
        if target is None:
            self._show_error("Vụ việc không thể chuyển sang trạng thái nào khác.")
            return
        note = self.status_form.note.toPlainText()
        self._run(
            lambda version: self._services.cases.change_status(
                self._case_id, target, note, self._user_id, version
            ),
            f"Đã chuyển vụ việc sang «{target.label}».",
            self.status_form.clear,
            ("status", "closed_at"),
        )

    def _on_reply_submitted(self) -> None:
        method, day, text, document_no = self.reply_form.values()
        self._run(
            lambda _version: self._services.cases.add_reply(
                self._case_id, method, day, text, self._user_id, document_no=document_no
            ),
            "Đã ghi nhận nội dung trả lời công dân.",
            self.reply_form.clear,
        )

    def _on_attach_submitted(self) -> None:
        paths = file_picker.choose_files(self)
        if not paths:
            return
        for path in paths:
            if not self._run(self._attach_call(path), f"Đã đính kèm tệp «{path.name}»."):
                return

    def _attach_call(self, path: Path) -> Action:
        return lambda _version: self._services.attachments.attach(self._case_id, path, self._user_id)

    def _on_form_chosen(self, kind: FormKind) -> None:
        number = self.detail.number if self.detail else str(self._case_id)
        case = (self._case_id, number)
        form_printing.print_form(self, self._services, self._events, case, self._user_id, kind)

    # --- sealed identity (Luật Tố cáo art. 9) ------------------------------------------------
    def _seal_attachments(self, detail: CaseDetail) -> None:
        """A sealed original is listed but disabled (double-clicking opens nothing); its name is hidden."""
        if detail.sealed:  # the timeline notes the attached file's name, which may name the denouncer
            for row, event in enumerate(detail.events):
                note = self.history.timeline.item(row, _NOTE_COLUMN)
                if event.action == "attachment" and note is not None and event.note:
                    note.setText(SEALED)
                    note.setToolTip(SEALED)
        table = self.history.attachments
        for row, attachment in enumerate(detail.attachments):
            item = table.item(row, 0)
            if attachment.sealed and item is not None:
                for column in range(table.columnCount()):
                    if (cell := table.item(row, column)) is not None:
                        cell.setFlags(Qt.ItemFlag.NoItemFlags)
                        cell.setToolTip("Đơn gốc được bảo mật: mở qua nút «Xem danh tính…»")

    def _on_unseal_clicked(self) -> None:
        actor = self._services.signed_in.actor
        if actor is None or self.detail is None:
            return
        number = self.detail.number
        asked = ReasonDialog(number, self)
        accepted = ask.exec_dialog(asked) == QDialog.DialogCode.Accepted
        reason = asked.text()
        asked.deleteLater()
        if not accepted:
            return
        try:
            identity = self._services.seal.unseal(actor, self._case_id, reason)
        except ServiceError as error:
            ask.error(self, "Không xem được danh tính", error.message)
            return
        self._events.status_message.emit(f"Đã ghi nhật ký việc xem danh tính người tố cáo, vụ việc {number}.")
        shown = IdentityDialog(number, identity, self)
        ask.exec_dialog(shown)
        shown.wipe()  # closed: the identity leaves the screen and the widget tree at once
        shown.deleteLater()

    def _on_grant_clicked(self) -> None:
        actor = self._services.signed_in.actor
        if actor is None or self.detail is None:
            return
        try:
            users, departments = self._services.catalog.users(), self._services.catalog.departments()
        except ServiceError as error:
            ask.error(self, "Không cấp được quyền", error.message)
            return
        picker = GrantDialog(self.detail.number, users, departments, actor.user_id, self)
        accepted = ask.exec_dialog(picker) == QDialog.DialogCode.Accepted
        user_id, name = picker.selected_user_id(), picker.selected_name()
        picker.deleteLater()
        if not accepted:
            return
        if user_id is None:
            return
        try:
            self._services.seal.grant(actor, self._case_id, user_id)
        except ServiceError as error:
            ask.error(self, "Không cấp được quyền", error.message)
            return
        self._show_ok(f"Đã cấp quyền xem danh tính người tố cáo cho {name}.")

    # --- messages and events ------------------------------------------------------------
    def _on_merge_clicked(self) -> None:
        merged = merge_into_other(self, self._services, self.detail, self._user_id) if self.detail else None
        if merged is not None:
            self._events.cases_changed.emit(merged.survivor_id)
            self._events.case_open_requested.emit(merged.survivor_id)
            self.accept()

    def _show_error(self, text: str) -> None:
        self.message.setStyleSheet(_ERROR_STYLE)
        self.message.setText(text)
        self.message.show()

    def _show_ok(self, text: str) -> None:
        self.message.setStyleSheet(_OK_STYLE)
        self.message.setText(text)
        self.message.show()

    def _on_events_cases_changed(self, case_id: int) -> None:
        if not self._acting and case_id in (self._case_id, -1):
            self.reload()
            self.reply_loop.reload()
