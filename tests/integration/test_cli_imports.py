"""Light commands stay light: ``--help`` and ``deadlines`` import neither Qt, nor the report
writers, nor the service graph of app.bootstrap; ``find`` imports no Qt, no report writer, and on a
current database nothing but the search (no alembic, no other command's module, no other service)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

HEAVY = ("PySide6", "openpyxl", "reportlab")


def _imported(*args: str, data_dir: Path) -> set[str]:
    env = {**os.environ, "HOTLINE_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    env.pop("HOTLINE_DB_URL", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "app", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    names = {m.group(1) for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", done.stderr, re.M)}
    assert "app.cli.parser" in names  # the trace is real
    return names


def _roots(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


def test_help_imports_no_qt_writers_or_services(tmp_path: Path) -> None:
    names = _imported("--help", data_dir=tmp_path)
    assert not _roots(names) & {*HEAVY, "sqlalchemy"}
    assert "app.bootstrap" not in names and not any(n.startswith("app.reports") for n in names)
    for sub in ("backup", "report", "register", "user", "import", "deadlines"):
        assert not _roots(_imported(sub, "--help", data_dir=tmp_path)) & set(HEAVY)


def test_deadlines_without_a_database_imports_no_service_graph(tmp_path: Path) -> None:
    names = _imported("deadlines", "khieu_nai", "2026-03-02", data_dir=tmp_path)
    assert not _roots(names) & set(HEAVY)
    assert "app.bootstrap" not in names


def test_find_imports_no_qt_or_writers(tmp_path: Path) -> None:
    names = _imported("find", "đèn đường", "--json", data_dir=tmp_path)
    assert not _roots(names) & set(HEAVY)
    assert not any(n.startswith("app.reports") or n.startswith("app.ui") for n in names)


def test_find_on_a_current_database_imports_only_the_search(tmp_path: Path) -> None:
    """The second ``find`` (schema current): no migration machinery, no other command, no service
    but the query, no parser of phone numbers for words, no holiday tables."""
    _imported("find", "đèn đường", data_dir=tmp_path)  # creates and migrates the database
    names = _imported("find", "đèn đường", "--json", data_dir=tmp_path)
    assert not _roots(names) & {*HEAVY, "alembic", "holidays", "rapidfuzz", "phonenumbers", "multiprocessing"}
    assert "app.services.cases.case_query" in names  # the trace is of a search
    unused = {
        "app.services.cases.case_service",
        "app.services.cases.duplicate_service",
        "app.services.catalog.catalog_service",
        "app.services.accounts.auth_service",
        "app.services.backup.backup_service",
        "app.cli.report_command",
        "app.cli.import_command",
        "app.cli.backup_commands",
        "app.cli.reply_commands",
    }
    assert not unused & names
    assert not any(
        n.startswith(("app.services.channels", "app.services.reports", "app.services.replies")) for n in names
    )
