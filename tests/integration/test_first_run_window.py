"""The real app on a fresh install: the administrator signs in and the first-run setup opens before the
main window; what it saves names the office (issue 12, item 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.bootstrap import command_line_services
from app.settings import resolve

PASSWORD = "Quantri@2026"
DRIVER = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

app = QApplication(sys.argv[:1])

class Driver(QObject):
    seen = []

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint:
            return False
        name = watched.metaObject().className()
        if name in ("LoginDialog", "FirstDayWizard", "MainWindow") and name not in self.seen:
            self.seen.append(name)
            print(name, flush=True)
            action = {"LoginDialog": self.sign_in, "FirstDayWizard": self.set_up}.get(name)
            QTimer.singleShot(0, (lambda: action(watched)) if action else (lambda: app.exit(0)))
        return False

    def sign_in(self, dialog):
        dialog.findChild(QLineEdit, "username").setText("admin")
        dialog.findChild(QLineEdit, "password").setText(sys.argv[2])
        dialog.findChild(QPushButton, "login").click()

    def set_up(self, wizard):
        wizard.name.setText("Ủy ban nhân dân xã Cẩm Giàng")
        wizard.leader_name.setText("Phạm Thị Lan")
        for _ in range(5):  # four steps, then «Đã ghi lại, đóng»
            wizard.next.click()
        print("step", wizard.steps.currentIndex(), flush=True)

driver = Driver()
app.installEventFilter(driver)
from app.__main__ import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_the_administrator_names_the_office_before_the_main_window(tmp_path: Path) -> None:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HOTLINE_DB_URL", None)
    env.pop("HOTLINE_SMOKE_TEST", None)
    db = str(tmp_path / "hotline.db")
    made = subprocess.run(
        [sys.executable, "-m", "app", "--db", db, "init", "--admin-password", PASSWORD],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr[-2000:]
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, db, PASSWORD], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    order = [
        line for line in done.stdout.splitlines() if line in ("LoginDialog", "FirstDayWizard", "MainWindow")
    ]
    assert order == ["LoginDialog", "FirstDayWizard", "MainWindow"], done.stdout[-2000:]
    services = command_line_services(resolve(db, data_dir=tmp_path))
    try:
        office = services.catalog.office()
        assert office.name == "Ủy ban nhân dân xã Cẩm Giàng" and office.leader_name == "Phạm Thị Lan"
        assert "Công an xã" in {d.name for d in services.catalog.departments()}
        assert {"trucban", "admin"} <= {u.username for u in services.catalog.users(include_inactive=True)}
    finally:
        services.close()
