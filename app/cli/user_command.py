"""``hotline-desk user add|list|reset-password|disable``: accounts from the command line (audited)."""

from __future__ import annotations

import argparse
from typing import Any

from app.bootstrap import build_services
from app.domain.enums import Role
from app.services.auth_service import cli_actor
from app.settings import resolve


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


def _temporary(username: str, password: str) -> None:
    print(f"Tài khoản: {username}\nMật khẩu tạm: {password}")
    print("Cán bộ phải đổi mật khẩu này ở lần đăng nhập đầu tiên.")


def cmd_user_add(args: argparse.Namespace) -> int:
    services = build_services(resolve(args.db))
    try:
        password = services.auth.add_user(
            cli_actor(), args.username, Role(args.role), args.full_name, args.department
        )
        _temporary(args.username.strip().lower(), password)
    finally:
        services.close()
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    services = build_services(resolve(args.db))
    try:
        for a in services.auth.accounts():
            state = (
                "đã vô hiệu hóa"
                if not a.active
                else "chưa có mật khẩu"
                if not a.has_password
                else "hoạt động"
            )
            if a.active and a.locked_until is not None:
                state = f"tạm khóa đến {a.locked_until:%d/%m/%Y %H:%M}"
            last = f"{a.last_login_at:%d/%m/%Y %H:%M}" if a.last_login_at else "-"
            print(f"{a.username:<16} {Role(a.role).label:<18} {a.full_name:<24} {a.department or '-':<20} "
                  f"{state:<22} đăng nhập: {last}")  # fmt: skip
    finally:
        services.close()
    return 0


def cmd_user_reset(args: argparse.Namespace) -> int:
    services = build_services(resolve(args.db))
    try:
        _temporary(args.username.strip().lower(), services.auth.admin_reset(cli_actor(), args.username))
    finally:
        services.close()
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    services = build_services(resolve(args.db))
    try:
        services.auth.disable(cli_actor(), args.username)
        print(f"Đã vô hiệu hóa tài khoản {args.username.strip().lower()}.")
    finally:
        services.close()
    return 0
