"""Every window and dialog fits a 1366×768 screen: each button inside what the screen shows.

The offscreen screen of these tests is 1366×768 (``desk_screen.json``) and a dialog's title bar
takes 32 px above its content. Windows are shown as the app sizes them; every visible button must
lie inside the screen's available area. The offscreen screen has no taskbar, and on Windows one
takes 40 px: so each window's minimum size must also fit 1366×696 (768 − 40 − 32), so that a
window sized to the real available area still lays out. The app's own theme (10 pt) is applied.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from helpers_cases import handler, new_case, user_id
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QDialog, QWidget

import app.ui
from app.bootstrap import Services
from app.domain.enums import CaseKind, CaseStatus, Role
from app.domain.permissions import Actor
from app.domain.reply_loop import NoticeKind
from app.services.cases.dto import NewCase
from app.services.cases.seal_service import CitizenIdentity
from app.services.deadlines.deadline_dto import DeadlineCase
from app.services.reports.forms_service import FormKind
from app.ui.app_events import AppEvents
from app.ui.auth.change_password_dialog import ChangePasswordDialog
from app.ui.auth.login_dialog import LoginDialog
from app.ui.backup.backup_texts import PassphraseDialog
from app.ui.calls.dismiss_dialog import DismissDialog
from app.ui.cases.case_detail_dialog import CaseDetailDialog
from app.ui.cases.conflict_dialog import ConflictDialog
from app.ui.cases.forms_dialog import FormsDialog
from app.ui.cases.merge_action import MergeDialog
from app.ui.cases.notice_printing import NoticeDialog
from app.ui.cases.seal_dialogs import GrantDialog, IdentityDialog, ReasonDialog
from app.ui.deadlines.reminder_dialog import ReminderDialog
from app.ui.help.manual_pages import manual_page
from app.ui.help.manual_viewer import ManualDialog
from app.ui.intake.duplicate_dialog import DuplicateDialog
from app.ui.intake.messenger_paste_dialog import MessengerPasteDialog
from app.ui.main_window import MainWindow
from app.ui.pages import PAGES
from app.ui.settings.account_password_dialog import TemporaryPasswordDialog
from app.ui.settings.connection_dialog import ConnectionDialog
from app.ui.settings.first_day_wizard import FirstDayWizard
from app.ui.tasks import InlineTaskRunner
from app.ui.widgets.screen_fit import show_fitted

TASKBAR = 40
TITLE_BAR = 32
SHOTS = Path("/tmp")

LONG = (
    "Hộ liền kề số 10 ngõ 42 phố Lạch Tray xây tường lấn sang đất nhà tôi khoảng 30cm, đã báo tổ dân "
    "phố nhưng chưa được giải quyết; đề nghị phường cử cán bộ địa chính xuống đo đạc, lập biên bản và "
    "yêu cầu hộ này dừng thi công cho đến khi xác định được ranh giới thửa đất. " * 3
)


def desk() -> QRect:
    """What a window may use: the screen's available area."""
    screen = QApplication.primaryScreen().availableGeometry()
    assert (screen.width(), screen.height()) == (1366, 768)  # the tests' screen, as on the desk
    return screen


def in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def assert_fits(qtbot, window: QWidget, name: str, *, title_bar: int = TITLE_BAR) -> None:
    """Shown as the app shows it: the window within the desk, and every visible button within both."""
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    area = desk().adjusted(0, title_bar, 0, 0)
    frame = QRect(window.geometry())
    if frame.height() > area.height() or frame.width() > area.width():
        pytest.fail(f"{name}: {frame.width()}×{frame.height()} larger than {area.width()}×{area.height()}")
    smallest = window.minimumSize().expandedTo(window.minimumSizeHint())
    room = (area.width(), area.height() - TASKBAR)
    assert smallest.width() <= room[0] and smallest.height() <= room[1], f"{name}: minimum {smallest}"
    frame.moveTopLeft(area.topLeft())  # where a window manager would put it at best
    window.grab().save(str(SHOTS / f"issue19-fit-{name}.png"))
    outside = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or in_scroll_area(button):
            continue
        top_left = button.mapTo(window, QPoint(0, 0))
        rect = QRect(top_left + frame.topLeft(), button.size())
        if not (area.contains(rect) and frame.contains(rect)):
            outside.append(f"{button.text() or button.objectName() or type(button).__name__} at {rect}")
    assert not outside, f"{name}: buttons off the screen: {outside}"


@pytest.fixture(autouse=True)
def _theme(apply_desk_theme: None) -> None:
    """Every test here sees the app's own fonts."""


@pytest.fixture
def case_id(services: Services) -> int:
    dept, officer = handler(services)
    case = new_case(services, LONG, phone="0912345678", address="Số 8 ngõ 42 phố Lạch Tray")
    services.cases.assign(case, dept, officer, "Giao phòng xử lý, báo cáo trước thứ Sáu.", user_id(services))
    return case


def signed_in_as(services: Services, role: Role) -> Actor:
    """The office's chief (made here) or its administrator, signed in."""
    if role is Role.CHIEF:
        uid = services.catalog.save_user("lanhdao", "Nguyễn Văn Lãnh", Role.CHIEF, None)
    else:
        uid = next(u.id for u in services.catalog.users() if u.role == role.value)
    user = next(u for u in services.catalog.users() if u.id == uid)
    actor = Actor(uid, user.username, user.full_name, user.role, None)
    services.signed_in.sign_in(actor)
    return actor


def test_the_case_window_fits(qtbot, services: Services, events: AppEvents, case_id: int) -> None:
    dialog = CaseDetailDialog(services, events, case_id, user_id(services))
    qtbot.addWidget(dialog)
    assert_fits(qtbot, dialog, "case")
    for index in range(dialog.action_tabs.count()):  # every action form, in turn
        dialog.action_tabs.setCurrentIndex(index)
        assert_fits(qtbot, dialog, f"case-action-{index}")
    dialog.side_tabs.setCurrentIndex(1)
    assert_fits(qtbot, dialog, "case-clock")


@pytest.mark.parametrize("role", [Role.CHIEF, Role.ADMIN])
def test_every_page_of_the_main_window_fits(
    qtbot, services: Services, events: AppEvents, case_id: int, role: Role
) -> None:
    actor = signed_in_as(services, role)
    user = next(u for u in services.catalog.users() if u.id == actor.user_id)
    window = MainWindow(services, events, InlineTaskRunner(), user)
    qtbot.addWidget(window)
    area = desk()
    window.resize(area.width(), area.height() - TITLE_BAR)
    seen: list[str] = []
    for spec in PAGES:
        if window.may_see(spec.key):
            window.show_page(spec.key)
            assert_fits(qtbot, window, f"page-{spec.key}")
            seen.append(spec.key)
    assert len(seen) >= 5


def _builders(services: Services, events: AppEvents, case_id: int) -> dict[str, Callable[[], QWidget]]:
    detail = services.detail.get(case_id)
    office = services.catalog.office()
    receiver = next(u for u in services.catalog.users() if u.username == "trucban")
    actor = Actor(receiver.id, receiver.username, receiver.full_name, receiver.role, None)
    identity = CitizenIdentity("Nguyễn Thị Tố", "0912 345 678", "031234567890", "Số 8 ngõ 42 Lạch Tray")
    soon = DeadlineCase(
        case_id, detail.number, CaseKind.COMPLAINT, CaseStatus.IN_PROGRESS, detail.received_at,
        date.today() + timedelta(days=1), 1, None, None, "Phòng Kinh tế, Hạ tầng và Đô thị", None,
        "Nguyễn Văn Xử", LONG[:160],
    )  # fmt: skip

    def reminder() -> QWidget:
        dialog = ReminderDialog(events)
        dialog.show_cases([soon] * 8, [soon] * 12)
        return dialog

    def conflict() -> QWidget:
        dept, officer = handler(services)
        services.cases.assign(case_id, dept, officer, "Giao lại " + LONG[:200], user_id(services))
        changes = services.conflicts.changes_since(detail)
        return ConflictDialog(changes, ("department_name", "officer_name"), "Giao xử lý")

    def duplicate() -> QWidget:
        new = NewCase(content=LONG, phone="0912345678", received_at=datetime.now())
        matches = services.duplicates.worth_asking(new)
        assert matches
        return DuplicateDialog(matches)

    return {
        "login": lambda: LoginDialog(services.auth, office.name),
        "change-password": lambda: ChangePasswordDialog(services.auth, actor, forced=True),
        "temporary-password": lambda: TemporaryPasswordDialog("xuly.test", "Nguyễn Văn Xử", "Kx7-pQ2-mR9"),
        "connection": lambda: ConnectionDialog(services.settings, InlineTaskRunner()),
        "passphrase": lambda: PassphraseDialog("hotline-2026-12-07.hdbak"),
        "duplicate": duplicate,
        "messenger": lambda: MessengerPasteDialog(["UBND phường Nhị Chiểu"]),
        "merge": lambda: MergeDialog(detail.number),
        "conflict": conflict,
        "forms": lambda: FormsDialog(FormKind.TRANSFER, office, lambda _options: None),
        "reason": lambda: ReasonDialog(detail.number),
        "identity": lambda: IdentityDialog(detail.number, identity),
        "grant": lambda: GrantDialog(detail.number, services.catalog.users(), services.catalog.departments()),
        "reminder": reminder,
        "dismiss-call": lambda: DismissDialog("Cuộc gọi nhỡ 0912 345 678 lúc 21:14 ngày 07/12/2026"),
        "notice": lambda: NoticeDialog(NoticeKind.NOT_ACCEPTED, lambda _options: None),
        "manual": lambda: ManualDialog(manual_page("intake", "receiver")),
        "first-day": lambda: FirstDayWizard(services.first_day),
    }


DIALOGS = [
    "login", "change-password", "temporary-password", "connection", "passphrase", "duplicate", "messenger",
    "merge", "conflict", "forms", "reason", "identity", "grant", "reminder", "dismiss-call", "first-day",
    "notice", "manual",
]  # fmt: skip


@pytest.mark.parametrize("name", DIALOGS)
def test_every_dialog_fits(qtbot, services: Services, events: AppEvents, case_id: int, name: str) -> None:
    dialog = _builders(services, events, case_id)[name]()
    qtbot.addWidget(dialog)
    assert_fits(qtbot, dialog, name)


def test_the_list_above_holds_every_dialog_of_the_app(
    services: Services, events: AppEvents, case_id: int
) -> None:
    """A new dialog must join the list of ``test_every_dialog_fits``."""
    found = set()
    for info in pkgutil.walk_packages(app.ui.__path__, "app.ui."):
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == info.name:
                found.add(cls)
    built = set()
    for name, build in _builders(services, events, case_id).items():
        assert name in DIALOGS
        widget = build()
        built.add(type(widget))
        widget.deleteLater()
    assert found - built == {CaseDetailDialog}  # the case window has its own test above


def test_the_main_window_opens_maximised_on_a_laptop_screen(
    qtbot, services: Services, events: AppEvents, officer
) -> None:
    """1280×800 and a title bar do not fit 1366×768: the status bar would sit below the screen's edge."""
    window = MainWindow(services, events, InlineTaskRunner(), officer)
    qtbot.addWidget(window)
    show_fitted(window, 1280, 800)
    qtbot.waitExposed(window)
    assert window.isMaximized()
    assert desk().contains(QRect(window.statusBar().mapToGlobal(QPoint(0, 0)), window.statusBar().size()))
