"""«In biểu mẫu…» from the case file: transfer slip and receipt saved, read back; sealed name absent."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from helpers_cases import new_case, type_text, user_id
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog

from app.bootstrap import Services
from app.domain.enums import CaseKind
from app.services.cases.dto import NewCase
from app.services.reports.forms_service import FormKind
from app.ui.app_events import AppEvents
from app.ui.cases import form_printing
from app.ui.cases.case_detail_dialog import CaseDetailDialog
from app.ui.cases.forms_dialog import FormsDialog

SEALED_NAME = "Lê Văn Kín"


def _dialog(qtbot, services: Services, events: AppEvents, case_id: int) -> CaseDetailDialog:
    widget = CaseDetailDialog(services, events, case_id, user_id(services))
    qtbot.addWidget(widget)
    return widget


def _text(path: Path) -> str:
    pages = PdfReader(path).pages
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() or "" for p in pages))


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    path = tmp_path / "bieu-mau.pdf"
    monkeypatch.setattr(form_printing, "choose_pdf_path", lambda *_: path)
    return path


def _choose(dialog: CaseDetailDialog, kind: FormKind) -> None:
    action = next(a for a in dialog.forms_button.menu().actions() if a.data() == kind.value)
    action.trigger()


def test_transfer_slip_of_a_denunciation_keeps_the_name_sealed(
    qtbot, services: Services, events: AppEvents, asked, save_to: Path
) -> None:
    case = NewCase(
        content="Tố cáo cán bộ địa chính nhận tiền",
        received_at=datetime.now().replace(microsecond=0),
        citizen_name=SEALED_NAME,
        kind=CaseKind.DENUNCIATION,
    )
    case_id = services.cases.create_case(case, user_id(services)).id
    dialog = _dialog(qtbot, services, events, case_id)

    def fill(form: QDialog) -> None:
        assert isinstance(form, FormsDialog)
        assert form.signer_title.text() == services.catalog.office().leader_title
        type_text(form.recipient, "Thanh tra thành phố")
        form.save_button.click()

    asked.dialog_handlers.append(fill)
    asked.answers.append(False)  # «Để sau»: do not open it
    _choose(dialog, FormKind.TRANSFER)
    text = _text(save_to)
    assert "PHIẾU CHUYỂN ĐƠN" in text and "Thanh tra thành phố" in text
    assert SEALED_NAME not in text
    assert "Mở tệp" in asked.confirms[-1][2]
    assert any("In biểu mẫu" in " ".join(row) for row in dialog.history.texts(dialog.history.timeline))


def test_receipt_lists_the_documents_and_opens_when_asked(
    qtbot, services: Services, events: AppEvents, asked, save_to: Path, monkeypatch
) -> None:
    dialog = _dialog(qtbot, services, events, new_case(services, "Xin cấp lại giấy chứng nhận"))
    opened: list[Path] = []
    monkeypatch.setattr(form_printing, "open_file", opened.append)

    def fill(form: QDialog) -> None:
        assert isinstance(form, FormsDialog) and not form.recipient.isVisibleTo(form)
        type_text(form.documents, "Đơn đề nghị; 01 bản; bản chính\nBản sao sổ đỏ; 02 bản")
        form.save_button.click()

    asked.dialog_handlers.append(fill)
    asked.answers.append(True)
    _choose(dialog, FormKind.RECEIPT)
    text = _text(save_to)
    assert "GIẤY BIÊN NHẬN" in text and "Bản sao sổ đỏ" in text
    assert opened == [save_to]


def test_a_guidance_note_without_its_recipient_stays_open_with_the_error(
    qtbot, services: Services, events: AppEvents, asked, save_to: Path
) -> None:
    dialog = _dialog(qtbot, services, events, new_case(services, "Tranh chấp đất đai giữa hai hộ"))

    def fill(form: QDialog) -> None:
        assert isinstance(form, FormsDialog)
        form.save_button.click()
        assert form.result() != QDialog.DialogCode.Accepted
        assert "cơ quan có thẩm quyền" in form.error.text() and not form.error.isHidden()
        form.reject()

    asked.dialog_handlers.append(fill)
    _choose(dialog, FormKind.GUIDANCE)
    assert not save_to.exists()
