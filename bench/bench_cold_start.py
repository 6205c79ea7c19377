"""GUI cold start as the officer meets it: fresh process → login shown → signed in → window painted.

Run: .venv/bin/python bench/bench_cold_start.py --db /work/benchdata/hotline-1m.db [--runs 10]

Targets (issue 18, item 3): login shown p50 ≤ 0.8 s (fresh process, warm file cache). Measured on
a copy of ``--db`` (the sign-in writes audit rows, the automatic backup writes a backup), in
``--work`` (default: beside the database), where the bench officer ``trucban`` gets a password.
Each run starts ``python -m app`` anew through a small driver (this file, ``--child``) that:

- ``login``: records when the login dialog first paints, then presses «Thoát» (the process ends);
- ``signed-in``: records the same, types the user name and password into the dialog and clicks
  «Đăng nhập» (the real login: scrypt check, audit row), then records when the main window first
  paints, when the start-up reminders have been checked (shown when there are any), and when the
  automatic backup check has finished (the app starts it ``AUTO_BACKUP_DELAY_MS`` after the window
  shows, on purpose); then quits the way the window's close does.

The driver creates the QApplication before ``app.__main__.main`` runs (the app reuses it), so it
can watch every widget's first paint; that is work ``run_gui`` would do anyway at the same point.
Times are from just before the process is spawned (interpreter start included), on the system's
monotonic clock shared by both processes. Two floors are measured in the same run: ``python -c
pass``, and a bare Qt process that shows an empty dialog and waits for its first paint.
A warm-up run (not counted) first makes today's automatic backup, so each counted run's backup
check is the check an office's second and later starts do (the day's backup exists).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path

USER = "trucban"
PASSWORD = "Bench-cold-start-1"
POLL_MS = 2
COUNTED_TABLES = ("case_file", "citizen", "case_event", "reply", "audit_log", "user_account", "calendar_day")
QT_FLOOR = """
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QLabel
app = QApplication(sys.argv[:1])
class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"MARK login_shown {time.monotonic()}", flush=True)
            app.exit(0)
        return False
dialog = QDialog()
QLabel("Đăng nhập", dialog)
probe = Probe()
dialog.installEventFilter(probe)
dialog.show()
app.exec()
"""


# --- the child: one start of the program, driven like an officer would --------------------------
def _child(mode: str, db: str) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        if name not in marks:
            marks[name] = time.monotonic()
            print(f"MARK {name} {marks[name]}", flush=True)

    class Driver(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.window: QWidget | None = None
            self.poll = QTimer(self)
            self.poll.setInterval(POLL_MS)
            self.poll.timeout.connect(self._on_poll)

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
                return False
            name = watched.metaObject().className()
            if name == "LoginDialog" and "login_shown" not in marks:
                mark("login_shown")
                QTimer.singleShot(0, lambda: self._answer(watched))
            elif name == "MainWindow" and "window_painted" not in marks:
                mark("window_painted")
                self.window = watched
                app.removeEventFilter(self)  # from here on only the poll watches
                self.poll.start()
            return False

        def _answer(self, dialog: QWidget) -> None:
            assert isinstance(dialog, QDialog)
            if mode == "login":
                dialog.reject()  # «Thoát»
                return
            username = dialog.findChild(QLineEdit, "username")
            password = dialog.findChild(QLineEdit, "password")
            button = dialog.findChild(QPushButton, "login")
            assert username is not None and password is not None and button is not None
            username.setText(USER)
            password.setText(PASSWORD)
            mark("sign_in_clicked")
            button.click()

        def _on_poll(self) -> None:
            assert self.window is not None
            children = {c.metaObject().className(): c for c in self.window.children()}
            reminders = children.get("ReminderScheduler")
            if reminders is not None and reminders._last_day is not None:  # type: ignore[attr-defined]
                mark("reminders_checked")  # remind() runs on this thread: it has returned by now
            backup = children.get("AutoBackup")
            if backup is not None and backup.timer.isActive():  # type: ignore[attr-defined]
                mark("backup_check_started")
                if not backup._running:  # type: ignore[attr-defined]
                    mark("backup_checked")
            if {"reminders_checked", "backup_checked"} <= marks.keys():
                self.poll.stop()
                app.exit(0)  # as the last window's close does: run_gui logs out and returns

    driver = Driver()
    app.installEventFilter(driver)
    from app.__main__ import main

    code = main(["--db", db])
    print(f"EXIT {code}", flush=True)
    return code


# --- the parent: prepare the copy, run the starts, print the percentiles (imports kept local:
# the child stays light) ---------------------------------------------------------------------
def _prepare(source: Path, work: Path) -> Path:
    """A copy of ``source`` in ``work`` (made once) with a known password for the bench officer."""
    import shutil

    work.mkdir(parents=True, exist_ok=True)
    copy = work / "hotline.db"
    if not copy.exists() or copy.stat().st_size < source.stat().st_size:
        for stale in work.glob("hotline.db*"):
            stale.unlink()
        print(f"copying {source} → {copy} …", flush=True)
        shutil.copyfile(source, copy)
    from app.domain.passwords import hash_password

    with sqlite3.connect(copy) as conn:
        done = conn.execute(
            "UPDATE user_account SET password_hash = ?, must_change = 0, failed_count = 0, locked_until = NULL"
            " WHERE username IN (?, 'admin')",
            (hash_password(PASSWORD), USER),
        )
        assert done.rowcount == 2, "the demo database has no «trucban» and «admin» accounts"
    return copy


def _describe(db: Path) -> None:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    size = db.stat().st_size
    print(f"database {db}: {size:,} bytes ({size / 1e9:.2f} GB), schema {revision}")
    print("  rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))


def _start(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Marks of one fresh process, in seconds after it was spawned; ``exit`` when it ended."""
    import subprocess

    started = time.monotonic()
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    ended = time.monotonic()
    marks = {"exit": ended - started}
    for line in done.stdout.splitlines():
        if line.startswith("MARK "):
            _, name, at = line.split()
            marks[name] = float(at) - started
    if done.returncode != 0 or (args[-1] != "pass" and "login_shown" not in marks):
        raise SystemExit(f"run failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-3000:]}")
    return marks


def _line(name: str, seconds: list[float], target: float | None = None) -> None:
    import statistics

    p50 = statistics.median(seconds)
    p95 = sorted(seconds)[max(0, int(len(seconds) * 0.95 + 0.5) - 1)]
    verdict = "" if target is None else f"target p50 ≤ {target} s   {'OK' if p50 <= target else 'SLOW'}"
    print(f"{name:<46} p50 {p50:6.3f} s   p95 {p95:6.3f} s   n={len(seconds):<3} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="the demo database (read only: the bench runs on a copy)")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--work", type=Path, help="folder of the copy (default: <db>-cold-start beside it)")
    parser.add_argument("--child", choices=("login", "signed-in"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args.child, args.db)
    if not args.db:
        parser.error("--db is required")
    source = Path(args.db)
    work = args.work or source.with_name(source.stem + "-cold-start")
    import subprocess

    root = Path(__file__).resolve().parents[1]
    # An installed or frozen program starts from cached bytecode (PYTHONDONTWRITEBYTECODE is set here).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "app")], check=True)
    copy = _prepare(source, work)
    _describe(copy)
    env = {
        **os.environ,
        "HOTLINE_DATA_DIR": str(work),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(root),
    }
    env.pop("HOTLINE_DB_URL", None)
    env.pop("HOTLINE_SMOKE_TEST", None)
    me = [sys.executable, str(Path(__file__).resolve())]
    print(f"load before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min), {os.cpu_count()} CPUs")
    print("warm-up start (not counted; makes today's automatic backup) …", flush=True)
    _start([*me, "--child", "signed-in", "--db", str(copy)], env)
    samples: dict[str, list[float]] = {}

    def add(prefix: str, marks: dict[str, float]) -> None:
        for name, value in marks.items():
            samples.setdefault(f"{prefix}{name}", []).append(value)

    for _ in range(args.runs):
        add("floor ", _start([sys.executable, "-c", "pass"], env))
        add("qt ", _start([sys.executable, "-c", QT_FLOOR], env))
        add("login ", _start([*me, "--child", "login", "--db", str(copy)], env))
        signed = _start([*me, "--child", "signed-in", "--db", str(copy)], env)
        signed["sign_in_to_window"] = signed["window_painted"] - signed["sign_in_clicked"]
        signed["backup_check"] = signed["backup_checked"] - signed["backup_check_started"]
        add("in ", signed)
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min)")
    _line("floor: python -c pass", samples["floor exit"])
    _line("floor: bare Qt, empty dialog painted", samples["qt login_shown"])
    _line("login dialog shown (painted)", samples["login login_shown"], 0.8)
    _line("  process ended after «Thoát»", samples["login exit"])
    _line("signed in: login dialog shown", samples["in login_shown"], 0.8)
    _line("  sign-in clicked → main window painted", samples["in sign_in_to_window"])
    _line("  start → main window painted (scripted sign-in)", samples["in window_painted"])
    _line("  start → start-up reminders checked", samples["in reminders_checked"])
    _line("  start → automatic backup check done", samples["in backup_checked"])
    _line(f"  the backup check itself (±{POLL_MS} ms)", samples["in backup_check"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
