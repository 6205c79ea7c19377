"""The case's «Thời hạn» tab: every legal deadline and why, the office target apart, clock actions."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from app.bootstrap import Services
from app.services.core.errors import ConflictError, ServiceError
from app.services.deadlines.deadline_dto import CaseClockView, CaseDeadlines, ClockChanged
from app.services.replies.dto import FirstAnswerView
from app.ui.app_events import AppEvents
from app.ui.deadlines.clock_forms import (
    AcceptForm,
    ClockForm,
    ConditionsForm,
    ExtendForm,
    ResumeForm,
    SuspendForm,
    picked,
)
from app.ui.deadlines.due_text import due_html, fmt
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

ClockAction = Callable[[int | None], ClockChanged]
"""One clock service call, given the case version the officer saw."""


class ClockPanel(QWidget):
    """Reads the case's clock and deadlines; each action is one service call, then both are read again."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        case_id: int,
        user_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._events = events
        self._case_id = case_id
        self._user_id = user_id
        self._acting = False
        self.view: CaseClockView | None = None
        self.deadlines: CaseDeadlines | None = None
        self.legal = QTextBrowser()
        self.legal.setOpenLinks(False)
        self.legal.setMinimumHeight(150)
        self.target = QLabel()
        self.target.setWordWrap(True)
        self.target.setStyleSheet(
            "background: #eef3f8; color: #1d2935; border: 1px solid #c5d3e0; border-radius: 4px;"
            " padding: 6px 10px;"
        )
        self.message = NoticeBar(self)
        self.accept_form = AcceptForm()
        self.extend_form = ExtendForm()
        self.suspend_form = SuspendForm()
        self.resume_form = ResumeForm()
        self.conditions_form = ConditionsForm()
        self.action_tabs = QTabWidget()
        self.no_action = QLabel("Không có thao tác nào về thời hạn cho vụ việc ở trạng thái này.")
        self.no_action.setObjectName("hint")
        self.no_action.setWordWrap(True)
        title = QLabel("Thời hạn theo luật")
        title.setObjectName("sectionTitle")
        target_title = QLabel("Chỉ tiêu của cơ quan (không phải thời hạn theo luật)")
        target_title.setObjectName("sectionTitle")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(title)
        box.addWidget(self.legal, 1)
        box.addWidget(target_title)
        box.addWidget(self.target)
        box.addWidget(self.message)
        box.addWidget(self.action_tabs, 0)
        box.addWidget(self.no_action)
        self.accept_form.submitted.connect(self._on_accept_form_submitted)
        self.extend_form.submitted.connect(self._on_extend_form_submitted)
        self.suspend_form.submitted.connect(self._on_suspend_form_submitted)
        self.resume_form.submitted.connect(self._on_resume_form_submitted)
        self.conditions_form.submitted.connect(self._on_conditions_form_submitted)
        events.cases_changed.connect(self._on_events_cases_changed)
        self.reload()

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the clock and the deadlines again; typed text in the forms is kept."""
        try:
            view = self._services.case_clock.view(self._case_id)
            deadlines = self._services.deadlines.case_deadlines(self._case_id)
            first = self._services.first_answers.view(self._case_id)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        keep_flags = self.view is not None and self.view.version == view.version
        self.view, self.deadlines = view, deadlines
        self._show_deadlines(deadlines, first)
        self._offer_actions(view, keep_flags)

    def _show_deadlines(self, d: CaseDeadlines, first: FirstAnswerView | None = None) -> None:
        parts = []
        if d.error:
            parts.append(f'<p style="color:#7f1710"><b>{escape(d.error)}</b></p>')
        main = [x for x in d.due_dates if x.due == d.due_date or x.paused][:1]
        for due in main + [x for x in d.due_dates if x not in main]:
            parts.append(due_html(due, main=due in main))
        if first is not None and first.answered_on is not None:
            when = "đúng hạn" if first.on_time else "quá hạn"
            parts.append(
                f"<p style='color:#25562a'><b>Trả lời ban đầu: đã xong</b> ngày {fmt(first.answered_on)} "
                f"({escape(first.method_label)}, {when}).</p>"
            )
        if not d.due_dates:
            parts.append(f"<p>Hạn đang lưu: <b>{fmt(d.due_date)}</b> — {escape(d.due_rule)}</p>")
        self.legal.setHtml("".join(parts))
        if d.target_date is None:
            self.target.setText("Không có chỉ tiêu riêng của cơ quan cho vụ việc này.")
        else:
            self.target.setText(f"Hạn theo chỉ tiêu: {fmt(d.target_date)}. {d.target_rule}")

    def _offer_actions(self, view: CaseClockView, keep_flags: bool) -> None:
        """Only the actions the clock allows now; the current tab stays when still offered."""
        current = self.action_tabs.currentWidget()
        is_open = view.status.is_open
        offered: list[tuple[ClockForm, str]] = []
        if view.can_accept:
            offered.append((self.accept_form, "Thụ lý"))
        if is_open and view.extensions_left > 0 and not view.suspended:
            self.extend_form.set_limits(view.extensions_left, view.max_extension_days)
            offered.append((self.extend_form, "Gia hạn"))
        if is_open and view.accepted_on is not None:
            offered.append(
                (self.resume_form, "Tiếp tục giải quyết")
                if view.suspended
                else (self.suspend_form, "Tạm đình chỉ")
            )
        if is_open and view.relevant_flags:
            values = {n: bool(getattr(view, n)) for n in self.conditions_form.boxes}
            self.conditions_form.show_flags(view.relevant_flags, values, keep_flags)
            offered.append((self.conditions_form, "Tính chất vụ việc"))
        self.action_tabs.blockSignals(True)
        self.action_tabs.clear()
        for form, label in offered:
            self.action_tabs.addTab(form, label)
        if current is not None and self.action_tabs.indexOf(current) >= 0:
            self.action_tabs.setCurrentWidget(current)
        self.action_tabs.blockSignals(False)
        self.action_tabs.setVisible(bool(offered))
        self.no_action.setVisible(not offered)

    def offered(self) -> list[str]:
        """Titles of the action tabs offered now."""
        return [self.action_tabs.tabText(i) for i in range(self.action_tabs.count())]

    # --- actions ------------------------------------------------------------------------
    def _run(self, action: ClockAction, form: ClockForm, done: str) -> bool:
        """Call the service with the version seen; on error keep what was typed and say why."""
        version = self.view.version if self.view else None
        self._acting = True
        try:
            changed = action(version)
        except ConflictError as error:
            self.reload()
            self.message.show_message(
                NoticeKind.ERROR, f"{error.message} Đã tải lại; nội dung bạn nhập vẫn còn."
            )
            return False
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return False
        finally:
            self._acting = False
        form.clear()
        self.reload()
        due = "đang tạm đình chỉ" if changed.paused else fmt(changed.due_date)
        text = f"{done} Hạn mới: {due}."
        self.message.show_message(NoticeKind.SUCCESS, text)
        self._events.cases_changed.emit(self._case_id)
        self._events.status_message.emit(text)
        return True

    def _on_accept_form_submitted(self) -> None:
        f = self.accept_form
        day, number = picked(f.day), f.decision.text()
        self._run(
            lambda v: self._services.case_clock.record_acceptance(
                self._case_id, day, number, self._user_id, expected_version=v
            ),
            f,
            f"Đã ghi thụ lý ngày {fmt(day)}.",
        )

    def _on_extend_form_submitted(self) -> None:
        f = self.extend_form
        number, day, days = f.decision.text(), picked(f.day), f.days.value()
        self._run(
            lambda v: self._services.case_clock.add_extension(
                self._case_id, number, day, days, self._user_id, expected_version=v
            ),
            f,
            f"Đã ghi gia hạn {days} ngày.",
        )

    def _on_suspend_form_submitted(self) -> None:
        f = self.suspend_form
        day, number, reason = picked(f.day), f.decision.text(), f.reason.toPlainText()
        self._run(
            lambda v: self._services.case_clock.suspend(
                self._case_id, day, number, reason, self._user_id, expected_version=v
            ),
            f,
            f"Đã ghi tạm đình chỉ từ {fmt(day)}.",
        )

    def _on_resume_form_submitted(self) -> None:
        f = self.resume_form
        day, number = picked(f.day), f.decision.text()
        self._run(
            lambda v: self._services.case_clock.resume(
                self._case_id, day, number, self._user_id, expected_version=v
            ),
            f,
            f"Đã ghi tiếp tục giải quyết từ {fmt(day)}.",
        )

    def _on_conditions_form_submitted(self) -> None:
        flags = self.conditions_form.values()
        self._run(
            lambda v: self._services.case_clock.set_conditions(
                self._case_id,
                self._user_id,
                complex=flags["complex"],
                very_complex=flags["very_complex"],
                remote=flags["remote"],
                second_instance=flags["second_instance"],
                expected_version=v,
            ),
            self.conditions_form,
            "Đã lưu tính chất vụ việc.",
        )

    def _on_events_cases_changed(self, case_id: int) -> None:
        if not self._acting and case_id in (self._case_id, -1):
            self.reload()
