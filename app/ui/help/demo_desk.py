"""A small demo office for the manual's screenshots: demo cases, the four roles, one case worked through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.bootstrap import Services, build_services, command_line_services
from app.domain.enums import Channel, Role
from app.domain.permissions import Actor
from app.services.accounts.auth_service import cli_actor
from app.services.cases.dto import NewCase
from app.services.catalog.dto import UserItem
from app.services.demo.sample_office import SAMPLE_OFFICE
from app.settings import resolve

DEMO_CASES = 240
DEMO_PASSWORD = "Trực ban Nhị Chiểu 2026"
CALLER_PHONE = "0912 345 678"
"""The caller whose earlier calls the intake form shows."""

STREET_LIGHT = (
    "Đèn chiếu sáng trước nhà số 21 phố Hàng Kênh bị hỏng hơn một tuần, buổi tối ngõ rất tối, "
    "người đi đường và học sinh đi học về đi lại nguy hiểm. Đề nghị phường kiểm tra, thay bóng đèn."
)
REPLY = (
    "Ngày 05/12, Phòng Kinh tế, Hạ tầng và Đô thị đã phối hợp với đơn vị quản lý chiếu sáng kiểm tra, "
    "thay bóng đèn trước nhà số 21 phố Hàng Kênh; đèn đã sáng bình thường từ tối cùng ngày."
)


@dataclass(frozen=True)
class DemoDesk:
    """The demo office and who plays each role in it."""

    services: Services
    receiver: UserItem
    handler: UserItem
    chief: UserItem
    admin: UserItem
    case_id: int
    """The street-light case: assigned, its reply drafted and sent to the chief."""
    backup_folder: Path

    def sign_in(self, user: UserItem) -> None:
        actor = Actor(user.id, user.username, user.full_name, user.role, user.department_id)
        self.services.signed_in.sign_in(actor)


def build_demo_desk(folder: Path) -> DemoDesk:
    """Fill a database in ``folder`` as ``hotline-desk demo`` and a few days of work would, then open
    it as the desktop app does (nobody signed in until :meth:`DemoDesk.sign_in`)."""
    settings = resolve(f"sqlite:///{folder / 'hotline.db'}", data_dir=folder)
    usb = folder / "USB"
    usb.mkdir(exist_ok=True)
    maker = command_line_services(settings, setup=SAMPLE_OFFICE)  # the demo's sample ward
    try:
        maker.demo.generate(DEMO_CASES, seed=3)
        maker.catalog.save_user("lanhdao", "Nguyễn Văn Thành", Role.CHIEF, None)
        users = maker.catalog.users(include_inactive=True)
        receiver = next(u for u in users if u.username == "trucban")
        departments = {d.id: d.name for d in maker.catalog.departments()}
        handlers = [u for u in users if u.role == Role.HANDLER.value]
        handler = next((u for u in handlers if "Kinh tế" in departments.get(u.department_id or 0, "")),
                       handlers[0])  # fmt: skip
        case_id = _street_light(maker, receiver, handler)
        maker.signed_in.sign_out()
        for user in (
            receiver,
            handler,
            *(u for u in users if u.role in (Role.ADMIN.value, Role.CHIEF.value)),
        ):
            maker.auth.set_password(cli_actor(), user.username, DEMO_PASSWORD)  # they have signed in before
        maker.backups.set_folder(usb)
        maker.backups.backup()
    finally:
        maker.close()
    services = build_services(settings, command_line=None)
    users = services.catalog.users(include_inactive=True)
    by_name = {u.username: u for u in users}
    return DemoDesk(
        services,
        receiver=by_name["trucban"],
        handler=by_name[handler.username],
        chief=by_name["lanhdao"],
        admin=next(u for u in users if u.role == Role.ADMIN.value),
        case_id=case_id,
        backup_folder=usb,
    )


def _street_light(services: Services, receiver: UserItem, handler: UserItem) -> int:
    """Two earlier calls from the same citizen, then the case the manual follows from intake to reply."""
    now = datetime.now().replace(second=0, microsecond=0)
    fields = {f.name: f.id for f in services.catalog.fields()}
    field_id = next((i for name, i in fields.items() if "đô thị" in name.lower()), None)
    earlier = (
        (40, "Rác thải tập kết trên vỉa hè đầu ngõ 42 phố Hàng Kênh nhiều ngày không được thu gom."),
        (12, "Nắp hố ga trước nhà số 25 phố Hàng Kênh bị vỡ, đề nghị thay để tránh tai nạn."),
    )
    for days, content in earlier:
        services.cases.create_case(
            NewCase(content=content, citizen_name="Lê Thị Mai", phone=CALLER_PHONE,
                    received_at=now - timedelta(days=days, hours=2), field_id=field_id),
            receiver.id,
        )  # fmt: skip
    saved = services.cases.create_case(
        NewCase(content=STREET_LIGHT, citizen_name="Lê Thị Mai", phone=CALLER_PHONE, channel=Channel.HOTLINE,
                address="Số 21 phố Hàng Kênh", location="Trước nhà số 21 phố Hàng Kênh",
                request="Thay bóng đèn chiếu sáng", received_at=now - timedelta(days=3), field_id=field_id,
                call_seconds=185),
        receiver.id,
    )  # fmt: skip
    services.cases.assign(saved.id, handler.department_id, handler.id,
                          "Giao phòng kiểm tra, báo cáo kết quả trước thứ Sáu.", receiver.id)  # fmt: skip
    handler_actor = Actor(
        handler.id, handler.username, handler.full_name, handler.role, handler.department_id
    )
    services.signed_in.sign_in(handler_actor)
    services.reply_drafts.save(saved.id, REPLY)
    services.reply_drafts.submit(saved.id)
    return saved.id
