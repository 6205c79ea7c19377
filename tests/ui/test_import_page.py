"""Import screen: a register with title rows and Vietnamese headers is previewed, checked, imported."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QApplication

from app.bootstrap import Services
from app.domain.imports.columns import ImportField
from app.services.cases.dto import CaseFilter, NewCase
from app.ui.app_events import AppEvents
from app.ui.imports.import_page import ImportPage
from app.ui.tasks import InlineTaskRunner
from app.ui.widgets import file_dialogs

HEADERS = ["STT", "Ngày tiếp nhận", "Họ và tên", "Số điện thoại", "Địa chỉ", "Nội dung phản ánh", "Ghi chú"]


def register(tmp_path: Path) -> Path:
    day = (datetime.now() - timedelta(days=5)).strftime("%d/%m/%Y")
    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ theo dõi"
    sheet.append(["ỦY BAN NHÂN DÂN PHƯỜNG LẠCH TRAY"])
    sheet.append(["SỔ THEO DÕI TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ QUA ĐƯỜNG DÂY NÓNG"])
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append([1, f"{day} 08:15", "Phạm Văn Hùng", "0912 111 222", "Tổ 3 Lạch Tray",
                  "Rác thải tập kết trên vỉa hè đầu ngõ 40 Văn Cao, bốc mùi.", ""])  # fmt: skip
    sheet.append([2, f"{day} 09:40", "Đỗ Thị Lan", "0983 444 555", "Tổ 7 Đằng Giang",
                  "Đèn chiếu sáng công cộng ngõ 120 Lạch Tray không sáng.", "gọi lại"])  # fmt: skip
    sheet.append([3, f"{day} 10:05", "Vũ Minh Tâm", "0904 777 888", "Tổ 1", "", "không có nội dung"])
    path = tmp_path / "so-theo-doi.xlsx"
    book.save(path)
    return path


@pytest.fixture
def page(qtbot, services: Services, events: AppEvents, officer, tmp_path: Path, monkeypatch) -> ImportPage:
    path = register(tmp_path)
    monkeypatch.setattr(file_dialogs, "choose_file", lambda *_a: path)
    widget = ImportPage(services, events, officer.id, tasks=InlineTaskRunner())
    qtbot.addWidget(widget)
    widget.resize(1200, 820)
    widget.show()
    return widget


def cases(services: Services) -> int:
    return len(services.query.page(CaseFilter()).rows)


def test_preview_dry_run_then_import_with_rejects_saved(
    page: ImportPage, services: Services, tmp_path: Path, monkeypatch
) -> None:
    page.choose_button.click()
    mapping = page.mapping.mapping
    assert mapping is not None and mapping.usable
    targets = {c.header: c.target for c in mapping.columns}
    assert targets["Nội dung phản ánh"] is ImportField.CONTENT
    assert targets["Họ và tên"] is ImportField.CITIZEN_NAME
    assert page.mapping.sample.rowCount() >= 3
    assert page.mapping.sample.item(0, 2).text() == "Phạm Văn Hùng"
    QApplication.processEvents()
    page.grab().save(str(tmp_path.parent / "import_page.png"))

    page.dry_button.click()
    assert page.report is not None and page.report.dry_run
    assert cases(services) == 0
    assert page.report.imported == 2 and page.report.rejected_rows == (7,)

    page.run_button.click()
    assert page.report is not None and not page.report.dry_run
    assert cases(services) == 2
    assert "Đã nhập: 2" in page.result.toPlainText()
    assert "Dòng 7:" in page.result.toPlainText()
    page.grab().save(str(tmp_path.parent / "import_result.png"))

    out = tmp_path / "tu-choi.xlsx"
    monkeypatch.setattr(file_dialogs, "choose_new_or_existing_file", lambda *_a: out)
    assert page.save_rejects_button.isEnabled()
    page.save_rejects_button.click()
    assert out.exists() and load_workbook(out).active.max_row >= 2


def test_the_officer_fixes_a_column_with_its_combo(page: ImportPage) -> None:
    page.choose_button.click()
    mapping = page.mapping.mapping
    assert mapping is not None
    content = next(c.index for c in mapping.columns if c.target is ImportField.CONTENT)
    combo = page.mapping.combo(next(i for i, c in enumerate(mapping.columns) if c.index == content))
    combo.setCurrentIndex(combo.findData(ImportField.IGNORE.value))
    assert page.mapping.mapping is not None and ImportField.CONTENT in page.mapping.mapping.missing
    assert not page.run_button.isEnabled() and page.mapping.missing.isVisible()
    combo.setCurrentIndex(combo.findData(ImportField.CONTENT.value))
    assert page.run_button.isEnabled()


def test_reentry_export_writes_pending_cases(
    page: ImportPage, services: Services, officer, tmp_path: Path, monkeypatch
) -> None:
    services.cases.create_case(NewCase(content="Nước sinh hoạt tổ 4 bị đục mấy ngày nay."), officer.id)
    page.reentry.refresh()
    assert page.reentry.pending.text() == "Đang chờ xuất: 1 vụ việc"
    out = tmp_path / "xuat.csv"
    monkeypatch.setattr(file_dialogs, "choose_new_or_existing_file", lambda *_a: out)
    page.reentry.csv_button.click()
    assert out.exists() and "Nước sinh hoạt" in out.read_text(encoding="utf-8-sig")
    assert "Đã xuất 1 vụ việc" in page.reentry.notice.text()
    assert page.reentry.pending.text() == "Đang chờ xuất: 0 vụ việc"
