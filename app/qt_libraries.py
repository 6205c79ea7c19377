"""Before Qt starts on Linux: the system libraries its X11 (xcb) platform needs, by Debian package.

Qt's own message when one is missing («Could not load the Qt platform plugin "xcb"… libxcb-cursor0
is needed») names one package, in English, and often the wrong one. The desktop start-up asks the
dynamic loader for each library first and, if any is missing, prints in Vietnamese the exact
``apt-get install`` line. Qt-free: only ``ctypes``; nothing is loaded that Qt would not load.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable

GUI_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
}
"""What QtGui itself links (headless servers too: the offscreen platform)."""

XCB_LIBRARIES: dict[str, str] = {
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
}
"""What Qt's xcb platform plugin (a desktop with X11, or XWayland) links besides QtGui's."""

EXIT_MISSING_LIBRARIES = 5


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def needed(environ: dict[str, str] | os._Environ[str] = os.environ) -> dict[str, str]:
    """The libraries the platform Qt will use needs (none off Linux or in the frozen build,
    which ships its own)."""
    if not sys.platform.startswith("linux") or getattr(sys, "frozen", False):
        return {}
    platform = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform in ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "wayland"):
        return dict(GUI_LIBRARIES)
    return {**GUI_LIBRARIES, **XCB_LIBRARIES}


def missing(libraries: dict[str, str], loads: Callable[[str], bool] = _loads) -> dict[str, str]:
    """Those of ``libraries`` (soname → package) the dynamic loader cannot find."""
    return {soname: package for soname, package in libraries.items() if not loads(soname)}


def message(absent: dict[str, str]) -> str:
    """The Vietnamese explanation with the one command that fixes it."""
    packages = " ".join(dict.fromkeys(absent.values()))
    names = ", ".join(absent)
    return (
        "Không mở được giao diện Hotline Desk: máy còn thiếu thư viện hệ thống mà Qt cần để hiển thị "
        f"cửa sổ ({names}).\n"
        f"Hãy cài (cần quyền quản trị):\n    sudo apt-get install {packages}\n"
        "rồi mở lại chương trình. Danh sách đầy đủ các gói cần có ở mục «Bắt đầu trên máy mới» của README."
    )


def check(
    environ: dict[str, str] | os._Environ[str] = os.environ, loads: Callable[[str], bool] = _loads
) -> str:
    """ "" when Qt can start, else the message to print."""
    absent = missing(needed(environ), loads)
    return message(absent) if absent else ""


def packages(groups: Iterable[dict[str, str]] = (GUI_LIBRARIES, XCB_LIBRARIES)) -> list[str]:
    """Every Debian package of the lists (the README's and ``.ci/run``'s)."""
    return list(dict.fromkeys(package for group in groups for package in group.values()))
