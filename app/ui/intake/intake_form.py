"""Intake screen: form, caller history, call timer and drafts; saving is one service call."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.domain.phone import format_phone
from app.services.calls.call_types import IntakePrefill
from app.services.cases.case_rules import legal_note
from app.services.cases.dto import CaseSaved
from app.services.cases.duplicate_service import RepeatLinked
from app.services.catalog.dto import UserItem
from app.services.core.errors import PhoneWarning, ServiceError, ValidationError
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.intake.call_header import CallHeader
from app.ui.intake.call_timer import CallTimer
from app.ui.intake.caller_history_panel import CallerHistoryPanel
from app.ui.intake.caller_lookup import CallerLookup
from app.ui.intake.duplicate_prompt import check_before_save, repeat_text
from app.ui.intake.intake_draft import IntakeDraft
from app.ui.intake.intake_fields import IntakeFields
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

log = logging.getLogger(__name__)


class IntakeForm(QWidget):
    """Keyboard-first: Ctrl+Enter saves, Esc cancels; ``start_new_case()`` is the main window's Ctrl+N."""

    def __init__(
        self, services: Services, events: AppEvents, user: UserItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("intakeForm")
        self._services = services
        self._events = events
        self._user = user
        self._loading = False
        self._received_auto = True
        self._from_call: IntakePrefill | None = None
        self.fields = IntakeFields(self)
        self.history = CallerHistoryPanel(self)
        self.timer = CallTimer(self)
        self.notice = NoticeBar(self, large=True)
        self.notice.setObjectName("intakeNotice")
        self.save_button = QPushButton(self.tr("Lưu vụ việc  (Ctrl+Enter)"), self)
        self.save_button.setObjectName("primaryButton")
        self.cancel_button = QPushButton(self.tr("Hủy  (Esc)"), self)
        self.lookup = CallerLookup(services.query, self.fields, self.history, self)
        self.draft = IntakeDraft(
            services.drafts, f"intake-{user.id}", self._draft_fields, events.status_message.emit, self
        )
        self._build_layout()
        self._connect()
        self.reload_catalog()
        self._reset()
        self._restore_draft()

    # --- layout ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.fields)
        # Never narrower than the editors need: the caller history gives way first.
        scroll.setMinimumWidth(
            self.fields.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(scroll, 3)
        body.addWidget(self.history, 2)
        self.history.setMinimumWidth(240)
        self.history.setMaximumWidth(480)

        buttons = QHBoxLayout()
        hint = QLabel(self.tr("Ctrl+N: vụ việc mới · Tab: sang ô tiếp theo"), self)
        hint.setObjectName("hint")
        buttons.addWidget(hint)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(CallHeader(self.fields, self.timer, self))
        layout.addWidget(self.notice)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        chain = [*self.fields.tab_chain, self.fields.channel, self.fields.received_at, self.save_button]
        for first, second in zip(chain, [*chain[1:], self.cancel_button], strict=True):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("Ctrl+Return", self.save), ("Ctrl+Enter", self.save), ("Esc", self.cancel)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        self.fields.changed.connect(self._on_fields_changed)
        self.fields.received_at.dateTimeChanged.connect(self._on_received_edited)
        self.fields.classification_changed.connect(self._update_legal_note)
        self.history.case_activated.connect(self._events.case_open_requested)
        self._events.catalog_changed.connect(self.reload_catalog)

    # --- public actions -------------------------------------------------------------------
    def focus_first(self) -> None:
        self.fields.phone.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def refresh(self) -> None:
        """F5: reload the lists of fields and departments."""
        self.reload_catalog()

    def reload_catalog(self) -> None:
        try:
            fields = self._services.catalog.fields()
            departments = self._services.catalog.departments()
        except ServiceError as error:
            self.notice.show_message(NoticeKind.ERROR, error.message)
            return
        with self._quietly():
            self.fields.load_catalog(fields, departments)

    def start_new_case(self) -> None:
        """A new call: empty form (asking first if something was typed), timer running from 0."""
        if self.fields.has_typed_text() and not self._confirm_discard():
            self.focus_first()
            return
        self._discard_and_reset()
        self.timer.start()
        self.focus_first()

    def start_from_call(self, prefill: IntakePrefill) -> None:
        """A call or SMS of the phone's log: phone, received time, channel (and the SMS text) filled in."""
        if self.fields.has_typed_text() and not self._confirm_discard():
            return
        self._discard_and_reset()
        values = {"phone": format_phone(prefill.phone), "content": prefill.content, "citizen_name": prefill.citizen_name,
                  "channel": prefill.channel, "received_at": prefill.received_at.isoformat()}  # fmt: skip
        with self._quietly():
            self.fields.set_values(values)
        self._received_auto = False
        self._from_call = prefill
        self.lookup.lookup_now()
        self.notice.show_message(
            NoticeKind.INFO,
            self.tr("Ghi vụ việc từ cuộc gọi lúc {at}: nhập nội dung rồi Ctrl+Enter để lưu.").format(
                at=f"{prefill.received_at:%H:%M %d/%m/%Y}"
            ),
        )
        self.fields.content.setFocus(Qt.FocusReason.OtherFocusReason)

    def _call_seconds(self) -> int | None:
        if self._from_call is not None:
            return self._from_call.call_seconds
        return self.timer.seconds() if self.timer.is_running() else None

    def _link_call(self, case_id: int) -> str:
        """The call the case was made from leaves «Cuộc gọi chưa ghi nhận» (an error is returned)."""
        made_from, self._from_call = self._from_call, None
        if made_from is None:
            return ""
        try:
            self._services.calls.link_case(made_from.call_ids, case_id, self._user.id)
        except ServiceError as error:
            log.warning("call not linked to case %s: %s", case_id, error.message)
            return error.message
        self._events.calls_changed.emit()
        return ""

    def cancel(self) -> None:
        """Esc: drop what was typed (after asking) and its draft."""
        if self.fields.has_typed_text():
            if not self._confirm_discard():
                return
            self._events.status_message.emit(self.tr("Đã hủy vụ việc đang nhập."))
        self._discard_and_reset()
        self.focus_first()

    def flush_draft(self) -> None:
        """Write a pending draft at once (the window is closing)."""
        if self.draft.is_pending():
            self.draft.flush()

    def save(self) -> bool:
        """Ctrl+Enter: hand the form to the service; on success read the number back and clear."""
        self.lookup.stop()
        self.fields.clear_invalid()
        new = self.fields.new_case(self._call_seconds())
        if not check_before_save(self, self._services.duplicates, new, self._user.id, self._on_linked):
            return False
        accept_invalid = False
        while True:
            new = self.fields.new_case(self._call_seconds(), accept_invalid)
            try:
                saved = self._services.cases.create_case(new, self._user.id)
            except PhoneWarning as warning:
                if accept_invalid or not ask.confirm(
                    self,
                    self.tr("Số điện thoại chưa đúng"),
                    warning.message,
                    self.tr("Vẫn lưu"),
                    self.tr("Sửa lại"),
                ):
                    self._show_invalid(warning)
                    return False
                accept_invalid = True
            except ValidationError as error:
                self._show_invalid(error)
                return False
            except ServiceError as error:  # DatabaseError and the like: keep everything typed
                log.warning("case not saved: %s", error.message)
                self.draft.flush()
                self.notice.show_message(
                    NoticeKind.ERROR,
                    self.tr("Chưa lưu được: {message}\nNội dung đã nhập vẫn được giữ trong bản nháp.").format(
                        message=error.message
                    ),
                )
                return False
            else:
                self._on_saved(saved)
                return True

    # --- saving ---------------------------------------------------------------------------
    def _on_saved(self, saved: CaseSaved) -> None:
        text = self.tr("Đã lưu vụ việc số {number}").format(number=saved.number)
        if saved.due_date is not None:
            text += self.tr(" — hạn xử lý {due}").format(due=f"{saved.due_date:%d/%m/%Y}")
        if saved.phone_warning:
            text += "\n" + saved.phone_warning
        problem = self._link_call(saved.id)
        if problem:
            text += "\n" + problem
        self._discard_and_reset()
        self.notice.show_message(NoticeKind.SUCCESS, text)
        self.notice.setToolTip(saved.due_rule)
        self._events.cases_changed.emit(saved.id)
        self._events.status_message.emit(self.tr("Đã lưu vụ việc {number}").format(number=saved.number))
        self.focus_first()

    def _on_linked(self, linked: RepeatLinked) -> None:
        self._link_call(linked.case_id)
        self._discard_and_reset()
        self.notice.show_message(NoticeKind.SUCCESS, repeat_text(linked))
        self._events.cases_changed.emit(linked.case_id)

    def _show_invalid(self, error: ValidationError) -> None:
        self.notice.show_message(NoticeKind.ERROR, error.message)
        editor = self.fields.mark_invalid(error.field)
        if editor is not None:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _confirm_discard(self) -> bool:
        return ask.confirm(
            self,
            self.tr("Hủy vụ việc đang nhập?"),
            self.tr("Những gì đã nhập cho vụ việc này sẽ bị xóa và không được lưu."),
            self.tr("Xóa nội dung"),
            self.tr("Tiếp tục nhập"),
            default_no=True,  # Enter, the reflex after typing, keeps what was typed
        )

    def _discard_and_reset(self) -> None:
        self.draft.discard()
        self._reset()
        self.notice.clear_message()

    def _reset(self) -> None:
        self.fields.clear_invalid()
        with self._quietly():
            self.fields.reset(self._user.default_channel)
        self._received_auto = True
        self._from_call = None
        self.lookup.reset()
        self.timer.reset()
        self._update_legal_note()

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Programmatic changes: no draft write, no timer start, no "edited by hand"."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    # --- reactions ------------------------------------------------------------------------
    def _on_fields_changed(self) -> None:
        if self._loading:
            return
        if not self.timer.is_running() and self.fields.has_typed_text():
            self.timer.start()  # the first keystroke of a new case starts the call
            if self._received_auto:
                with self._quietly():
                    self.fields.set_received(datetime.now())
        self.draft.schedule()

    def _on_received_edited(self) -> None:
        if not self._loading:
            self._received_auto = False

    def _update_legal_note(self) -> None:
        note = legal_note(self.fields.current_kind(), self.fields.current_channel())
        if note:
            self.fields.legal_note.show_message(NoticeKind.WARNING, note)
        else:
            self.fields.legal_note.clear_message()

    # --- drafts ---------------------------------------------------------------------------
    def _draft_fields(self) -> dict[str, Any] | None:
        if not self.fields.has_typed_text():
            return None
        values = self.fields.values()
        values["call_seconds"] = self.timer.seconds() if self.timer.is_running() else None
        return values

    def _restore_draft(self) -> None:
        data = self.draft.load()
        if not data:
            return
        with self._quietly():
            self.fields.set_values(data)
        if not self.fields.has_typed_text():
            self._reset()
            return
        self._received_auto = False
        seconds = data.get("call_seconds")
        self.timer.start(seconds if isinstance(seconds, int) else 0)
        self._update_legal_note()
        self.lookup.lookup_now()
        self.notice.show_message(NoticeKind.INFO, self.tr("Đã khôi phục bản nháp chưa lưu."))
