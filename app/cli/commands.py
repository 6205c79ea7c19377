"""Implementations of the ``hotline-desk`` subcommands; each returns a process exit code."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING

from app.services.core.errors import ServiceError

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.services.catalog.seed_service import OfficeSetup


def _services(args: argparse.Namespace, setup: OfficeSetup | None = None) -> Services:
    from app.bootstrap import command_line_services
    from app.settings import resolve

    return command_line_services(resolve(args.db), setup=setup)


def cmd_init(args: argparse.Namespace) -> int:
    from app.services.catalog.seed_service import OfficeSetup

    if args.office is not None and not (args.leader or "").strip():
        print("Lỗi: cần --leader (họ tên người ký văn bản) cùng với --office.", file=sys.stderr)
        return 2
    services = _services(args, OfficeSetup(admin_username=args.admin))
    try:
        _admin_password(services, args)
        if args.office is not None:
            _declare_office(services, args)
        office = services.catalog.office()
        print(f"Cơ sở dữ liệu: {services.settings.db_url}")
        if office.name:
            print(f"Cơ quan: {office.name}")
            print(f"Đơn vị xử lý: {'; '.join(d.name for d in services.catalog.departments())}")
        else:
            print(
                "Cơ quan: chưa khai báo — quản trị viên khai báo ở lần đăng nhập đầu (hoặc init --office … --leader …)."
            )
        print(f"Cán bộ: {', '.join(u.username for u in services.catalog.users())}")
    except ServiceError as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 2
    finally:
        services.close()
    return 0


def _declare_office(services: Services, args: argparse.Namespace) -> None:
    """``init --office …``: the first-run setup from options; new accounts print their temporary password."""
    from app.domain.first_day import FirstAccount, FirstDay
    from app.domain.office_kind import OfficeKind, office_kind_of

    if not services.first_day.needed():  # declared already: init changes nothing (edit in «Danh mục›Cơ quan»)
        print("Cơ quan đã được khai báo; init không thay đổi. Sửa thông tin ở «Danh mục › Cơ quan».")
        return
    kind = OfficeKind(args.kind) if args.kind else office_kind_of(args.office)
    existing = {u.username for u in services.catalog.users(include_inactive=True)}

    def account(username: str | None, full_name: str) -> FirstAccount | None:
        return FirstAccount(username, full_name) if username and username.lower() not in existing else None

    day = FirstDay(
        name=args.office, kind=kind, leader_name=args.leader or "", leader_title=args.leader_title,
        parent_body=args.parent, place_name=args.place, address=args.address,
        hotlines=tuple(args.hotline), facebook_pages=tuple(args.facebook_page),
        departments=tuple(args.department) or tuple(services.first_day.presets(kind)),
        officer=account(args.user, args.user_name), chief=account(args.chief, args.chief_name),
    )  # fmt: skip
    for issued in services.first_day.apply(day):
        print(f"Tài khoản {issued.username} ({issued.role.label}): mật khẩu tạm {issued.temporary_password}")


def _admin_password(services: Services, args: argparse.Namespace) -> None:
    """Set the administrator's password from --admin-password, or ask for it on a terminal."""
    from app.services.accounts.auth_service import cli_actor

    password = args.admin_password
    if password is None and services.auth.needs_setup() and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(f"Mật khẩu cho tài khoản quản trị «{args.admin}»: ")
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            print("Lỗi: hai lần nhập không khớp; chưa đặt mật khẩu.", file=sys.stderr)
            return
    if password is not None:
        services.auth.set_password(cli_actor(), args.admin, password)
        print(f"Đã đặt mật khẩu cho tài khoản quản trị {args.admin}.")
    elif services.auth.needs_setup():
        print(
            f"Chưa có mật khẩu quản trị: chạy lại với --admin-password hoặc «user reset-password {args.admin}»."
        )


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo.sample_office import SAMPLE_OFFICE, sample_first_day

    services = _services(args, SAMPLE_OFFICE)
    if services.first_day.needed():  # a blank office (made by init or the app): the demo names it
        services.first_day.apply(
            sample_first_day(services.first_day, services.catalog.users(include_inactive=True))
        )
    demo = services.demo
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if not args.quiet:
            print(f"\r{done:,}/{total:,} vụ việc", end="", file=sys.stderr, flush=True)

    written = demo.generate(args.cases, seed=args.seed, progress=progress)
    if not args.quiet:
        print(file=sys.stderr)
    print(f"Đã tạo {written:,} vụ việc mẫu trong {time.perf_counter() - started:.1f} s.")
    services.close()
    return 0


def cmd_find(args: argparse.Namespace) -> int:
    from app.services.cases.dto import CaseFilter

    services = _services(args)
    page = services.query.page(CaseFilter(text=args.text), limit=args.limit)
    if args.json:
        rows = []
        for r in page.rows:
            item = asdict(r)
            item["received_at"] = r.received_at.isoformat(sep=" ")
            item["due_date"] = r.due_date.isoformat() if r.due_date else None
            rows.append(item)
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif not page.rows:
        print("Không tìm thấy vụ việc nào.")
    else:
        for r in page.rows:
            due = f" hạn {r.due_date:%d/%m/%Y}" if r.due_date else ""
            code = f"  [{r.external_ref}]" if r.external_ref else ""
            print(
                f"{r.number}{code}  {r.received_at:%d/%m/%Y %H:%M}  {r.status.label:<20} "
                f"{r.citizen_name or '-'}  {r.phone or ''}{due}\n    {r.excerpt}"
            )
    services.close()
    return 0


def run(handler_name: str | Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; a refused action prints its Vietnamese message and exits 2."""
    handler = globals()[handler_name] if isinstance(handler_name, str) else handler_name
    try:
        code: int = handler(args)
        return code
    except ServiceError as error:
        print(f"Lỗi: {error.message}", file=sys.stderr)
        return 2
