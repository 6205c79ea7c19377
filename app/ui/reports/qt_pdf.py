"""Optional QtPdf/QtPdfWidgets (the PySide6-Pdf wheel since Qt 6.12) for in-app preview and printing."""

from __future__ import annotations

import functools
import importlib
import logging
from types import ModuleType
from typing import NamedTuple

log = logging.getLogger(__name__)

MISSING_TEXT = (
    "Máy này chưa cài thành phần xem PDF của Qt (gói PySide6-Pdf) nên không xem trước và in trực "
    "tiếp trong chương trình được. Bản xem trước đã được tạo: bấm «Mở bằng trình đọc PDF» để xem "
    "hoặc in. Lưu Excel và Lưu PDF vẫn dùng bình thường."
)


class PdfModules(NamedTuple):
    QtPdf: ModuleType
    QtPdfWidgets: ModuleType


@functools.cache
def modules() -> PdfModules | None:
    """The two modules, or ``None`` when this installation lacks them (imported once, on first use)."""
    try:
        return PdfModules(
            importlib.import_module("PySide6.QtPdf"), importlib.import_module("PySide6.QtPdfWidgets")
        )
    except ImportError as error:
        log.warning("in-app PDF preview unavailable: %s", error)
        return None
