"""Sổ tiếp công dân on the Báo cáo screen: walk-ins only, the unredacted copy, the row count, the jobs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from app.domain.periods import Period, PeriodKind
from app.reports.errors import ReportCancelled
from app.reports.register_types import ReceptionRegister
from app.services.core.errors import ServiceError
from app.services.reports.register_service import RegisterOptions, RegisterService, write_register
from app.ui import ask
from app.ui.reports.report_job import BUILDING, WRITING, Cancel, Failed, ReportJob
from app.ui.reports.report_options_form import UNREDACTED_TEXT, UNREDACTED_WARNING

Written = Callable[[ReceptionRegister, Path], None]

WALK_IN_TEXT = "Chỉ ghi lượt công dân đến trình bày trực tiếp"
WALK_IN_TIP = "Bỏ chọn để ghi cả các phản ánh qua đường dây nóng, Facebook, ứng dụng, thư và các kênh khác"


def suggested_name(period: Period, fmt: str) -> str:
    """ "Sổ tiếp công dân Tháng 5 năm 2026.xlsx" (no "/" from a date range)."""
    if period.kind is PeriodKind.RANGE:
        return f"Sổ tiếp công dân {period.start:%d.%m.%Y}-{period.end:%d.%m.%Y}.{fmt}"
    return f"Sổ tiếp công dân {period.label}.{fmt}"


class RegisterPanel(QWidget):
    """The register's own choices; the period comes from the screen's shared picker."""

    options_changed = Signal()

    def __init__(self, service: RegisterService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.walk_in = QCheckBox(self.tr(WALK_IN_TEXT), self)
        self.walk_in.setToolTip(self.tr(WALK_IN_TIP))
        self.unredacted = QCheckBox(self.tr(UNREDACTED_TEXT), self)
        self.unredacted.setObjectName("unredactedOption")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("registerCount")
        self.count_label.setWordWrap(True)
        self.count_label.setStyleSheet("QLabel#registerCount { color: #14324f; font-weight: 600; }")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        for widget in (self.walk_in, self.unredacted, self.count_label):
            box.addWidget(widget)
        self.walk_in.toggled.connect(self.options_changed)
        self.unredacted.toggled.connect(self.options_changed)
        self.unredacted.clicked.connect(self._on_unredacted_clicked)

    def options(self, period: Period) -> RegisterOptions:
        """What the officer chose, for ``period``."""
        return RegisterOptions(period, self.walk_in.isChecked(), self.unredacted.isChecked())

    def update_count(self, period: Period | None) -> None:
        """Say how many receptions the register of ``period`` lists."""
        if period is None:
            self.count_label.clear()
            return
        try:
            count = self._service.count(period, self.walk_in.isChecked())
        except ServiceError as error:
            self.count_label.setText(error.message)
            return
        text = self.tr("Sổ có {n} lượt tiếp trong kỳ.") if count else self.tr("Kỳ này chưa có lượt tiếp nào.")
        self.count_label.setText(text.format(n=count))

    def write(
        self, job: ReportJob, period: Period, target: tuple[str, Path], done: Written, failed: Failed
    ) -> None:
        """Build the register and write ``target`` = (format, path) off the UI thread."""
        options = self.options(period)
        fmt, path = target
        service = self._service

        def work(cancel: Cancel) -> tuple[ReceptionRegister, Path]:
            job.stage_changed.emit(BUILDING)
            register = service.build(options)
            if cancel():
                raise ReportCancelled()
            job.stage_changed.emit(WRITING[fmt])
            return register, write_register(register, fmt, path, progress=job.progress, cancel=cancel)

        job.run_task(work, lambda result: done(*result), failed)

    def _on_unredacted_clicked(self, checked: bool) -> None:
        if checked and not ask.confirm(
            self,
            self.tr(UNREDACTED_TEXT),
            self.tr(UNREDACTED_WARNING),
            yes=self.tr("Vẫn tạo bản không che"),
            no=self.tr("Giữ bản che"),
        ):
            self.unredacted.setChecked(False)
