"""The first-run wizard by keyboard: the office, its signer, its departments, its first accounts (issue 12)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.bootstrap import Services, command_line_services
from app.settings import resolve
from app.ui.settings.first_day_wizard import FirstDayWizard
from app.ui.widgets.notice_bar import NoticeKind

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SHOTS = os.environ.get("HOTLINE_SHOTS")


@pytest.fixture
def blank(tmp_path: Path) -> Iterator[Services]:
    services = command_line_services(resolve(f"sqlite:///{tmp_path / 'hotline.db'}", data_dir=tmp_path))
    yield services
    services.close()


@pytest.fixture
def wizard(qtbot: QtBot, blank: Services, apply_desk_theme: None) -> FirstDayWizard:
    dialog = FirstDayWizard(blank.first_day)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def _type(qtbot: QtBot, wizard: FirstDayWizard, text: str) -> None:
    """Type into the focused field character by character (key events carrying Vietnamese text)."""
    widget = QApplication.focusWidget()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            )


def _tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def _enter(qtbot: QtBot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def _shot(wizard: FirstDayWizard, name: str) -> None:
    if SHOTS:
        wizard.grab().save(str(Path(SHOTS) / f"first_day_{name}.png"))


def test_the_whole_setup_by_keyboard(qtbot: QtBot, wizard: FirstDayWizard, blank: Services) -> None:
    assert QApplication.focusWidget() is wizard.name
    _type(qtbot, wizard, "Ủy ban nhân dân xã Cẩm Giàng")
    _tab(qtbot)  # leaving the name reads the kind from it
    assert wizard.kind.currentData() == "xa"
    _shot(wizard, "1_office")
    _enter(qtbot)
    assert QApplication.focusWidget() is wizard.leader_name
    _type(qtbot, wizard, "Phạm Thị Lan")
    _tab(qtbot, 2)
    _type(qtbot, wizard, "0225 3841 234; 0912 345 678")
    _tab(qtbot)
    _type(qtbot, wizard, "UBND xã Cẩm Giàng")
    _shot(wizard, "2_signer")
    _enter(qtbot)
    assert "Công an xã" in wizard.departments.toPlainText()  # the commune's presets
    assert "Công an phường" not in wizard.departments.toPlainText()
    _shot(wizard, "3_departments")
    qtbot.keyClick(
        wizard.departments, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )  # Enter: new line
    assert QApplication.focusWidget() is wizard.officer
    _tab(qtbot, 2)
    _type(qtbot, wizard, "lanh.dao")
    _tab(qtbot)
    _type(qtbot, wizard, "Phạm Thị Lan")
    _shot(wizard, "4_accounts")
    _enter(qtbot)
    assert wizard.steps.currentIndex() == 4
    summary = wizard.summary.toPlainText()
    assert "trucban" in summary and "lanh.dao" in summary and summary.count("Mật khẩu tạm:") == 2
    _shot(wizard, "5_done")
    office = blank.catalog.office()
    assert office.name == "Ủy ban nhân dân xã Cẩm Giàng" and office.leader_name == "Phạm Thị Lan"
    assert office.hotline == "0225 3841 234"
    assert "Công an xã" in {d.name for d in blank.catalog.departments()}
    _enter(qtbot)
    assert wizard.result() == wizard.DialogCode.Accepted


def test_an_empty_name_is_outlined_and_nothing_typed_is_lost(qtbot: QtBot, wizard: FirstDayWizard) -> None:
    _enter(qtbot)
    assert wizard.steps.currentIndex() == 0 and wizard.name.property("invalid")
    assert wizard.band.kind is NoticeKind.ERROR and "Tên cơ quan" in wizard.band.text()
    _shot(wizard, "error_name")
    _type(qtbot, wizard, "Sở Khoa học và Công nghệ Hải Phòng")
    _tab(qtbot)
    _enter(qtbot)
    assert wizard.steps.currentIndex() == 1 and not wizard.name.property("invalid")
    _type(qtbot, wizard, "Vũ Văn Hải")
    _tab(qtbot, 2)
    _type(qtbot, wizard, "0912 34")
    _enter(qtbot)
    assert wizard.steps.currentIndex() == 1 and wizard.hotlines.property("invalid")
    assert "không hợp lệ" in wizard.band.text()
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier
    )  # back, then on
    assert wizard.steps.currentIndex() == 0 and wizard.name.text() == "Sở Khoa học và Công nghệ Hải Phòng"
    _enter(qtbot)
    assert wizard.leader_name.text() == "Vũ Văn Hải" and wizard.hotlines.text() == "0912 34"


def test_duplicate_departments_are_refused_and_the_edited_list_is_kept(
    qtbot: QtBot, wizard: FirstDayWizard, blank: Services
) -> None:
    wizard.name.setText("Ủy ban nhân dân phường Lê Chân")
    wizard.leader_name.setText("Đỗ Minh Tuấn")
    wizard.next.click()
    wizard.next.click()
    wizard.departments.setPlainText("Công an phường\nCông an  phường\nVăn phòng")
    wizard.next.click()
    assert wizard.steps.currentIndex() == 2 and wizard.departments.property("invalid")
    assert "bị trùng tên" in wizard.band.text()
    _shot(wizard, "error_departments")
    wizard.back.click()
    wizard.next.click()
    assert wizard.departments.toPlainText() == "Công an phường\nCông an  phường\nVăn phòng"
    assert blank.first_day.needed()  # nothing was saved
