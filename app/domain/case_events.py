"""Words for the events of a case's history (diễn biến), as the case screen and forms show them."""

from __future__ import annotations

CASE_EVENT_LABELS: dict[str, str] = {
    "created": "Tiếp nhận",
    "assigned": "Giao xử lý",
    "reassigned": "Giao lại",
    "status": "Chuyển trạng thái",
    "reopened": "Mở lại",
    "reply": "Trả lời công dân",
    "attachment": "Đính kèm tệp",
    "reclassified": "Phân loại lại",
    "edited": "Sửa thông tin",
    "form_printed": "In biểu mẫu",
    "repeat_call": "Công dân phản ánh lại",
    "merged": "Gộp vụ việc",
    "merged_into": "Đã gộp vào vụ việc khác",
    "accepted": "Thụ lý",
    "extended": "Gia hạn giải quyết",
    "suspended": "Tạm đình chỉ",
    "resumed": "Tiếp tục giải quyết",
    "conditions": "Đổi tính chất vụ việc",
    "first_answer": "Trả lời ban đầu",
    "reply_draft": "Soạn dự thảo trả lời",
    "reply_submitted": "Trình lãnh đạo duyệt trả lời",
    "reply_returned": "Lãnh đạo trả lại dự thảo",
    "reply_approved": "Lãnh đạo duyệt trả lời",
    "reply_sent": "Gửi trả lời đã duyệt",
    "callback": "Gọi lại hỏi ý kiến công dân",
    "messages_added": "Tin nhắn mới (nhập lại từ Facebook)",
}
