"""``hotline-desk audit verify``: check the whole hash chain of the audit log."""

from __future__ import annotations

import argparse
import sys
from typing import Any

BROKEN_EXIT = 4


def add_audit_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    audit = sub.add_parser("audit", parents=[common], help="nhật ký truy cập và thay đổi")
    actions = audit.add_subparsers(dest="audit_command", required=True)
    verify = actions.add_parser("verify", parents=[common], help="kiểm tra nhật ký không bị sửa, xóa, chèn")
    verify.add_argument("--quiet", action="store_true", help="không in tiến độ")
    verify.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="N:MÃ",
        help="mốc in ở chân báo cáo đã ký, ví dụ 13870:4EE6-5F67-0900 (có thể nhiều lần)",
    )
    verify.set_defaults(handler=cmd_audit_verify)


def _rows(done: int) -> str:
    return f"Đã đọc {done:,} dòng nhật ký".replace(",", ".")


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.services.audit.audit_anchors import parse_typed
    from app.settings import resolve

    try:
        typed = [parse_typed(text) for text in args.anchor]
    except ValueError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    services = command_line_services(resolve(args.db))
    try:

        def progress(done: int) -> None:
            if not args.quiet:
                print(f"\r{_rows(done)}", end="", file=sys.stderr, flush=True)

        report = services.audit.verify(progress, typed)
        if not args.quiet:  # the last count on its own line: the result never runs into it
            print(f"\r{_rows(report.checked)}", file=sys.stderr, flush=True)
    finally:
        services.close()
    for note in report.notes:
        print(f"Chú ý: {note}", file=sys.stderr)
    if report.ok:
        print(f"{report.message()} ({report.seconds:.1f} s)")
        return 0
    print(
        f"Lỗi: {report.message()} Đã kiểm tra đúng {report.checked:,} dòng đầu.".replace(",", "."),
        file=sys.stderr,
    )
    return BROKEN_EXIT
