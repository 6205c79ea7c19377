"""Argument parser of ``hotline-desk``: the GUI by default, subcommands otherwise."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence

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


Adder = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]", argparse.ArgumentParser], None]

COMMANDS: dict[str, str] = {
    "init": "app.cli.parser:_add_database_parsers",
    "demo": "app.cli.parser:_add_database_parsers",
    "find": "app.cli.parser:_add_find_parser",
    "report": "app.cli.report_command:add_report_parser",
    "register": "app.cli.register_command:add_register_parsers",
    "form": "app.cli.register_command:add_register_parsers",
    "consolidate": "app.cli.consolidate_command:add_consolidate_parser",
    "deadlines": "app.cli.deadlines_command:add_deadlines_parser",
    "backup": "app.cli.backup_commands:add_backup_parsers",
    "restore": "app.cli.backup_commands:add_backup_parsers",
    "check": "app.cli.backup_commands:add_backup_parsers",
    "backup-key": "app.cli.backup_commands:add_backup_parsers",
    "import": "app.cli.import_command:add_import_parsers",
    "reentry": "app.cli.import_command:add_import_parsers",
    "calls": "app.cli.calls_command:add_calls_parser",
    "audit": "app.cli.audit_command:add_audit_parser",
    "user": "app.cli.user_command:add_user_parsers",
    "reply": "app.cli.reply_commands:add_reply_parsers",
    "callback": "app.cli.reply_commands:add_reply_parsers",
}
"""Each subcommand and the function that adds it (in the order ``--help`` lists them); a command
line that names one builds only that one (its module imported only then): ``find`` and the GUI
skip the other commands' modules (tests/integration/test_cli_imports.py)."""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line: ``--db`` before or after any subcommand.

    Given ``argv``, only the subcommand it names is added (none for the GUI's plain ``--db``);
    anything else (``--help``, a mistyped command, no ``argv``) gets the whole parser, so help and
    error messages list every command.
    """
    # --db works before or after the subcommand; SUPPRESS keeps the subparser from resetting it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=DB_HELP)
    parser = argparse.ArgumentParser(
        prog="hotline-desk",
        description="Sổ tiếp nhận phản ánh, kiến nghị qua đường dây nóng. Không có lệnh: mở giao diện.",
    )
    parser.add_argument("--db", default=None, help=DB_HELP)
    sub = parser.add_subparsers(dest="command")
    for adder in _adders(argv):
        adder(sub, common)
    return parser


def _adders(argv: Sequence[str] | None) -> list[Adder]:
    named = None if argv is None else _named_command(argv)
    if named == "":
        return []  # the GUI: no subcommand
    targets = [COMMANDS[named]] if named in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    return [_load(target) for target in dict.fromkeys(targets)]


def _named_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names; ``""`` for none, ``None`` when an option other than ``--db`` comes first."""
    words = iter(argv)
    for word in words:
        if word == "--db":
            next(words, None)
        elif word.startswith("--db="):
            continue
        elif word.startswith("-"):
            return None  # --help, an abbreviation, a mistake: the whole parser answers
        else:
            return word
    return ""


def _load(target: str) -> Adder:
    module, name = target.split(":")
    adder: Adder = getattr(importlib.import_module(module), name)
    return adder


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
