"""«Tổng hợp báo cáo đơn vị»: choose the period and the units' packages, check, add up, save."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.services.consolidation.consolidated import ConsolidationOptions
from app.services.consolidation.consolidation_service import Consolidation
from app.services.consolidation.unit_list import UnitList
from app.services.core.errors import ServiceError
from app.ui.app_events import AppEvents
from app.ui.consolidation.result_view import ResultView
from app.ui.consolidation.source_list import SourceList
from app.ui.reports import report_files, report_layout
from app.ui.reports.period_picker import PeriodPicker
from app.ui.reports.report_job import describe_failure
from app.ui.tasks import TaskRunner
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

LEFT_MAX = 540
DISABLED_PRIMARY = (
    "QPushButton#primaryButton:disabled { background: #a9bccf; border-color: #a9bccf; color: #eef2f6; }"
)


class ConsolidationPage(QWidget):
    """The chief's consolidation; every figure comes from ``services.consolidation``."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = services.consolidation
        self._outputs = services.outputs
        self._events = events
        self._tasks = tasks or TaskRunner()
        self._busy = False
        self._lists: list[UnitList] = []
        self.result: Consolidation | None = None
        self.saved: tuple[Path, Path] | None = None
        self._last_dir = Path.home()
        self.picker = PeriodPicker(services.today, self)
        self.picker.set_quarter(*_last_quarter(services.today()))
        self.number = QLineEdit(self)
        self.number.setPlaceholderText(self.tr("ví dụ 12/BC-VP (để trống: điền tay khi ký)"))
        self.unit_choice = QComboBox(self)
        self.verify_hint = QLabel(self)
        self.verify_hint.setWordWrap(True)
        self.verify_hint.setObjectName("hint")
        self.sources = SourceList(self)
        self.add_files_button = self._button("Thêm tệp…")
        self.add_folder_button = self._button("Thêm thư mục…")
        self.remove_button = self._button("Bỏ khỏi danh sách")
        self.run_button = self._button("Kiểm tra và tổng hợp", "primaryButton")
        self.run_button.setStyleSheet(DISABLED_PRIMARY)
        self.excel_button = self._button("Lưu Excel…")
        self.pdf_button = self._button("Lưu PDF…")
        self.add_units_button = self._button("Thêm vào danh sách")
        self.notice = NoticeBar(self)
        self.view = ResultView(self)
        self.remove_units_button = self.view.remove_button
        self._build_layout()
        self._connect()
        self._load_lists()
        self._update_actions()

    def _button(self, text: str, name: str = "") -> QPushButton:
        button = QPushButton(self.tr(text), self)
        button.setObjectName(name)
        return button

    def _build_layout(self) -> None:
        title = QLabel(self.tr("Tổng hợp báo cáo đơn vị"), self)
        title.setObjectName("pageTitle")
        form = QFormLayout()
        form.addRow(self.tr("Số văn bản"), self.number)
        form.addRow(self.tr("Danh sách đơn vị"), self.unit_choice)
        pick = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            pick.addWidget(button)
        left = QWidget(self)
        left.setMinimumWidth(report_layout.PANEL_WIDTH)
        left.setMaximumWidth(LEFT_MAX)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(title)
        column.addWidget(report_layout.section(self.tr("Kỳ báo cáo")))
        column.addWidget(self.picker)
        column.addLayout(form)
        column.addWidget(self.verify_hint)
        column.addWidget(report_layout.section(self.tr("Gói báo cáo của các đơn vị (.hdbc)")))
        drop = QLabel(
            self.tr("Thêm tệp, thư mục (tệp đính kèm thư đã lưu, USB) hoặc kéo thả vào ô dưới."), self
        )
        drop.setObjectName("hint")
        drop.setWordWrap(True)
        column.addWidget(drop)
        column.addWidget(self.sources, 1)
        column.addLayout(pick)
        footer = QGridLayout()
        footer.addWidget(self.run_button, 0, 0, 1, 2)
        footer.addWidget(self.excel_button, 1, 0)
        footer.addWidget(self.pdf_button, 1, 1)
        footer.addWidget(self.add_units_button, 2, 0, 1, 2)
        footer.addWidget(self.notice, 3, 0, 1, 2)
        column.addLayout(footer)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(left, 0)
        layout.addWidget(self.view, 1)

    def _connect(self) -> None:
        self.add_files_button.clicked.connect(self.sources.choose_files)
        self.add_folder_button.clicked.connect(self.sources.choose_folder)
        self.remove_button.clicked.connect(self.sources.remove_selected)
        self.sources.changed.connect(self._on_inputs_changed)
        self.picker.period_changed.connect(self._on_inputs_changed)
        self.unit_choice.currentIndexChanged.connect(self._on_unit_choice_changed)
        self.run_button.clicked.connect(self.run)
        self.excel_button.clicked.connect(lambda: self.save("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.add_units_button.clicked.connect(self.add_unknown_units)
        self.remove_units_button.clicked.connect(self.remove_selected_units)
        self.view.missing.itemSelectionChanged.connect(self._update_actions)

    def _load_lists(self) -> None:
        try:
            self._lists = [self._service.office_list(), *self._service.shipped_lists()]
        except ServiceError as error:
            self.notice.show_message(NoticeKind.ERROR, error.message)
            return
        self.unit_choice.blockSignals(True)
        self.unit_choice.clear()
        first = self._lists[0]
        self.unit_choice.addItem(self.tr("Của cơ quan ({n} đơn vị)").format(n=len(first.units)))
        for units in self._lists[1:]:
            self.unit_choice.addItem(
                self.tr("Mẫu: {s} ({n} đơn vị)").format(s=units.short or units.title, n=len(units.units))
            )
        self.unit_choice.blockSignals(False)
        self._on_unit_choice_changed(0)

    def chosen_list(self) -> UnitList | None:
        index = self.unit_choice.currentIndex()
        return self._lists[index] if 0 <= index < len(self._lists) else None

    def _on_unit_choice_changed(self, _index: int) -> None:
        units = self.chosen_list()
        lines = [units.title] if units else []
        if units and units.to_verify:
            lines.append(self.tr("Cần kiểm tra: {h}").format(h=units.to_verify))
        self.verify_hint.setText("\n".join(lines))
        self.verify_hint.setToolTip(units.source if units else "")
        self._on_inputs_changed()

    def _on_inputs_changed(self) -> None:
        if self.result is not None:
            self.result = None
            self.notice.show_message(
                NoticeKind.INFO, self.tr("Đã đổi lựa chọn — bấm «Kiểm tra và tổng hợp» lại.")
            )
        self._update_actions()

    def _update_actions(self) -> None:
        ready = self.picker.period() is not None and self.sources.count() > 0 and not self._busy
        self.run_button.setEnabled(ready)
        for button in (self.excel_button, self.pdf_button):
            button.setEnabled(ready and self.result is not None)
        self.add_units_button.setEnabled(
            not self._busy and self.result is not None and bool(self.result.unknown)
        )
        self.remove_units_button.setEnabled(not self._busy and bool(self.view.missing.selectedItems()))

    def _submit(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._busy = True
        self._update_actions()

        def finished(value: Any) -> None:
            self._busy = False
            done(value)
            self._update_actions()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.notice.show_message(*describe_failure(error))
            self._update_actions()

        self._tasks.submit(work, finished, failed)

    def run(self) -> None:
        """Read and check every package, add them up (off the UI thread), show the log."""
        period, units = self.picker.period(), self.chosen_list()
        if period is None or self._busy:
            return
        options = ConsolidationOptions(period, document_number=self.number.text().strip())
        paths = self.sources.paths()
        self.notice.show_message(NoticeKind.INFO, self.tr("Đang kiểm tra {n} mục…").format(n=len(paths)))
        self._submit(lambda: self._service.consolidate(paths, options, units), self._on_consolidated)

    def _on_consolidated(self, result: Consolidation) -> None:
        self.result = result
        self.view.show_result(result)
        if result.included:
            self.notice.show_message(
                NoticeKind.SUCCESS,
                self.tr("Đã tổng hợp {n} báo cáo đơn vị: hãy xem nhật ký rồi lưu.").format(
                    n=len(result.included)
                ),
            )
        else:
            self.notice.show_message(NoticeKind.WARNING, self.tr("Không có báo cáo hợp lệ nào để tổng hợp."))

    def add_unknown_units(self) -> None:
        """Add the units not on the list to the office's own list, then check again."""
        if self.result is None or not self.result.unknown:
            return
        try:
            self._service.add_units(list(self.result.unknown), self.chosen_list())
        except ServiceError as error:
            self.notice.show_message(NoticeKind.ERROR, error.message)
            return
        self._load_lists()
        self.unit_choice.setCurrentIndex(0)
        self.run()

    def remove_selected_units(self) -> None:
        """Take the units selected among «Đơn vị chưa gửi» off the office's list, then check again."""
        names = [item.text() for item in self.view.missing.selectedItems()]
        if not names:
            return
        try:
            self._service.remove_units(names, self.chosen_list())
        except ServiceError as error:
            self.notice.show_message(NoticeKind.ERROR, error.message)
            return
        self._load_lists()
        self.unit_choice.setCurrentIndex(0)
        self.run()

    def save(self, fmt: str) -> None:
        """Ask where, then write the consolidated report and its own package beside it."""
        result = self.result
        if result is None or self._busy:
            return
        name = f"Tổng hợp báo cáo đơn vị {result.options.period.label}.{fmt}".replace("/", ".")
        title = self.tr("Lưu tệp Excel") if fmt == "xlsx" else self.tr("Lưu tệp PDF")
        path = report_files.choose_save_path(self, title, self._last_dir / name, fmt)
        if path is None:
            return
        self._last_dir = path.parent
        self._submit(lambda: self._service.write(result, fmt, path), self._on_saved)

    def _on_saved(self, written: tuple[Path, Path]) -> None:
        self.saved = written
        report, package = written
        try:
            self._outputs.exported(
                "consolidation", self.result.options.period.label if self.result else "", report
            )
        except ServiceError as error:
            self.notice.show_message(
                NoticeKind.ERROR, self.tr("Chưa ghi được nhật ký xuất: {e}").format(e=error.message)
            )
            return
        self.notice.show_message(
            NoticeKind.SUCCESS,
            self.tr("Đã lưu báo cáo tổng hợp «{p}» và gói số liệu «{n}».").format(
                p=report.name, n=package.name
            ),
        )
        self.notice.setToolTip(str(report.parent))
        self._events.status_message.emit(self.tr("Đã lưu tệp {name}").format(name=report.name))


def _last_quarter(today: Any) -> tuple[int, int]:
    """The quarter before the current one: the one units report on."""
    number = (today.month - 1) // 3
    return (today.year, number) if number else (today.year - 1, 4)
