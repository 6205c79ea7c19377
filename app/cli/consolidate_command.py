"""``hotline-desk consolidate``: add up the report packages of many units into one report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.period_args import add_period_arguments, period_from

KIND_MARK = {"accepted": "  ", "note": "! ", "refused": "✗ "}


def add_consolidate_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser(
        "consolidate", parents=[common], help="tổng hợp báo cáo của các đơn vị (gói .hdbc) thành một báo cáo"
    )
    cmd.add_argument("files", nargs="+", type=Path, help="các gói .hdbc hoặc thư mục chứa chúng")
    add_period_arguments(cmd)
    cmd.add_argument("--out", type=Path, required=True, help="tệp kết quả .xlsx hoặc .pdf")
    cmd.add_argument("--number", default="", help="số văn bản của báo cáo tổng hợp")
    cmd.add_argument("--signer", default="", help="họ tên người ký")
    cmd.add_argument(
        "--units", default="", help="danh sách đơn vị: hai-phong-xa | hai-phong-so (mặc định: của cơ quan)"
    )
    cmd.add_argument(
        "--add-unknown", action="store_true", help="thêm đơn vị chưa có vào danh sách của cơ quan"
    )
    cmd.set_defaults(handler=cmd_consolidate)


def cmd_consolidate(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.reports.errors import ReportError
    from app.services.consolidation.consolidated import ConsolidationOptions
    from app.settings import resolve

    period = period_from(args)
    if period is None:
        return 2
    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "pdf"):
        print("Lỗi: --out phải là tệp .xlsx hoặc .pdf.", file=sys.stderr)
        return 2
    services = command_line_services(resolve(args.db))
    try:
        service = services.consolidation
        units = None
        if args.units:
            units = next((u for u in service.shipped_lists() if u.key == args.units), None)
            if units is None:
                keys = ", ".join(u.key for u in service.shipped_lists())
                print(f"Lỗi: không có danh sách «{args.units}» (có: {keys}).", file=sys.stderr)
                return 2
        options = ConsolidationOptions(period, document_number=args.number, signer_name=args.signer)
        result = service.consolidate(args.files, options, units)
        for line in result.log:
            print(KIND_MARK[line.kind.value] + line.message)
        if result.missing:
            print(f"Đơn vị chưa gửi báo cáo ({len(result.missing)}/{len(result.units.units)}): "
                  + ", ".join(u.name for u in result.missing))  # fmt: skip
        if args.add_unknown and result.unknown:
            service.add_units(list(result.unknown))
            print("Đã thêm vào danh sách đơn vị: " + ", ".join(result.unknown))
        try:
            out, package = service.write(result, fmt, args.out)
        except ReportError as error:
            print(f"Lỗi: {error}", file=sys.stderr)
            return 2
        services.outputs.exported("consolidation", period.label, out)
    finally:
        services.close()
    print(f"Đã tổng hợp {len(result.included)} báo cáo đơn vị: {out} (gói số liệu: {package})")
    if not result.included:
        print(
            "Cảnh báo: không có gói báo cáo hợp lệ nào; báo cáo tổng hợp chỉ có phần từ chối.",
            file=sys.stderr,
        )
        return 3
    return 0
