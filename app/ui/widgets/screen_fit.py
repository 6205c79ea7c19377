"""Windows sized to the screen they open on: never taller or wider than what it shows."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

TITLE_BAR = 32
"""Room for the window manager's title bar above a dialog's content."""


def available_size(widget: QWidget) -> QSize:
    """The screen's available area (less taskbar) less a title bar: the most a window's content may take."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return QSize(area.width(), area.height() - TITLE_BAR)


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """``resize(width, height)``, shrunk to the screen where it would not fit."""
    room = available_size(widget)
    widget.resize(min(width, room.width()), min(height, room.height()))


def show_fitted(window: QWidget, width: int, height: int) -> None:
    """Show at ``width``×``height``; maximised where the screen has no room for that and a title bar."""
    room = available_size(window)
    if width > room.width() or height > room.height():
        resize_to_fit(window, width, height)
        window.showMaximized()
    else:
        window.resize(width, height)
        window.show()
