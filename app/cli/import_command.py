"""``hotline-desk import`` and ``hotline-desk reentry``: bring files in, send phone cases out."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any


def add_import_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    from app.services.channels.import_types import SOURCES

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="nhập vụ việc từ bảng tính (xlsx, csv) hoặc tin nhắn Facebook (zip/json)",
    )
    imp.add_argument("file", type=Path, help="tệp cần nhập")
    imp.add_argument(
        "--source", choices=SOURCES, default="generic", help="hệ thống xuất tệp (mặc định: generic)"
    )
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và đếm, không ghi gì")
    imp.add_argument("--rejects", type=Path, help="ghi các dòng bị từ chối ra tệp .xlsx để sửa rồi nhập lại")
    imp.add_argument(
        "--page-name", action="append", default=[], help="tên Trang Facebook (tin nhắn của Trang)"
    )
    imp.add_argument("--quiet", action="store_true", help="không in tiến độ")
    imp.set_defaults(handler=cmd_import)

    out = sub.add_parser(
        "reentry", parents=[common], help="xuất vụ việc nhận qua điện thoại, Facebook, trực tiếp"
    )
    out.add_argument("out", type=Path, help="tệp kết quả .xlsx hoặc .csv")
    out.add_argument(
        "--profile", default="pakn_quoc_gia", help="mẫu cột (resources/data/reentry_columns.json)"
    )
    out.add_argument("--from", dest="date_from", type=date.fromisoformat, help="nhận từ ngày YYYY-MM-DD")
    out.add_argument("--to", dest="date_to", type=date.fromisoformat, help="đến ngày YYYY-MM-DD")
    out.add_argument("--again", action="store_true", help="xuất cả vụ việc đã xuất trước đây")
    out.set_defaults(handler=cmd_reentry)


def cmd_import(args: argparse.Namespace) -> int:
    """Exit 0 when every row was imported or already present, 1 when some row was rejected."""
    from app.bootstrap import command_line_services
    from app.services.accounts.auth_service import cli_actor
    from app.settings import resolve

    services = command_line_services(resolve(args.db))

    def progress(done: int, total: int) -> None:
        if not args.quiet and total:
            print(f"\r{100 * done // total:3d}%", end="", file=sys.stderr, flush=True)

    try:
        report = services.imports.run(
            args.file,
            args.source,
            dry_run=args.dry_run,
            progress=progress,
            page_names=args.page_name,
            actor=cli_actor(),
        )
    finally:
        services.close()
        if not args.quiet:
            print("\r    \r", end="", file=sys.stderr)
    if report.note:
        print(report.note)
    print(report.summary())
    if report.numbers:
        print(f"Số vụ việc đã cấp: {report.numbers[0]} … {report.numbers[-1]}")
    for hint in report.duplicates[:20]:
        print(f"  Dòng {hint.row}: có thể trùng vụ việc {hint.case_number} ({'; '.join(hint.reasons)})")
    for rej in report.rejected[:200]:
        print(f"  Dòng {rej.row}: {rej.reason}")
    if args.rejects and report.rejected:
        path = services.imports.save_rejects(report, args.rejects)
        print(f"Đã ghi các dòng bị từ chối vào «{path}».")
    return 1 if report.rejected else 0


def cmd_reentry(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.services.accounts.auth_service import cli_actor
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        result = services.reentry.export(
            args.out,
            args.profile,
            received_from=args.date_from,
            received_to=args.date_to,
            include_exported=args.again,
            actor=cli_actor(),
        )
    finally:
        services.close()
    if not result.count:
        print("Không có vụ việc nào cần xuất.")
    else:
        print(f"Đã xuất {result.count} vụ việc vào «{result.path}» và đánh dấu đã xuất.")
    return 0
