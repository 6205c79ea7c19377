"""Idle lock: after a quiet spell the window is covered until the officer types his password again.

The intake form and open drafts stay as they are underneath: the window is only covered, and
other windows of the program are hidden until unlock.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.permissions import Actor
from app.services.accounts.auth_service import AuthService
from app.ui.auth.change_password_dialog import ERROR_STYLE, password_field

DEFAULT_IDLE_MINUTES = 10
CARD_WIDTH = 420
_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}  # fmt: skip
_INPUT = _ACTIVITY | {
    QEvent.Type.KeyRelease, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Shortcut, QEvent.Type.ShortcutOverride,
}  # fmt: skip


def idle_minutes() -> float:
    """Minutes of inactivity before the lock (HOTLINE_IDLE_MINUTES, default 10)."""
    try:
        return max(0.1, float(os.environ.get("HOTLINE_IDLE_MINUTES", DEFAULT_IDLE_MINUTES)))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


class LockScreen(QWidget):
    """Covers the whole window: who is logged in, a password field and «Mở khóa»."""

    unlocked = Signal()

    def __init__(self, auth: AuthService, actor: Actor, window: QWidget) -> None:
        super().__init__(window)
        self._auth = auth
        self._actor = actor
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#lockScreen { background: #e9eef5; } #lockCard { background: white; border: 1px solid #c5cfdc; border-radius: 8px; }"
        )
        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setFixedWidth(CARD_WIDTH)
        title = QLabel(self.tr("Màn hình đã khóa"), card)
        title.setStyleSheet("font-size: 16pt; font-weight: 600; color: #1f3b63;")
        who = QLabel(
            self.tr("Cán bộ: {name} ({user})").format(name=actor.full_name, user=actor.username), card
        )
        who.setWordWrap(True)
        why = QLabel(
            self.tr("Chương trình tự khóa khi không dùng. Dữ liệu đang nhập vẫn được giữ nguyên."), card
        )
        why.setWordWrap(True)
        why.setStyleSheet("color: #555;")
        self.password = password_field(card, "unlockPassword")
        self.password.setPlaceholderText(self.tr("Mật khẩu"))
        self.password.returnPressed.connect(self._on_unlock_clicked)
        self.error = QLabel("", card)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("Mở khóa"), card)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        for label in (who, why):
            label.setMinimumHeight(label.heightForWidth(CARD_WIDTH - 56))
        self.unlock_button.setMinimumHeight(34)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        for widget in (title, who, why, self.password, self.error, self.unlock_button):
            inner.addWidget(widget)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.hide()

    def show_over(self, window: QWidget) -> None:
        self.setGeometry(window.rect())
        self.error.clear()
        self.password.clear()
        self.show()
        self.raise_()
        window.activateWindow()
        self.take_focus()

    def take_focus(self) -> None:
        """The password field gets what is typed next (on lock and whenever the window comes back)."""
        self.password.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _on_unlock_clicked(self) -> None:
        if self._auth.check_password(self._actor, self.password.text()):
            self.hide()
            self.unlocked.emit()
            return
        self.password.clear()
        self.error.setText(self.tr("Mật khẩu không đúng."))
        self.password.setFocus()


class IdleLock(QObject):
    """Application-wide event filter: input restarts the timer; timeout shows the lock screen."""

    locked = Signal()

    def __init__(
        self, auth: AuthService, actor: Actor, window: QWidget, minutes: float = DEFAULT_IDLE_MINUTES
    ) -> None:
        super().__init__(window)
        self._window = window
        self.screen = LockScreen(auth, actor, window)
        self.screen.unlocked.connect(self._on_screen_unlocked)
        self._hidden: list[QWidget] = []
        self._forwarding = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        window.installEventFilter(self)
        self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.screen.isVisible()

    def lock(self) -> None:
        if self.is_locked:
            return
        self._hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not self._window]
        for widget in self._hidden:
            widget.hide()
        self.screen.show_over(self._window)
        self.locked.emit()

    def _on_screen_unlocked(self) -> None:
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and self.is_locked:
            if kind == QEvent.Type.Resize:
                self.screen.setGeometry(self._window.rect())
            elif kind == QEvent.Type.WindowActivate:
                self.screen.take_focus()
        if self.is_locked:
            return self._while_locked(watched, event)
        if kind in _ACTIVITY:
            self.timer.start()
        return False

    def _while_locked(self, watched: QObject, event: QEvent) -> bool:
        """Input for anything under the lock is stopped; keys typed there go to the password field."""
        kind = event.type()
        if kind not in _INPUT and kind != QEvent.Type.InputMethod:
            return False
        # The platform's window (a QWindow, not a widget) only passes input on to the widgets, where
        # it is judged: stopping it there would keep every key and click from the lock screen too.
        if not isinstance(watched, QWidget) or self._forwarding or not self._window.isVisible():
            return False
        if self.screen.isAncestorOf(watched):
            return False
        if isinstance(event, QKeyEvent) and kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            # Focus left on a widget under the lock (the window manager gave it back): the key
            # belongs to the password, typed the moment the screen locked.
            self.screen.take_focus()
            copy = QKeyEvent(kind, event.key(), event.modifiers(), event.text(), event.isAutoRepeat())
            self._forwarding = True
            try:
                QApplication.sendEvent(self.screen.password, copy)
            finally:
                self._forwarding = False
        return True
