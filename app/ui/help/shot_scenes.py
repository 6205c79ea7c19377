"""The scenes of the manual's screenshots: each signs in one role, opens a real screen and fills it in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from app.services.catalog.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.help.demo_desk import CALLER_PHONE, DemoDesk, build_demo_desk
from app.ui.help.manual_shots import SCREEN
from app.ui.main_window import MainWindow
from app.ui.tasks import InlineTaskRunner

MESSENGER_PASTE = """Lê Thị Mai
{day} 08:47
Chào anh chị, em ở tổ 5 phường Nhị Chiểu.
Đèn đường trước nhà số 21 phố Hàng Kênh bị hỏng cả tuần nay rồi ạ
Bạn đã gửi
{day} 09:05
Cảm ơn chị đã phản ánh, chị cho xin số điện thoại để liên hệ ạ.
Lê Thị Mai
{day} 09:12
0912 345 678
"""

_keep: list[QWidget] = []
"""Windows of the scenes already taken (deleted with the application, not under a later scene)."""


def start_app() -> QApplication:
    """The application as ``app.main`` sets it up: Vietnamese standard buttons, the app's theme."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["hotline-desk"])
    app.setApplicationName("Hotline Desk")
    from app.ui.translations import install_translators
    from app.ui.widgets.theme import apply_theme

    install_translators(app)
    apply_theme(app)
    return app


def build_desk(folder: Path) -> DemoDesk:
    return build_demo_desk(folder)


def wait(ms: int, until: Callable[[], bool] | None = None) -> None:
    """Let Qt lay out, paint and finish timers (a lookup's delay, a PDF page rendering)."""
    loop = QEventLoop()
    waited = 0
    while waited < ms:
        QTimer.singleShot(20, loop.quit)
        loop.exec()
        waited += 20
        if until is not None and until():
            break


def save(widget: QWidget, path: Path) -> None:
    """Grab the widget as painted and write it as a small PNG (256 colours: screens have few)."""
    wait(150)
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    widget.close()
    if not image.save(str(path)):
        raise OSError(f"không ghi được {path}")
    _shrink(path)


def _shrink(path: Path) -> None:
    """Quantise without dithering (text stays crisp); skipped where Pillow (reportlab's) is absent."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def _window(desk: DemoDesk, user: UserItem, page: str) -> MainWindow:
    desk.sign_in(user)
    window = MainWindow(desk.services, AppEvents(), InlineTaskRunner(), user)
    _keep.append(window)
    window.resize(QSize(*SCREEN))
    window.show()
    window.show_page(page)
    wait(200)
    return window


def _case_window(desk: DemoDesk, user: UserItem, side_tab: int, action_tab: int) -> QWidget:
    from app.ui.cases.case_detail_dialog import CaseDetailDialog

    window = _window(desk, user, "cases")
    dialog = CaseDetailDialog(desk.services, AppEvents(), desk.case_id, user.id, window)
    dialog.side_tabs.setCurrentIndex(side_tab)
    dialog.action_tabs.setCurrentIndex(action_tab)
    dialog.show()
    wait(200)
    return dialog


# --- the duty officer ------------------------------------------------------------------------
def intake(desk: DemoDesk) -> QWidget:
    """A call from a citizen who called before: her earlier cases appear as the number is typed."""
    window = _window(desk, desk.receiver, "intake")
    form = window.intake
    form.start_new_case()
    form.fields.phone.setText(CALLER_PHONE)
    form.fields.citizen_name.setText("Lê Thị Mai")
    form.fields.address.setText("Số 21 phố Hàng Kênh")
    form.fields.content.setPlainText(
        "Công dân phản ánh đèn chiếu sáng trước nhà số 21 phố Hàng Kênh lại bị hỏng sau khi đã sửa."
    )
    form.lookup.lookup_now()
    wait(400)
    return window


def messenger(desk: DemoDesk) -> QWidget:
    from app.ui.intake.messenger_paste_dialog import MessengerPasteDialog

    desk.sign_in(desk.receiver)
    dialog = MessengerPasteDialog([desk.services.catalog.office().name])
    day = (date.today() - timedelta(days=1)).strftime("%d/%m/%Y")
    dialog.text.setPlainText(MESSENGER_PASTE.format(day=day))
    dialog.show()
    return dialog


def case_list(desk: DemoDesk) -> QWidget:
    """The handler's list: the cases of his department, overdue in red, due soon in yellow."""
    return _window(desk, desk.handler, "cases")


# --- the handler -----------------------------------------------------------------------------
def handler_case(desk: DemoDesk) -> QWidget:
    """The case window as the officer it was given to sees it: the timeline, the reply forms."""
    return _case_window(desk, desk.handler, side_tab=0, action_tab=1)


def handler_reply(desk: DemoDesk) -> QWidget:
    return _case_window(desk, desk.handler, side_tab=2, action_tab=2)


# --- the chief -------------------------------------------------------------------------------
def chief_approve(desk: DemoDesk) -> QWidget:
    return _case_window(desk, desk.chief, side_tab=2, action_tab=0)


def dashboard(desk: DemoDesk) -> QWidget:
    return _window(desk, desk.chief, "dashboard")


def quarterly_report(desk: DemoDesk) -> QWidget:
    """The last finished quarter, previewed as the chief will print it."""
    window = _window(desk, desk.chief, "reports")
    page = window.page("reports")
    today = desk.services.today()
    quarter = (today.month - 1) // 3
    year, number = (today.year - 1, 4) if quarter == 0 else (today.year, quarter)
    page.picker.set_quarter(year, number)  # type: ignore[attr-defined]
    page.build_preview()  # type: ignore[attr-defined]
    wait(60_000, until=lambda: not page.job.busy)  # type: ignore[attr-defined]
    wait(1500)  # the PDF view renders its pages after the document is loaded
    return window


# --- the administrator -----------------------------------------------------------------------
def backup(desk: DemoDesk) -> QWidget:
    window = _window(desk, desk.admin, "backup")
    page = window.page("backup")
    # the list of backups is read and checked off the UI thread
    wait(10_000, until=lambda: page.model.rowCount() > 0 and not page.job.busy)  # type: ignore[attr-defined]
    wait(300)
    return window


def accounts(desk: DemoDesk) -> QWidget:
    window = _window(desk, desk.admin, "catalog")
    catalog = window.page("catalog")
    tabs = catalog.tabs  # type: ignore[attr-defined]
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Tài khoản cán bộ"))
    table = catalog.users.table  # type: ignore[attr-defined]
    rows = table.model().rowCount()
    duty = next(r for r in range(rows) if table.model().index(r, 0).data() == desk.receiver.username)
    table.selectRow(duty)  # the duty officer's account: «Đặt lại mật khẩu» gives a temporary password
    wait(200)
    return window


def recovery_key(desk: DemoDesk) -> QWidget:
    from app.ui.backup.backup_texts import PassphraseDialog

    desk.sign_in(desk.admin)
    newest = desk.services.backups.list_backups()[0]
    dialog = PassphraseDialog(newest.path.name, fingerprint=newest.manifest.key_fingerprint)
    dialog.resize(620, dialog.sizeHint().height())
    dialog.show()
    return dialog


def login(desk: DemoDesk) -> QWidget:
    from app.ui.auth.login_dialog import LoginDialog

    desk.services.signed_in.sign_out()
    dialog = LoginDialog(desk.services.auth, desk.services.catalog.office().name)
    dialog.username.setText(desk.receiver.username)
    dialog.show()
    wait(100)
    dialog.username.deselect()
    return dialog


def manual(desk: DemoDesk) -> QWidget:
    """F1 on the intake page: the manual opens at the duty officer's page."""
    window = _window(desk, desk.receiver, "intake")
    dialog = window.show_help()
    wait(300)
    return dialog


SCENES: dict[str, Callable[[DemoDesk], QWidget]] = {
    "dang-nhap": login,
    "tiep-nhan": intake,
    "messenger": messenger,
    "danh-sach": case_list,
    "ho-so-xu-ly": handler_case,
    "soan-tra-loi": handler_reply,
    "duyet-tra-loi": chief_approve,
    "tong-quan": dashboard,
    "bao-cao-quy": quarterly_report,
    "sao-luu": backup,
    "tai-khoan": accounts,
    "khoa-khoi-phuc": recovery_key,
    "huong-dan": manual,
}
"""Shot name (the PNG's name in ``docs/manual/img``) → the scene that sets the screen up."""
