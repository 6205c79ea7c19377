"""What the backup screen says: the restore warning, results, and the passphrase prompt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.services.backup.backup_manifest import BackupManifest
from app.services.backup.backup_service import BackupResult, RestoreResult
from app.ui import ask

RESTORE_TITLE = "Khôi phục bản sao lưu"
RESTARTS = (
    "Sau khi khôi phục, chương trình đóng mọi cửa sổ đang mở (kể cả hồ sơ vụ việc) và mở lại "
    "với dữ liệu đã khôi phục."
)
PG_RESTORE = (
    "Với máy chủ PostgreSQL, khôi phục được làm bằng lệnh «hotline-desk restore» vào một cơ sở dữ liệu "
    "trống, để không ghi đè sổ các máy khác đang dùng."
)
AUTO_ENCRYPTED = (
    "Không chọn mật khẩu thì bản sao lưu (kể cả bản tự động hằng ngày) được mã hóa bằng khóa sao lưu "
    "của cơ quan. Hãy in «Phiếu khóa khôi phục» một lần và cất vào tủ: cài lại máy thì cần khóa đó."
)


def count(n: int) -> str:
    """``12.345``: the Vietnamese thousands separator."""
    return f"{n:,}".replace(",", ".")


def restore_question(manifest: BackupManifest, current_office: str | None, live_file: Path | None) -> str:
    """The strong confirmation: what is replaced, what is kept, what happens next."""
    made = manifest.created_at.strftime("%d/%m/%Y lúc %H:%M")
    cases = manifest.row_counts.get("case_file")
    size = f" ({count(cases)} vụ việc)" if cases is not None else ""
    lines = [
        f"Khôi phục bản sao lưu ngày {made} của «{manifest.office_name}»{size}?",
        "Toàn bộ sổ đang dùng sẽ được thay bằng dữ liệu trong bản sao lưu: những vụ việc và thao tác "
        "nhập sau thời điểm đó sẽ không còn trong sổ.",
    ]
    if live_file is not None:
        lines.append(
            f"Tệp dữ liệu hiện tại được giữ lại với tên «{live_file.name}.before-restore» "
            f"trong thư mục {live_file.parent}, để có thể lấy lại khi cần."
        )
    if current_office and manifest.office_name != current_office:
        lines.append(
            f"CHÚ Ý: bản sao lưu thuộc cơ quan khác («{manifest.office_name}»), "
            f"không phải cơ quan đang dùng («{current_office}»)."
        )
    lines.append(RESTARTS + " Hãy lưu những gì đang nhập dở trước khi tiếp tục.")
    return "\n\n".join(lines)


def backup_done(result: BackupResult) -> str:
    cases = result.manifest.row_counts.get("case_file", 0)
    lock = (
        ", đã mã hóa bằng khóa của cơ quan"
        if result.manifest.key_fingerprint
        else ", đã mã hóa bằng mật khẩu"
        if result.manifest.encrypted
        else ", KHÔNG mã hóa"
    )
    names = ", ".join(p.name for p in result.removed)
    removed = f" Đã xóa {len(result.removed)} bản cũ theo lịch giữ: {names}." if result.removed else ""
    return (
        f"Đã sao lưu {count(cases)} vụ việc vào «{result.path.name}» "
        f"(đã kiểm tra toàn vẹn{lock}, {max(result.seconds, 1):.0f} giây).{removed}"
    )


def restore_done(result: RestoreResult) -> str:
    made = result.manifest.created_at.strftime("%d/%m/%Y %H:%M")
    kept = f"\n\nTệp dữ liệu trước khi khôi phục được giữ tại:\n{result.kept}" if result.kept else ""
    return f"Đã khôi phục bản sao lưu ngày {made} của «{result.manifest.office_name}».{kept}\n\n{RESTARTS}"


class PassphraseDialog(QDialog):
    """Asks for the passphrase of an encrypted backup, or the office's recovery key (never stored)."""

    def __init__(self, file_name: str, parent: QWidget | None = None, fingerprint: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Bản sao lưu được mã hóa")
        prompt = (
            f"«{file_name}» được mã hóa bằng khóa sao lưu của cơ quan (dấu vân tay {fingerprint}) mà máy "
            "này không có. Nhập khóa khôi phục (56 ký tự) in trên phiếu khóa khôi phục:"
            if fingerprint
            else f"Nhập mật khẩu đã dùng khi sao lưu «{file_name}»:"
        )
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMinimumWidth(360)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Mở khóa", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(label)
        box.addWidget(self.passphrase)
        box.addWidget(buttons)


def ask_secret(parent: QWidget | None, file_name: str, needed: str, fingerprint: str) -> str | None:
    """The passphrase or the recovery key (``needed`` says which), ``None`` when cancelled."""
    return ask_passphrase(parent, file_name, fingerprint if needed == "recovery_key" else "")


def ask_passphrase(parent: QWidget | None, file_name: str, fingerprint: str = "") -> str | None:
    """The typed passphrase (or recovery key), or ``None`` when the officer cancels."""
    dialog = PassphraseDialog(file_name, parent, fingerprint)
    accepted = ask.exec_dialog(dialog) == QDialog.DialogCode.Accepted
    text = dialog.passphrase.text()
    dialog.deleteLater()
    return text if accepted and text else None
