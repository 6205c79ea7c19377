"""Read-only view of every field of one case, with the due date and the rule behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.cases.dto import CaseDetail
from app.ui.cases.formatting import OVERDUE_TEXT, fmt_date, fmt_datetime

EMPTY = "—"
SEALED_NOTE = (
    "Danh tính người tố cáo được bảo mật (Điều 9 Luật Tố cáo): họ tên, địa chỉ, điện thoại, "
    "số CCCD và đơn gốc chỉ hiện cho lãnh đạo và cán bộ được cấp quyền; mỗi lần xem đều ghi nhật ký."
)
_SEALED_STYLE = (
    "background: #fff4d6; color: #5c3d00; border: 1px solid #e8c66a; padding: 6px 8px; border-radius: 4px;"
)

_STATUS_STYLE = "padding: 3px 10px; border-radius: 9px; font-weight: 600; background: {bg}; color: {fg};"
_BADGE_COLOURS = {
    "overdue": ("#fbe0de", OVERDUE_TEXT.name()),
    "soon": ("#fff0c2", "#7a4a00"),
    "open": ("#dbe9fb", "#0b3d91"),
    "done": ("#e3efe0", "#25562a"),
}


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setMinimumWidth(120)
    return label


CITIZEN_GROUP = "Người phản ánh"
_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Tiếp nhận",
        (
            ("received", "Thời gian"),
            ("channel", "Kênh"),
            ("kind", "Loại"),
            ("urgency", "Độ khẩn"),
            ("receiver", "Người tiếp nhận"),
            ("external_ref", "Mã tham chiếu"),
        ),
    ),
    (
        CITIZEN_GROUP,
        (("citizen", "Họ tên"), ("phone", "Điện thoại"), ("id_number", "Số CCCD"), ("address", "Địa chỉ")),
    ),
    ("Nội dung", (("content", "Nội dung"), ("request", "Đề nghị"), ("location", "Địa điểm"))),
    ("Xử lý", (("field", "Lĩnh vực"), ("department", "Đơn vị xử lý"), ("officer", "Cán bộ xử lý"))),
)
"""The case's fields as the officer reads them: group title, then (key, caption) per row."""


def _caption_label(caption: str) -> QLabel:
    label = QLabel(caption + ":")
    label.setStyleSheet("color: #555;")
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setStyleSheet("font-weight: 600; color: #2b4a75; margin-top: 6px;")
    return label


class CaseFieldsPanel(QWidget):
    """Header (number, status, deadline) and the case fields grouped as the officer reads them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = QLabel()
        self.number.setStyleSheet("font-size: 18px; font-weight: 700;")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.due = QLabel()
        self.due.setWordWrap(True)
        self.values: dict[str, QLabel] = {}
        self.sealed_note = QLabel(SEALED_NOTE)
        self.sealed_note.setWordWrap(True)
        self.sealed_note.setStyleSheet(_SEALED_STYLE)
        self.sealed_note.hide()
        self.unseal_button = QPushButton("Xem danh tính…")
        self.unseal_button.setToolTip("Ghi lý do để xem danh tính người tố cáo (được ghi nhật ký)")
        self.grant_button = QPushButton("Cấp quyền xem…")
        self.grant_button.setToolTip("Cho phép một cán bộ xem danh tính người tố cáo trong vụ việc này")
        self.unseal_button.hide()
        self.grant_button.hide()
        self._citizen_section: QLabel | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 8, 0)
        self._add_header(box)
        box.addLayout(self._fields_grid())
        box.addStretch(1)

    def _add_header(self, box: QVBoxLayout) -> None:
        """Number and status badge, the due date under them, then a rule."""
        head = QHBoxLayout()
        head.addWidget(self.number)
        head.addWidget(self.status)
        head.addStretch(1)
        box.addLayout(head)
        box.addWidget(self.due)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        box.addWidget(line)

    def _fields_grid(self) -> QGridLayout:
        """Caption and value per field, by group; the citizen group carries the sealed note and buttons."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        row = 0
        for title, rows in _GROUPS:
            section = _section(title)
            grid.addWidget(section, row, 0, 1, 2)
            row += 1
            citizen = title == CITIZEN_GROUP
            if citizen:
                self._citizen_section = section
                grid.addWidget(self.sealed_note, row, 0, 1, 2)
                row += 1
            for key, caption in rows:
                self.values[key] = _value_label()
                grid.addWidget(_caption_label(caption), row, 0)
                grid.addWidget(self.values[key], row, 1)
                row += 1
            if citizen:
                grid.addLayout(self._seal_row(), row, 0, 1, 2)
                row += 1
        return grid

    def _seal_row(self) -> QHBoxLayout:
        seal_row = QHBoxLayout()
        seal_row.setSpacing(8)
        seal_row.addWidget(self.unseal_button)
        seal_row.addWidget(self.grant_button)
        seal_row.addStretch(1)
        return seal_row

    def show_detail(self, d: CaseDetail) -> None:
        """Fill every label from ``d``; empty values read as a dash."""
        self.number.setText(f"Vụ việc {d.number}")
        state = "overdue" if d.overdue else "soon" if d.due_soon else "open" if d.status.is_open else "done"
        bg, fg = _BADGE_COLOURS[state]
        self.status.setText(d.status.label)
        self.status.setStyleSheet(_STATUS_STYLE.format(bg=bg, fg=fg))
        self._show_due(d)
        phone = d.phone + ("" if d.phone_valid or not d.phone or d.sealed else " (số chưa chuẩn)")
        texts = {
            "received": fmt_datetime(d.received_at),
            "channel": d.channel.label,
            "kind": d.kind.label,
            "urgency": d.urgency.label,
            "receiver": d.receiver_name,
            "external_ref": d.external_ref,
            "citizen": d.citizen_name,
            "phone": phone,
            "id_number": d.id_number,
            "address": d.address,
            "content": d.content,
            "request": d.request,
            "location": d.location,
            "field": d.field_name,
            "department": d.department_name,
            "officer": d.officer_name,
        }
        for key, text in texts.items():
            self.values[key].setText(text or EMPTY)
        self.sealed_note.setVisible(d.sealed)
        if self._citizen_section is not None:
            self._citizen_section.setText("Người tố cáo" if d.sealed else "Người phản ánh")
        if not d.sealed:
            self.set_seal_actions(unseal=False, grant=False)

    def set_seal_actions(self, *, unseal: bool, grant: bool) -> None:
        """Show "Xem danh tính…" / "Cấp quyền xem…" under a sealed identity (the dialog decides who)."""
        self.unseal_button.setVisible(unseal)
        self.grant_button.setVisible(grant)

    def _show_due(self, d: CaseDetail) -> None:
        if d.due_date is None:
            self.due.setText("Không tính hạn xử lý")
            self.due.setToolTip(d.due_rule)
            self.due.setStyleSheet("color: #555;")
            return
        prefix = "Quá hạn — " if d.overdue else "Sắp đến hạn — " if d.due_soon else ""
        self.due.setText(f"{prefix}Hạn xử lý: <b>{fmt_date(d.due_date)}</b><br><small>{d.due_rule}</small>")
        self.due.setToolTip(d.due_rule)
        colour = OVERDUE_TEXT.name() if d.overdue else "#7a4a00" if d.due_soon else "#1f1f1f"
        self.due.setStyleSheet(f"color: {colour};")
