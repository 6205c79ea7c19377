"""Kết nối cơ sở dữ liệu: the embedded file or a PostgreSQL server, tested before it can be saved."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.maintenance.db_target import (
    POSTGRESQL,
    SQLITE,
    DbTarget,
    check_connection,
    describe_url,
    safe_url,
    target_of,
)
from app.services.maintenance.integrity_service import ConnectionReport
from app.settings import ENV_DB_URL, Settings, save_db_url, saved_db_url
from app.ui import ask
from app.ui.tasks import TaskRunner
from app.ui.widgets import file_dialogs
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

log = logging.getLogger(__name__)

DISABLED_PRIMARY = (
    "QPushButton#primaryButton:disabled { background: #a9bccf; border-color: #a9bccf; color: #eef2f6; }"
)

NEXT_START = "Thay đổi có hiệu lực từ lần mở chương trình tiếp theo; dữ liệu đang dùng không bị động tới."
SQLITE_HINT = (
    "Chỉ một máy dùng tệp này. Không đặt tệp trên ổ mạng dùng chung: "
    "nhiều máy cùng ghi thì hãy chọn máy chủ PostgreSQL."
)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class ConnectionDialog(QDialog):
    """«Lưu» is enabled only once «Kiểm tra kết nối» succeeded for exactly the fields shown."""

    def __init__(
        self, settings: Settings, tasks: TaskRunner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._tasks = tasks or TaskRunner()
        self._tested: DbTarget | None = None
        self._testing: DbTarget | None = None
        self.setWindowTitle("Kết nối cơ sở dữ liệu")
        self.current = _hint(f"Đang dùng: {describe_url(settings.db_url)}.")
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sqlite_radio = QRadioButton("Tệp dữ liệu trên máy này (SQLite) — một máy tiếp nhận")
        self.pg_radio = QRadioButton("Máy chủ PostgreSQL — nhiều máy dùng chung một sổ")
        self._kinds = QButtonGroup(self)
        self._kinds.addButton(self.sqlite_radio)
        self._kinds.addButton(self.pg_radio)
        self.path = QLineEdit()
        self.path.setMinimumWidth(460)  # sets the dialog's width: the layout fixes its size to the content
        self.browse_button = QPushButton("Chọn…")
        self.host = QLineEdit()
        self.host.setMinimumWidth(460)
        self.host.setPlaceholderText("ví dụ: 192.168.1.10 hoặc may-chu-ubnd")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.database = QLineEdit()
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sqlite_form = self._sqlite_form()
        self.pg_form = self._pg_form()
        self.test_button = QPushButton("Kiểm tra kết nối")
        self.report_bar = NoticeBar(self)
        self.save_button = QPushButton("Lưu")
        self.save_button.setObjectName("primaryButton")
        self.save_button.setStyleSheet(DISABLED_PRIMARY)
        self.save_button.setEnabled(False)
        self.close_button = QPushButton("Đóng")
        self._layout()
        self._fill(target_of(saved_db_url(settings.data_dir) or settings.db_url))
        self._connect()

    # --- construction -------------------------------------------------------------------
    def _sqlite_form(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Tệp dữ liệu:"))
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
        box.addLayout(row)
        box.addWidget(_hint(SQLITE_HINT))
        return page

    def _pg_form(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Máy chủ:", self.host)
        form.addRow("Cổng:", self.port)
        form.addRow("Cơ sở dữ liệu:", self.database)
        form.addRow("Tên đăng nhập:", self.user)
        form.addRow("Mật khẩu:", self.password)
        return page

    def _layout(self) -> None:
        box = QVBoxLayout(self)
        box.addWidget(self.current)
        if os.environ.get(ENV_DB_URL):
            box.addWidget(
                _hint(
                    f"Lưu ý: biến môi trường {ENV_DB_URL} đang được đặt và được ưu tiên hơn lựa chọn ở đây."
                )
            )
        box.addWidget(self.sqlite_radio)
        box.addWidget(self.pg_radio)
        box.addWidget(self.sqlite_form)
        box.addWidget(self.pg_form)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        box.addLayout(test_row)
        box.addWidget(self.report_bar)
        box.addWidget(_hint(NEXT_START))
        box.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)  # always just as tall as its content
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        box.addLayout(buttons)

    def _connect(self) -> None:
        self.sqlite_radio.toggled.connect(self._on_fields_changed)
        for edit in (self.path, self.host, self.database, self.user, self.password):
            edit.textChanged.connect(self._on_fields_changed)
        self.port.valueChanged.connect(self._on_fields_changed)
        self.browse_button.clicked.connect(self._on_browse_clicked)
        self.test_button.clicked.connect(self.test)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)

    def _fill(self, target: DbTarget) -> None:
        """Show ``target``; the other kind's fields get sensible defaults."""
        sqlite = target.kind == SQLITE
        server = DbTarget(POSTGRESQL) if sqlite else target
        self.path.setText(target.path if sqlite else str(self._settings.data_dir / "hotline.db"))
        self.host.setText(server.host)
        self.port.setValue(server.port)
        self.database.setText(server.database)
        self.user.setText(server.user)
        self.password.setText(server.password)
        (self.sqlite_radio if target.kind == SQLITE else self.pg_radio).setChecked(True)
        self._on_fields_changed()

    # --- behaviour ----------------------------------------------------------------------
    def target(self) -> DbTarget:
        """The database the fields describe."""
        if self.sqlite_radio.isChecked():
            return DbTarget(SQLITE, path=self.path.text())
        return DbTarget(
            POSTGRESQL,
            host=self.host.text(),
            port=self.port.value(),
            database=self.database.text(),
            user=self.user.text(),
            password=self.password.text(),
        )

    def test(self) -> None:
        """Try the target off the UI thread; the answer comes back as a Vietnamese sentence."""
        target = self.target()
        self._testing = target
        self.test_button.setEnabled(False)
        self.report_bar.show_message(NoticeKind.INFO, "Đang kiểm tra kết nối…")
        self._tasks.submit(lambda: check_connection(target), self._on_tested, self._on_test_failed)

    def save(self) -> None:
        """Remember the tested target for the next start."""
        target = self.target()
        if target != self._tested:
            return
        url = target.url()
        try:
            where = save_db_url(url, self._settings.data_dir)
        except OSError as error:
            self.report_bar.show_message(
                NoticeKind.ERROR,
                f"Không lưu được thiết lập vào «{self._settings.data_dir}»: {error.strerror}.",
            )
            return
        log.info("database for the next start: %s (saved in %s)", safe_url(url), where)
        ask.inform(
            self,
            "Đã lưu kết nối",
            f"Đã lưu: {safe_url(url)}.\n\n{NEXT_START} Hãy đóng rồi mở lại chương trình.",
        )
        self.accept()

    def _on_fields_changed(self) -> None:
        sqlite = self.sqlite_radio.isChecked()
        self.sqlite_form.setVisible(sqlite)
        self.pg_form.setVisible(not sqlite)
        self._tested = None
        self.save_button.setEnabled(False)
        if self._testing is None:
            self.report_bar.clear_message()

    def _on_browse_clicked(self) -> None:
        start = Path(self.path.text()).parent if self.path.text() else self._settings.data_dir
        chosen = file_dialogs.choose_new_or_existing_file(
            self, "Chọn tệp dữ liệu", start, "Tệp dữ liệu Hotline Desk (*.db *.sqlite);;Mọi tệp (*)"
        )
        if chosen is not None:
            self.path.setText(str(chosen))

    def _on_tested(self, report: object) -> None:
        if not shiboken6.isValid(self) or not isinstance(report, ConnectionReport):
            return
        tested, self._testing = self._testing, None
        self.test_button.setEnabled(True)
        if tested != self.target():
            self.report_bar.clear_message()  # the fields changed while testing: that answer is stale
            return
        log.info("connection test %s: %s", "ok" if report.ok else "failed", safe_url(self.target().url()))
        detail = f" ({report.server_version})" if report.ok and report.server_version else ""
        self.report_bar.show_message(
            NoticeKind.SUCCESS if report.ok else NoticeKind.ERROR, report.message + detail
        )
        self._tested = tested if report.ok else None
        self.save_button.setEnabled(report.ok)

    def _on_test_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._testing = None
        self.test_button.setEnabled(True)
        log.warning("connection test crashed: %s", type(error).__name__)  # the text may carry the address
        self.report_bar.show_message(NoticeKind.ERROR, "Không kiểm tra được kết nối do lỗi không mong muốn.")
