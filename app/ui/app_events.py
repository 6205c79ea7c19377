"""One app-wide "what changed" object: services' results are broadcast, views refresh themselves."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    """Signals views listen to; no widget calls another widget's refresh."""

    cases_changed = Signal(int)
    """A case was created or changed (its id; -1 for many at once)."""
    catalog_changed = Signal()
    """Office, departments, fields or users changed."""
    case_open_requested = Signal(int)
    """Someone asked to open a case (list, dashboard, caller history)."""
    intake_prefill_requested = Signal(object)
    """Make a case from a call of the phone's log (an ``IntakePrefill``): the intake form takes it."""
    calls_changed = Signal()
    """The call log changed (an import, a dismissal, a call-back, a case made from a call)."""
    status_message = Signal(str)
    """A short message for the status bar (e.g. "Đã lưu vụ việc 2026-00042")."""
    database_replaced = Signal()
    """A backup was restored: the composition root closes every window and reopens the services."""
