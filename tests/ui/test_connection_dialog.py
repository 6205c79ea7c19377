"""Kết nối cơ sở dữ liệu: test first, then save for the next start; the password never in the log."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest
from helpers_cases import type_text
from PySide6.QtWidgets import QDialog

from app.bootstrap import Services
from app.services.maintenance.db_target import POSTGRESQL, DbTarget, check_connection
from app.settings import ENV_DB_URL, SETTINGS_FILE, Settings, resolve, saved_db_url
from app.ui.app_events import AppEvents
from app.ui.settings.catalog_page import CatalogPage
from app.ui.settings.connection_dialog import NEXT_START, ConnectionDialog
from app.ui.tasks import InlineTaskRunner, TaskRunner

SECRET = "mật-khẩu-bí-mật"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "data", f"sqlite:///{tmp_path / 'hotline.db'}")


@pytest.fixture
def dialog(qtbot, settings: Settings) -> ConnectionDialog:
    widget = ConnectionDialog(settings, InlineTaskRunner())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _server_available() -> bool:
    report = check_connection(DbTarget(POSTGRESQL, host="127.0.0.1", database="test", user="postgres"))
    return report.ok


def test_sqlite_test_then_save_for_the_next_start(
    dialog: ConnectionDialog, settings: Settings, tmp_path: Path, asked, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert dialog.sqlite_radio.isChecked() and dialog.path.text() == str(tmp_path / "hotline.db")
    assert not dialog.save_button.isEnabled()
    other = tmp_path / "so-moi" / "hotline-2027.db"
    other.parent.mkdir()
    dialog.path.setText(str(other))
    dialog.test_button.click()
    assert "sổ mới" in dialog.report_bar.text() and dialog.save_button.isEnabled()
    dialog.path.setText(str(tmp_path / "khac.db"))  # a change after the test needs a new test
    assert not dialog.save_button.isEnabled() and dialog.report_bar.isHidden()
    dialog.path.setText(str(other))
    dialog.test_button.click()
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert asked.messages[-1][0] == "inform" and NEXT_START in asked.messages[-1][2]
    assert saved_db_url(settings.data_dir) == f"sqlite:///{other}"
    monkeypatch.delenv(ENV_DB_URL, raising=False)
    assert resolve(data_dir=settings.data_dir).db_url == f"sqlite:///{other}"
    assert resolve(f"sqlite:///{tmp_path}/x.db", data_dir=settings.data_dir).db_url.endswith(
        "x.db"
    )  # --db wins
    monkeypatch.setenv(ENV_DB_URL, f"sqlite:///{tmp_path}/env.db")
    assert resolve(data_dir=settings.data_dir).db_url.endswith("env.db")  # and so does the variable


def test_a_file_that_is_not_a_database_cannot_be_saved(dialog: ConnectionDialog, tmp_path: Path) -> None:
    junk = tmp_path / "bao-cao.db"
    junk.write_text("Báo cáo tháng 11 " * 100, encoding="utf-8")
    dialog.path.setText(str(junk))
    dialog.test_button.click()
    assert "không phải tệp của chương trình" in dialog.report_bar.text()
    assert not dialog.save_button.isEnabled()
    dialog.path.setText(str(tmp_path / "khong-co" / "a.db"))
    dialog.test_button.click()
    assert dialog.report_bar.text().startswith("Không tìm thấy thư mục")


def test_unreachable_server_is_explained(dialog: ConnectionDialog) -> None:
    dialog.pg_radio.click()
    assert dialog.pg_form.isVisible() and dialog.sqlite_form.isHidden()
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(5999)
    dialog.user.setText("trucban")
    dialog.test_button.click()
    assert dialog.report_bar.text() == "Không kết nối được máy chủ cơ sở dữ liệu. Kiểm tra mạng rồi thử lại."
    assert not dialog.save_button.isEnabled()
    dialog.user.clear()
    dialog.test_button.click()
    assert dialog.report_bar.text() == "Hãy nhập tên đăng nhập PostgreSQL."


def test_postgresql_saved_with_its_password_but_never_logged(
    qtbot, settings: Settings, asked, caplog: pytest.LogCaptureFixture
) -> None:
    if not _server_available():
        pytest.skip("PostgreSQL unavailable on 127.0.0.1:5432")
    caplog.set_level(logging.INFO)
    dialog = ConnectionDialog(settings, TaskRunner())  # the real thread pool: the window stays usable
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pg_radio.click()
    dialog.host.setText("127.0.0.1")
    dialog.database.setText("không_có_csdl")
    dialog.user.setText("postgres")
    type_text(dialog.password, SECRET)
    dialog.test_button.click()
    assert not dialog.test_button.isEnabled() and dialog.report_bar.text() == "Đang kiểm tra kết nối…"
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=10_000)
    assert "không có cơ sở dữ liệu «không_có_csdl»" in dialog.report_bar.text()
    dialog.database.setText("test")
    dialog.test_button.click()
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=10_000)
    assert dialog.report_bar.text().startswith("Kết nối thành công. (PostgreSQL")
    dialog.save_button.click()
    url = saved_db_url(settings.data_dir)
    assert (
        url is not None
        and url.startswith("postgresql+psycopg://postgres:")
        and url.endswith("@127.0.0.1:5432/test")
    )
    assert SECRET not in caplog.text and "m%E1%BA%ADt" not in caplog.text
    assert SECRET not in asked.messages[-1][2] and "***" in asked.messages[-1][2]
    if os.name == "posix":
        assert stat.S_IMODE((settings.data_dir / SETTINGS_FILE).stat().st_mode) == 0o600
    reopened = ConnectionDialog(settings, InlineTaskRunner())  # the saved server comes back for editing
    qtbot.addWidget(reopened)
    assert reopened.pg_radio.isChecked() and reopened.password.text() == SECRET
    assert json.loads((settings.data_dir / SETTINGS_FILE).read_text("utf-8")) == {"db_url": url}


def test_reachable_from_the_catalogue_page(
    qtbot, services: Services, events: AppEvents, asked, admin_signed_in
) -> None:
    page = CatalogPage(services, events)
    qtbot.addWidget(page)
    seen: list[str] = []

    def look(dialog: QDialog) -> None:
        assert isinstance(dialog, ConnectionDialog)
        seen.append(dialog.current.text())
        dialog.reject()

    asked.dialog_handlers.append(look)
    page.connection_button.click()
    assert seen == [f"Đang dùng: tệp {services.settings.sqlite_path}."]
