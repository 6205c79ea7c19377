"""``hotline-desk user add|list|set|limit|reset-password|disable|enable|unlock``: accounts (audited as cli)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import Any

from app.domain.enums import Role


def add_user_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    user = sub.add_parser("user", parents=[common], help="quản lý tài khoản cán bộ")
    actions = user.add_subparsers(dest="user_command", required=True)
    add = actions.add_parser("add", parents=[common], help="tạo tài khoản (in mật khẩu tạm)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role], help="vai trò")
    add.add_argument("--department", help="tên, mã hoặc số của đơn vị")
    add.add_argument("--full-name", default="", help="họ tên")
    add.set_defaults(handler=cmd_user_add)
    listing = actions.add_parser("list", parents=[common], help="liệt kê tài khoản")
    listing.set_defaults(handler=cmd_user_list)
    reset = actions.add_parser("reset-password", parents=[common], help="đặt lại mật khẩu (in mật khẩu tạm)")
    reset.add_argument("username")
    reset.set_defaults(handler=cmd_user_reset)
    disable = actions.add_parser("disable", parents=[common], help="vô hiệu hóa tài khoản")
    disable.add_argument("username")
    disable.set_defaults(handler=cmd_user_disable)
    enable = actions.add_parser("enable", parents=[common], help="kích hoạt lại tài khoản đã vô hiệu hóa")
    enable.add_argument("username")
    enable.set_defaults(handler=cmd_user_enable)
    unlock = actions.add_parser(
        "unlock", parents=[common], help="mở khóa tài khoản bị khóa do nhập sai mật khẩu"
    )
    unlock.add_argument("username")
    unlock.set_defaults(handler=cmd_user_unlock)
    change = actions.add_parser("set", parents=[common], help="đổi họ tên, vai trò hoặc đơn vị")
    change.add_argument("username")
    change.add_argument("--role", choices=[r.value for r in Role], help="vai trò mới")
    change.add_argument("--department", help='tên, mã hoặc số của đơn vị ("" = không thuộc đơn vị)')
    change.add_argument("--full-name", help="họ tên mới")
    change.set_defaults(handler=cmd_user_set)
    limit = actions.add_parser("limit", parents=[common], help="giới hạn lãnh đạo vào một số đơn vị")
    limit.add_argument("username")
    limit.add_argument(
        "--departments", required=True, help='các đơn vị, cách nhau bằng dấu phẩy ("" = mọi đơn vị)'
    )
    limit.set_defaults(handler=cmd_user_limit)


def _temporary(username: str, password: str) -> None:
    print(f"Tài khoản: {username}\nMật khẩu tạm: {password}")
    print("Cán bộ phải đổi mật khẩu này ở lần đăng nhập đầu tiên.")


def cmd_user_add(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.services.accounts.auth_service import cli_actor
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        password = services.auth.add_user(
            cli_actor(), args.username, Role(args.role), args.full_name, args.department
        )
        _temporary(args.username.strip().lower(), password)
    finally:
        services.close()
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        for a in services.auth.accounts():
            state = (
                "đã vô hiệu hóa"
                if not a.active
                else "chưa có mật khẩu"
                if not a.has_password
                else "hoạt động"
            )
            if a.active and a.locked and a.locked_until is not None:
                state = f"tạm khóa đến {a.locked_until:%d/%m/%Y %H:%M}"
            last = f"{a.last_login_at:%d/%m/%Y %H:%M}" if a.last_login_at else "-"
            print(f"{a.username:<16} {Role(a.role).label:<18} {a.full_name:<24} {a.department or '-':<20} "
                  f"{state:<22} đăng nhập: {last}")  # fmt: skip
            if a.role == Role.CHIEF:
                print(f"{'':<16} phụ trách: {'; '.join(a.limited_names) or 'mọi đơn vị'}")
    finally:
        services.close()
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.services.accounts.auth_service import cli_actor
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        _temporary(args.username.strip().lower(), services.auth.admin_reset(cli_actor(), args.username))
    finally:
        services.close()
    return 0


def _account_action(args: argparse.Namespace, method: str, done: str) -> int:
    """``user disable|enable|unlock USERNAME``: one AuthService call as cli:<user>, then say so."""
    from app.bootstrap import command_line_services
    from app.services.accounts.auth_service import cli_actor
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        getattr(services.auth, method)(cli_actor(), args.username)
        print(f"{done} {args.username.strip().lower()}.")
    finally:
        services.close()
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    return _account_action(args, "disable", "Đã vô hiệu hóa tài khoản")


def cmd_user_enable(args: argparse.Namespace) -> int:
    return _account_action(args, "enable", "Đã kích hoạt lại tài khoản")


def cmd_user_unlock(args: argparse.Namespace) -> int:
    return _account_action(args, "unlock", "Đã mở khóa tài khoản")


def cmd_user_set(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.services.accounts.auth_service import cli_actor
    from app.settings import resolve

    if args.role is None and args.department is None and args.full_name is None:
        print("Lỗi: hãy cho biết --role, --department hoặc --full-name.", file=sys.stderr)
        return 2
    services = command_line_services(resolve(args.db))
    try:
        services.auth.update_account(
            cli_actor(), args.username, full_name=args.full_name, role=args.role, department=args.department
        )
        print(f"Đã cập nhật tài khoản {args.username.strip().lower()}.")
    finally:
        services.close()
    return 0


def split_departments(text: str, known: Iterable[str]) -> list[str]:
    """``"Công an xã,Phòng Kinh tế, Hạ tầng và Đô thị"`` → two departments: a comma inside a known
    name (the seeded "Phòng Kinh tế, Hạ tầng và Đô thị" has one) does not split it."""
    names = {_comma_key(name) for name in known}
    parts = [part.strip() for part in text.split(",")]
    found: list[str] = []
    start = 0
    while start < len(parts):
        end = next(
            (j for j in range(len(parts), start + 1, -1) if _comma_key(",".join(parts[start:j])) in names),
            start + 1,
        )
        found.append(", ".join(parts[start:end]))
        start = end
    return [name for name in found if name]


def _comma_key(name: str) -> str:
    return ",".join(part.strip() for part in name.casefold().split(","))


def cmd_user_limit(args: argparse.Namespace) -> int:
    from app.bootstrap import command_line_services
    from app.services.accounts.auth_service import cli_actor
    from app.settings import resolve

    services = command_line_services(resolve(args.db))
    try:
        known = [d.name for d in services.catalog.departments(include_inactive=True)]
        wanted = split_departments(args.departments, known)
        services.auth.set_chief_departments(cli_actor(), args.username, wanted)
        names = {a.username: a.limited_names for a in services.auth.accounts()}[args.username.strip().lower()]
        print(f"Lãnh đạo {args.username.strip().lower()} phụ trách: {'; '.join(names) or 'mọi đơn vị'}.")
    finally:
        services.close()
    return 0
