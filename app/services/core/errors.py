"""Errors services raise, each carrying a Vietnamese message ready to show to the officer."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused action; ``message`` is Vietnamese and names what is wrong."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(ServiceError):
    """Input that cannot be saved as it is; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class PhoneWarning(ValidationError):
    """The phone number does not validate; the officer may confirm and save anyway."""


class NotFoundError(ServiceError):
    """The object asked for does not exist (or is not visible to this officer)."""


class TransitionError(ServiceError):
    """The workflow does not allow that status change."""


class ConflictError(ServiceError):
    """Someone else saved the case since it was opened (optimistic locking)."""


class DatabaseError(ServiceError):
    """The database cannot be used right now: locked, full, missing or damaged."""
