"""Vietnamese words for the audit log (nhật ký hệ thống): action codes, object types, changes."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from app.domain.enums import CHANNEL_LABELS, KIND_LABELS, ROLE_LABELS, STATUS_LABELS

ACTION_LABELS: dict[str, str] = {
    # accounts and sessions
    "login": "Đăng nhập",
    "login.failed": "Đăng nhập không thành công",
    "logout": "Đăng xuất",
    "denied": "Bị từ chối: không có quyền",
    "unlock": "Mở khóa màn hình",
    "unlock.failed": "Mở khóa màn hình không thành công",
    "password.change": "Đổi mật khẩu",
    "password.reset": "Cấp lại mật khẩu",
    "password.set": "Đặt mật khẩu",
    "user.add": "Thêm tài khoản",
    "user.disable": "Vô hiệu hóa tài khoản",
    "user.enable": "Kích hoạt lại tài khoản",
    "user.update": "Sửa tài khoản",
    "user.limit": "Giới hạn đơn vị phụ trách",
    "user.unlock": "Mở khóa tài khoản",
    # cases: the history events (case.<CaseEvent.action>) and the actions audited directly
    "case.created": "Tiếp nhận vụ việc",
    "case.assigned": "Giao xử lý",
    "case.reassigned": "Giao lại",
    "case.status": "Chuyển trạng thái",
    "case.reopened": "Mở lại vụ việc",
    "case.reply": "Trả lời công dân",
    "case.attachment": "Đính kèm tệp",
    "case.reclassified": "Phân loại lại",
    "case.edited": "Sửa thông tin vụ việc",
    "case.form_printed": "In biểu mẫu vụ việc",
    "case.repeat_call": "Công dân phản ánh lại",
    "case.merged": "Gộp vụ việc",
    "case.merged_into": "Đã gộp vào vụ việc khác",
    "case.accepted": "Thụ lý",
    "case.extended": "Gia hạn giải quyết",
    "case.suspended": "Tạm đình chỉ",
    "case.resumed": "Tiếp tục giải quyết",
    "case.conditions": "Đổi tính chất vụ việc",
    "case.create": "Tạo vụ việc",
    "case.assign": "Giao xử lý",
    "case.reclassify": "Phân loại lại",
    "case.unseal": "Xem danh tính người tố cáo",
    "case.grant": "Cấp quyền xem danh tính",
    "case.import": "Nhập dữ liệu vụ việc",
    "case.messages_added": "Thêm tin nhắn mới (nhập lại từ Facebook) vào vụ việc",
    "case.reentry_export": "Xuất dữ liệu nhập lại hệ thống khác",
    "case.merge": "Gộp vụ việc",
    # the loop back to the citizen (issue 15)
    "case.first_answer": "Trả lời ban đầu cho công dân",
    "case.reply_draft": "Soạn dự thảo trả lời",
    "case.reply_submitted": "Trình lãnh đạo duyệt dự thảo trả lời",
    "case.reply_approved": "Lãnh đạo duyệt dự thảo trả lời",
    "case.reply_returned": "Lãnh đạo trả lại dự thảo trả lời",
    "case.reply_sent": "Gửi trả lời đã duyệt cho công dân",
    "case.callback": "Gọi lại hỏi ý kiến công dân",
    "reply_template.save": "Sửa mẫu trả lời công dân",
    # the duty phone's call log (issue 16)
    "calls.import": "Nhập nhật ký cuộc gọi, tin nhắn",
    "calls.dismiss": "Bỏ qua cuộc gọi chưa ghi nhận",
    "calls.case_made": "Ghi vụ việc từ cuộc gọi",
    "calls.called_back": "Đánh dấu đã gọi lại",
    # reports, registers, forms
    "report.export": "Xuất báo cáo",
    "report.print": "In báo cáo",
    "register.export": "Xuất sổ tiếp công dân",
    "register.print": "In sổ tiếp công dân",
    "form.print": "In biểu mẫu",
    # administration
    "settings.change": "Thay đổi cài đặt",
    "office.setup": "Khai báo cơ quan lần đầu",
    "catalog.change": "Thay đổi danh mục",
    "backup.create": "Sao lưu dữ liệu",
    "backup.restore": "Khôi phục dữ liệu",
    "backup.key_create": "Tạo khóa sao lưu của cơ quan",
    "backup.key_install": "Cài khóa sao lưu từ phiếu khóa khôi phục",
    "backup.key_sheet": "In phiếu khóa khôi phục",
    "backup.sweep": "Dọn tệp tạm của lần sao lưu bị ngắt",
    "audit.export": "Xuất nhật ký",
    "audit.verify": "Kiểm tra toàn vẹn nhật ký",
}
"""Every action code written to ``audit_log``; an unknown code is shown as it is."""

ACTION_GROUPS: dict[str, str] = {
    "case.": "Mọi thao tác trên vụ việc",
    "user.": "Mọi thay đổi tài khoản",
    "password.": "Mọi thao tác mật khẩu",
}
"""Prefixes an officer can filter on at once (a code ending in "." means "starts with")."""

OBJECT_LABELS: dict[str, str] = {
    "case": "Vụ việc",
    "phone_log": "Cuộc gọi, tin nhắn",
    "user": "Tài khoản",
    "file": "Tệp",
    "import_batch": "Lô nhập dữ liệu",
    "audit_log": "Nhật ký",
    "report": "Báo cáo",
    "register": "Sổ tiếp công dân",
    "settings": "Cài đặt",
    "catalog": "Danh mục",
    "backup": "Bản sao lưu",
    "office": "Thông tin cơ quan",
    "department": "Đơn vị xử lý",
    "field": "Lĩnh vực",
    "calendar_day": "Lịch làm việc",
    "deadline_rules": "Thời hạn theo luật",
    "target_profile": "Chỉ tiêu của cơ quan",
    "setting": "Cài đặt",
    "reply_template": "Mẫu trả lời công dân",
}

KEY_LABELS: dict[str, str] = {
    "status": "trạng thái",
    "action": "thao tác",
    "message": "thông báo",
    "pages": "số trang",
    "value": "giá trị",
    "working": "ngày làm việc",
    "officer_id": "cán bộ xử lý",
    "department_id": "đơn vị xử lý",
    "kind": "loại",
    "field_id": "lĩnh vực",
    "channel": "kênh",
    "reason": "lý do",
    "lý do": "lý do",
    "note": "ghi chú",
    "user_id": "tài khoản",
    "active": "đang hoạt động",
    "role": "vai trò",
    "full_name": "họ tên",
    "username": "tài khoản",
    "limited_to": "đơn vị phụ trách",
    "locked_until": "khóa đến",
    "failed_count": "số lần nhập sai",
    "form": "biểu mẫu",
    "to": "gửi",
    "number": "số văn bản",
    "unredacted": "bản có thông tin người tố cáo",
    "accepted_on": "ngày thụ lý",
    "due_date": "hạn xử lý",
    "due_after": "hạn mới",
    "decision_no": "số quyết định",
    "decided_on": "ngày quyết định",
    "days": "số ngày",
    "start_on": "ngày tạm đình chỉ",
    "resumed_on": "ngày tiếp tục",
    "complex": "phức tạp",
    "very_complex": "đặc biệt phức tạp",
    "remote": "vùng sâu, vùng xa",
    "second_instance": "khiếu nại lần hai",
    "survivor_id": "gộp vào vụ việc",
    "merged_id": "vụ việc bị gộp",
    "merged_number": "số vụ việc bị gộp",
    "received_at": "thời điểm tiếp nhận",
    "citizen_name": "người phản ánh",
    "phone": "điện thoại",
    "content": "nội dung",
    "moved_attachments": "tệp chuyển sang",
    "source": "nguồn",
    "file": "tệp",
    "sha256": "mã SHA-256",
    "imported": "đã nhập",
    "already_present": "đã có",
    "warned": "có cảnh báo",
    "rejected": "bị loại",
    "first_number": "từ số",
    "last_number": "đến số",
    "profile": "mẫu",
    "count": "số dòng",
    "again": "xuất lại",
    "rows": "số dòng",
    "filter": "bộ lọc",
    "path": "tệp",
    "format": "định dạng",
    "period": "kỳ báo cáo",
}
"""Keys of the before/after snapshots; an unknown key is shown as it is."""

HIDDEN_KEYS = frozenset({"event_id", "from_status", "to_status"})
"""Internal keys left out of the readable line (the status move is shown as one "trạng thái")."""

EMPTY = "(trống)"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_CODE_LABELS: dict[str, dict[str, str]] = {
    "status": {k.value: v for k, v in STATUS_LABELS.items()},
    "kind": {k.value: v for k, v in KIND_LABELS.items()},
    "channel": {k.value: v for k, v in CHANNEL_LABELS.items()},
    "role": {k.value: v for k, v in ROLE_LABELS.items()},
}
Names = Mapping[str, Mapping[int, str]]
"""Display names by key and id, e.g. ``{"officer_id": {7: "Nguyễn Văn An"}}`` (optional)."""


def action_label(code: str) -> str:
    """ "login" → "Đăng nhập"; an unknown code stays as it is."""
    return ACTION_LABELS.get(code) or ACTION_GROUPS.get(code) or code


def object_label(object_type: str) -> str:
    """ "case" → "Vụ việc"; an unknown type stays as it is."""
    return OBJECT_LABELS.get(object_type, object_type)


def parse_snapshot(text: str | None) -> dict[str, Any]:
    """The stored JSON of a before/after snapshot as a dict (a non-object is kept under "data")."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {"data": text}
    return value if isinstance(value, dict) else {"data": value}


def format_value(key: str, value: object, names: Names | None = None) -> str:
    """One snapshot value in words: status codes as labels, ISO dates as dd/mm/yyyy, Có/Không."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int) and names and key in names:
        return names[key].get(value, f"#{value}")
    if isinstance(value, str):
        codes = _CODE_LABELS.get(key.removeprefix("from_").removeprefix("to_"))
        if codes is not None and value in codes:
            return codes[value]
        return _format_text(value)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(key, v, names) for v in value) or EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}: {format_value(k, v, names)}" for k, v in value.items())
    if isinstance(value, datetime | date):
        return _format_text(value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat())
    return str(value)


def _format_text(text: str) -> str:
    if _ISO_DATE.match(text):
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    if _ISO_DATETIME.match(text):
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]} {text[11:16]}"
    return " ".join(text.split())  # one line: no newlines from notes and contents


def key_label(key: str) -> str:
    """ "officer_id" → "cán bộ xử lý"; an unknown key stays as it is."""
    return KEY_LABELS.get(key, key)


def describe_snapshot(data: Mapping[str, Any], names: Names | None = None) -> str:
    """ "trạng thái: Đã giao xử lý; lý do: …" for one snapshot; "" when it says nothing."""
    parts = [
        f"{key_label(key)}: {format_value(key, value, names)}"
        for key, value in data.items()
        if key not in HIDDEN_KEYS
    ]
    move = _status_move(data)
    return "; ".join([move, *parts] if move else parts)


def describe_change(before: Mapping[str, Any], after: Mapping[str, Any], names: Names | None = None) -> str:
    """Before and after in one readable line: "trạng thái: Mới tiếp nhận → Đã giao xử lý; …".

    A key in both snapshots reads "old → new"; a key only after reads "key: new"; a key only
    before reads "key: old → (trống)". The case-event status move (from_status/to_status) leads.
    """
    parts: list[str] = []
    move = _status_move(after)
    if move:
        parts.append(move)
    for key in dict.fromkeys([*before, *after]):
        if key in HIDDEN_KEYS:
            continue
        label = key_label(key)
        if key in before:
            old = format_value(key, before[key], names)
            new = format_value(key, after[key], names) if key in after else EMPTY
            parts.append(f"{label}: {old}" if old == new else f"{label}: {old} → {new}")
        else:
            parts.append(f"{label}: {format_value(key, after[key], names)}")
    return "; ".join(parts)


def _status_move(data: Mapping[str, Any]) -> str:
    old, new = data.get("from_status"), data.get("to_status")
    if not new:
        return ""
    label = key_label("status")
    if not old or old == new:
        return f"{label}: {format_value('status', new)}"
    return f"{label}: {format_value('status', old)} → {format_value('status', new)}"
