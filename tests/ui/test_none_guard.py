"""A long session's Qt calls do not free None (PySide6 6.12 on Python 3.11 drops a reference per void call)."""

from __future__ import annotations

import os
import subprocess
import sys

LOOP = """
import sys
import app.ui
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
qt = QApplication([])
timer = QTimer()
for _ in range(30000):  # without the guard the process dies in none_dealloc before 10,000
    qt.processEvents()
    timer.start(1000)
    timer.stop()
print("alive")
"""


def test_thirty_thousand_void_qt_calls_leave_the_process_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", LOOP], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "alive" in done.stdout
