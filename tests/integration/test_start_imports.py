"""The desktop start stays light: the login dialog shows before the main window's modules, the
report writers, the import parsers and the holiday tables are imported, and the main window paints
after a real sign-in without the report writers or the import parsers (issue 18, item 3)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.bootstrap import command_line_services
from app.services.accounts.cli_actor import cli_actor
from app.settings import resolve

PASSWORD = "Quantri@2026"
WRITERS = ("openpyxl", "reportlab", "PIL")
DRIVER = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

app = QApplication(sys.argv[:1])

class Driver(QObject):
    seen = set()

    def eventFilter(self, watched, event):
        if event.type() != QEvent.Type.Paint:
            return False
        name = watched.metaObject().className()
        if name in ("LoginDialog", "MainWindow") and name not in self.seen:
            self.seen.add(name)
            print(name, json.dumps(sorted(sys.modules)), flush=True)
            if name == "LoginDialog":
                QTimer.singleShot(0, lambda: self.sign_in(watched))
            else:
                QTimer.singleShot(0, lambda: app.exit(0))
        return False

    def sign_in(self, dialog):
        dialog.findChild(QLineEdit, "username").setText(sys.argv[3])
        dialog.findChild(QLineEdit, "password").setText(sys.argv[2])
        dialog.findChild(QPushButton, "login").click()

driver = Driver()
app.installEventFilter(driver)
from app.__main__ import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def _start(tmp_path: Path) -> dict[str, set[str]]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HOTLINE_DB_URL", None)
    env.pop("HOTLINE_SMOKE_TEST", None)
    db = str(tmp_path / "hotline.db")
    made = subprocess.run(
        [sys.executable, "-m", "app", "--db", db, "init", "--admin-password", PASSWORD, "--office",
         "UBND phường Hải An", "--leader", "Trần Văn Ký", "--user", "trucban"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr[-2000:]
    services = command_line_services(resolve(db, data_dir=tmp_path))
    services.auth.set_password(cli_actor(), "trucban", PASSWORD)  # the officer on duty signs in
    services.close()
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, db, PASSWORD, "trucban"], capture_output=True, text=True, env=env,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    seen = {}
    for line in done.stdout.splitlines():
        name, _, modules = line.partition(" ")
        if name in ("LoginDialog", "MainWindow"):
            seen[name] = set(json.loads(modules))
    assert seen.keys() == {"LoginDialog", "MainWindow"}, done.stdout[-2000:]  # signed in for real
    return seen


def _roots(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


def test_the_login_shows_before_the_heavy_modules_and_the_window_without_the_writers(tmp_path: Path) -> None:
    seen = _start(tmp_path)
    login, window = seen["LoginDialog"], seen["MainWindow"]
    assert not _roots(login) & {*WRITERS, "holidays", "rapidfuzz", "phonenumbers", "alembic"}
    assert (
        not {
            "app.ui.main_window",
            "app.ui.intake.intake_form",
            "app.services.cases.case_service",
            "app.services.cases.case_query",
            "app.services.backup.backup_service",
        }
        & login
    )
    assert not any(
        n.startswith(("app.reports", "app.services.channels", "app.services.reports")) for n in login
    )
    # after the sign-in: the desk (intake form, register), not what only an export, a print or an import needs
    assert {"app.ui.main_window", "app.ui.intake.intake_form", "app.services.cases.case_query"} <= window
    assert not _roots(window) & set(WRITERS)
    assert not any(n.startswith(("app.reports.", "app.ui.reports.", "app.ui.imports.")) for n in window)
    assert not {"app.services.calls.call_import", "app.services.channels.import_service"} & window
