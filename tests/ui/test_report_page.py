"""Báo cáo screen: periods resolve to the right dates, exports read back, errors and cancel are clean."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from helpers_cases import new_case
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.bootstrap import Services
from app.domain.enums import CaseKind
from app.reports.report_package import read_package
from app.services.reports.report_service import ReportService
from app.settings import resolve
from app.ui.app_events import AppEvents
from app.ui.reports import qt_pdf, report_files, report_printing
from app.ui.reports.period_picker import Kind
from app.ui.reports.report_job import WRITING
from app.ui.reports.report_page import ReportPage
from app.ui.tasks import InlineTaskRunner, TaskRunner
from app.ui.widgets.notice_bar import NoticeKind
from tests.sample_office import command_line_services

MAY_20 = date(2026, 5, 20)


def _page(qtbot, services: Services, events: AppEvents, **kw) -> ReportPage:
    kw.setdefault("tasks", InlineTaskRunner())
    page = ReportPage(services, events, **kw)
    qtbot.addWidget(page)
    page.resize(1130, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, services: Services, events: AppEvents) -> ReportPage:
    return _page(qtbot, services, events)


@pytest.fixture
def may_page(qtbot, tmp_path: Path, events: AppEvents) -> Iterator[ReportPage]:
    """The screen as on 20/05/2026, so the dates in the assertions never move."""
    services = command_line_services(
        resolve(f"sqlite:///{tmp_path}/may.db", data_dir=tmp_path), today=lambda: MAY_20
    )
    yield _page(qtbot, services, events)
    services.close()


@pytest.fixture
def save_to(monkeypatch: pytest.MonkeyPatch):
    """Answer the save dialog with a chosen path; records what the dialog suggested."""
    suggested: list[Path] = []

    def choose(target: Path | None):
        def fake(_parent, _title: str, proposal: Path, fmt: str) -> Path | None:
            suggested.append(proposal)
            return target

        monkeypatch.setattr(report_files, "choose_save_path", fake)
        return suggested

    return choose


def _pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() or "" for p in reader.pages))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- the period -------------------------------------------------------------------------
def test_quarter_two_with_cutoff_shows_15_march_to_14_june(qtbot, may_page: ReportPage) -> None:
    picker = may_page.picker
    picker.kind.setCurrentIndex(Kind.QUARTER)
    picker.number.setCurrentIndex(1)
    qtbot.mouseClick(picker.cutoff, Qt.MouseButton.LeftButton)
    assert picker.number.currentText() == "Quý II"
    assert "từ ngày 15/03/2026 đến ngày 14/06/2026" in picker.resolved.text()
    options = may_page.options()
    assert options is not None
    assert (options.period.start, options.period.end) == (date(2026, 3, 15), date(2026, 6, 14))
    # Still running on 20/05: allowed, with a note that the numbers stop today.
    assert may_page.excel_button.isEnabled()
    assert picker.problem.kind is NoticeKind.INFO
    qtbot.mouseClick(picker.cutoff, Qt.MouseButton.LeftButton)
    assert "từ ngày 01/04/2026 đến ngày 30/06/2026" in picker.resolved.text()


def test_week_and_year_kinds_resolve_and_cutoff_only_where_it_applies(may_page: ReportPage) -> None:
    picker = may_page.picker
    picker.kind.setCurrentIndex(Kind.WEEK)
    assert not picker.cutoff.isEnabled() and not picker.number.isVisibleTo(may_page)
    assert "từ ngày 18/05/2026 đến ngày 24/05/2026" in picker.resolved.text()
    picker.kind.setCurrentIndex(Kind.YEAR)
    picker.year.setValue(2025)
    assert picker.cutoff.isEnabled()
    assert picker.resolved.text().startswith("Năm 2025 (từ ngày 01/01/2025 đến ngày 31/12/2025)")
    assert not picker.problem.isVisibleTo(may_page)


def test_a_future_period_disables_every_action_with_a_message(may_page: ReportPage) -> None:
    may_page.picker.set_quarter(2026, 3)
    assert may_page.options() is None
    for button in (
        may_page.preview_button,
        may_page.print_button,
        may_page.excel_button,
        may_page.pdf_button,
    ):
        assert not button.isEnabled()
    problem = may_page.picker.problem
    assert problem.isVisibleTo(may_page) and problem.kind is NoticeKind.ERROR
    assert "01/07/2026" in problem.text() and "chưa có số liệu" in problem.text()
    may_page.picker.set_quarter(2026, 1)
    assert may_page.excel_button.isEnabled() and not problem.isVisibleTo(may_page)


def test_a_range_ending_before_it_starts_is_refused_inline(may_page: ReportPage) -> None:
    may_page.picker.set_range(date(2026, 5, 10), date(2026, 5, 2))
    assert not may_page.pdf_button.isEnabled()
    assert "trước ngày bắt đầu" in may_page.picker.problem.text()
    may_page.picker.set_range(date(2026, 5, 2), date(2026, 5, 10))
    assert may_page.pdf_button.isEnabled()
    assert may_page.picker.resolved.text() == "Từ ngày 02/05/2026 đến ngày 10/05/2026"


# --- options ----------------------------------------------------------------------------
def test_signature_is_prefilled_from_the_office_and_recipients_are_one_per_line(
    page: ReportPage, services: Services, type_ime
) -> None:
    office = services.catalog.office()
    assert page.form.signer_title.text() == office.leader_title
    assert page.form.authority.text() == "TM. ỦY BAN NHÂN DÂN"
    page.form.recipients.clear()
    type_ime(page.form.recipients, "Thanh tra thành phố\n\nVăn phòng UBND  ")
    type_ime(page.form.number, "12/BC-UBND")
    page.form.blank_date.setChecked(True)
    options = page.options()
    assert options is not None
    assert options.recipients == ("Thanh tra thành phố", "Văn phòng UBND")
    assert options.document_number == "12/BC-UBND"
    assert options.issued_on is None
    assert not options.show_phones and not options.unredacted and options.include_cases


def test_unredacted_copy_needs_a_confirm_that_explains_the_risk(qtbot, page: ReportPage, asked) -> None:
    box = page.form.unredacted
    asked.answers = [False]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert not box.isChecked()
    _title, text, yes = asked.confirms[-1]
    assert "Luật Tố cáo" in text and "kỷ luật" in text and yes == "Vẫn tạo bản không che"
    asked.answers = [True]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked() and page.options().unredacted
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)  # turning it off asks nothing
    assert not box.isChecked() and len(asked.confirms) == 2


# --- export -----------------------------------------------------------------------------
def test_save_excel_writes_a_workbook_with_the_cases(
    qtbot, page: ReportPage, services: Services, events: AppEvents, save_to, tmp_path: Path
) -> None:
    new_case(services, "Đèn đường hỏng trên phố Trần Phú")
    new_case(services, "Rác thải chưa được thu gom ở tổ 5")
    target = tmp_path / "bc.xlsx"
    suggested = save_to(target)
    messages: list[str] = []
    events.status_message.connect(messages.append)
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    assert suggested[-1].name == f"Báo cáo Tháng {date.today():%m} năm {date.today().year}.xlsx"
    workbook = load_workbook(target, read_only=True)
    try:
        assert {"Tổng hợp", "Danh sách"} <= set(workbook.sheetnames)
        cells = [str(c) for row in workbook["Danh sách"].iter_rows(values_only=True) for c in row if c]
    finally:
        workbook.close()
    assert any("Đèn đường hỏng" in c for c in cells) and any("Rác thải" in c for c in cells)
    assert page.notice.kind is NoticeKind.SUCCESS and str(target) in page.notice.text()
    assert "gói số liệu gửi cấp trên «bc.hdbc»" in page.notice.text()
    package = read_package(tmp_path / "bc.hdbc")  # the package for the Office travels beside it
    assert package.case_rows == 2 and package.meta.unit_name == services.catalog.office().name
    assert page.open_folder_button.isVisibleTo(page)
    assert messages == ["Đã lưu tệp bc.xlsx"]


def test_save_pdf_writes_a_document_readable_back(
    page: ReportPage, services: Services, save_to, tmp_path
) -> None:
    new_case(services, "Đèn đường hỏng trên phố Trần Phú")
    target = tmp_path / "bc.pdf"
    save_to(target)
    page.pdf_button.click()
    text = _pdf_text(target)
    assert len(PdfReader(target).pages) >= 1
    assert "BÁO CÁO" in text and f"Tháng {date.today():%m} năm {date.today().year}" in text


def test_sealed_denouncer_stays_hidden_unless_the_unredacted_copy_is_confirmed(
    page: ReportPage, services: Services, save_to, tmp_path: Path, asked
) -> None:
    new_case(services, "Tố cáo cán bộ địa chính nhận tiền", kind=CaseKind.DENUNCIATION)

    def names_in(path: Path) -> list[str]:
        workbook = load_workbook(path, read_only=True)
        try:
            return [str(c) for row in workbook["Danh sách"].iter_rows(values_only=True) for c in row if c]
        finally:
            workbook.close()

    save_to(tmp_path / "che.xlsx")
    page.excel_button.click()
    assert not any("Trần Thị Mai" in c for c in names_in(tmp_path / "che.xlsx"))
    asked.answers = [True]
    page.form.unredacted.click()
    save_to(tmp_path / "khong-che.xlsx")
    page.excel_button.click()
    assert any("Trần Thị Mai" in c for c in names_in(tmp_path / "khong-che.xlsx"))
    with zipfile.ZipFile(tmp_path / "khong-che.hdbc") as zf:  # the package is sealed all the same
        assert all("Trần Thị Mai" not in zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
        assert "Trần Thị Mai" not in _pdf_bytes_text(zf.read("report.pdf"), tmp_path)


def test_an_empty_period_still_exports_and_says_nothing_was_received(
    page: ReportPage, save_to, tmp_path: Path
) -> None:
    page.picker.set_month(2025, 1)
    save_to(tmp_path / "trong.pdf")
    page.pdf_button.click()
    assert "không tiếp nhận" in _pdf_text(tmp_path / "trong.pdf")


def test_a_folder_at_the_target_path_shows_the_vietnamese_message_and_keeps_the_screen(
    page: ReportPage, save_to, tmp_path: Path, type_ime
) -> None:
    type_ime(page.form.number, "07/BC-UBND")
    page.picker.set_month(2025, 3)
    (tmp_path / "bc.xlsx").mkdir()
    save_to(tmp_path / "bc.xlsx")
    page.excel_button.click()
    assert page.notice.kind is NoticeKind.ERROR
    assert "là một thư mục" in page.notice.text()
    assert page.form.number.text() == "07/BC-UBND" and page.picker.number.currentText() == "Tháng 03"
    assert page.excel_button.isEnabled()
    assert not page.open_folder_button.isVisibleTo(page)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_shows_the_vietnamese_message(page: ReportPage, save_to, tmp_path: Path) -> None:
    folder = tmp_path / "khoa"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        save_to(folder / "bc.pdf")
        page.pdf_button.click()
        assert page.notice.kind is NoticeKind.ERROR and "không có quyền ghi" in page.notice.text()
    finally:
        folder.chmod(0o755)


def test_a_missing_folder_shows_the_vietnamese_message(page: ReportPage, save_to, tmp_path: Path) -> None:
    save_to(tmp_path / "khong-co" / "bc.xlsx")
    page.excel_button.click()
    assert page.notice.kind is NoticeKind.ERROR and "không tồn tại" in page.notice.text()


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_cancel_while_writing_leaves_no_file(
    page: ReportPage, services: Services, save_to, tmp_path: Path, fmt: str
) -> None:
    new_case(services, "Ngập nước đường Lạch Tray")
    out = tmp_path / "out"
    out.mkdir()
    save_to(out / f"bc.{fmt}")

    def cancel_when_writing(stage: str) -> None:
        if stage == WRITING[fmt]:
            page.progress.cancel_button.click()

    page.job.stage_changed.connect(cancel_when_writing)
    (page.excel_button if fmt == "xlsx" else page.pdf_button).click()
    assert _leftovers(out) == []
    assert page.notice.kind is NoticeKind.INFO and "Đã hủy" in page.notice.text()
    assert not page.progress.isVisibleTo(page) and page.excel_button.isEnabled()


def test_failed_cross_checks_are_shown_and_asked_before_export(
    page: ReportPage, save_to, tmp_path: Path, asked, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = ReportService.build

    def broken(self, options):
        report = build(self, options)
        xld = dataclasses.replace(report.xld01, received_total=report.xld01.received_total + 3)
        return dataclasses.replace(report, xld01=xld)

    monkeypatch.setattr(ReportService, "build", broken)
    save_to(tmp_path / "bc.xlsx")
    asked.answers = [False]
    page.excel_button.click()
    assert not (tmp_path / "bc.xlsx").exists()
    assert page.checks.kind is NoticeKind.WARNING and "Biểu 01/XLD" in page.checks.text()
    assert "Vẫn xuất báo cáo?" in asked.confirms[-1][1]
    asked.answers = [True]
    page.excel_button.click()
    assert (tmp_path / "bc.xlsx").exists()


# --- preview ----------------------------------------------------------------------------
def test_preview_runs_off_the_ui_thread_with_progress(
    qtbot, services: Services, events: AppEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    build = ReportService.build

    def spy(self, options):
        threads.append(threading.current_thread())
        return build(self, options)

    monkeypatch.setattr(ReportService, "build", spy)
    new_case(services, "Cây đổ chắn ngang đường")
    page = _page(qtbot, services, events, tasks=TaskRunner())
    page.preview_button.click()
    assert page.progress.isVisibleTo(page) and page.progress.cancel_button.isVisibleTo(page)
    assert not page.preview_button.isEnabled() and not page.excel_button.isEnabled()
    qtbot.waitUntil(lambda: page.preview.path is not None and not page.job.busy, timeout=30_000)
    assert threads and threads[0] is not threading.main_thread()
    assert len(PdfReader(page.preview.path).pages) >= 1
    assert page.print_button.isEnabled() and not page.progress.isVisibleTo(page)


def test_preview_shows_the_document_inside_the_app(qtbot, page: ReportPage, services: Services) -> None:
    mods = pytest.importorskip("PySide6.QtPdf")
    new_case(services, "Cây đổ chắn ngang đường")
    page.preview_button.click()
    document = page.preview.document
    qtbot.waitUntil(lambda: document.status() == mods.QPdfDocument.Status.Ready, timeout=10_000)
    assert page.preview.page_count() >= 1
    assert page.preview.stack.currentWidget() is page.preview.viewer


def test_without_qtpdf_the_preview_falls_back_to_the_pdf_reader(
    qtbot, services: Services, events: AppEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(qt_pdf, "modules", lambda: None)
    opened: list[Path] = []
    monkeypatch.setattr(report_files, "open_file", lambda path: opened.append(path) or True)
    page = _page(qtbot, services, events)
    page.preview_button.click()
    preview = page.preview
    assert preview.stack.currentWidget() is preview.fallback
    assert "PySide6-Pdf" in preview.fallback.findChildren(type(page.notice))[0].text()
    assert "Tháng" in preview.summary_title.text()
    assert len(PdfReader(preview.path).pages) >= 1
    page.print_button.click()
    assert opened == [preview.path]
    assert "trình đọc PDF" in page.notice.text()


def test_a_preview_goes_stale_when_the_choices_or_the_cases_change(
    page: ReportPage, services: Services, events: AppEvents, type_ime
) -> None:
    page.preview_button.click()
    assert page.print_button.isEnabled() and not page.preview.stale_notice.isVisibleTo(page)
    type_ime(page.form.number, "09")
    assert not page.print_button.isEnabled()
    assert "lựa chọn mới" in page.preview.stale_notice.text()
    page.form.number.clear()
    assert page.print_button.isEnabled() and not page.preview.stale_notice.isVisibleTo(page)
    events.cases_changed.emit(new_case(services, "Mất nước sinh hoạt ở ngõ 12"))
    assert not page.print_button.isEnabled()
    assert "Có vụ việc mới" in page.preview.stale_notice.text()


def test_saving_after_a_fresh_preview_saves_the_numbers_that_were_previewed(
    page: ReportPage, save_to, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.preview_button.click()
    calls: list[object] = []
    monkeypatch.setattr(ReportService, "build", lambda self, options: calls.append(options))
    save_to(tmp_path / "bc.pdf")
    page.pdf_button.click()
    assert calls == [] and (tmp_path / "bc.pdf").exists()


def test_opening_the_screen_loads_neither_openpyxl_nor_reportlab() -> None:
    """The writers load in the worker on the first export: ~0.9 s saved when the screen opens."""
    code = (
        "import sys, app.ui.reports.report_page; "
        "print(sorted(m for m in ('openpyxl', 'reportlab') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_f5_rebuilds_a_stale_preview(page: ReportPage, services: Services, events: AppEvents) -> None:
    page.refresh()
    assert page.preview.path is None  # nothing to refresh yet
    page.preview_button.click()
    events.cases_changed.emit(new_case(services, "Mất nước sinh hoạt ở ngõ 12"))
    assert not page.print_button.isEnabled()
    page.refresh()
    assert page.print_button.isEnabled() and not page.preview.stale_notice.isVisibleTo(page)
    assert "tiếp nhận 1 phản ánh" in page.preview.summary.text() or page.preview.available


def test_editing_while_the_preview_is_built_marks_it_stale(
    qtbot, services: Services, events: AppEvents, type_ime
) -> None:
    page = _page(qtbot, services, events, tasks=TaskRunner())
    page.preview_button.click()
    type_ime(page.form.number, "21/BC-UBND")  # typed while the worker runs
    qtbot.waitUntil(lambda: page.preview.path is not None and not page.job.busy, timeout=30_000)
    assert "lựa chọn mới" in page.preview.stale_notice.text()
    assert not page.print_button.isEnabled() and page.pdf_button.isEnabled()


def test_the_writer_progress_reaches_the_bar(page: ReportPage, services: Services, save_to, tmp_path) -> None:
    for n in range(3):
        new_case(services, f"Phản ánh tiếng ồn công trường số {n}")
    save_to(tmp_path / "bc.pdf")
    page.pdf_button.click()
    assert (page.progress.bar.maximum(), page.progress.bar.value()) == (3, 3)


class _FakePdf:
    """Stands in for a loaded QPdfDocument: a portrait page, then a landscape one."""

    sizes = (QSizeF(595, 842), QSizeF(842, 595))

    def __init__(self) -> None:
        self.rendered: list[tuple[int, QSize]] = []

    def pageCount(self) -> int:
        return len(self.sizes)

    def pagePointSize(self, index: int) -> QSizeF:
        return self.sizes[index]

    def render(self, index: int, size: QSize) -> QImage:
        self.rendered.append((index, size))
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        return image


def test_printing_puts_every_page_on_a4_at_a_sane_resolution(qtbot, tmp_path: Path) -> None:
    printer = report_printing.a4_printer("Báo cáo")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "in.pdf"))
    document = _FakePdf()
    assert report_printing.print_document(document, printer) == 2
    pages = PdfReader(tmp_path / "in.pdf").pages
    assert len(pages) == 2
    for page in pages:  # both sheets A4 portrait; the landscape page is turned, not shrunk
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert document.rendered[0][1] == QSize(2479, 3508)  # 300 dpi, not the printer's 1200
    assert document.rendered[1][1] == QSize(3508, 2479)


def test_the_main_window_opens_the_report_screen_on_ctrl_5(
    qtbot, services: Services, events: AppEvents, officer
) -> None:
    import dataclasses

    from app.ui.main_window import MainWindow

    chief = dataclasses.replace(officer, role="chief")  # the chief prints the reports
    window = MainWindow(services, events, InlineTaskRunner(), chief)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.intake.focus_first()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "reports"
    assert isinstance(window.stack.currentWidget(), ReportPage)


def test_printing_the_real_preview_goes_through_the_seam_on_a4(
    qtbot, page: ReportPage, services: Services, events: AppEvents, monkeypatch, tmp_path: Path
) -> None:
    mods = pytest.importorskip("PySide6.QtPdf")
    new_case(services, "Đèn đường hỏng ở tổ dân phố 3")
    page.preview_button.click()
    document = page.preview.document
    qtbot.waitUntil(lambda: document.status() == mods.QPdfDocument.Status.Ready, timeout=10_000)
    printer = report_printing.a4_printer("Báo cáo")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "in.pdf"))
    monkeypatch.setattr(report_printing, "choose_printer", lambda _p, _t, _n: printer)
    sent: list[str] = []
    events.status_message.connect(sent.append)
    page.print_button.click()
    pages = PdfReader(tmp_path / "in.pdf").pages
    assert len(pages) == page.preview.page_count() >= 1
    assert (round(float(pages[0].mediabox.width)), round(float(pages[0].mediabox.height))) == (595, 842)
    assert sent and f"{len(pages)} trang" in sent[-1]


def _pdf_bytes_text(pdf: bytes, folder: Path) -> str:
    path = folder / "_inside.pdf"
    path.write_bytes(pdf)
    return _pdf_text(path)
