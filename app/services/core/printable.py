"""Nothing prints before the office has a name and a signer."""

from __future__ import annotations

from app.domain.text import clean_text
from app.services.core.errors import ValidationError

WHERE_TO_SET = (
    "Quản trị viên khai báo ở «Danh mục › Cơ quan» (hoặc chạy «hotline-desk init --office … --leader …»)."
)


def require_printable(office_name: str, signer_name: str) -> None:
    """Refuse a printed document whose issuing office or signer is still blank (nothing is written)."""
    if not clean_text(office_name, multiline=False):
        raise ValidationError("office", f"Chưa in được: cơ quan chưa có tên. {WHERE_TO_SET}")
    if not clean_text(signer_name, multiline=False):
        raise ValidationError("signer", f"Chưa in được: chưa có người ký (lãnh đạo cơ quan). {WHERE_TO_SET}")
