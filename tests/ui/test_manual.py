"""The user manual: its screenshots come from today's screens, its labels and keys are the app's, F1 opens it."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QApplication

from app.bootstrap import Services
from app.domain.enums import Role
from app.domain.permissions import Actor
from app.resources import manual_root
from app.services.catalog.dto import UserItem
from app.ui.app_events import AppEvents
from app.ui.help.manual_pages import ROLE_PAGES, SCREEN_PAGES, manual_page
from app.ui.help.manual_viewer import ManualDialog
from app.ui.help.shot_scenes import SCENES
from app.ui.main_window import MainWindow
from app.ui.pages import PAGES
from app.ui.tasks import InlineTaskRunner

ROOT = Path(__file__).resolve().parents[2]
MANUAL = ROOT / "docs" / "manual"
PAGES_MD = sorted(MANUAL.glob("*.md"))
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)#]+)(?:#[^)]*)?\)")
LABEL = re.compile(r"«([^«»]+)»")
KEY_TABLE = "## Phím tắt của cửa sổ chính"
MNEMONIC = re.compile(r"&(?=[^\s&])")
"""«&Lưu» shows as «Lưu» (the underlined access key); «Sao lưu & khôi phục» keeps its ampersand."""


def _markdown() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in PAGES_MD}


def _images() -> set[str]:
    return {Path(m).name for text in _markdown().values() for m in IMAGE.findall(text)}


def test_the_manual_is_where_the_app_looks_for_it() -> None:
    assert manual_root() == MANUAL
    assert {p.name for p in PAGES_MD} >= {"index.md", *ROLE_PAGES.values(), *SCREEN_PAGES.values()}
    for spec in PAGES:  # every screen, for every role, opens a page that exists
        for role in Role:
            assert manual_page(spec.key, role.value).is_file()
    for name, text in _markdown().items():
        for link in LINK.findall(text):
            if not link.startswith(("http://", "https://")):
                assert (MANUAL / link).is_file(), f"{name}: broken link {link}"


def test_the_screenshot_script_makes_every_image_the_manual_shows(tmp_path: Path) -> None:
    """The script run as CI runs it, on a fresh demo database: every referenced shot, real pictures."""
    out = tmp_path / "img"
    env = dict(os.environ)  # the 1366×768 offscreen screen of conftest
    run = subprocess.run(
        [sys.executable, "-m", "app.ui.help.manual_shots", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    made = {p.name for p in out.glob("*.png")}
    wanted = _images()
    assert wanted, "the manual shows no screenshot"
    assert wanted - made == set(), f"images the manual shows but the script did not make: {wanted - made}"
    assert made - wanted == set(), f"shots no page of the manual shows: {made - wanted}"
    assert {f"{name}.png" for name in SCENES} == made
    committed = {p.name for p in (MANUAL / "img").glob("*.png")}
    assert committed == made, "docs/manual/img must hold one copy of each shot (the app and build show them)"
    for name in sorted(made):
        image = QImage(str(out / name))
        assert not image.isNull(), name
        assert image.width() >= 300 and image.height() >= 120, f"{name}: {image.size()}"
        assert image.width() <= 1366 and image.height() <= 768, f"{name}: larger than the laptop screen"
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
        assert len(colours) > 12, f"{name}: {len(colours)} colours — a blank or unpainted screen"
        assert (out / name).stat().st_size > 4000, name
    for name in ("tiep-nhan.png", "danh-sach.png", "bao-cao-quy.png", "sao-luu.png"):  # whole windows
        assert QImage(str(out / name)).size().toTuple() == (1366, 768), name


def _app_texts() -> list[str]:
    """Every string constant of the app's code (labels, titles, messages), mnemonics (&) removed."""
    texts = []
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(" ".join(MNEMONIC.sub("", node.value).split()))
    return texts


def test_every_label_the_manual_quotes_is_one_the_app_shows() -> None:
    """«…» in the manual is a button, a field, a screen or a message: it must exist as the app writes it."""
    texts = _app_texts()

    def shown(label: str) -> bool:
        wanted = " ".join(label.split())
        return any(wanted in text for text in texts)

    assert not shown("Nút không có trong chương trình")  # the check can fail
    missing = {
        f"{name}: «{label}»"
        for name, text in _markdown().items()
        for label in LABEL.findall(text)
        if not shown(label)
    }
    assert not missing, f"labels the app does not show: {sorted(missing)}"
    assert sum(len(LABEL.findall(t)) for t in _markdown().values()) > 100


def _key_table() -> dict[str, str]:
    text = _markdown()["index.md"]
    section = text.split(KEY_TABLE, 1)[1].split("\n## ", 1)[0]
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return {key.strip(): command.strip() for key, command in rows[1:]}  # after the header row


def _signed_in(services: Services, role: Role) -> UserItem:
    _as_admin(services)
    if role is Role.CHIEF:
        services.catalog.save_user("lanhdao", "Nguyễn Văn Thành", Role.CHIEF, None)
    if role is Role.HANDLER:
        dept = services.catalog.departments()[0]
        services.catalog.save_user("xuly", "Nguyễn Văn Xử", Role.HANDLER, dept.id)
    user = next(u for u in services.catalog.users() if u.role == role.value)
    services.signed_in.sign_in(Actor(user.id, user.username, user.full_name, user.role, user.department_id))
    return user


def _as_admin(services: Services) -> None:
    """Accounts are the administrator's to make."""
    admin = next(u for u in services.catalog.users() if u.role == Role.ADMIN.value)
    services.signed_in.sign_in(Actor(admin.id, admin.username, admin.full_name, admin.role, None))


def _window(qtbot, services: Services, role: Role) -> MainWindow:
    user = _signed_in(services, role)
    window = MainWindow(services, AppEvents(), InlineTaskRunner(), user)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.mark.usefixtures("admin_signed_in")
def test_the_keyboard_table_is_the_main_windows_shortcuts(qtbot, services: Services) -> None:
    """Every key of the main window, for every role, is in the manual's table with its command, and no other."""
    found: dict[str, str] = {}
    for role in (Role.RECEIVER, Role.HANDLER, Role.CHIEF, Role.ADMIN):
        window = _window(qtbot, services, role)
        for action in window.actions():
            for keys in action.shortcuts():
                found[keys.toString(QKeySequence.SequenceFormat.PortableText)] = action.text()
        window.close()
    assert found["F1"] == "Hướng dẫn sử dụng"
    assert _key_table() == found


def _press_f1(qtbot, window: MainWindow) -> ManualDialog:
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_F1)
    dialog = window.findChild(ManualDialog, "manualDialog")
    assert dialog is not None, "F1 opened no manual"
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _shown_images(dialog: ManualDialog) -> list[QImage]:
    images = []
    block = dialog.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                name = QTextImageFormat(fmt).name()
                url = dialog.browser.source().resolved(QUrl(name))
                images.append(
                    dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource.value, url)
                )
            it += 1
        block = block.next()
    return images


@pytest.mark.usefixtures("admin_signed_in")
def test_f1_opens_the_manual_at_the_page_of_the_screen_and_role(qtbot, services: Services) -> None:
    window = _window(qtbot, services, Role.RECEIVER)
    window.intake.focus_first()
    dialog = _press_f1(qtbot, window)
    assert dialog.page_title() == "Cán bộ tiếp nhận"
    assert dialog.windowTitle() == "Hướng dẫn sử dụng — Cán bộ tiếp nhận"
    assert "Ghi nhận một cuộc gọi" in dialog.browser.toPlainText()
    images = _shown_images(dialog)
    assert images and all(isinstance(i, QImage) and not i.isNull() for i in images)
    assert all(i.width() <= 860 for i in images)  # scaled to the reading width
    dialog.index_button.click()
    assert dialog.page_title() == "Hướng dẫn sử dụng Hotline Desk"
    assert dialog.back_button.isEnabled()
    window.close()

    chief = _window(qtbot, services, Role.CHIEF)
    chief.show_page("reports")
    assert _press_f1(qtbot, chief).page_title() == "Lãnh đạo"
    chief.close()
    admin = _window(qtbot, services, Role.ADMIN)
    admin.show_page("backup")
    dialog = _press_f1(qtbot, admin)
    assert dialog.page_title() == "Quản trị"
    admin.show_page("catalog")
    again = _press_f1(qtbot, admin)
    assert again is dialog  # one manual window, brought forward
    assert "Tài khoản cán bộ" in again.browser.toPlainText()


def test_a_link_in_the_manual_opens_the_other_page(qtbot) -> None:
    dialog = ManualDialog(manual_page("dashboard", "chief").with_name("index.md"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.browser.anchorClicked.emit(QUrl("quan-tri.md"))
    assert dialog.page_title() == "Quản trị"
    dialog.browser.backward()
    assert dialog.page_title() == "Hướng dẫn sử dụng Hotline Desk"


def test_the_frozen_build_finds_the_manual_where_build_spec_puts_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert manual_root() == tmp_path / "docs" / "manual"
    assert '("docs/manual", "docs/manual")' in (ROOT / "build.spec").read_text(encoding="utf-8")
