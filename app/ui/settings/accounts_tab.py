"""Administrator's accounts tab: add, edit, reset a password, disable or enable, unlock (all audited)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import TypeVar

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Actor
from app.services.accounts.account_admin import Account
from app.services.accounts.auth_service import AuthService
from app.services.accounts.guard import PermissionDenied
from app.services.catalog.catalog_service import CatalogService
from app.services.core.errors import ServiceError, ValidationError
from app.ui import ask
from app.ui.settings.account_form import HINT_STYLE, AccountForm
from app.ui.settings.account_password_dialog import TemporaryPasswordDialog
from app.ui.settings.account_table_model import AccountTableModel, Column

_OK_STYLE = "color: #25562a;"
_ERROR_STYLE = "color: #a4161a;"
T = TypeVar("T")


class AccountsTab(QWidget):
    """Accounts list on the left, the selected account's form and actions on the right.

    Every action is one ``AuthService`` call checked against ``actor``; a refusal shows its
    Vietnamese message and leaves what was typed in the form.
    """

    saved = Signal(str)
    """An account changed; the message for the status bar."""

    def __init__(
        self, auth: AuthService, catalog: CatalogService, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._auth = auth
        self._catalog = catalog
        self._actor = actor
        self.current_username: str | None = None
        self.model = AccountTableModel(self)
        self.table = QTableView(self)
        self.form = AccountForm(self)
        self.form_box = QGroupBox(self)
        self.login_box = QGroupBox(self.tr("Đăng nhập"), self)
        self.state = QLabel(self)
        self.state.setObjectName("accountState")
        self.state.setWordWrap(True)
        self.state.setStyleSheet(HINT_STYLE)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Thêm"), self)
        self.add_button.setToolTip(self.tr("Soạn một tài khoản mới"))
        self.save_button = QPushButton(self.tr("&Lưu"), self)
        self.save_button.setDefault(True)
        self.reset_button = QPushButton(self.tr("Đặt lại &mật khẩu"), self)
        self.toggle_button = QPushButton(self.tr("&Vô hiệu hóa"), self)
        self.unlock_button = QPushButton(self.tr("Mở &khóa"), self)
        self._build_table()
        self._build_layout()
        self._connect()
        self.start_new()
        self.reload()

    # --- building -------------------------------------------------------------------------
    def _build_table(self) -> None:
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in Column:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.DEPARTMENT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

    def _build_layout(self) -> None:
        edit = QHBoxLayout()
        edit.addWidget(self.add_button)
        edit.addStretch(1)
        edit.addWidget(self.save_button)
        inner = QVBoxLayout(self.form_box)
        inner.addWidget(self.form)
        inner.addLayout(edit)
        inner.addWidget(self.message)
        actions = QHBoxLayout()
        for button in (self.reset_button, self.toggle_button, self.unlock_button):
            actions.addWidget(button)
        actions.addStretch(1)
        login = QVBoxLayout(self.login_box)
        login.addWidget(self.state)
        login.addLayout(actions)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.form_box)
        side_layout.addWidget(self.login_box)
        side_layout.addStretch(1)
        side.setMinimumWidth(360)  # the table keeps room for its six columns on a 1280-px screen
        side.setMaximumWidth(480)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([900, 360])
        box = QVBoxLayout(self)
        box.addWidget(splitter)
        chain = [
            self.table,
            self.form.full_name,
            self.form.username,
            self.form.role,
            self.form.department,
            self.form.chief_departments,
            self.save_button,
            self.add_button,
            self.reset_button,
            self.toggle_button,
            self.unlock_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.add_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.form.submitted.connect(self.save)
        self.reset_button.clicked.connect(self.reset_password)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.unlock_button.clicked.connect(self.unlock)
        for keys in ("Ctrl+S", "Ctrl+Return"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

    # --- reading --------------------------------------------------------------------------
    def reload(self) -> None:
        """Read accounts and departments again; the form keeps what is typed in it."""
        try:
            accounts = self._auth.accounts(self._actor)
            departments = self._catalog.departments(include_inactive=True)
        except PermissionDenied as error:
            self._say(error.message, ok=False)
            for widget in (self.form, self.add_button, self.save_button, self.login_box):
                widget.setEnabled(False)
            return
        except ServiceError as error:
            self._say(error.message, ok=False)
            return
        self.form.set_departments(departments)
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        self.model.set_accounts(accounts)
        row = self.model.row_of(self.current_username)
        if row >= 0:
            self.table.selectRow(row)
        selection.blockSignals(False)
        if row < 0 and self.current_username is not None:
            self.start_new()
        self._update_actions()

    def current(self) -> Account | None:
        row = self.model.row_of(self.current_username)
        return self.model.account(row) if row >= 0 else None

    def start_new(self) -> None:
        """An empty form for a new account."""
        self.table.clearSelection()
        self.current_username = None
        self.message.clear()
        self.form.fill(None)
        self.form_box.setTitle(self.tr("Tài khoản mới"))
        self._update_actions()
        self.form.full_name.setFocus()

    def _on_table_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        account = self.model.account(rows[0].row())
        self.current_username = account.username
        self.message.clear()
        self.form.fill(account)
        self.form_box.setTitle(self.tr("Tài khoản {username}").format(username=account.username))
        self._update_actions()

    def _update_actions(self) -> None:
        account = self.current()
        self.add_button.setEnabled(account is not None)  # a new form being typed is never wiped
        self.save_button.setToolTip(
            self.tr("Tạo tài khoản mới (Ctrl+S)") if account is None else self.tr("Lưu thay đổi (Ctrl+S)")
        )
        for button in (self.reset_button, self.toggle_button, self.unlock_button):
            button.setEnabled(account is not None)
        self.unlock_button.setEnabled(account is not None and account.locked)
        active = account is None or account.active
        self.toggle_button.setText(self.tr("&Vô hiệu hóa") if active else self.tr("Kích &hoạt lại"))
        self.state.setText(self._state_sentence(account))
        self.login_box.setVisible(account is not None)

    def _state_sentence(self, account: Account | None) -> str:
        if account is None:
            return ""
        if not account.active:
            return self.tr("Tài khoản đã bị vô hiệu hóa: cán bộ không đăng nhập được.")
        if account.locked and account.locked_until is not None:
            return self.tr("Tạm khóa đến {time} vì nhập sai mật khẩu nhiều lần.").format(
                time=f"{account.locked_until:%H:%M}"
            )
        if not account.has_password:
            return self.tr("Chưa có mật khẩu: hãy đặt lại mật khẩu để cán bộ đăng nhập được.")
        if account.must_change:
            return self.tr("Cán bộ phải đổi mật khẩu ở lần đăng nhập tiếp theo.")
        return self.tr("Đang hoạt động.")

    # --- actions --------------------------------------------------------------------------
    def save(self) -> None:
        """Create the account typed in the form, or save the changes to the selected one."""
        values = self.form.values()
        if self.current() is None:

            def create() -> str:
                password = self._auth.add_user(
                    self._actor,
                    values.username,
                    values.role,
                    values.full_name,
                    values.department_id,
                    values.limited_to,
                )
                self.current_username = values.username.strip().lower()
                return password

            ok, password = self._run(create)
            if ok and password:
                self._done(self.tr("Đã tạo tài khoản {username}."), refill=True)
                self._show_password(password)
            return
        username = self.current_username or ""
        ok, _ = self._run(
            lambda: self._auth.update_account(
                self._actor,
                username,
                full_name=values.full_name,
                role=values.role,
                department=values.department_id if values.department_id is not None else "",
                limited_to=values.limited_to,
            )
        )
        if ok:
            self._done(self.tr("Đã lưu tài khoản {username}."), refill=True)

    def reset_password(self) -> None:
        account = self.current()
        if account is None:
            return
        question = self.tr(
            "Đặt lại mật khẩu cho tài khoản {username} ({name})? Mật khẩu đang dùng sẽ không còn "
            "dùng được; cán bộ phải đổi mật khẩu tạm ở lần đăng nhập tiếp theo."
        ).format(username=account.username, name=account.full_name)
        if not ask.confirm(self, self.tr("Đặt lại mật khẩu"), question, self.tr("Đặt lại")):
            return
        ok, password = self._run(lambda: self._auth.admin_reset(self._actor, account.username))
        if ok and password:
            self._done(self.tr("Đã đặt lại mật khẩu tài khoản {username}."), refill=False)
            self._show_password(password)

    def toggle_active(self) -> None:
        account = self.current()
        if account is None:
            return
        if account.active:
            question = self.tr(
                "Vô hiệu hóa tài khoản {username} ({name})? Cán bộ sẽ không đăng nhập được; "
                "các vụ việc và nhật ký của tài khoản được giữ nguyên."
            ).format(username=account.username, name=account.full_name)
            if not ask.confirm(self, self.tr("Vô hiệu hóa tài khoản"), question, self.tr("Vô hiệu hóa")):
                return
            if self._run(lambda: self._auth.disable(self._actor, account.username))[0]:
                self._done(self.tr("Đã vô hiệu hóa tài khoản {username}."), refill=False)
        elif self._run(lambda: self._auth.enable(self._actor, account.username))[0]:
            self._done(self.tr("Đã kích hoạt lại tài khoản {username}."), refill=False)

    def unlock(self) -> None:
        account = self.current()
        if account is not None and self._run(lambda: self._auth.unlock(self._actor, account.username))[0]:
            self._done(self.tr("Đã mở khóa tài khoản {username}."), refill=False)

    # --- helpers --------------------------------------------------------------------------
    def _run(self, call: Callable[[], T]) -> tuple[bool, T | None]:
        """``(True, call())``, or ``(False, None)`` after showing the officer why it was refused."""
        try:
            return True, call()
        except ServiceError as error:
            self._say(error.message, ok=False)
            ask.error(self, self.tr("Không thực hiện được"), error.message)
            if isinstance(error, ValidationError):
                self.form.focus_field(error.field)
            return False, None

    def _done(self, template: str, *, refill: bool) -> None:
        """Reload after a change; ``refill`` shows the stored values in the form (after a save)."""
        username = self.current_username or ""
        self.reload()
        account = self.current()
        if refill and account is not None:
            self.form.fill(account)
            self.form_box.setTitle(self.tr("Tài khoản {username}").format(username=username))
        text = template.format(username=username)
        self._say(text, ok=True)
        self.saved.emit(text)

    def _show_password(self, password: str) -> None:
        account = self.current()
        name = account.full_name if account else ""
        dialog = TemporaryPasswordDialog(self.current_username or "", name, password, self)
        ask.exec_dialog(dialog)
        dialog.deleteLater()

    def _say(self, text: str, *, ok: bool) -> None:
        self.message.setStyleSheet(_OK_STYLE if ok else _ERROR_STYLE)
        self.message.setText(text)
