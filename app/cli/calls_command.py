"""``hotline-desk calls import FILE [--dry-run]`` and ``hotline-desk calls unmatched [--json]``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def add_calls_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    calls = sub.add_parser(
        "calls", parents=[common], help="nhật ký cuộc gọi, tin nhắn của máy trực: nhập và đối chiếu với sổ"
    )
    inner = calls.add_subparsers(dest="calls_command", required=True)
    imp = inner.add_parser(
        "import", parents=[common], help="nhập calls-….xml / sms-….xml (SMS Backup & Restore) hoặc CSV"
    )
    imp.add_argument("file", type=Path, help="tệp cần nhập")
    imp.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và đếm, không ghi gì")
    imp.set_defaults(handler=cmd_calls_import)
    unmatched = inner.add_parser(
        "unmatched", parents=[common], help="cuộc gọi, tin nhắn chưa có vụ việc trong sổ"
    )
    unmatched.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    unmatched.add_argument("--limit", type=int, default=10_000, help="nhiều nhất bao nhiêu dòng")
    unmatched.set_defaults(handler=cmd_calls_unmatched)


def cmd_calls_import(args: argparse.Namespace) -> int:
    """Exit 0 once the file was read (rows refused are listed); a refused file exits 2 via ``run``."""
    from app.bootstrap import command_line_services
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        report = services.calls.import_file(args.file, dry_run=args.dry_run)
    finally:
        services.close()
    print(report.summary())
    print(f"Cuộc gọi, tin nhắn đã đọc: {report.read}")
    print(f"Khớp vụ việc: {report.matched}")
    print(f"Chưa ghi nhận: {report.unmatched}")
    print(f"Đã gọi lại: {report.callbacks}")
    print(f"Đã nhập trước đây: {report.already}")
    for problem in report.problems[:200]:
        print(f"  Dòng {problem.line}: {problem.reason}")
    if len(report.problems) > 200:
        print(f"  … và {len(report.problems) - 200} dòng khác bị loại.")
    return 0


def cmd_calls_unmatched(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.domain.phone import format_phone
    from app.services.calls.phone_events import WITHHELD
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        rows = services.calls.unmatched(limit=args.limit)
    finally:
        services.close()
    if args.json:
        items = [
            {
                "id": r.id,
                "time": r.at.isoformat(),
                "phone": r.phone,
                "kind": r.kind.public,
                "duration_s": r.duration_s,
                "earlier_cases": r.earlier_cases,
                "callback_due": r.callback_due.isoformat() if r.callback_due else None,
                "called_back": r.called_back_at is not None,
            }
            for r in rows
        ]
        print(json.dumps(items, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print("Không có cuộc gọi, tin nhắn nào chưa ghi nhận.")
        return 0
    for r in rows:
        phone = format_phone(r.phone) if r.phone else WITHHELD
        print(f"{r.at:%d/%m/%Y %H:%M}  {r.kind.label:<14} {phone:<14} {r.duration_s:>5} s  {r.body[:60]}")
    print(f"Tổng: {len(rows)} cuộc gọi, tin nhắn chưa ghi nhận.")
    return 0
