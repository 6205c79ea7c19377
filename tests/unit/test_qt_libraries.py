"""Start-up on a desktop without Qt's X11 libraries: a Vietnamese message naming the packages."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

import app.__main__ as entry
from app import qt_libraries
from app.qt_libraries import GUI_LIBRARIES, XCB_LIBRARIES, check, needed, packages

ROOT = Path(__file__).parents[2]
DEBIAN_12_DESKTOP_GAP = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
"""What a fresh Debian 12 desktop with X lacked (issue 12): the README did not list them."""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 platform of Linux")
def test_missing_xcb_libraries_are_named_with_their_debian_packages() -> None:
    problem = check({"DISPLAY": ":0"}, loads=lambda soname: soname not in DEBIAN_12_DESKTOP_GAP)
    assert "Không mở được giao diện" in problem
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in problem
    assert "libxcb-cursor0" not in problem, "not the package Qt's own message names"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 platform of Linux")
def test_offscreen_needs_no_xcb_and_a_complete_system_passes() -> None:
    assert set(needed({"QT_QPA_PLATFORM": "offscreen"})) == set(GUI_LIBRARIES)
    assert check({"DISPLAY": ":0"}, loads=lambda _soname: True) == ""
    assert check({"QT_QPA_PLATFORM": "offscreen"}) == "", "this machine runs the offscreen tests"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11 platform of Linux")
def test_the_desktop_start_stops_before_qt_with_the_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setitem(qt_libraries.XCB_LIBRARIES, "libxcb-khong-co.so.9", "libxcb-khong-co9")
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        code = entry.main([])
    finally:
        os.umask(umask)  # main() narrows the process umask for the office's files
    assert code == qt_libraries.EXIT_MISSING_LIBRARIES
    err = capsys.readouterr().err
    assert "libxcb-khong-co9" in err and "Traceback" not in err


def test_readme_and_ci_list_every_package_the_gui_needs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in packages((GUI_LIBRARIES, XCB_LIBRARIES)):
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", readme), f"README: {package}"
    for package in packages((XCB_LIBRARIES,)):
        if package in ("libx11-6", "libx11-xcb1", "libxcb1", "libxcb-util1", "libxcb-randr0", "libxcb-shm0",
                       "libxcb-sync1", "libxcb-xfixes0", "libxcb-render0", "libxcb-xkb1"):  # fmt: skip
            continue  # pulled in by the ones .ci/run names
        assert package in ci, f".ci/run: {package}"
