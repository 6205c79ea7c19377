"""«In biểu mẫu…» in the case file: the menu, the options dialog, the save seam, the offer to open."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

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

    def submit(typed: FormOptions) -> str | None:
        options = dataclasses.replace(typed, user_id=user_id)
        try:
            forms.build(kind, case_id, options)  # a missing recipient is said before the file dialog
        except ServiceError as error:
            return error.message
        path = choose_pdf_path(parent, _tr("Lưu {name}").format(name=kind.label), start)
        if path is None:
            return ""
        try:
            forms.export(kind, case_id, path, options)
        except ServiceError as error:
            return error.message
        except (ReportError, OSError) as error:
            return _tr("Không ghi được tệp {name}: {e}").format(name=path.name, e=error)
        saved.append(path)
        return None

    dialog = FormsDialog(kind, office, submit, parent)
    ask.exec_dialog(dialog)
    if not saved:  # «Hủy»: nothing was written
        return None
    events.cases_changed.emit(case_id)
    path = saved[-1]
    text = _tr("Đã lưu {name} vào {path}.\nMở tệp để xem và in?").format(name=kind.label, path=path)
    if ask.confirm(parent, _tr("In biểu mẫu"), text, yes=_tr("Mở tệp"), no=_tr("Để sau")):
        open_file(path)
    return path
