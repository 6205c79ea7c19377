"""The running report job: what it is doing, a progress bar and "Hủy"; hidden while idle."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.ui.reports.report_job import ReportJob


class JobProgress(QWidget):
    """Follows ``job``: busy → shown with an indeterminate bar until the writer counts rows."""

    def __init__(self, job: ReportJob, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._job = job
        self.stage = QLabel(self)
        self.bar = QProgressBar(self)
        self.cancel_button = QPushButton(self.tr("Hủy"), self)
        self.cancel_button.setToolTip(self.tr("Dừng lập báo cáo; không để lại tệp dở dang"))
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.stage, 0, 0, 1, 2)
        grid.addWidget(self.bar, 1, 0)
        grid.addWidget(self.cancel_button, 1, 1)
        grid.setColumnStretch(0, 1)
        job.stage_changed.connect(self.stage.setText)
        job.progressed.connect(self._on_job_progressed)
        job.busy_changed.connect(self._on_job_busy_changed)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self.hide()

    def _on_job_busy_changed(self, busy: bool) -> None:
        if busy:
            self.bar.setRange(0, 0)
            self.cancel_button.setEnabled(True)
        self.setVisible(busy)

    def _on_job_progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _on_cancel_button_clicked(self) -> None:
        self._job.cancel()
        self.cancel_button.setEnabled(False)
        self.stage.setText(self.tr("Đang hủy…"))
