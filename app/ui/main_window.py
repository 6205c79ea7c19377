"""Main window: navigation between intake, case list, dashboard and catalogues; global shortcuts."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.domain.permissions import Actor, allowed
from app.services.catalog.dto import UserItem
from app.services.core.errors import ServiceError
from app.ui.app_events import AppEvents
from app.ui.intake.intake_form import IntakeForm
from app.ui.pages import PAGES, PageContext, missing_pages
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

APP_TITLE = "Hotline Desk"


class MainWindow(QMainWindow):
    """Ctrl+N new case, Ctrl+F search the list, F5 refresh, F1 the manual, Ctrl+1…6 switch pages."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        tasks: TaskRunner,
        user: UserItem,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        missing = missing_pages()
        if missing:  # an incomplete build: say so now, not with a blank page later
            raise RuntimeError(
                f"Bản cài đặt thiếu màn hình: {', '.join(missing)}. Hãy cài đặt lại chương trình."
            )
        self._services = services
        self._events = events
        self.tasks = tasks
        self.user = user
        if services.signed_in.actor is None or services.signed_in.actor.user_id != user.id:
            # The login (app.main) signs the officer in first; a window built for ``user`` otherwise
            # acts as him, so the services check his role whatever opened the window.
            services.signed_in.sign_in(
                Actor(user.id, user.username, user.full_name, user.role, user.department_id)
            )
        self.actor: Actor = services.signed_in.actor or Actor(user.id, user.username, "", user.role)
        self._pages: dict[str, QWidget] = {}
        self._dialogs: dict[int, QDialog] = {}
        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.stack = QStackedWidget(self)
        self.intake = IntakeForm(services, events, user, self)
        self._pages["intake"] = self.intake
        self.stack.addWidget(self.intake)
        self._build_navigation()
        self._build_status_bar()
        self._build_actions()
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        self._banners = QVBoxLayout()
        self._banners.setSpacing(0)
        self._banners.addWidget(self.stack, 1)
        layout.addLayout(self._banners, 1)
        self.setCentralWidget(central)
        events.status_message.connect(self._on_events_status_message)
        events.case_open_requested.connect(self.open_case)
        events.intake_prefill_requested.connect(self.new_case_from_call)
        events.catalog_changed.connect(self._update_title)
        self._update_title()
        first = next((i for i, s in enumerate(PAGES) if self.may_see(s.key)), 0)
        self.navigation.setCurrentRow(first)

    # --- construction ---------------------------------------------------------------------
    def _build_navigation(self) -> None:
        for spec in PAGES:
            item = QListWidgetItem(self.tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{self.tr(spec.title)} ({spec.shortcut})")
            self.navigation.addItem(item)
            item.setHidden(not self.may_see(spec.key))
        width = max(self.navigation.fontMetrics().horizontalAdvance(self.tr(s.title)) for s in PAGES)
        self.navigation.setFixedWidth(width + 64)
        self.navigation.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)

    def _build_status_bar(self) -> None:
        self.officer_label = QLabel(self.tr("Cán bộ: {name}").format(name=self.user.full_name), self)
        self.officer_label.setObjectName("officerLabel")
        self.statusBar().addPermanentWidget(self.officer_label)

    def _build_actions(self) -> None:
        def add(shortcut: QKeySequence | str, slot: object, text: str) -> QAction:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        self.new_case_action = add("Ctrl+N", self.new_case, self.tr("Vụ việc mới"))
        self.search_action = add("Ctrl+F", self.search_cases, self.tr("Tìm vụ việc"))
        self.refresh_action = add(QKeySequence(Qt.Key.Key_F5), self.refresh_current, self.tr("Làm mới"))
        help_keys = QKeySequence(QKeySequence.StandardKey.HelpContents)  # F1
        self.help_action = add(help_keys, self.show_help, self.tr("Hướng dẫn sử dụng"))
        for spec in (s for s in PAGES if self.may_see(s.key)):
            add(spec.shortcut, lambda _=False, key=spec.key: self.show_page(key), self.tr(spec.title))

    # --- pages ----------------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page for ``key``, built on first use (keeps start-up fast)."""
        existing = self._pages.get(key)
        if existing is not None:
            return existing
        spec = next(s for s in PAGES if s.key == key)
        assert spec.build is not None, "the intake form is built with the window"
        context = PageContext(
            self._services, self._events, self.user.id, self.tasks, self.actor, self, self._office_name()
        )
        widget = spec.build(context)
        self._pages[key] = widget
        self.stack.addWidget(widget)
        return widget

    def add_banner(self, banner: QWidget) -> None:
        """A bar above every page (e.g. a failed automatic backup); it shows and hides itself."""
        self._banners.insertWidget(self._banners.count() - 1, banner)

    def current_key(self) -> str:
        return next(k for k, w in self._pages.items() if w is self.stack.currentWidget())

    def may_see(self, key: str) -> bool:
        """Whether the signed-in officer's role allows what the page is for (services check again)."""
        action = next(s for s in PAGES if s.key == key).action
        return action is None or allowed(self.actor, action)

    def show_page(self, key: str) -> QWidget:
        if not self.may_see(key):
            return self.stack.currentWidget() or self.intake
        row = next(i for i, s in enumerate(PAGES) if s.key == key)
        self.navigation.setCurrentRow(row)
        return self.page(key)

    def _on_navigation_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(PAGES) and self.may_see(PAGES[row].key):
            widget = self.page(PAGES[row].key)
            self.stack.setCurrentWidget(widget)

    # --- actions --------------------------------------------------------------------------
    def new_case(self) -> None:
        """Ctrl+N: to the intake page, with a fresh case and the call timer running."""
        if not self.may_see("intake"):
            return
        self.show_page("intake")
        self.intake.start_new_case()

    def new_case_from_call(self, prefill: object) -> None:
        """A call of the phone's log becomes a case: the intake page, filled in from the call."""
        if not self.may_see("intake"):
            return
        self.show_page("intake")
        self.intake.start_from_call(prefill)  # type: ignore[arg-type]

    def search_cases(self) -> None:
        """Ctrl+F: to the case list with the cursor in its search box."""
        page = self.show_page("cases")
        focus_search = getattr(page, "focus_search", None)
        if callable(focus_search):
            focus_search()

    def refresh_current(self) -> None:
        """F5: the current page reloads from the database."""
        refresh = getattr(self.stack.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()
            self.statusBar().showMessage(self.tr("Đã làm mới."), 3000)

    def show_help(self) -> QDialog:
        """F1: the user manual, at the page for this screen and the officer's role."""
        from app.ui.help.manual_viewer import show_manual  # on first use: keeps start-up fast

        return show_manual(self, self.current_key(), self.actor.role)

    def open_case(self, case_id: int) -> None:
        """Open (or bring forward) the case window; a merged case opens the case it was merged into."""
        try:
            case_id = self._services.merges.resolve(case_id).id
        except ServiceError as error:
            log.warning("case %s not resolved: %s", case_id, error.message)
        dialog = self._dialogs.get(case_id)
        if dialog is not None:
            dialog.raise_()
            dialog.activateWindow()
            return
        from app.ui.cases.case_detail_dialog import CaseDetailDialog  # on first use: keeps start-up fast

        dialog = CaseDetailDialog(self._services, self._events, case_id, self.user.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None, cid=case_id: self._dialogs.pop(cid, None))
        self._dialogs[case_id] = dialog
        dialog.show()

    def open_dialogs(self) -> dict[int, QDialog]:
        return dict(self._dialogs)

    # --- reactions ------------------------------------------------------------------------
    def _on_events_status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _office_name(self) -> str:
        try:
            return self._services.catalog.office().name
        except ServiceError as error:
            log.warning("office name unavailable: %s", error.message)
            return ""

    def _update_title(self) -> None:
        office = self._office_name()
        self.setWindowTitle(f"{APP_TITLE} — {office}" if office else APP_TITLE)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.intake.flush_draft()
        for dialog in list(self._dialogs.values()):
            dialog.close()
        super().closeEvent(event)
