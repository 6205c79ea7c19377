"""Sao lưu & khôi phục: the backup folder, "Sao lưu ngay" with progress, the list, and restore."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.services.backup.backup_crypto import MIN_PASSPHRASE
from app.services.backup.backup_manifest import BackupManifest
from app.services.backup.backup_service import BackupResult, RestoreResult
from app.services.core.errors import ServiceError
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.backup import backup_texts as texts
from app.ui.backup.backup_job import BackupJob, Listing, failure_text
from app.ui.backup.backup_table_model import BackupTableModel, Column
from app.ui.tasks import TaskRunner
from app.ui.widgets import file_dialogs
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

FOLDER_HINT = (
    "Nên chọn ổ USB hoặc ổ mạng khác ổ đang chứa dữ liệu. Chương trình tự sao lưu mỗi ngày một lần; "
    "giữ 7 bản hằng ngày, 4 bản hằng tuần và 12 bản hằng tháng."
)
BACKUP_FILES = "Bản sao lưu Hotline Desk (*.sqlite *.enc *.zip);;Mọi tệp (*)"


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class BackupPage(QWidget):
    """Every action is one BackupService call through BackupJob; this page only gathers and shows."""

    def __init__(
        self,
        services: Services,
        events: AppEvents,
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._events = events
        self._sqlite = services.settings.sqlite_path
        self._folder: Path | None = None
        self._listing = 0
        self.job = BackupJob(services.backups, tasks or TaskRunner(), self)
        self.notice = NoticeBar(self)
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.folder_button = QPushButton("Chọn thư mục…")
        self.encrypt_box = QCheckBox("Mã hóa bằng mật khẩu")
        self.passphrase = QLineEdit()
        self.repeat = QLineEdit()
        for edit, hint in ((self.passphrase, "Mật khẩu"), (self.repeat, "Nhập lại mật khẩu")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setPlaceholderText(hint)
            edit.setEnabled(False)
        self.backup_button = QPushButton("Sao lưu ngay")
        self.backup_button.setObjectName("primaryButton")
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.model = BackupTableModel(self)
        self.table = self._make_table()
        self.refresh_button = QPushButton("Làm mới")
        self.restore_button = QPushButton("Khôi phục…")
        self.restore_file_button = QPushButton("Khôi phục từ tệp khác…")
        self.sheet_button = QPushButton("In phiếu khóa khôi phục…")
        self._layout()
        self._connect()
        self._update_buttons()
        self.refresh()

    # --- construction -------------------------------------------------------------------
    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.OFFICE, QHeaderView.ResizeMode.Stretch)
        return table

    def _layout(self) -> None:
        title = QLabel("Sao lưu & khôi phục")
        title.setObjectName("pageTitle")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.folder_button)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.encrypt_box)
        secret_row.addWidget(self.passphrase, 1)
        secret_row.addWidget(self.repeat, 1)
        run_row = QHBoxLayout()
        run_row.addWidget(self.backup_button)
        run_row.addWidget(self.progress, 8)
        run_row.addStretch(1)  # the button keeps its width while the bar is hidden
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.refresh_button)
        list_buttons.addWidget(self.sheet_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.restore_file_button)
        list_buttons.addWidget(self.restore_button)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(self.notice)
        box.addWidget(_section("Thư mục sao lưu"))
        box.addLayout(folder_row)
        box.addWidget(_hint(FOLDER_HINT))
        box.addWidget(_section("Sao lưu ngay"))
        box.addLayout(secret_row)
        box.addWidget(
            _hint(
                f"Mật khẩu ít nhất {MIN_PASSPHRASE} ký tự. Hãy ghi nhớ: mất mật khẩu thì không khôi phục "
                f"được bản sao lưu đó. {texts.AUTO_ENCRYPTED}"
            )
        )
        box.addLayout(run_row)
        box.addWidget(_section("Các bản sao lưu"))
        box.addWidget(self.table, 1)
        if self._sqlite is None:
            box.addWidget(_hint(texts.PG_RESTORE))
        box.addLayout(list_buttons)

    def _connect(self) -> None:
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.encrypt_box.toggled.connect(self._on_encrypt_box_toggled)
        self.backup_button.clicked.connect(self.back_up)
        self.refresh_button.clicked.connect(self.refresh)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self._on_restore_file_button_clicked)
        self.sheet_button.clicked.connect(self._on_sheet_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _: self.restore_selected())
        self.job.busy_changed.connect(self._on_job_busy_changed)
        self.job.progressed.connect(self._on_job_progressed)
        self.job.checked.connect(self._on_job_checked)

    # --- listing ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the folder again (F5); files not yet checked are checked in the background."""
        self.job.list_folder(self._on_listed, self._show_failure)

    def _on_listed(self, listing: Listing) -> None:
        self._folder, backups = listing
        self.folder_edit.setText(str(self._folder))
        self.model.set_backups(backups)
        self._update_buttons()
        self._listing += 1
        unchecked = self.model.unchecked()
        if unchecked:
            self.job.check(self._listing, unchecked)

    def _on_job_checked(self, listing: int, path: Path, problem: str) -> None:
        if listing == self._listing:  # an answer about an older listing may predate a change
            self.model.set_verdict(path, problem)

    def _on_folder_button_clicked(self) -> None:
        start = self._folder if self._folder and self._folder.is_dir() else Path.home()
        chosen = file_dialogs.choose_folder(self, "Chọn thư mục sao lưu", start)
        if chosen is None:
            return
        self.notice.show_message(NoticeKind.INFO, f"Đang kiểm tra thư mục «{chosen}»…")
        self.job.set_folder(chosen, lambda _: self._on_folder_set(chosen), self._show_failure)

    def _on_folder_set(self, folder: Path) -> None:
        self.notice.show_message(NoticeKind.SUCCESS, f"Từ nay sao lưu vào «{folder}».")
        self.refresh()

    # --- backup -------------------------------------------------------------------------
    def back_up(self) -> None:
        """«Sao lưu ngay»: off the UI thread, the progress bar moving, the page still usable."""
        passphrase = None
        if self.encrypt_box.isChecked():
            passphrase = self.passphrase.text()
            if passphrase != self.repeat.text():
                self.notice.show_message(NoticeKind.ERROR, "Hai lần nhập mật khẩu không giống nhau.")
                self.repeat.setFocus()
                return
        self.notice.show_message(NoticeKind.INFO, "Đang sao lưu… Có thể tiếp tục làm việc trong lúc chờ.")
        self.job.backup(passphrase, self._on_backed_up, self._show_failure)

    def _on_backed_up(self, result: BackupResult) -> None:
        message = texts.backup_done(result)
        self.notice.show_message(NoticeKind.SUCCESS, message)
        self._events.status_message.emit(message)
        self.passphrase.clear()
        self.repeat.clear()
        self.refresh()

    def _on_encrypt_box_toggled(self, on: bool) -> None:
        self.passphrase.setEnabled(on)
        self.repeat.setEnabled(on)
        if on:
            self.passphrase.setFocus()

    # --- restore ------------------------------------------------------------------------
    def restore_selected(self) -> None:
        """«Khôi phục…» for the backup selected in the list."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.job.busy or self._sqlite is None:
            return
        info = self.model.backup(rows[0].row())
        self._restore(info.path, info.manifest)

    def _on_restore_file_button_clicked(self) -> None:
        start = self._folder if self._folder and self._folder.is_dir() else Path.home()
        chosen = file_dialogs.choose_file(self, "Chọn bản sao lưu", start, BACKUP_FILES)
        if chosen is not None:
            self.job.inspect(chosen, lambda manifest: self._restore(chosen, manifest), self._show_failure)

    def _on_sheet_button_clicked(self) -> None:
        start = Path.home() / "phieu-khoa-khoi-phuc.pdf"
        chosen = file_dialogs.choose_new_or_existing_file(
            self, "Lưu phiếu khóa khôi phục", start, "PDF (*.pdf)"
        )
        if chosen is not None:
            self.print_sheet(chosen)

    def print_sheet(self, out: Path) -> None:
        """Write the recovery sheet (the office key on paper) and say where it is."""
        try:
            self.job.service.recovery_sheet(out)
        except (ServiceError, OSError) as error:
            self._show_failure(error)
            return
        self.notice.show_message(
            NoticeKind.INFO, f"Đã ghi phiếu khóa khôi phục ra «{out}». Hãy in giấy, cất tủ rồi xóa tệp PDF."
        )

    def _restore(self, path: Path, manifest: BackupManifest) -> None:
        needed = self.job.service.secret_needed(manifest)
        passphrase = texts.ask_secret(self, path.name, needed, manifest.key_fingerprint) if needed else None
        if needed and passphrase is None:
            return
        office = self.job.service.office_name()
        question = texts.restore_question(manifest, office, self._sqlite)
        if not ask.confirm(self, texts.RESTORE_TITLE, question, yes="Khôi phục", no="Hủy"):
            return
        self.notice.show_message(NoticeKind.INFO, "Đang khôi phục… Không tắt máy trong lúc này.")
        # The officer has just confirmed the other office in the question above.
        self.job.restore(path, passphrase, True, self._on_restored, self._show_failure)

    def _on_restored(self, result: RestoreResult) -> None:
        ask.inform(self, "Đã khôi phục", texts.restore_done(result))
        self._events.database_replaced.emit()

    # --- state --------------------------------------------------------------------------
    def _show_failure(self, error: BaseException) -> None:
        self.notice.show_message(NoticeKind.ERROR, failure_text(error))

    def _on_job_busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)  # moving stripes until the first progress report arrives
        self._update_buttons()

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _update_buttons(self) -> None:
        idle = not self.job.busy
        selected = bool(self.table.selectionModel().selectedRows())
        can_restore = idle and self._sqlite is not None
        self.backup_button.setEnabled(idle)
        self.folder_button.setEnabled(idle)
        self.restore_button.setEnabled(can_restore and selected)
        self.restore_file_button.setEnabled(can_restore)
