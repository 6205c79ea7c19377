"""«In biểu mẫu…» in the case file: the menu, the options dialog, the save seam, the offer to open."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from app.bootstrap import Services
from app.reports.errors import ReportError
from app.services.core.errors import ServiceError
from app.services.reports.forms_service import FormKind, FormOptions
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.cases.forms_dialog import FormsDialog

T = TypeVar("T")


def _tr(text: str) -> str:
    return QCoreApplication.translate("FormPrinting", text)


def choose_pdf_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    """Ask where to save the PDF (tests replace this seam); ``None`` when the officer cancels."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), _tr("Tài liệu PDF (*.pdf)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(f"{path.name}.pdf")


def open_file(path: Path) -> bool:
    """Open the PDF with the system's reader (tests replace this seam)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def forms_button(parent: QWidget, chosen: Callable[[FormKind], None]) -> QPushButton:
    """«In biểu mẫu…» with one menu entry per form."""
    button = QPushButton(_tr("In biểu mẫu…"), parent)
    button.setToolTip(_tr("Lưu phiếu, giấy biên nhận của vụ việc thành tệp PDF để in"))
    menu = QMenu(button)
    for kind in FormKind:
        action = menu.addAction(_tr(kind.label))
        action.setData(kind.value)
        action.triggered.connect(lambda _=False, k=kind: chosen(k))
    button.setMenu(menu)
    return button


Check = Callable[[T], None]
Export = Callable[[T, Path], object]


def saving_submit(
    parent: QWidget, title: str, start: Path, check: Check[T], export: Export[T], saved: list[Path]
) -> Callable[[T], str | None]:
    """A dialog's «Lưu PDF…»: refusals said before the file dialog, then the file, then ``saved``.

    Returns the words to show in the dialog, "" when the officer cancelled the file dialog, or
    ``None`` once the file was written.
    """

    def submit(typed: T) -> str | None:
        try:
            check(typed)
        except ServiceError as error:
            return error.message
        path = choose_pdf_path(parent, title, start)
        if path is None:
            return ""
        try:
            export(typed, path)
        except ServiceError as error:
            return error.message
        except (ReportError, OSError) as error:
            return _tr("Không ghi được tệp {name}: {e}").format(name=path.name, e=error)
        saved.append(path)
        return None

    return submit


def offer_saved(
    parent: QWidget, events: AppEvents, case_id: int, saved: list[Path], label: str
) -> Path | None:
    """After the dialog: tell the app the case changed (history), offer to open the last file."""
    if not saved:  # «Hủy»: nothing was written
        return None
    events.cases_changed.emit(case_id)
    path = saved[-1]
    text = _tr("Đã lưu {name} vào {path}.\nMở tệp để xem và in?").format(name=label, path=path)
    if ask.confirm(parent, _tr("In biểu mẫu"), text, yes=_tr("Mở tệp"), no=_tr("Để sau")):
        open_file(path)
    return path


def print_form(
    parent: QWidget,
    services: Services,
    events: AppEvents,
    case: tuple[int, str],
    user_id: int,
    kind: FormKind,
) -> Path | None:
    """Ask the options, save the PDF, tell the app the case changed, offer to open it."""
    case_id, number = case
    forms = services.forms
    try:
        office = services.catalog.office()
    except ServiceError:
        office = None
    saved: list[Path] = []
    start = Path.home() / f"{kind.label} {number}.pdf"

    def check(typed: FormOptions) -> None:  # a missing recipient is said before the file dialog
        forms.build(kind, case_id, dataclasses.replace(typed, user_id=user_id))

    def export(typed: FormOptions, path: Path) -> None:
        forms.export(kind, case_id, path, dataclasses.replace(typed, user_id=user_id))

    title = _tr("Lưu {name}").format(name=kind.label)
    dialog = FormsDialog(kind, office, saving_submit(parent, title, start, check, export, saved), parent)
    ask.exec_dialog(dialog)
    return offer_saved(parent, events, case_id, saved, kind.label)
