"""``hotline-desk backup``, ``restore`` and ``check``: the administrator's safety commands."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from app.bootstrap import command_line_backups, open_database
from app.db.engine import make_engine
from app.services.backup.backup_crypto import BackupPassphraseError
from app.services.backup.backup_service import Progress
from app.services.maintenance.integrity_service import check_database
from app.settings import resolve


def _progress(quiet: bool) -> Progress | None:
    def report(done: int, total: int) -> None:
        print(f"\r{100 * done // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)

    return None if quiet else report


def _passphrase(args: argparse.Namespace, *, twice: bool) -> str:
    """From ``--passphrase-file`` (its first line), else typed at the keyboard without echo."""
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


def cmd_backup(args: argparse.Namespace) -> int:
    settings = resolve(args.db)
    passphrase = _passphrase(args, twice=True) if args.encrypt else None
    with command_line_backups(settings, migrate_first=True) as service:
        result = service.backup(
            Path(args.out) if args.out else None, progress=_progress(args.quiet), encrypt=passphrase
        )
    if not args.quiet:
        print(file=sys.stderr)
    cases = result.manifest.row_counts.get("case_file", 0)
    print(f"Đã sao lưu {cases:,} vụ việc vào {result.path} ({result.manifest.size / 1e6:,.1f} MB, "
          f"{result.seconds:.1f} s), đã kiểm tra toàn vẹn"
          + (", đã mã hóa." if result.manifest.encrypted else "."))  # fmt: skip
    for path in result.removed:
        print(f"Đã xóa bản sao lưu cũ theo lịch giữ: {path.name}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    settings = resolve(args.db)
    with command_line_backups(settings, migrate_first=False) as service:  # the file may be damaged
        file = Path(args.file)
        passphrase = _passphrase(args, twice=False) if service.inspect(file).encrypted else None
        result = service.restore(file, force_office=args.force_office, passphrase=passphrase)
    open_database(settings).dispose()  # bring an older backup up to this program's schema
    made = result.manifest.created_at.strftime("%d/%m/%Y %H:%M")
    print(f"Đã khôi phục bản sao lưu ngày {made} của «{result.manifest.office_name}».")
    if result.kept is not None:
        print(f"Tệp dữ liệu trước khi khôi phục được giữ tại {result.kept}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    settings = resolve(args.db)
    engine = make_engine(settings.db_url)
    try:
        report = check_database(engine)
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
    backup.set_defaults(handler=cmd_backup)

    restore = sub.add_parser("restore", parents=[common], help="khôi phục từ một bản sao lưu")
    restore.add_argument("file", help="tệp sao lưu (.sqlite có tệp .json đi kèm, hoặc .zip với PostgreSQL)")
    restore.add_argument(
        "--force-office", action="store_true", help="cho phép khôi phục bản của cơ quan khác"
    )
    restore.add_argument(
        "--passphrase-file", help="mật khẩu của bản sao lưu mã hóa (dòng đầu của tệp); mặc định: hỏi"
    )
    restore.set_defaults(handler=cmd_restore)

    check = sub.add_parser("check", parents=[common], help="kiểm tra toàn vẹn cơ sở dữ liệu")
    check.set_defaults(handler=cmd_check)
