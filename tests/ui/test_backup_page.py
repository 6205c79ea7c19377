"""Sao lưu & khôi phục: folder, backup off the UI thread, the list, restore and the automatic backup."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from helpers_cases import new_case, type_text
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import text

import app.main as main_module
from app.bootstrap import Services
from app.main import run_gui
from app.services.backup.backup_service import BackupService
from app.settings import Settings, resolve
from app.ui.app_events import AppEvents
from app.ui.auth.login_dialog import LoginDialog
from app.ui.backup import backup_page
from app.ui.backup.auto_backup import HOUR_MS, AutoBackup, AutoBackupBar
from app.ui.backup.backup_page import BackupPage
from app.ui.backup.backup_table_model import Column
from app.ui.backup.backup_texts import PassphraseDialog
from app.ui.main_window import MainWindow
from app.ui.tasks import InlineTaskRunner, TaskRunner
from app.ui.widgets import file_dialogs
from tests.sample_office import command_line_services

PASS = "Trực ban Nhị Chiểu 2026"


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "USB"
    folder.mkdir()
    return folder


@pytest.fixture
def page(qtbot, services: Services, events: AppEvents) -> BackupPage:
    widget = BackupPage(services, events, tasks=InlineTaskRunner())
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    return widget


def _cases(engine_owner: Services) -> int:
    with engine_owner.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM case_file")).scalar() or 0)


def _cell(page: BackupPage, row: int, column: Column) -> str:
    return str(page.model.index(row, column).data())


def _choose(monkeypatch: pytest.MonkeyPatch, folder: Path | None) -> None:
    monkeypatch.setattr(file_dialogs, "choose_folder", lambda *_: folder)


def test_chosen_folder_is_remembered(page: BackupPage, services: Services, usb: Path, monkeypatch) -> None:
    assert page.folder_edit.text() == str(services.settings.data_dir / "backups")
    _choose(monkeypatch, usb)
    page.folder_button.click()
    assert page.folder_edit.text() == str(usb)
    assert f"«{usb}»" in page.notice.text()
    assert (
        BackupService(services.engine, services.settings.data_dir, signed_in=services.signed_in).folder()
        == usb
    )


def test_a_vanished_folder_is_refused_in_vietnamese(page: BackupPage, usb: Path, monkeypatch) -> None:
    usb.rmdir()  # chosen, then the USB stick was pulled out
    _choose(monkeypatch, usb)
    page.folder_button.click()
    assert page.notice.text().startswith(f"Không tìm thấy thư mục sao lưu «{usb}»")
    assert page.folder_edit.text() != str(usb)


def test_a_read_only_folder_is_refused_in_vietnamese(page: BackupPage, usb: Path, monkeypatch) -> None:
    usb.chmod(0o500)
    try:
        if os.access(usb, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        _choose(monkeypatch, usb)
        page.folder_button.click()
    finally:
        usb.chmod(0o700)
    assert "Không có quyền ghi vào thư mục sao lưu" in page.notice.text()
    assert page.folder_edit.text() != str(usb)


def test_backup_now_runs_off_the_ui_thread_with_progress(
    qtbot, services: Services, events: AppEvents, usb: Path
) -> None:
    new_case(services, "Ngập nước đường Tô Hiệu sau mưa lớn")
    BackupService(services.engine, services.settings.data_dir, signed_in=services.signed_in).set_folder(usb)
    widget = BackupPage(services, events, tasks=TaskRunner())
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.folder_edit.text() != "", timeout=5000)
    release = threading.Event()
    real = widget.job.service.backup

    def slow_backup(**kwargs: object) -> object:
        kwargs["progress"](400, 1000)  # type: ignore[operator]
        release.wait(10)
        return real(**kwargs)  # type: ignore[arg-type]

    widget.job.service.backup = slow_backup  # type: ignore[method-assign]
    ticks: list[int] = []
    timer = QTimer(widget)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    with qtbot.waitSignal(events.status_message, timeout=10_000) as message:
        widget.backup_button.click()
        assert not widget.backup_button.isEnabled() and not widget.restore_file_button.isEnabled()
        qtbot.waitUntil(lambda: widget.progress.value() == 400, timeout=5000)
        assert widget.progress.isVisible()
        qtbot.wait(100)
        assert len(ticks) >= 3, "the event loop kept running while the backup worked"
        release.set()
    assert message.args[0].startswith("Đã sao lưu 1 vụ việc vào «hotline-")
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1, timeout=5000)
    assert widget.backup_button.isEnabled() and widget.progress.isHidden()


def test_list_shows_time_size_schema_office_check_and_encryption(
    page: BackupPage, services: Services, type_ime
) -> None:
    new_case(services, "Đề nghị sửa cầu dân sinh thôn Đông")
    yesterday = datetime.now() - timedelta(days=1)  # rotation keeps one backup a day
    BackupService(
        services.engine, services.settings.data_dir, clock=lambda: yesterday, signed_in=services.signed_in
    ).backup()
    page.encrypt_box.setChecked(True)
    type_ime(page.passphrase, PASS)
    type_ime(page.repeat, PASS)
    page.backup_button.click()
    assert page.model.rowCount() == 2
    assert page.passphrase.text() == ""  # never kept on screen after use
    rows = {_cell(page, r, Column.ENCRYPTED): r for r in range(2)}
    plain, locked = rows["Khóa cơ quan"], rows["Mật khẩu"]
    assert (locked, plain) == (0, 1)  # newest first
    for row in (plain, locked):
        assert _cell(page, row, Column.KIND) == "Thủ công"
        assert _cell(page, row, Column.VERIFIED) == "Nguyên vẹn"
        assert _cell(page, row, Column.OFFICE) == services.catalog.office().name
        assert _cell(page, row, Column.SCHEMA).isdigit()
        assert _cell(page, row, Column.SIZE).endswith(("KB", "MB"))
        assert _cell(page, row, Column.CREATED).count("/") == 2
    damaged = page.model.backup(plain).path
    raw = bytearray(damaged.read_bytes())
    raw[len(raw) // 2] ^= 1
    damaged.write_bytes(bytes(raw))
    page.model.set_backups([])
    page.refresh()
    row = next(r for r in range(2) if page.model.backup(r).path == damaged)
    assert _cell(page, row, Column.VERIFIED) == "Hỏng"
    assert "SHA-256" in str(page.model.index(row, Column.VERIFIED).data(3))  # the tooltip says why


def test_passphrases_must_match(page: BackupPage, type_ime) -> None:
    page.encrypt_box.setChecked(True)
    type_ime(page.passphrase, PASS)
    type_ime(page.repeat, PASS + "x")
    page.backup_button.click()
    assert page.notice.text() == "Hai lần nhập mật khẩu không giống nhau."
    page.repeat.clear()
    page.passphrase.clear()
    type_ime(page.passphrase, "ngắn")
    type_ime(page.repeat, "ngắn")
    page.backup_button.click()
    assert "ít nhất 8 ký tự" in page.notice.text() and page.model.rowCount() == 0


def _select(page: BackupPage, row: int = 0) -> None:
    page.table.selectRow(row)


def test_restore_asks_explains_and_asks_the_program_to_reopen(
    qtbot, page: BackupPage, services: Services, events: AppEvents, asked
) -> None:
    new_case(services, "Trước khi sao lưu")
    page.backup_button.click()
    new_case(services, "Sau khi sao lưu")
    _select(page)
    asked.answers.append(False)
    page.restore_button.click()
    assert _cases(services) == 2  # «Hủy»: nothing happened
    title, question, yes = asked.confirms[0]
    assert (title, yes) == ("Khôi phục bản sao lưu", "Khôi phục")
    assert "(1 vụ việc)" in question and "t.db.before-restore" in question and "mở lại" in question
    asked.answers.append(True)
    with qtbot.waitSignal(events.database_replaced, timeout=5000):
        page.restore_button.click()
    assert asked.messages[-1][:2] == ("inform", "Đã khôi phục")
    assert (services.settings.data_dir / "t.db.before-restore").is_file()
    again = command_line_services(services.settings)
    try:
        assert _cases(again) == 1
    finally:
        again.close()


def test_encrypted_restore_asks_for_the_passphrase_and_refuses_a_wrong_one(
    qtbot, page: BackupPage, services: Services, events: AppEvents, asked, type_ime
) -> None:
    new_case(services, "Trước khi sao lưu")
    page.encrypt_box.setChecked(True)
    type_ime(page.passphrase, PASS)
    type_ime(page.repeat, PASS)
    page.backup_button.click()
    new_case(services, "Sau khi sao lưu")
    _select(page)

    def answer(passphrase: str) -> Callable[[QDialog], None]:
        def fill(dialog: QDialog) -> None:
            assert isinstance(dialog, PassphraseDialog)
            type_text(dialog.passphrase, passphrase)
            dialog.ok_button.click()

        return fill

    replaced: list[bool] = []
    events.database_replaced.connect(lambda: replaced.append(True))
    asked.dialog_handlers.append(answer("không đúng mật khẩu"))
    asked.answers.append(True)
    page.restore_button.click()
    assert "Sai mật khẩu" in page.notice.text() and not replaced
    assert _cases(services) == 2
    asked.dialog_handlers.append(lambda dialog: dialog.reject())
    page.restore_button.click()  # cancelled at the passphrase: not even the question is asked
    assert len(asked.confirms) == 1
    asked.dialog_handlers.append(answer(PASS))
    asked.answers.append(True)
    page.restore_button.click()
    assert replaced == [True]


def test_restore_from_another_file(
    page: BackupPage, services: Services, tmp_path: Path, monkeypatch, asked
) -> None:
    elsewhere = tmp_path / "mang-ve"
    elsewhere.mkdir()
    made = BackupService(services.engine, services.settings.data_dir, signed_in=services.signed_in).backup(
        elsewhere
    )
    monkeypatch.setattr(file_dialogs, "choose_file", lambda *_: made.path)
    asked.answers.append(False)
    page.restore_file_button.click()
    assert "Khôi phục bản sao lưu ngày" in asked.confirms[0][1]


def test_postgresql_restores_only_from_the_command_line(qtbot, services: Services, events: AppEvents) -> None:
    server = dataclasses.replace(
        services, settings=Settings(services.settings.data_dir, "postgresql+psycopg://u@may-chu/hotline")
    )
    widget = BackupPage(server, events, tasks=InlineTaskRunner())
    qtbot.addWidget(widget)
    widget.table.selectRow(0)
    assert not widget.restore_button.isEnabled() and not widget.restore_file_button.isEnabled()
    assert any("hotline-desk restore" in label.text() for label in widget.findChildren(backup_page.QLabel))


# --- automatic backup -----------------------------------------------------------------------


def _auto(services: Services, events: AppEvents) -> AutoBackup:
    bar = AutoBackupBar()
    service = BackupService(services.engine, services.settings.data_dir, signed_in=services.signed_in)
    return AutoBackup(service, InlineTaskRunner(), events, bar)


def test_automatic_backup_once_a_day_with_a_status_message(
    qtbot, services: Services, events: AppEvents
) -> None:
    new_case(services, "Phản ánh về tiếng ồn công trình ban đêm")
    auto = _auto(services, events)
    messages: list[str] = []
    events.status_message.connect(messages.append)
    auto.start()
    assert auto.timer.isActive() and auto.timer.interval() == HOUR_MS
    assert len(messages) == 1 and messages[0].startswith("Đã tự động sao lưu 1 vụ việc")
    auto.run_once()  # the hourly check: today's backup exists
    assert len(messages) == 1 and auto.bar.isHidden()
    auto.timer.stop()


def test_a_missing_backup_folder_warns_without_blocking(
    qtbot, services: Services, events: AppEvents, usb: Path, asked
) -> None:
    BackupService(services.engine, services.settings.data_dir, signed_in=services.signed_in).set_folder(usb)
    usb.rmdir()  # the USB stick was pulled out
    auto = _auto(services, events)
    qtbot.addWidget(auto.bar)
    auto.run_once()
    assert not auto.bar.isHidden()
    assert "Không tìm thấy thư mục sao lưu" in auto.bar.label.text()
    assert asked.messages == [] and asked.confirms == []  # nothing modal
    usb.mkdir()
    auto.run_once()
    assert auto.bar.isHidden()


def test_the_main_window_starts_the_automatic_backup_and_the_bar_opens_the_page(
    qtbot, services: Services, events: AppEvents, officer, usb: Path, monkeypatch
) -> None:
    BackupService(services.engine, services.settings.data_dir, signed_in=services.signed_in).set_folder(usb)
    usb.rmdir()
    monkeypatch.setattr(main_module, "AUTO_BACKUP_DELAY_MS", 0)
    admin = next(u for u in services.catalog.users() if u.role == "admin")
    window = MainWindow(services, events, InlineTaskRunner(), admin)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    main_module._start_background(window, services, events, smoke=False)
    bar = window.findChild(AutoBackupBar)
    assert bar is not None
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert window.current_key() == "catalog"  # the administrator's first page; not interrupted
    bar.open_button.click()
    assert window.current_key() == "backup"
    window.close()


def test_a_receiving_officer_is_told_to_ask_the_administrator(
    qtbot, services: Services, events: AppEvents, officer, usb: Path, monkeypatch
) -> None:
    BackupService(services.engine, services.settings.data_dir, signed_in=services.signed_in).set_folder(usb)
    usb.rmdir()
    monkeypatch.setattr(main_module, "AUTO_BACKUP_DELAY_MS", 0)
    window = MainWindow(services, events, InlineTaskRunner(), officer)
    qtbot.addWidget(window)
    window.show()
    main_module._start_background(window, services, events, smoke=False)
    bar = window.findChild(AutoBackupBar)
    assert bar is not None
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert bar.open_button.isHidden() and "Hãy báo quản trị viên" in bar.label.text()
    assert window.current_key() == "intake" and not window.may_see("backup")
    window.close()


def test_after_a_restore_the_program_reopens_with_the_restored_data(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked
) -> None:
    db = f"sqlite:///{tmp_path / 'so.db'}"
    first = command_line_services(resolve(db))
    new_case(first, "Có trong bản sao lưu")
    BackupService(first.engine, first.settings.data_dir, signed_in=first.signed_in).backup()
    new_case(first, "Nhập sau khi sao lưu")
    first.close()
    monkeypatch.setattr(main_module, "setup_logging", lambda _settings: None)
    monkeypatch.setattr(main_module, "_install_excepthook", lambda *_: None)
    monkeypatch.setattr("app.ui.widgets.theme.apply_theme", lambda _app: None)
    monkeypatch.setattr(main_module, "AUTO_BACKUP_DELAY_MS", 60_000)
    seen: list[int] = []

    def fake_exec(app: QApplication) -> int:
        window = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
        )
        seen.append(_cases(window._services))  # the administrator signed in reads no case list
        if len(seen) == 1:
            page = window.show_page("backup")
            assert isinstance(page, BackupPage)
            qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
            page.table.selectRow(0)
            asked.answers.append(True)
            page.restore_button.click()
            qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
        return 0

    def first_start(dialog: QDialog) -> None:  # the administrator's password, on each fresh database
        assert isinstance(dialog, LoginDialog) and dialog.setup
        dialog.password.setText("Tr@cBan-2026")
        dialog.again.setText("Tr@cBan-2026")
        dialog.login_button.click()

    asked.dialog_handlers += [first_start, first_start]  # the restored backup predates the password
    real_exec = QApplication.exec
    monkeypatch.setattr(QApplication, "exec", fake_exec)
    try:
        assert run_gui(db) == 0
    finally:
        # app.exit() outside a real exec() leaves Qt's "quit now" flag set, which would end every
        # later event loop at once; one real exec() clears it.
        QTimer.singleShot(0, QApplication.quit)
        real_exec()
    assert seen == [2, 1], "a second window opened after the restore, on the restored data"
    again = command_line_services(resolve(db))
    try:
        assert _cases(again) == 1
    finally:
        again.close()


def test_sheet_button_writes_the_recovery_sheet_and_a_new_pc_restores_with_the_typed_key(
    qtbot, page: BackupPage, services: Services, events: AppEvents, asked, monkeypatch, tmp_path: Path
) -> None:
    new_case(services, "Vụ việc của máy cũ")
    page.backup_button.click()  # no passphrase: the office key
    assert "đã mã hóa bằng khóa của cơ quan" in page.notice.text()
    sheet = tmp_path / "phieu.pdf"
    monkeypatch.setattr(file_dialogs, "choose_new_or_existing_file", lambda *_: sheet)
    page.sheet_button.click()
    assert sheet.is_file() and "phiếu khóa khôi phục" in page.notice.text()
    key_text = services.backups.office_key().recovery_text()
    page.resize(1366, 768)
    page.grab().save(str(tmp_path.parent / "backup-page-1366.png"))

    (services.settings.data_dir / "backup.key").unlink()  # as on a newly installed PC
    new_case(services, "Sau khi sao lưu")
    _select(page)
    prompts: list[str] = []

    def type_key(dialog: QDialog) -> None:
        assert isinstance(dialog, PassphraseDialog)
        prompts.append(dialog.findChild(__import__("PySide6.QtWidgets").QtWidgets.QLabel).text())
        type_text(dialog.passphrase, key_text)
        dialog.ok_button.click()

    asked.dialog_handlers.append(type_key)
    asked.answers.append(True)
    with qtbot.waitSignal(events.database_replaced, timeout=5000):
        page.restore_button.click()
    assert "khóa khôi phục" in prompts[0] and "dấu vân tay" in prompts[0]
    assert (services.settings.data_dir / "backup.key").is_file(), "the typed key is this PC's now"


def test_a_lost_backup_key_warns_in_the_band_and_writes_no_backup(
    qtbot, services: Services, events: AppEvents, asked
) -> None:
    yesterday = datetime.now() - timedelta(days=1)
    BackupService(
        services.engine, services.settings.data_dir, clock=lambda: yesterday, signed_in=services.signed_in
    ).backup()  # the office has a key, remembered by its fingerprint
    (services.settings.data_dir / "backup.key").unlink()
    before = sorted((services.settings.data_dir / "backups").iterdir())
    auto = _auto(services, events)
    qtbot.addWidget(auto.bar)
    auto.run_once()
    assert not auto.bar.isHidden() and "Không tìm thấy tệp khóa sao lưu" in auto.bar.label.text()
    assert sorted((services.settings.data_dir / "backups").iterdir()) == before
    assert asked.messages == [] and asked.confirms == []  # intake goes on: nothing modal
    auto.bar.grab().save(str(services.settings.data_dir.parent / "auto-backup-band.png"))
