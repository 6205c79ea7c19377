"""The seam through which the case screen picks files to attach (tests monkeypatch it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def choose_files(parent: QWidget | None) -> list[Path]:
    """Ask for one or more files; an empty list when the officer cancels."""
    names, _ = QFileDialog.getOpenFileNames(
        parent,
        "Chọn tệp đính kèm",
        str(Path.home()),
        "Mọi tệp (*);;Văn bản (*.pdf *.doc *.docx *.odt);;Hình ảnh (*.jpg *.jpeg *.png);;Ghi âm (*.mp3 *.wav *.m4a)",
    )
    return [Path(name) for name in names]
