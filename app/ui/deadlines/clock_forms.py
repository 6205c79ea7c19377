"""Small forms for the case clock: thụ lý, gia hạn, tạm đình chỉ, tiếp tục, tính chất vụ việc."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.services.deadlines.clock_view import FLAG_LABELS


def date_edit() -> QDateEdit:
    """A day picker in Vietnamese order, never in the future."""
    edit = QDateEdit(QDate.currentDate())
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMaximumDate(QDate.currentDate())
    edit.setMinimumWidth(130)
    return edit


def picked(edit: QDateEdit) -> date:
    day = edit.date()
    return date(day.year(), day.month(), day.day())


class ClockForm(QWidget):
    """A form row layout plus one action button; ``submitted`` when it is pressed."""

    submitted = Signal()

    def __init__(self, button_text: str, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout()
        self.hint = QLabel(hint)
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(hint))
        self.button = QPushButton(button_text)
        self.button.clicked.connect(self.submitted)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.button)
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addLayout(row)
        box.addStretch(1)

    def clear(self) -> None:
        """Empty the typed fields after a successful action."""
        for edit in self.findChildren(QLineEdit):
            edit.clear()
        for text in self.findChildren(QPlainTextEdit):
            text.clear()


class AcceptForm(ClockForm):
    """Thụ lý: the day and the number of the acceptance decision or notice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Ghi thụ lý", "Hạn giải quyết sẽ tính từ ngày thụ lý.", parent)
        self.day = date_edit()
        self.decision = QLineEdit()
        self.decision.setPlaceholderText("Ví dụ: 05/TB-UBND")
        self.form.addRow("Ngày thụ lý", self.day)
        self.form.addRow("Số quyết định/thông báo", self.decision)


class ExtendForm(ClockForm):
    """Gia hạn: decision number and day, the days added (limited by the rule table)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Ghi gia hạn", "", parent)
        self.decision = QLineEdit()
        self.decision.setPlaceholderText("Ví dụ: 09/QĐ-UBND")
        self.day = date_edit()
        self.days = QSpinBox()
        self.days.setRange(1, 30)
        self.days.setSuffix(" ngày")
        self.form.addRow("Số quyết định gia hạn", self.decision)
        self.form.addRow("Ngày quyết định", self.day)
        self.form.addRow("Số ngày gia hạn", self.days)

    def set_limits(self, left: int, max_days: int) -> None:
        self.days.setMaximum(max(1, max_days))
        self.hint.setText(f"Còn được gia hạn {left} lần, mỗi lần tối đa {max_days} ngày.")
        self.hint.show()


class SuspendForm(ClockForm):
    """Tạm đình chỉ: from which day, decision number and reason; the clock stops."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Ghi tạm đình chỉ", "Thời gian tạm đình chỉ không tính vào thời hạn.", parent)
        self.day = date_edit()
        self.decision = QLineEdit()
        self.decision.setPlaceholderText("Ví dụ: 07/QĐ-UBND")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("Lý do tạm đình chỉ (ví dụ: chờ kết quả giám định)")
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.form.addRow("Từ ngày", self.day)
        self.form.addRow("Số quyết định", self.decision)
        self.form.addRow("Lý do", self.reason)


class ResumeForm(ClockForm):
    """Tiếp tục giải quyết: the day and the decision; the deadline moves by the paused time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Ghi tiếp tục giải quyết", "", parent)
        self.day = date_edit()
        self.decision = QLineEdit()
        self.decision.setPlaceholderText("Ví dụ: 08/QĐ-UBND")
        self.form.addRow("Ngày tiếp tục", self.day)
        self.form.addRow("Số quyết định", self.decision)


class ConditionsForm(ClockForm):
    """Tính chất vụ việc: only the conditions that change a deadline of this kind are offered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Lưu tính chất", "Thay đổi tính chất sẽ tính lại thời hạn giải quyết.", parent)
        self.boxes = {name: QCheckBox(label.capitalize()) for name, label in FLAG_LABELS.items()}
        for box in self.boxes.values():
            self.form.addRow(box)
        self.boxes["very_complex"].toggled.connect(self._on_very_complex_toggled)

    def show_flags(self, relevant: frozenset[str], values: dict[str, bool], keep: bool) -> None:
        """Show only ``relevant`` boxes; set them from the case unless the officer is editing."""
        for name, box in self.boxes.items():
            box.setVisible(name in relevant)
            if not keep:
                box.setChecked(values.get(name, False))

    def values(self) -> dict[str, bool]:
        return {name: box.isChecked() and not box.isHidden() for name, box in self.boxes.items()}

    def _on_very_complex_toggled(self, on: bool) -> None:
        if on:
            self.boxes["complex"].setChecked(True)
