"""«Tổng hợp báo cáo đơn vị»: packages from real demo databases, checked, added up and saved."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.bootstrap import Services
from app.domain.periods import parse_period
from app.reports.report_package import read_package
from app.services.demo.sample_office import SAMPLE_OFFICE
from app.services.reports.report_service import ReportOptions, write_report
from app.settings import resolve
from app.ui.app_events import AppEvents
from app.ui.consolidation.consolidation_page import ConsolidationPage
from app.ui.reports import report_files
from app.ui.tasks import InlineTaskRunner
from app.ui.widgets.notice_bar import NoticeKind
from app.ui.widgets.theme import apply_theme
from tests.sample_office import command_line_services

TODAY = date(2026, 12, 7)
PERIOD = parse_period("2026-Q3")


def _services(folder: Path, office: str) -> Services:
    folder.mkdir(parents=True, exist_ok=True)
    return command_line_services(
        resolve(f"sqlite:///{folder / 'h.db'}", data_dir=folder), setup=dataclasses.replace(SAMPLE_OFFICE, name=office),
        clock=lambda: datetime(2026, 12, 7, 9), today=lambda: TODAY,
    )  # fmt: skip


def _unit_package(folder: Path, office: str, seed: int, inbox: Path) -> Path:
    services = _services(folder, office)
    try:
        services.demo.generate(150, seed=seed, end=date(2026, 11, 30))
        options = ReportOptions(PERIOD, document_number=f"{seed:02d}/BC-UBND")
        report = services.reports.build(options)
        out = inbox / f"bao-cao-{seed}.pdf"
        write_report(report, "pdf", out)
        return services.consolidation.write_package(options, report, out, "pdf")
    finally:
        services.close()


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "hop-thu"
    folder.mkdir()
    for seed, office in enumerate(("Ủy ban nhân dân phường Nhị Chiểu", "Ủy ban nhân dân xã Cẩm Giàng",
                                   "Ủy ban nhân dân xã Đảo Mới"), 1):  # fmt: skip
        _unit_package(tmp_path / f"u{seed}", office, seed, folder)
    (folder / "cong-van.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


@pytest.fixture
def page(qtbot, tmp_path: Path, events: AppEvents) -> Iterator[ConsolidationPage]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_theme(app)  # as the desktop shows it, for the screenshots
    city = _services(tmp_path / "city", "Văn phòng Ủy ban nhân dân thành phố Hải Phòng")
    widget = ConsolidationPage(city, events, tasks=InlineTaskRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    city.close()
    app.setFont(font)
    app.setStyleSheet(sheet)


def test_consolidate_a_folder_add_the_unknown_unit_and_save(
    qtbot, page: ConsolidationPage, inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not page.run_button.isEnabled()  # nothing chosen yet
    page.picker.set_quarter(2026, 3)
    page.sources.add_paths([inbox])
    assert page.run_button.isEnabled() and not page.excel_button.isEnabled()
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    result = page.result
    assert result is not None and len(result.included) == 3
    assert result.unknown == ("Ủy ban nhân dân xã Đảo Mới",)
    texts = [page.view.log.item(r, 1).text() for r in range(page.view.log.rowCount())]
    assert any("«cong-van.pdf» là bản PDF không kèm gói số liệu" in t for t in texts)
    assert page.view.tabs.tabText(1) == "Đơn vị chưa gửi (112)"
    assert page.view.by_unit.rowCount() == 3
    assert (
        "Đã tổng hợp 3 báo cáo · chưa gửi 112/114 đơn vị · không tổng hợp 1 tệp" in page.view.summary.text()
    )
    page.view.tabs.setCurrentIndex(0)
    page.grab().save("/tmp/issue17-consolidation.png")
    assert page.add_units_button.isEnabled()
    qtbot.mouseClick(page.add_units_button, Qt.MouseButton.LeftButton)
    assert page.result is not None and page.result.unknown == ()
    assert page.view.tabs.tabText(1) == "Đơn vị chưa gửi (112)"  # 115 on the list now, 3 reported
    assert "115 đơn vị" in page.unit_choice.itemText(0)
    target = tmp_path / "tong-hop.xlsx"
    monkeypatch.setattr(report_files, "choose_save_path", lambda *_: target)
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    assert page.notice.kind is NoticeKind.SUCCESS and "tong-hop.hdbc" in page.notice.text()
    sheet = load_workbook(target)["Biểu 01-XLD"]
    assert "Tổng cộng" in [row[1] for row in sheet.iter_rows(values_only=True)]
    assert read_package(target.with_suffix(".hdbc")).meta.consolidated_from  # itself a package
    page.view.tabs.setCurrentIndex(1)
    page.view.missing.clearSelection()
    assert not page.remove_units_button.isEnabled()
    page.view.missing.item(0).setSelected(True)
    page.view.missing.item(1).setSelected(True)
    assert page.remove_units_button.isEnabled()
    page.grab().save("/tmp/issue17-consolidation-missing.png")
    gone = page.view.missing.item(0).text()
    qtbot.mouseClick(page.remove_units_button, Qt.MouseButton.LeftButton)
    assert page.view.tabs.tabText(1) == "Đơn vị chưa gửi (110)" and "113 đơn vị" in page.unit_choice.itemText(
        0
    )
    assert gone not in [page.view.missing.item(i).text() for i in range(page.view.missing.count())]


def test_changing_the_period_asks_to_check_again(qtbot, page: ConsolidationPage, inbox: Path) -> None:
    page.picker.set_quarter(2026, 3)
    page.sources.add_paths([inbox])
    page.run()
    assert page.excel_button.isEnabled()
    page.picker.set_quarter(2026, 2)
    assert page.result is None and not page.excel_button.isEnabled()
    assert "Kiểm tra và tổng hợp" in page.notice.text()
    page.run()
    assert page.result is not None and page.result.included == ()
    assert page.notice.kind is NoticeKind.WARNING
