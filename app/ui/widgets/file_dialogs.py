"""The seam through which screens pick folders and files (tests monkeypatch these functions)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """A folder, or ``None`` when the officer cancels."""
    name = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(name) if name else None


def choose_file(parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
    """An existing file, or ``None``."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters)
    return Path(name) if name else None


def choose_new_or_existing_file(parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
    """A file that may not exist yet (no overwrite question: nothing is written here)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, title, str(start), filters, options=QFileDialog.Option.DontConfirmOverwrite
    )
    return Path(name) if name else None
