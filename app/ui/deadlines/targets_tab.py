"""«Chỉ tiêu của cơ quan»: office target profiles (service levels) beside the legal rule table."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Services
from app.domain.enums import CaseKind, Channel, Urgency
from app.services.core.errors import ServiceError
from app.services.deadlines.deadline_dto import UNITS, RecomputeResult, TargetProfileView
from app.ui import ask
from app.ui.app_events import AppEvents
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

E = TypeVar("E", bound=Enum)
ALL = "Tất cả"
HEADERS = ["Tên chỉ tiêu", "Áp dụng cho", "Chỉ tiêu", "Đang dùng"]
SUGGESTION = TargetProfileView(
    None,
    "Khẩn qua 1022/Smart Hải Phòng ≤ 1 ngày làm việc",
    1,
    "working_days",
    channel=Channel.CALL_CENTER_1022,
    urgency=Urgency.URGENT,
)
"""Shown in the form for a new profile; never saved unless the administrator presses «Lưu»."""


def target_recompute_text(result: RecomputeResult) -> str:
    """``Đã tính lại mục tiêu của N vụ việc`` and which could not be recomputed."""
    text = f"Đã tính lại mục tiêu của {result.open_cases} vụ việc đang mở ({result.changed} vụ việc đổi)."
    if result.failed:
        text += f" Không tính lại được: {', '.join(result.failed[:10])}."
    return text


def scope_text(profile: TargetProfileView, fields: dict[int, str]) -> str:
    """``Khẩn · Tổng đài 1022`` or ``tất cả vụ việc``."""
    parts = [
        profile.kind.label if profile.kind else "",
        profile.channel.label if profile.channel else "",
        fields.get(profile.field_id, "?") if profile.field_id is not None else "",
        profile.urgency.label if profile.urgency else "",
    ]
    shown = [p for p in parts if p]
    return " · ".join(shown) if shown else "tất cả vụ việc"


def _combo(items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(ALL, None)
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _enum(cls: type[E], value: Any) -> E | None:
    """A combo's data back to its enum (Qt hands a StrEnum back as a plain str)."""
    return None if value is None else cls(value)


def _select(combo: QComboBox, value: Any) -> None:
    combo.setCurrentIndex(max(combo.findData(value), 0))


class TargetsTab(QWidget):
    """The list of profiles on top; the form below adds or changes one; the preview follows the form."""

    def __init__(self, services: Services, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._targets = services.targets
        self._catalog = services.catalog
        self._events = events
        self._profiles: list[TargetProfileView] = []
        self._fields: dict[int, str] = {}
        self._editing: int | None = None
        hint = QLabel(
            "Chỉ tiêu là mục tiêu nội bộ của cơ quan, hiển thị riêng, không thay thế thời hạn theo luật. "
            "Vụ việc khớp mọi tiêu chí đã chọn; nhiều chỉ tiêu cùng khớp thì dùng chỉ tiêu cụ thể nhất."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.message = NoticeBar(self)
        self.name = QLineEdit()
        self.kind = _combo([(k.label, k) for k in CaseKind])
        self.channel = _combo([(c.label, c) for c in Channel])
        self.field = _combo([])
        self.urgency = _combo([(u.label, u) for u in Urgency])
        self.count = QSpinBox()
        self.count.setRange(0, 999)
        self.unit = QComboBox()
        for code, words in UNITS.items():
            self.unit.addItem(words, code)
        self.active = QCheckBox("Đang dùng")
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setObjectName("hint")
        self.new_button = QPushButton("Chỉ tiêu mới")
        self.delete_button = QPushButton("Xóa chỉ tiêu")
        self.save_button = QPushButton("Lưu chỉ tiêu")
        self.save_button.setObjectName("primaryButton")
        self._build_layout(hint)
        self.table.currentCellChanged.connect(self._on_table_current_cell_changed)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        for combo in (self.kind, self.channel, self.field, self.urgency, self.unit):
            combo.currentIndexChanged.connect(self.update_preview)
        self.count.valueChanged.connect(self.update_preview)
        self.active.toggled.connect(self.update_preview)
        self.name.textChanged.connect(self.update_preview)
        events.catalog_changed.connect(self.refresh)
        self.refresh()
        self.start_new()

    def _build_layout(self, hint: QLabel) -> None:
        amount = QHBoxLayout()
        amount.addWidget(self.count)
        amount.addWidget(self.unit)
        amount.addWidget(self.active)
        amount.addStretch(1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Tên chỉ tiêu", self.name)
        form.addRow("Loại vụ việc", self.kind)
        form.addRow("Kênh tiếp nhận", self.channel)
        form.addRow("Lĩnh vực", self.field)
        form.addRow("Mức độ khẩn", self.urgency)
        form.addRow("Thời gian xử lý ≤", amount)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box = QVBoxLayout(self)
        box.addWidget(hint)
        box.addWidget(self.message)
        box.addWidget(self.table, 1)
        box.addLayout(form)
        box.addWidget(self.preview)
        box.addLayout(buttons)

    def refresh(self) -> None:
        """Read the profiles and the field list again (the form keeps what is typed)."""
        try:
            self._profiles = self._targets.profiles()
            self._fields = {f.id: f.name for f in self._catalog.fields(include_inactive=True)}
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        chosen = self.field.currentData()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.addItem(ALL, None)
        for field_id, name in self._fields.items():
            self.field.addItem(name, field_id)
        _select(self.field, chosen)
        self.field.blockSignals(False)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self._profiles))
        for row, p in enumerate(self._profiles):
            texts = [p.name, scope_text(p, self._fields), f"{p.count} {UNITS.get(p.unit, p.unit)}", ""]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                if column == 3:
                    item.setText("Có" if p.active else "Tạm ngưng")
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.update_preview()

    def start_new(self) -> None:
        """Empty the selection and put the suggested example in the form (not saved)."""
        self.table.clearSelection()
        self.table.setCurrentCell(-1, -1)
        self._fill(SUGGESTION)

    def _fill(self, profile: TargetProfileView) -> None:
        self._editing = profile.id
        self.name.setText(profile.name)
        _select(self.kind, profile.kind)
        _select(self.channel, profile.channel)
        _select(self.field, profile.field_id)
        _select(self.urgency, profile.urgency)
        self.count.setValue(profile.count)
        self.unit.setCurrentIndex(max(self.unit.findData(profile.unit), 0))
        self.active.setChecked(profile.active)
        self.delete_button.setEnabled(profile.id is not None)
        self.update_preview()

    def edited(self) -> TargetProfileView:
        """The profile as the form now shows it."""
        return TargetProfileView(
            id=self._editing,
            name=self.name.text(),
            count=self.count.value(),
            unit=str(self.unit.currentData()),
            kind=_enum(CaseKind, self.kind.currentData()),
            channel=_enum(Channel, self.channel.currentData()),
            field_id=self.field.currentData(),
            urgency=_enum(Urgency, self.urgency.currentData()),
            active=self.active.isChecked(),
        )

    def update_preview(self, *_: object) -> None:
        """«Ví dụ: vụ việc khẩn qua Tổng đài 1022 nhận hôm nay → mục tiêu dd/mm/yyyy» for saved profiles."""
        p = self.edited()
        kind = p.kind or CaseKind.FEEDBACK
        channel = p.channel or Channel.HOTLINE
        urgency = p.urgency or Urgency.NORMAL
        try:
            found = self._targets.preview(kind, channel, p.field_id, urgency, datetime.now())
        except ServiceError as error:
            self.preview.setText(error.message)
            return
        named = f" {_lower(kind)}" if p.kind else ""
        example = f"vụ việc{named} {_lower(urgency)} qua {channel.label} nhận hôm nay"
        if found is None:
            self.preview.setText(f"Ví dụ: {example} → chưa có chỉ tiêu nào áp dụng.")
        else:
            self.preview.setText(
                f"Ví dụ: {example} → mục tiêu {found[0]:%d/%m/%Y} (theo các chỉ tiêu đã lưu)."
            )
            self.preview.setToolTip(found[1])

    def _on_table_current_cell_changed(self, row: int, *_: int) -> None:
        if 0 <= row < len(self._profiles):
            self._fill(self._profiles[row])

    def _on_save_button_clicked(self) -> None:
        try:
            profile_id, result = self._targets.save_profile(self.edited())
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, f"Chưa lưu: {error.message}")
            return
        self._editing = profile_id
        self._changed(f"Đã lưu chỉ tiêu. {target_recompute_text(result)}")

    def _on_delete_button_clicked(self) -> None:
        if self._editing is None:
            return
        if not ask.confirm(
            self, "Xóa chỉ tiêu", f"Xóa chỉ tiêu «{self.name.text()}»?", "Xóa", default_no=True
        ):
            return
        try:
            result = self._targets.delete_profile(self._editing)
        except ServiceError as error:
            self.message.show_message(NoticeKind.ERROR, error.message)
            return
        self._changed(f"Đã xóa chỉ tiêu. {target_recompute_text(result)}")
        self.start_new()

    def _changed(self, text: str) -> None:
        self.refresh()
        self.delete_button.setEnabled(self._editing is not None)
        self.message.show_message(NoticeKind.SUCCESS, text)
        self._events.cases_changed.emit(-1)
        self._events.status_message.emit(text)


def _lower(value: Enum) -> str:
    label = str(getattr(value, "label", value))
    return label[:1].lower() + label[1:]
