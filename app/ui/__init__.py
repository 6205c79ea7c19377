"""Qt widgets; the only package that imports PySide6."""

from app.ui.none_guard import keep_none_alive

keep_none_alive()
