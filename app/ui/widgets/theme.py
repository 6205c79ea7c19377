"""The app's look: a readable default font size and a small style sheet on the platform style."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

MIN_POINT_SIZE = 10
"""Windows defaults to Segoe UI 9 pt, too small for Vietnamese diacritics read all day."""

STYLE_SHEET = """
QLabel#pageTitle { font-size: 15pt; font-weight: 600; color: #14324f; }
QLabel#sectionTitle {
    font-weight: 600; color: #14324f; padding: 8px 0 3px 0;
    border-bottom: 1px solid #c5d3e0;
}
QLabel#hint { color: #56606b; }
QLabel#callTimer {
    font-family: "DejaVu Sans Mono", "Consolas", monospace; font-size: 13pt;
    padding: 2px 10px; border-radius: 4px; background: #eef1f4; color: #56606b;
}
QLabel#callTimer[running="true"] { background: #e7f5ec; color: #0b4f28; font-weight: 600; }
QPushButton {
    background: #f4f6f8; color: #10253a; border: 1px solid #9aa8b6; border-radius: 4px;
    padding: 5px 14px;
}
QPushButton:hover { background: #e6edf4; }
QPushButton:pressed { background: #d5e0eb; }
QPushButton:disabled { color: #8a949e; background: #eef0f2; border-color: #c9d0d6; }
QPushButton:focus { border: 2px solid #f0b429; padding: 4px 13px; background: #fff6dc; }
QPushButton#primaryButton {
    background: #1d5fa8; color: white; font-weight: 600;
    padding: 6px 18px; border: 1px solid #164a84; border-radius: 4px;
}
QPushButton#primaryButton:hover { background: #174f8d; }
QPushButton#primaryButton:focus { border: 2px solid #f0b429; padding: 5px 17px; }
QPushButton#primaryButton:disabled { background: #8fa9c4; border-color: #8fa9c4; color: #eef3f8; }
QListWidget#navigation {
    background: #17324d; color: #f2f6fa; border: none; outline: none;
    font-size: 11pt; padding-top: 8px;
}
QListWidget#navigation::item { padding: 10px 16px; border-left: 4px solid transparent; }
QListWidget#navigation::item:selected { background: #24496f; color: white; border-left: 4px solid #f0b429; }
QListWidget#navigation::item:hover:!selected { background: #1f4062; }
QLabel#officerLabel { padding: 0 8px; color: #14324f; }
QWidget#callerHistoryPanel { background: #f7f9fb; border: 1px solid #d3dde7; border-radius: 6px; }
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QDateTimeEdit[invalid="true"] { border: 2px solid #c0392b; border-radius: 3px; background: #fffafa; }
QLabel#callerSummary { color: #1d2935; }
QListWidget#callerCases { background: white; border: 1px solid #d3dde7; }
QListWidget#callerCases::item { padding: 6px 4px; border-bottom: 1px solid #e4ebf1; }
QListWidget#callerCases::item:selected { background: #dbe8f6; color: #10253a; }
"""


def readable_font(font: QFont) -> QFont:
    """The same family at a size no smaller than ``MIN_POINT_SIZE``."""
    result = QFont(font)
    if result.pointSizeF() < MIN_POINT_SIZE:
        result.setPointSizeF(MIN_POINT_SIZE)
    return result


def apply_theme(app: QApplication) -> None:
    app.setFont(readable_font(app.font()))
    app.setStyleSheet(STYLE_SHEET)
