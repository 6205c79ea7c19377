"""``hotline-desk register`` (Sổ tiếp công dân) and ``hotline-desk form`` (per-case forms as PDF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.period_args import add_period_arguments, period_from

FORM_KINDS = ("transfer", "guidance", "receipt", "sheet")


def add_register_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    register = sub.add_parser("register", parents=[common], help="xuất Sổ tiếp công dân (xlsx hoặc pdf)")
    add_period_arguments(register)
    register.add_argument("--format", choices=("xlsx", "pdf"), required=True)
    register.add_argument("--out", type=Path, required=True, help="tệp kết quả")
    register.add_argument("--walk-in-only", action="store_true", help="chỉ công dân đến trực tiếp")
    register.add_argument("--unredacted", action="store_true", help="in cả thông tin người tố cáo (bản mật)")
    register.set_defaults(handler=cmd_register)

    form = sub.add_parser("form", parents=[common], help="in phiếu của một vụ việc (pdf)")
    form.add_argument("kind", choices=FORM_KINDS, help="transfer: phiếu chuyển đơn; guidance: phiếu "
                      "hướng dẫn; receipt: giấy biên nhận; sheet: phiếu thông tin vụ việc")  # fmt: skip
    form.add_argument("case_number", help="số vụ việc, ví dụ 2026-00042")
    form.add_argument("--out", type=Path, required=True, help="tệp PDF kết quả")
    form.add_argument("--to", default="", help="cơ quan nhận đơn chuyển / cơ quan có thẩm quyền")
    form.add_argument("--number", default="", help="số văn bản do văn phòng cấp (để trống: điền tay)")
    form.add_argument("--guide", default="", help="nội dung hướng dẫn thêm (phiếu hướng dẫn)")
    form.add_argument("--doc", action="append", default=[], metavar="TÊN[:SỐ LƯỢNG]",
                      help="tài liệu đã nhận (giấy biên nhận), lặp lại cho mỗi tài liệu")  # fmt: skip
    form.add_argument("--signer", default="", help="họ tên người ký (mặc định: lãnh đạo cơ quan)")
    form.add_argument("--unredacted", action="store_true", help="in cả thông tin người tố cáo (bản mật)")
    form.set_defaults(handler=cmd_form)


def cmd_register(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.reports.errors import ReportError
    from app.services.reports.register_service import RegisterOptions, write_register
    from app.settings import resolve

    period = period_from(args)
    if period is None:
        return 2
    services = command_line_services(resolve(args.db))
    try:
        options = RegisterOptions(period, walk_in_only=args.walk_in_only, unredacted=args.unredacted)
        register = services.registers.build(options)
        try:
            write_register(register, args.format, args.out)
        except ReportError as error:
            print(f"Lỗi: {error}", file=sys.stderr)
            return 2
        services.outputs.exported("register", period.label, args.out)
    finally:
        services.close()
    print(f"Đã xuất Sổ tiếp công dân {period.title} ({register.row_count or 0} lượt): {args.out}")
    return 0


def _documents(values: list[str]) -> tuple[Any, ...]:
    from app.reports.forms_types import ReceiptItem

    items = []
    for value in values:
        name, _, quantity = value.rpartition(":") if ":" in value else (value, "", "")
        items.append(ReceiptItem(name.strip(), quantity.strip()))
    return tuple(items)


def cmd_form(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.reports.errors import ReportError
    from app.services.reports.forms_service import FormKind, FormOptions
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        forms = services.forms
        case_id = forms.case_id(args.case_number)
        options = FormOptions(recipient=args.to, document_number=args.number, guidance=args.guide,
                              documents=_documents(args.doc), signer_name=args.signer,
                              unredacted=args.unredacted)  # fmt: skip
        kind = FormKind(args.kind)
        try:
            forms.export(kind, case_id, args.out, options)
        except ReportError as error:
            print(f"Lỗi: {error}", file=sys.stderr)
            return 2
    finally:
        services.close()
    print(f"Đã in {kind.label} của vụ việc {args.case_number}: {args.out}")
    return 0
