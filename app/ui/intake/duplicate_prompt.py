"""Intake's duplicate step: check, ask the officer, and link a repeat call when they choose to."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from app.services.cases.dto import NewCase
from app.services.cases.duplicate_service import DuplicateService, RepeatLinked
from app.services.core.errors import ServiceError
from app.ui import ask
from app.ui.intake.duplicate_dialog import DuplicateChoice, DuplicateDialog

log = logging.getLogger(__name__)


def repeat_text(linked: RepeatLinked) -> str:
    """What the officer reads after linking (no new case number exists)."""
    return f"Đã ghi nhận phản ánh lại vào vụ việc số {linked.number}"


def check_before_save(
    parent: QWidget,
    duplicates: DuplicateService,
    new: NewCase,
    user_id: int | None,
    on_linked: Callable[[RepeatLinked], None],
) -> bool:
    """``True`` when a new case should be created; ``False`` after linking or going back."""
    try:
        matches = duplicates.worth_asking(new)
    except ServiceError as error:  # the check helps; it never blocks a save
        log.warning("duplicate check failed: %s", error.message)
        return True
    if not matches:
        return True
    dialog = DuplicateDialog(matches, parent)
    try:
        ask.exec_dialog(dialog)
        choice, chosen = dialog.choice, dialog.selected()
    finally:
        dialog.deleteLater()
    if choice is DuplicateChoice.CREATE:
        return True
    if choice is DuplicateChoice.LINK and chosen is not None:
        try:
            linked = duplicates.link_repeat(chosen.case_id, new, user_id)
        except ServiceError as error:
            ask.error(parent, "Chưa ghi nhận được", error.message)
            return False
        on_linked(linked)
    return False
