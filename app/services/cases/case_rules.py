"""Checks on what the officer typed before a case is saved (Vietnamese messages)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from app.domain.enums import CaseKind, Channel
from app.domain.phone import PhoneNumber, format_phone, normalize_phone
from app.domain.text import clean_text
from app.services.cases.dto import NewCase
from app.services.core.errors import PhoneWarning, ValidationError

MAX_CONTENT = 20_000
MAX_SHORT = 300

LEGAL_NOTE = (
    "Lưu ý: khiếu nại, tố cáo chỉ được giải quyết theo luật khi gửi bằng đơn có chữ ký "
    "hoặc trình bày trực tiếp (Luật Khiếu nại Điều 8; Luật Tố cáo Điều 22–23). "
    "Nội dung nhận qua điện thoại, Facebook, ứng dụng hoặc nặc danh được ghi nhận là thông tin; "
    "hãy hướng dẫn công dân gửi đơn hoặc đến trụ sở tiếp công dân."
)


def legal_note(kind: CaseKind, channel: Channel) -> str:
    """The DOMAIN.md §3 note when a complaint/denunciation arrives through an informal channel."""
    formal_kinds = (CaseKind.COMPLAINT, CaseKind.DENUNCIATION, CaseKind.DENUNCIATION_INFO)
    if kind in formal_kinds and not channel.is_formal:
        return LEGAL_NOTE
    return ""


def clean_new_case(new: NewCase, now: datetime) -> tuple[NewCase, PhoneNumber | None]:
    """Normalise every string to plain NFC and validate; raise with the field name at fault."""
    cleaned = replace(
        new,
        content=clean_text(new.content, max_length=MAX_CONTENT),
        request=clean_text(new.request, max_length=MAX_CONTENT),
        citizen_name=clean_text(new.citizen_name, max_length=150, multiline=False),
        address=clean_text(new.address, max_length=MAX_SHORT, multiline=False),
        location=clean_text(new.location, max_length=MAX_SHORT, multiline=False),
        external_ref=clean_text(new.external_ref, max_length=MAX_SHORT, multiline=False),
        id_number=clean_text(new.id_number, max_length=20, multiline=False).replace(" ", ""),
        phone=clean_text(new.phone, max_length=40, multiline=False),
    )
    if not cleaned.content:
        raise ValidationError("content", "Chưa nhập nội dung phản ánh, kiến nghị (trường «Nội dung»).")
    received = cleaned.received_at or now
    if received > now + timedelta(minutes=5):
        raise ValidationError("received_at", "Thời gian tiếp nhận không được ở tương lai.")
    if received.year < 2000:
        raise ValidationError("received_at", "Thời gian tiếp nhận không hợp lệ.")
    if cleaned.id_number and not cleaned.id_number.isalnum():
        raise ValidationError("id_number", "Số CCCD/hộ chiếu chỉ gồm chữ và số (CCCD có 12 chữ số).")
    phone = normalize_phone(cleaned.phone)
    if phone is not None and not phone.valid and not cleaned.accept_invalid_phone:
        raise PhoneWarning(
            "phone",
            f"Số điện thoại «{cleaned.phone}» không đúng định dạng số Việt Nam "
            "(ví dụ 0912 345 678 hoặc +84 912 345 678). Kiểm tra lại, hoặc chọn «Vẫn lưu» "
            "nếu đây là số nước ngoài, số tổng đài hoặc công dân không cung cấp.",
        )
    if phone is not None and phone.others:  # "0912345678/0987654321": the second is a contact
        extra = "ĐT khác: " + ", ".join(format_phone(other) for other in phone.others)
        address = (
            cleaned.address if extra in cleaned.address else "; ".join(filter(None, (cleaned.address, extra)))
        )
        cleaned = replace(cleaned, address=address[:MAX_SHORT])
    return replace(cleaned, received_at=received), phone
