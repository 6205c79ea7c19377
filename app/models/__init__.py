"""SQLAlchemy typed models, one module per aggregate; importing this registers them all."""

from app.models.audit import AuditHead, AuditLog, CaseAccess
from app.models.base import Base
from app.models.case import Attachment, Case, CaseCounter, CaseEvent, Reply
from app.models.deadline import CalendarDay, CaseExtension, CaseSuspension, DeadlineRuleRow, TargetProfile
from app.models.intake_source import ImportBatch
from app.models.org import Department, Field, Office, User
from app.models.party import Citizen
from app.models.phone_log import PhoneLogEntry, PhoneLogImport
from app.models.reply_loop import Callback, FirstAnswer, ReplyDraft
from app.models.setting import Setting
from app.models.user_department import UserDepartment

__all__ = [
    "Attachment",
    "AuditHead",
    "AuditLog",
    "Base",
    "CalendarDay",
    "Callback",
    "Case",
    "CaseAccess",
    "CaseCounter",
    "CaseEvent",
    "CaseExtension",
    "CaseSuspension",
    "Citizen",
    "DeadlineRuleRow",
    "Department",
    "Field",
    "FirstAnswer",
    "ImportBatch",
    "Office",
    "PhoneLogEntry",
    "PhoneLogImport",
    "Reply",
    "ReplyDraft",
    "Setting",
    "TargetProfile",
    "User",
    "UserDepartment",
]
