"""Sổ tiếp công dân on the Báo cáo screen: row count, preview, both exports read back, the sealed name."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from helpers_cases import new_case, user_id
from openpyxl import load_workbook
from pypdf import PdfReader

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel
from app.services.cases.dto import NewCase
from app.ui.app_events import AppEvents
from app.ui.reports import report_files
from app.ui.reports.report_page import ReportPage
from app.ui.tasks import InlineTaskRunner

SEALED_NAME = "Lê Văn Kín"


@pytest.fixture
def page(qtbot, services: Services, events: AppEvents) -> ReportPage:
    new_case(services, "Đổ rác không đúng nơi quy định", channel=Channel.WALK_IN)
    new_case(services, "Mất điện kéo dài ở tổ 5")
    page = ReportPage(services, events, tasks=InlineTaskRunner())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.document_choice.setCurrentIndex(1)
    return page


def _save(page: ReportPage, monkeypatch: pytest.MonkeyPatch, path: Path, fmt: str) -> None:
    monkeypatch.setattr(report_files, "choose_save_path", lambda *_: path)
    (page.excel_button if fmt == "xlsx" else page.pdf_button).click()


def _pdf_text(path: Path) -> str:
    pages = PdfReader(path).pages
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() or "" for p in pages))


def test_the_row_count_follows_the_walk_in_option(page: ReportPage, services: Services, events) -> None:
    assert "2 lượt" in page.register.count_label.text()
    page.register.walk_in.setChecked(True)
    assert "1 lượt" in page.register.count_label.text()
    events.cases_changed.emit(new_case(services, "Xin xác nhận hộ khẩu", channel=Channel.WALK_IN))
    assert "2 lượt" in page.register.count_label.text()


def test_excel_export_has_twelve_columns(page: ReportPage, monkeypatch, tmp_path: Path) -> None:
    _save(page, monkeypatch, tmp_path / "so.xlsx", "xlsx")
    sheet = load_workbook(tmp_path / "so.xlsx").active
    assert sheet is not None and sheet.max_column == 12
    assert page.saved_path == tmp_path / "so.xlsx"
    assert "Đã lưu" in page.notice.text()


def test_pdf_export_reads_back_with_the_denouncer_sealed(
    page: ReportPage, services: Services, monkeypatch, tmp_path: Path
) -> None:
    denunciation = NewCase(
        content="Tố cáo cán bộ nhận tiền",
        received_at=datetime.now().replace(microsecond=0),
        citizen_name=SEALED_NAME,
        kind=CaseKind.DENUNCIATION,
    )
    services.cases.create_case(denunciation, user_id(services))
    _save(page, monkeypatch, tmp_path / "so.pdf", "pdf")
    text = _pdf_text(tmp_path / "so.pdf")
    assert "SỔ TIẾP CÔNG DÂN" in text and "Đổ rác" in text
    assert SEALED_NAME not in text and "được bảo mật" in text


def test_the_unredacted_copy_asks_first(page: ReportPage, asked) -> None:
    asked.answers.append(False)
    page.register.unredacted.click()
    assert not page.register.unredacted.isChecked() and asked.confirms


def test_preview_shows_the_register_and_goes_stale(qtbot, page: ReportPage) -> None:
    page.preview_button.click()
    assert page.preview.path is not None and "SỔ TIẾP CÔNG DÂN" in _pdf_text(page.preview.path)
    assert page.print_button.isEnabled()
    page.register.walk_in.setChecked(True)
    assert not page.print_button.isEnabled() and page.preview.stale_notice.isVisibleTo(page)
    page.document_choice.setCurrentIndex(0)
    assert not page.print_button.isEnabled()  # a register preview is not the periodic report
