"""The loop back to the citizen: first answer methods, reply drafts, call-back results, templates."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from enum import StrEnum

from app.domain.enums import Channel


class FirstAnswerMethod(StrEnum):
    """How the first answer (item received, who handles it) reached the citizen."""

    CALL_BACK = "goi_lai"
    MESSAGE = "tin_nhan"
    DOCUMENT = "van_ban"
    IN_PERSON = "truc_tiep"

    @property
    def label(self) -> str:
        return FIRST_ANSWER_LABELS[self]


FIRST_ANSWER_LABELS: dict[FirstAnswerMethod, str] = {
    FirstAnswerMethod.CALL_BACK: "Gọi lại",
    FirstAnswerMethod.MESSAGE: "Tin nhắn",
    FirstAnswerMethod.DOCUMENT: "Văn bản",
    FirstAnswerMethod.IN_PERSON: "Trực tiếp",
}


class DraftStatus(StrEnum):
    """Where a reply draft stands on its way to the chief's signature."""

    DRAFT = "draft"
    PENDING = "pending"
    RETURNED = "returned"
    APPROVED = "approved"
    SENT = "sent"

    @property
    def label(self) -> str:
        return DRAFT_STATUS_LABELS[self]


DRAFT_STATUS_LABELS: dict[DraftStatus, str] = {
    DraftStatus.DRAFT: "Dự thảo",
    DraftStatus.PENDING: "Chờ lãnh đạo duyệt",
    DraftStatus.RETURNED: "Lãnh đạo trả lại",
    DraftStatus.APPROVED: "Đã duyệt",
    DraftStatus.SENT: "Đã gửi công dân",
}


class CallbackResult(StrEnum):
    """What the citizen said when called back after the case was closed."""

    SATISFIED = "hai_long"
    NOT_SATISFIED = "chua_hai_long"
    UNREACHABLE = "khong_lien_lac"

    @property
    def label(self) -> str:
        return CALLBACK_LABELS[self]


CALLBACK_LABELS: dict[CallbackResult, str] = {
    CallbackResult.SATISFIED: "Hài lòng",
    CallbackResult.NOT_SATISFIED: "Chưa hài lòng",
    CallbackResult.UNREACHABLE: "Không liên lạc được",
}

DEFAULT_CALLBACK_CHANNELS: frozenset[Channel] = frozenset({Channel.HOTLINE, Channel.FACEBOOK})
"""Channels whose closed cases enter the call-back list by default (all of them sampled)."""

PLACEHOLDERS: dict[str, str] = {
    "cong_dan": "họ tên công dân (vụ việc tố cáo: «(được bảo mật)»)",
    "so_vu_viec": "số vụ việc",
    "ngay_tiep_nhan": "ngày tiếp nhận (dd/mm/yyyy)",
    "ngay_tra_loi": "ngày trả lời (hôm nay, dd/mm/yyyy)",
    "don_vi": "đơn vị xử lý",
    "noi_dung": "tóm tắt nội dung vụ việc",
    "linh_vuc": "lĩnh vực",
    "co_quan": "tên cơ quan",
}
"""Names a reply template may use as ``{name}``; any other name is refused."""


NOTICE_PLACEHOLDERS: dict[str, str] = {
    "co_quan": "tên cơ quan",
    "so_vu_viec": "số vụ việc",
    "ngay_tiep_nhan": "ngày tiếp nhận (dd/mm/yyyy)",
    "nguoi_gui": "người gửi đơn như câu văn nói: «Ông/Bà Lê Văn Dân (địa chỉ: …)»; tố cáo: «người tố cáo (được bảo mật)»",
    "noi_dung": "nội dung đơn (tố cáo: đã che thông tin người tố cáo)",
    "ngay_thu_ly": "ngày thụ lý (dd/mm/yyyy)",
    "so_thu_ly": "số quyết định, thông báo thụ lý",
    "han_giai_quyet": "hạn giải quyết đang tính (dd/mm/yyyy)",
    "ly_do": "lý do không thụ lý (cán bộ nhập)",
    "ket_qua": "kết quả giải quyết (cán bộ nhập, hoặc văn bản trả lời đã duyệt)",
    "van_ban_ket_qua": "số, ngày quyết định giải quyết khiếu nại / kết luận nội dung tố cáo (cán bộ nhập)",
}
"""Names a notice text (``notices.json``) may use; a paragraph naming an empty one is left out."""


class NoticeKind(StrEnum):
    """The notices the law names for a complaint or a denunciation (TT 05/2021/TT-TTCP forms)."""

    ACCEPTED = "thu_ly"
    NOT_ACCEPTED = "khong_thu_ly"
    RESULT = "ket_qua"

    @property
    def label(self) -> str:
        return NOTICE_LABELS[self]


NOTICE_LABELS: dict[NoticeKind, str] = {
    NoticeKind.ACCEPTED: "Thông báo thụ lý",
    NoticeKind.NOT_ACCEPTED: "Thông báo không thụ lý",
    NoticeKind.RESULT: "Thông báo kết quả giải quyết",
}


class TemplateError(ValueError):
    """A template that cannot be used; the message is Vietnamese."""


def placeholders_of(text: str) -> list[str]:
    """The ``{name}`` placeholders of ``text`` in order; raises TemplateError when malformed."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise TemplateError("Mẫu có dấu ngoặc nhọn không đóng/mở đúng (dùng {ten_truong}).") from None
    names = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not re.fullmatch(r"[a-z_]+", name):
            raise TemplateError(f"Chỗ điền «{{{name}}}» không hợp lệ: chỉ dùng {{ten_truong}}.")
        names.append(name)
    return names


def check_template(text: str, allowed: Mapping[str, str] = PLACEHOLDERS) -> None:
    """Refuse an empty template or one with a placeholder not in ``allowed`` (Vietnamese message)."""
    if not text.strip():
        raise TemplateError("Mẫu trả lời không được để trống.")
    unknown = [n for n in placeholders_of(text) if n not in allowed]
    if unknown:
        known = ", ".join(f"{{{n}}}" for n in allowed)
        raise TemplateError(f"Chỗ điền không có trong danh sách: {{{unknown[0]}}}. Được dùng: {known}.")


def fill_template(text: str, values: Mapping[str, str], allowed: Mapping[str, str] = PLACEHOLDERS) -> str:
    """The template with every placeholder replaced (checked first)."""
    check_template(text, allowed)
    return text.format_map({name: values.get(name, "") for name in allowed})
