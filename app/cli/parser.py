"""Argument parser of ``hotline-desk``: the GUI by default, subcommands otherwise."""

from __future__ import annotations

import argparse

from app.domain.office_kind import OfficeKind


def _positive(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("phải là số không âm")
    return number


DB_HELP = (
    "URL cơ sở dữ liệu (sqlite:///… hoặc postgresql+psycopg://…) "
    "hoặc đường dẫn tệp; mặc định: HOTLINE_DB_URL hoặc thư mục dữ liệu người dùng"
)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: ``--db`` before or after any subcommand."""
    # --db works before or after the subcommand; SUPPRESS keeps the subparser from resetting it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    parser = argparse.ArgumentParser(
        prog="hotline-desk",
        description="Sổ tiếp nhận phản ánh, kiến nghị qua đường dây nóng. Không có lệnh: mở giao diện.",
    )
    parser.add_argument("--db", default=None, help=DB_HELP)
    sub = parser.add_subparsers(dest="command")
    _add_database_parsers(sub, common)
    _add_find_parser(sub, common)
    _add_command_parsers(sub, common)
    return parser


def _add_database_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """``init`` and ``demo``: create the database, its office and officers, or fill it with samples."""
    init = sub.add_parser("init", parents=[common], help="tạo/cập nhật cơ sở dữ liệu, cơ quan, cán bộ")
    init.add_argument(
        "--office", help="tên cơ quan (bỏ trống: khai báo ở lần đăng nhập đầu của quản trị viên)"
    )
    init.add_argument("--parent", default="UBND thành phố Hải Phòng", help="cơ quan chủ quản")
    init.add_argument("--place", default="Hải Phòng", help="địa danh ghi trên văn bản")
    init.add_argument("--address", default="", help="địa chỉ trụ sở")
    init.add_argument("--leader", help="họ tên lãnh đạo ký văn bản (bắt buộc cùng --office)")
    init.add_argument("--leader-title", default="Chủ tịch", help="chức vụ người ký")
    init.add_argument(
        "--kind",
        choices=[k.value for k in OfficeKind],
        help="loại cơ quan, chọn danh sách đơn vị xử lý ban đầu (mặc định: đọc từ tên cơ quan)",
    )
    init.add_argument("--hotline", action="append", default=[], help="số đường dây nóng (lặp lại được)")
    init.add_argument(
        "--facebook-page", action="append", default=[], help="tên trang Facebook (lặp lại được)"
    )
    init.add_argument(
        "--department",
        action="append",
        default=[],
        help="đơn vị xử lý (lặp lại được; mặc định: theo loại cơ quan)",
    )
    init.add_argument("--admin", default="admin", help="tên đăng nhập quản trị")
    init.add_argument("--admin-password", help="mật khẩu quản trị (bỏ trống: hỏi khi chạy trong cửa sổ lệnh)")
    init.add_argument("--user", help="tên đăng nhập cán bộ tiếp nhận đầu tiên (mật khẩu tạm)")
    init.add_argument("--user-name", default="Cán bộ trực", help="họ tên cán bộ tiếp nhận")
    init.add_argument("--chief", help="tên đăng nhập lãnh đạo (mật khẩu tạm)")
    init.add_argument("--chief-name", default="Lãnh đạo", help="họ tên lãnh đạo có tài khoản")
    init.set_defaults(handler="cmd_init")

    demo = sub.add_parser("demo", parents=[common], help="tạo dữ liệu mẫu trong hai năm gần đây")
    demo.add_argument("--cases", type=_positive, default=2000, help="số vụ việc (mặc định 2000)")
    demo.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên")
    demo.add_argument("--quiet", action="store_true", help="không in tiến độ")
    demo.set_defaults(handler="cmd_demo")


def _add_find_parser(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    find = sub.add_parser("find", parents=[common], help="tìm vụ việc như ô tìm kiếm của danh sách")
    find.add_argument("text", help="số vụ việc, số điện thoại, họ tên hoặc nội dung (có/không dấu)")
    find.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    find.add_argument("--limit", type=int, default=50)
    find.set_defaults(handler="cmd_find")


def _add_command_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Each command module adds its own subcommands."""
    from app.cli.audit_command import add_audit_parser
    from app.cli.backup_commands import add_backup_parsers
    from app.cli.calls_command import add_calls_parser
    from app.cli.consolidate_command import add_consolidate_parser
    from app.cli.deadlines_command import add_deadlines_parser
    from app.cli.import_command import add_import_parsers
    from app.cli.register_command import add_register_parsers
    from app.cli.reply_commands import add_reply_parsers
    from app.cli.report_command import add_report_parser
    from app.cli.user_command import add_user_parsers

    add_report_parser(sub, common)
    add_register_parsers(sub, common)
    add_consolidate_parser(sub, common)
    add_deadlines_parser(sub, common)
    add_backup_parsers(sub, common)
    add_import_parsers(sub, common)
    add_calls_parser(sub, common)
    add_audit_parser(sub, common)
    add_user_parsers(sub, common)
    add_reply_parsers(sub, common)
