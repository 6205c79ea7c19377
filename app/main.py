"""GUI composition root: settings → services → events → main window, each passed down explicitly."""

from __future__ import annotations

import logging
import os
import sys
import time
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QObject,
    QThreadPool,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from app.bootstrap import Services, build_services
from app.domain.enums import Role
from app.domain.permissions import Actor
from app.services.catalog.dto import UserItem
from app.services.core.errors import ServiceError
from app.settings import Settings, resolve

if TYPE_CHECKING:
    from app.ui.app_events import AppEvents
    from app.ui.main_window import MainWindow

log = logging.getLogger("app")

SMOKE_ENV = "HOTLINE_SMOKE_TEST"
SMOKE_TIMEOUT_MS = 20_000
EXIT_DATABASE = 2
EXIT_SMOKE_FAILED = 3
AUTO_BACKUP_DELAY_MS = 1500
"""The automatic backup starts once the window has painted and settled."""


def pick_officer(users: list[UserItem]) -> UserItem | None:
    """Until accounts exist: the first active receiving officer, else the first user."""
    for user in users:
        if user.active and user.role == Role.RECEIVER.value:
            return user
    return users[0] if users else None


def _say(text: str) -> None:
    """Print when there is a console (a windowed frozen app has ``sys.stdout is None``)."""
    log.info(text)
    if sys.stdout is not None:
        print(text, flush=True)


def setup_logging(settings: Settings) -> Path | None:
    """Log to a rotating file in the data dir; returns its path (``None`` if it cannot be written)."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if any(getattr(h, "_hotline", False) for h in root.handlers):
        return settings.log_file
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            settings.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        path: Path | None = settings.log_file
    except OSError:
        handler, path = logging.NullHandler(), None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._hotline = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if sys.stderr is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        root.addHandler(console)
    qInstallMessageHandler(_qt_message)
    return path


def _qt_message(mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
    }.get(mode, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def _install_excepthook(log_file: Path | None, smoke: bool) -> None:
    """An error in a slot is logged and shown in Vietnamese instead of vanishing."""
    showing = False

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        log.critical("unhandled error", exc_info=(kind, value, tb))
        if smoke:
            QApplication.exit(EXIT_SMOKE_FAILED)
            return
        if showing:
            return
        showing = True
        where = f"\n\nChi tiết đã ghi vào {log_file}." if log_file else ""
        _ask_error("Lỗi không mong muốn", f"Chương trình gặp lỗi: {value}{where}")
        showing = False

    sys.excepthook = hook


class _SmokeProbe(QObject):
    """Quits with 0 once the main window has painted (CI smoke run of the frozen app)."""

    def __init__(self, window: QWidget, started: float) -> None:
        super().__init__(window)
        self._started = started
        self._done = False
        window.installEventFilter(self)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, self._give_up)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        _say("SMOKE OK")
        _say(f"start-up {time.perf_counter() - self._started:.2f} s")
        QApplication.exit(0)

    def _give_up(self) -> None:
        if not self._done:
            _say("SMOKE FAILED: the main window never painted")
            QApplication.exit(EXIT_SMOKE_FAILED)


def _open_services(settings: Settings, log_file: Path | None, smoke: bool) -> Services | None:
    try:
        return build_services(settings, command_line=None)
    except ServiceError as error:
        log.error("database not opened (%s): %s", settings.db_url, error.message)
        from sqlalchemy.engine import make_url

        where = make_url(settings.db_url).render_as_string(hide_password=True)
        text = f"{error.message}\n\nCơ sở dữ liệu: {where}"
        if log_file:
            text += f"\nNhật ký: {log_file}"
        if smoke:
            _say(f"SMOKE FAILED: {error.message}")
        else:
            _ask_error("Không mở được cơ sở dữ liệu", text)
        return None


def _ask_error(title: str, text: str) -> None:
    from app.ui import ask

    ask.error(None, title, text)


def run_gui(db: str | None) -> int:
    """Open the main window; returns the process exit code."""
    started = time.perf_counter()
    smoke = os.environ.get(SMOKE_ENV) == "1"
    settings = resolve(db)
    log_file = setup_logging(settings)
    log.info("starting; database %s", settings.db_url.split("@")[-1])
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Hotline Desk")
    app.setOrganizationName("HotlineDesk")

    from app.ui.translations import install_translators
    from app.ui.widgets.theme import apply_theme

    install_translators(app)
    apply_theme(app)
    _install_excepthook(log_file, smoke)
    services = _open_services(settings, log_file, smoke)
    while services is not None:
        try:
            code, reopen = _run_window(app, services, started, smoke)
        finally:
            QThreadPool.globalInstance().waitForDone()  # no background job still holds the old engine
            services.close()
        if not reopen:
            return code
        log.info("database restored from a backup: reopening services and windows")
        services = _open_services(settings, log_file, smoke)  # migrates an older backup to this schema
    return EXIT_DATABASE


def _reopen_on_restore(app: QApplication, window: QWidget, events: AppEvents) -> list[bool]:
    """After a restore every window closes and the loop in run_gui opens the services again."""
    requested: list[bool] = []

    def on_replaced() -> None:
        requested.append(True)
        app.setQuitOnLastWindowClosed(False)  # closing this window must not end the program
        window.close()
        app.exit(0)

    events.database_replaced.connect(on_replaced)
    return requested


def _start_background(window: MainWindow, services: Services, events: AppEvents, smoke: bool) -> None:
    """Refresh lists when another officer changes something; back up once a day (embedded file only)."""
    from app.ui.change_poller import ChangePoller

    ChangePoller(services.changes, window.tasks, events, window).start()
    if window.may_see("calls") and not smoke:
        from app.ui.calls.callback_bar import CallbackBar

        calls_bar = CallbackBar(services.calls, events, window)
        window.add_banner(calls_bar)
        calls_bar.open_requested.connect(lambda: window.show_page("calls"))
        QTimer.singleShot(0, calls_bar.refresh)
    if smoke or services.settings.sqlite_path is None:
        return  # a PostgreSQL server is backed up on the server («hotline-desk backup» in its scheduler)
    from app.ui.backup.auto_backup import AutoBackup, AutoBackupBar

    bar = AutoBackupBar(window, may_open=window.may_see("backup"))
    window.add_banner(bar)
    bar.open_requested.connect(lambda: window.show_page("backup"))
    auto = AutoBackup(services.backups, window.tasks, events, bar, window)
    QTimer.singleShot(AUTO_BACKUP_DELAY_MS, auto.start)


def _run_window(app: QApplication, services: Services, started: float, smoke: bool) -> tuple[int, bool]:
    actor = None
    if smoke:  # the frozen-app smoke run has no one to type a password: first receiving officer
        user = pick_officer(services.catalog.users()) or pick_officer(
            services.catalog.users(include_inactive=True)
        )
    else:
        from app.ui.auth.login_dialog import log_in

        actor = log_in(services.auth, services.catalog.office().name)
        if actor is None:
            return 0, False
        user = next((u for u in services.catalog.users(include_inactive=True) if u.id == actor.user_id), None)
    if user is None:
        text = "Chưa có cán bộ nào trong cơ sở dữ liệu: hãy chạy «hotline-desk init»."
        if smoke:
            _say(text)
        else:
            _ask_error("Chưa có cán bộ", text)
        return EXIT_DATABASE, False
    services.signed_in.sign_in(actor or _smoke_actor(user))
    if actor is not None and user.role == Role.ADMIN.value and services.first_day.needed():
        from app.ui import ask
        from app.ui.settings.first_day_wizard import FirstDayWizard

        ask.exec_dialog(FirstDayWizard(services.first_day))  # may be left: the app asks again next time
    # The main window's modules are imported after the login: the login dialog shows without them.
    from app.ui.app_events import AppEvents
    from app.ui.main_window import MainWindow
    from app.ui.tasks import TaskRunner

    events = AppEvents()
    window = MainWindow(services, events, TaskRunner(), user)
    window.resize(1280, 800)
    if smoke:
        _SmokeProbe(window, started)
    reopen = _reopen_on_restore(app, window, events)
    if actor is not None:
        from app.ui.auth.lock_screen import IdleLock, idle_minutes

        IdleLock(services.auth, actor, window, idle_minutes())
        _warn_broken_audit(services, window)
    from app.ui.widgets.screen_fit import show_fitted

    show_fitted(window, 1280, 800)  # maximised on a 1366×768 laptop: the status bar stays on screen
    app.setQuitOnLastWindowClosed(True)
    window.intake.focus_first()
    log.info("window shown after %.2f s", time.perf_counter() - started)
    if not smoke:  # a smoke run shows no dialog, not even a non-modal one
        from app.ui.deadlines.reminder_dialog import ReminderScheduler

        QTimer.singleShot(0, ReminderScheduler(services, events, user.id, window).start)
    _start_background(window, services, events, smoke)
    code = app.exec()
    _dispose_window(app, window)
    if actor is not None and not reopen:
        _log_out(services, actor)
    services.signed_in.sign_out()
    return code, bool(reopen)


def _smoke_actor(user: UserItem) -> Actor:
    """The officer a smoke run acts as (no password is typed in a smoke run)."""
    return Actor(user.id, user.username, user.full_name, user.role, user.department_id)


def _log_out(services: Services, actor: Actor) -> None:
    """Closing the window ends the officer's session: audited as a logout."""
    try:
        services.audit.record_standalone(actor, "logout", "user", actor.username)
    except ServiceError as error:
        log.warning("logout not audited: %s", error.message)
    except Exception:  # a broken database must not turn quitting into a crash
        log.exception("logout not audited")


def _warn_broken_audit(services: Services, window: QWidget) -> None:
    """Tell the administrator at start-up when the audit log's newest rows were tampered with."""
    report = services.audit.quick_check()
    if not report.ok:
        log.error("audit chain broken: %s", report.problem)
        QTimer.singleShot(0, lambda: _ask_error("Nhật ký bị can thiệp", report.message()))
        return
    try:
        services.backups.sweep()  # what a backup or restore killed mid-way left behind
        services.audit.anchor("khởi động chương trình")
    except (ServiceError, OSError) as error:
        log.warning("start-up sweep/anchor skipped: %s", getattr(error, "message", error))


def _dispose_window(app: QApplication, window: QWidget) -> None:
    """Let running jobs finish and report to live widgets, then delete the window and its timers."""
    QThreadPool.globalInstance().waitForDone()
    app.processEvents()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
