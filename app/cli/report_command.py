"""``hotline-desk report``: a periodic report as xlsx or PDF, from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.period_args import add_period_arguments, period_from


def add_report_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", parents=[common], help="xuất báo cáo định kỳ (xlsx hoặc pdf)")
    add_period_arguments(report)
    report.add_argument("--format", choices=("xlsx", "pdf"), required=True)
    report.add_argument("--out", type=Path, required=True, help="tệp kết quả")
    report.add_argument("--number", default="", help="số văn bản, ví dụ 05/BC-UBND (để trống: điền tay)")
    report.add_argument("--signer", default="", help="họ tên người ký (mặc định: lãnh đạo cơ quan)")
    report.add_argument("--no-cases", action="store_true", help="không kèm danh sách vụ việc")
    report.add_argument("--show-phones", action="store_true", help="in đầy đủ số điện thoại")
    report.add_argument("--no-package", action="store_true", help="không ghi gói số liệu .hdbc bên cạnh")
    report.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.services.reports.report_service import ReportOptions, write_report
    from app.settings import resolve

    period = period_from(args)
    if period is None:
        return 2
    services = command_line_services(resolve(args.db))
    try:
        options = ReportOptions(period, document_number=args.number, signer_name=args.signer,
                                include_cases=not args.no_cases, show_phones=args.show_phones)  # fmt: skip
        report = services.reports.build(options)
        if report.xld01 is not None and (failures := report.xld01.cross_checks()):
            print("Cảnh báo: số liệu Biểu 01/XLD không khớp:\n- " + "\n- ".join(failures), file=sys.stderr)
            return 3
        from app.reports.errors import ReportError

        try:
            write_report(report, args.format, args.out)
            if not args.no_package:
                package = services.consolidation.write_package(options, report, args.out, args.format)
                print(f"Gói số liệu gửi cấp trên: {package}")
        except ReportError as error:
            print(f"Lỗi: {error}", file=sys.stderr)
            return 2
        services.outputs.exported("report", period.label, args.out)
    finally:
        services.close()
    print(f"Đã xuất báo cáo {period.title}: {args.out}")
    return 0
