"""First-run setup after the administrator's first sign-in: the office names itself before anything prints.

Four steps by keyboard (Enter or Ctrl+Enter: «Tiếp», Alt+Q or Alt+←: «Quay lại»): the office, who signs and how citizens
reach it, its departments (a preset list by kind, editable), the first accounts. A field at fault
is outlined and named in the band; going back and forth keeps everything typed.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.first_day import FirstAccount, FirstDay, problems
from app.domain.office_kind import OfficeKind, office_kind_of
from app.services.catalog.first_day_service import FirstDayInvalid, FirstDayService, IssuedAccount
from app.services.core.errors import ServiceError
from app.ui.widgets.notice_bar import NoticeBar, NoticeKind

STEPS = ("Cơ quan", "Người ký và liên hệ", "Đơn vị xử lý", "Tài khoản cán bộ", "Hoàn tất")
STEP_FIELDS: tuple[frozenset[str], ...] = (
    frozenset({"name"}),
    frozenset({"leader_name", "leader_title", "hotlines"}),
    frozenset({"departments"}),
    frozenset({"officer", "chief"}),
)
_SPLIT = re.compile(r"\s*[;,\n]\s*")


class FirstDayWizard(QDialog):
    """Collects a :class:`FirstDay` step by step and saves it with one service call."""

    def __init__(self, first_day: FirstDayService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Khai báo cơ quan lần đầu"))
        self._service = first_day
        self.issued: tuple[IssuedAccount, ...] = ()
        self._presets_for: OfficeKind | None = None
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.band = NoticeBar(self)
        self.steps = QStackedWidget(self)
        for page in (self._office_page(), self._signer_page(), self._department_page(), self._account_page()):
            self.steps.addWidget(page)
        self.steps.addWidget(self._done_page())
        self.back = QPushButton(self.tr("&Quay lại"), self)
        self.next = QPushButton(self.tr("&Tiếp"), self)
        self.next.setDefault(True)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # also from the department list, where Enter is a new line
            QShortcut(QKeySequence(keys), self).activated.connect(self.next.click)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Back), self).activated.connect(
            self.back.click
        )  # Alt+←
        self.reset_presets.setAutoDefault(False)
        self.back.clicked.connect(self._on_back_clicked)
        self.next.clicked.connect(self._on_next_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.band)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        self.resize(760, 560)
        self._show_step(0)

    # --- pages ------------------------------------------------------------------------------
    def _office_page(self) -> QWidget:
        page, form = _form_page(
            self.tr("Tên cơ quan in trên mọi báo cáo, văn bản trả lời và sổ tiếp công dân.")
        )
        self.name = _line(self.tr("Ủy ban nhân dân phường … / Sở …"))
        self.kind = QComboBox()
        for kind in OfficeKind:
            self.kind.addItem(kind.label, kind.value)
        self.name.editingFinished.connect(self._on_name_edited)
        self.short_name = _line("UBND", "UBND")
        self.parent_body = _line("", "UBND thành phố Hải Phòng")
        self.place_name = _line("", "Hải Phòng")
        self.address = _line(self.tr("Số nhà, đường, xã/phường"))
        for caption, editor in (
            (self.tr("Tên cơ quan:"), self.name), (self.tr("Loại cơ quan:"), self.kind),
            (self.tr("Tên viết tắt:"), self.short_name), (self.tr("Cơ quan chủ quản:"), self.parent_body),
            (self.tr("Địa danh (dòng ngày tháng):"), self.place_name), (self.tr("Địa chỉ trụ sở:"), self.address),
        ):  # fmt: skip
            form.addRow(caption, editor)
        return page

    def _signer_page(self) -> QWidget:
        page, form = _form_page(
            self.tr(
                "Người ký báo cáo, văn bản (có thể chọn người khác khi in). Số đường dây nóng và tên trang "
                "Facebook: cách nhau bằng dấu chấm phẩy; tên trang giúp phân biệt trang với người dân khi nhập "
                "hội thoại Facebook."
            )
        )
        self.leader_name = _line(self.tr("Họ và tên"))
        self.leader_title = _line("", "Chủ tịch")
        self.hotlines = _line("0225 3xxx xxx; 0912 xxx xxx")
        self.facebook_pages = _line(self.tr("UBND phường … - Thành phố Hải Phòng"))
        for caption, editor in (
            (self.tr("Lãnh đạo ký:"), self.leader_name), (self.tr("Chức vụ:"), self.leader_title),
            (self.tr("Số đường dây nóng:"), self.hotlines), (self.tr("Trang Facebook:"), self.facebook_pages),
        ):  # fmt: skip
            form.addRow(caption, editor)
        return page

    def _department_page(self) -> QWidget:
        page = QWidget()
        intro = _intro(
            self.tr(
                "Mỗi dòng một đơn vị xử lý. Danh sách mẫu theo loại cơ quan; sửa, thêm, xóa tùy ý. "
                "Enter xuống dòng; Ctrl+Enter sang bước sau."
            )
        )
        self.departments = QPlainTextEdit(page)
        self.departments.setTabChangesFocus(True)
        self.reset_presets = QPushButton(self.tr("Dùng &danh sách mẫu"), page)
        self.reset_presets.clicked.connect(self._on_reset_presets_clicked)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.departments, 1)
        layout.addWidget(self.reset_presets)
        return page

    def _account_page(self) -> QWidget:
        page, form = _form_page(
            self.tr(
                "Tài khoản cán bộ tiếp nhận và lãnh đạo, mỗi tài khoản một mật khẩu tạm (đổi ở lần đăng nhập "
                "đầu). Bỏ trống tên đăng nhập nếu chưa cần; thêm sau ở «Danh mục › Tài khoản cán bộ»."
            )
        )
        self.officer = _line("trucban", "trucban")
        self.officer_name = _line(self.tr("Họ và tên"), "Cán bộ trực")
        self.chief = _line("lanhdao")
        self.chief_name = _line(self.tr("Họ và tên"))
        for caption, editor in (
            (self.tr("Cán bộ tiếp nhận — tên đăng nhập:"), self.officer), (self.tr("Họ và tên:"), self.officer_name),
            (self.tr("Lãnh đạo — tên đăng nhập:"), self.chief), (self.tr("Họ và tên:"), self.chief_name),
        ):  # fmt: skip
            form.addRow(caption, editor)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.summary = QPlainTextEdit(page)
        self.summary.setObjectName("issuedPasswords")
        self.summary.setReadOnly(True)
        layout = QVBoxLayout(page)
        layout.addWidget(_intro(self.tr(
            "Đã lưu. Hãy ghi lại mật khẩu tạm và trao cho từng cán bộ; mật khẩu chỉ hiện một lần."
        )))  # fmt: skip
        layout.addWidget(self.summary, 1)
        return page

    # --- values -----------------------------------------------------------------------------
    def first_day(self) -> FirstDay:
        """What is typed so far, as the service takes it."""

        def account(username: QLineEdit, full_name: QLineEdit) -> FirstAccount | None:
            name = username.text().strip()
            return FirstAccount(name, full_name.text()) if name else None

        return FirstDay(
            name=self.name.text(), kind=OfficeKind(self.kind.currentData()), leader_name=self.leader_name.text(),
            leader_title=self.leader_title.text(), short_name=self.short_name.text(),
            parent_body=self.parent_body.text(), place_name=self.place_name.text(), address=self.address.text(),
            hotlines=_items(self.hotlines.text()), facebook_pages=_items(self.facebook_pages.text()),
            departments=tuple(self.departments.toPlainText().splitlines()),
            officer=account(self.officer, self.officer_name), chief=account(self.chief, self.chief_name),
        )  # fmt: skip

    def editor(self, field: str) -> QWidget:
        return {"hotlines": self.hotlines, "departments": self.departments}.get(field) or getattr(self, field)

    # --- steps ------------------------------------------------------------------------------
    def _show_step(self, index: int) -> None:
        self.steps.setCurrentIndex(index)
        last = index == len(STEPS) - 1
        self.heading.setText(
            self.tr("Bước {n}/{total}: {title}").format(n=index + 1, total=len(STEPS), title=STEPS[index])
        )
        self.back.setEnabled(0 < index < len(STEPS) - 1)
        self.next.setText(
            self.tr("Đã ghi lại, &đóng") if last else self.tr("&Lưu") if index == 3 else self.tr("&Tiếp")
        )
        if (layout := self.layout()) is not None:
            layout.activate()  # the button's new text gets its width before the next paint
        if index == 2:
            self._fill_presets()
        focus = {0: self.name, 1: self.leader_name, 2: self.departments, 3: self.officer, 4: self.summary}[
            index
        ]
        focus.setFocus()

    def _on_back_clicked(self) -> None:
        self.band.clear_message()
        self._show_step(self.steps.currentIndex() - 1)

    def _on_next_clicked(self) -> None:
        index = self.steps.currentIndex()
        if index == len(STEPS) - 1:
            self.accept()
            return
        self._clear_marks()
        found = {f: m for f, m in problems(self.first_day()).items() if f in STEP_FIELDS[index]}
        if found:
            self._mark(found)
            return
        self.band.clear_message()
        if index < 3:
            self._show_step(index + 1)
            return
        try:
            self.issued = self._service.apply(self.first_day())
        except FirstDayInvalid as error:
            self._mark(error.problems)
            return
        except ServiceError as error:
            self.band.show_message(NoticeKind.ERROR, str(error))
            return
        self.summary.setPlainText(_summary(self.issued))
        self._show_step(4)

    def _mark(self, found: dict[str, str]) -> None:
        """Go to the first step with a field at fault, outline each and name the first in the band."""
        first = next(iter(found))
        step = next(i for i, fields in enumerate(STEP_FIELDS) if first in fields)
        self._show_step(step)
        for field in found:
            _set_invalid(self.editor(field), True)
        self.band.show_message(NoticeKind.ERROR, found[first])
        self.editor(first).setFocus()

    def _clear_marks(self) -> None:
        for editor in self.findChildren(QWidget):
            if editor.property("invalid"):
                _set_invalid(editor, False)

    def _on_name_edited(self) -> None:
        if self.name.isModified():
            self.kind.setCurrentIndex(self.kind.findData(office_kind_of(self.name.text()).value))

    def _fill_presets(self) -> None:
        """The preset list for the chosen kind, unless the officer already edited the list."""
        kind = OfficeKind(self.kind.currentData())
        if self._presets_for == kind:
            return
        if self._presets_for is not None and self.departments.document().isModified():
            return
        self._set_presets(kind)

    def _on_reset_presets_clicked(self) -> None:
        self._set_presets(OfficeKind(self.kind.currentData()))

    def _set_presets(self, kind: OfficeKind) -> None:
        self.departments.setPlainText("\n".join(self._service.presets(kind)))
        self.departments.document().setModified(False)
        self._presets_for = kind


def _summary(issued: tuple[IssuedAccount, ...]) -> str:
    if not issued:
        return "Chưa tạo tài khoản cán bộ nào: thêm ở «Danh mục › Tài khoản cán bộ»."
    lines = [
        f"{a.role.label}: {a.full_name}\n  Tên đăng nhập: {a.username}\n  Mật khẩu tạm: {a.temporary_password}"
        for a in issued
    ]
    return "\n\n".join(lines)


def _items(text: str) -> tuple[str, ...]:
    return tuple(part for part in _SPLIT.split(text.strip()) if part)


def _line(placeholder: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumWidth(380)
    return edit


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444;")
    return label


def _form_page(intro: str) -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    form = QFormLayout()
    layout = QVBoxLayout(page)
    layout.addWidget(_intro(intro))
    layout.addLayout(form)
    layout.addStretch(1)
    return page, form


def _set_invalid(editor: QWidget, invalid: bool) -> None:
    editor.setProperty("invalid", invalid)
    editor.style().unpolish(editor)
    editor.style().polish(editor)
