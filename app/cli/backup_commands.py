"""``hotline-desk backup``, ``restore`` and ``check``: the administrator's safety commands."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.services.backup.backup_service import Progress


def _progress(quiet: bool) -> Progress | None:
    def report(done: int, total: int) -> None:
        print(f"\r{100 * done // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)

    return None if quiet else report


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    """From ``--passphrase-file`` (its first line), else typed at the keyboard without echo."""
    from app.services.backup.backup_crypto import BackupPassphraseError

    if args.passphrase_file:
        try:
            lines = Path(args.passphrase_file).read_text(encoding="utf-8-sig").splitlines()
        except OSError as error:
            raise BackupPassphraseError(
                f"Không đọc được tệp mật khẩu «{args.passphrase_file}»: {error.strerror or error}."
            ) from error
        return lines[0] if lines else ""
    if not sys.stdin.isatty():
        raise BackupPassphraseError(
            "Cần mật khẩu của bản sao lưu: khi chạy tự động hãy dùng --passphrase-file TỆP."
        )
    first = getpass.getpass("Mật khẩu bản sao lưu: ")
    if twice and getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise BackupPassphraseError("Hai lần nhập mật khẩu không giống nhau; chưa sao lưu.")
    return first


PLAIN_WARNING = (
    "CẢNH BÁO: bản sao lưu KHÔNG mã hóa. Ai có tệp này (ổ USB, ổ mạng) đều đọc được mọi họ tên, "
    "số điện thoại, địa chỉ và nội dung, kể cả danh tính người tố cáo đã niêm phong "
    "(Luật Tố cáo điều 9, 56; Luật Bảo vệ dữ liệu cá nhân). Hãy cất giữ như hồ sơ mật."
)


def _secret(args: argparse.Namespace, needed: str) -> str | None:
    """What restoring asks for: the passphrase, or the recovery key typed from the sheet."""
    from app.services.backup.backup_key import BackupKeyError

    if needed == "passphrase":
        return _passphrase(args, twice=False)
    if needed != "recovery_key":
        return None
    if args.recovery_key_file:
        return _first_line(args.recovery_key_file, "khóa khôi phục")
    if not sys.stdin.isatty():
        raise BackupKeyError(
            "Bản sao lưu cần khóa khôi phục của cơ quan: khi chạy tự động hãy dùng --recovery-key-file TỆP."
        )
    return getpass.getpass("Khóa khôi phục (56 ký tự trên phiếu khóa khôi phục): ")


def _first_line(path: str, what: str) -> str:
    from app.services.backup.backup_crypto import BackupPassphraseError

    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        raise BackupPassphraseError(
            f"Không đọc được tệp {what} «{path}»: {error.strerror or error}."
        ) from error
    return lines[0] if lines else ""


def cmd_backup(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_backups
    from app.services.backup.backup_crypto import BackupPassphraseError
    from app.settings import resolve

    settings = resolve(args.db)
    if args.plain and args.encrypt:
        raise BackupPassphraseError("Không dùng cùng lúc --plain và --encrypt: hãy chọn một.")
    passphrase = _passphrase(args, twice=True) if args.encrypt else None
    with command_line_backups(settings, migrate_first=True) as service:
        result = service.backup(
            Path(args.out) if args.out else None,
            progress=_progress(args.quiet),
            encrypt=passphrase,
            plain=args.plain,
        )
    if not args.quiet:
        print(file=sys.stderr)
    cases = result.manifest.row_counts.get("case_file", 0)
    how = (
        f", đã mã hóa bằng khóa sao lưu của cơ quan ({result.manifest.key_fingerprint})."
        if result.manifest.key_fingerprint
        else ", đã mã hóa bằng mật khẩu."
        if result.manifest.encrypted
        else "."
    )
    print(f"Đã sao lưu {cases:,} vụ việc vào {result.path} ({result.manifest.size / 1e6:,.1f} MB, "
          f"{result.seconds:.1f} s), đã kiểm tra toàn vẹn{how}")  # fmt: skip
    if not result.manifest.encrypted:
        print(PLAIN_WARNING, file=sys.stderr)
    for path in result.removed:
        print(f"Đã xóa bản sao lưu cũ theo lịch giữ: {path.name}")
    return 0


DATA_SUFFIXES = (".enc", ".sqlite", ".zip")


def manifest_given(file: Path) -> str | None:
    """The message when ``file`` is a backup's ``.json`` manifest rather than its data file."""
    if file.suffix.lower() != ".json":
        return None
    beside = [file.with_suffix(suffix) for suffix in DATA_SUFFIXES if file.with_suffix(suffix).is_file()]
    if beside:
        return (
            f"«{file.name}» là tệp mô tả (manifest) của bản sao lưu, không phải dữ liệu. "
            f"Hãy khôi phục từ tệp dữ liệu bên cạnh nó: {beside[0]}"
        )
    names = ", ".join(file.with_suffix(suffix).name for suffix in DATA_SUFFIXES)
    return (
        f"«{file.name}» là tệp mô tả (manifest) của bản sao lưu, không phải dữ liệu, và bên cạnh nó "
        f"không có tệp dữ liệu ({names}). Hãy chép cả hai tệp cùng tên vào một thư mục rồi khôi phục "
        "từ tệp dữ liệu."
    )


def cmd_restore(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_backups, open_database
    from app.settings import resolve

    settings = resolve(args.db)
    file = Path(args.file)
    if (wrong := manifest_given(file)) is not None:
        print(f"Lỗi: {wrong}", file=sys.stderr)
        return 2
    with command_line_backups(settings, migrate_first=False) as service:  # the file may be damaged
        secret = _secret(args, service.secret_needed(service.inspect(file)))
        result = service.restore(file, force_office=args.force_office, passphrase=secret)
    open_database(settings).dispose()  # bring an older backup up to this program's schema
    made = result.manifest.created_at.strftime("%d/%m/%Y %H:%M")
    print(f"Đã khôi phục bản sao lưu ngày {made} của «{result.manifest.office_name}».")
    if result.kept is not None:
        print(f"Tệp dữ liệu trước khi khôi phục được giữ tại {result.kept}")
    return 0


def cmd_key_sheet(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_backups
    from app.settings import resolve

    with command_line_backups(resolve(args.db), migrate_first=True) as service:
        out = service.recovery_sheet(Path(args.out))
        fingerprint = service.office_key().fingerprint
    print(f"Đã in phiếu khóa khôi phục (dấu vân tay {fingerprint}) ra {out}. Hãy in giấy, cất vào tủ hồ sơ "
          "rồi xóa tệp PDF này.")  # fmt: skip
    return 0


def cmd_key_install(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_backups
    from app.settings import resolve

    typed = _secret(args, "recovery_key") or ""
    with command_line_backups(resolve(args.db), migrate_first=True) as service:
        key = service.install_key(typed)
    print(f"Đã cài khóa sao lưu của cơ quan (dấu vân tay {key.fingerprint}) trên máy này.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from app.db.engine import make_engine
    from app.services.backup.backup_keyring import backup_folders
    from app.services.maintenance.integrity_service import check_database
    from app.settings import resolve

    settings = resolve(args.db)
    engine = make_engine(settings.db_url)
    try:
        backups = [
            file for folder in backup_folders(engine, settings.data_dir) for file in folder.glob("hotline-*")
        ]
        report = check_database(engine, [*settings.private_files(), *backups])
    finally:
        engine.dispose()
    for note in report.notes:
        print(note)
    for problem in report.problems:
        print(f"Lỗi: {problem}", file=sys.stderr)
    if report.ok:
        print("Cơ sở dữ liệu tốt.")
        return 0
    return 1


def add_backup_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The ``backup``, ``restore`` and ``check`` subcommands."""
    backup = sub.add_parser("backup", parents=[common], help="sao lưu cơ sở dữ liệu (đã kiểm tra toàn vẹn)")
    backup.add_argument("--out", help="thư mục lưu bản sao (mặc định: thư mục cơ quan đã chọn)")
    backup.add_argument("--quiet", action="store_true", help="không in tiến độ")
    backup.add_argument(
        "--encrypt", action="store_true", help="mã hóa bản sao lưu bằng mật khẩu (AES-256-GCM)"
    )
    backup.add_argument("--passphrase-file", help="đọc mật khẩu từ dòng đầu của tệp này (khi chạy tự động)")
    backup.add_argument(
        "--plain",
        action="store_true",
        help="KHÔNG mã hóa (mặc định mã hóa bằng khóa của cơ quan): ai có tệp đều đọc được mọi danh tính",
    )
    backup.set_defaults(handler=cmd_backup)

    restore = sub.add_parser("restore", parents=[common], help="khôi phục từ một bản sao lưu")
    restore.add_argument(
        "file", help="tệp dữ liệu sao lưu (.enc hoặc .sqlite có tệp .json đi kèm, hoặc .zip với PostgreSQL)"
    )
    restore.add_argument(
        "--force-office", action="store_true", help="cho phép khôi phục bản của cơ quan khác"
    )
    restore.add_argument(
        "--passphrase-file", help="mật khẩu của bản sao lưu mã hóa (dòng đầu của tệp); mặc định: hỏi"
    )
    restore.add_argument(
        "--recovery-key-file", help="khóa khôi phục của cơ quan (dòng đầu của tệp), khi máy này không có khóa"
    )
    restore.set_defaults(handler=cmd_restore)

    check = sub.add_parser(
        "check", parents=[common], help="kiểm tra toàn vẹn cơ sở dữ liệu và quyền của các tệp (sửa nếu lỏng)"
    )
    check.set_defaults(handler=cmd_check)

    key = sub.add_parser("backup-key", parents=[common], help="khóa sao lưu của cơ quan: in phiếu, cài lại")
    actions = key.add_subparsers(dest="key_command", required=True)
    sheet = actions.add_parser("sheet", parents=[common], help="in phiếu khóa khôi phục (PDF) để cất tủ")
    sheet.add_argument("--out", required=True, help="tệp PDF sẽ ghi")
    sheet.set_defaults(handler=cmd_key_sheet)
    install = actions.add_parser("install", parents=[common], help="cài khóa từ phiếu khóa khôi phục")
    install.add_argument("--recovery-key-file", help="khóa khôi phục (dòng đầu của tệp); mặc định: hỏi")
    install.set_defaults(handler=cmd_key_install)
