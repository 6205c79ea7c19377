"""The loop back to the citizen: first answers, reply drafts and templates, the reply letter,
notices, the satisfaction call-backs."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from app.root.base import ServiceRoot

if TYPE_CHECKING:
    from app.services.replies.callbacks import CallbackService
    from app.services.replies.first_answer import FirstAnswerService
    from app.services.replies.notices import NoticeService
    from app.services.replies.reply_drafts import ReplyDraftService
    from app.services.replies.reply_letter import ReplyLetterService
    from app.services.replies.reply_templates import ReplyTemplateService


class ReplyServices(ServiceRoot):
    """Built on first use."""

    @cached_property
    def reply_drafts(self) -> ReplyDraftService:
        """Reply drafts the chief approves or returns; only an approved one is recorded as sent."""
        from app.services.replies.reply_drafts import ReplyDraftService

        return ReplyDraftService(self.sessions, self.clock, signed_in=self.signed_in)

    @cached_property
    def reply_templates(self) -> ReplyTemplateService:
        """Reply templates per kind and field (shipped data, the office's edits)."""
        from app.services.replies.reply_templates import ReplyTemplateService

        return ReplyTemplateService(self.sessions, self.office_id, self.today, signed_in=self.signed_in)

    @cached_property
    def reply_letters(self) -> ReplyLetterService:
        """The reply letter ready to sign (NĐ 30/2020) from the approved text."""
        from app.services.replies.reply_letter import ReplyLetterService

        return ReplyLetterService(self.sessions, self.office_id, self.clock, signed_in=self.signed_in)

    @cached_property
    def notices(self) -> NoticeService:
        """Thông báo thụ lý / không thụ lý / kết quả giải quyết of a complaint or denunciation."""
        from app.services.replies.notices import NoticeService

        return NoticeService(self.sessions, self.office_id, self.clock, signed_in=self.signed_in)

    @cached_property
    def first_answers(self) -> FirstAnswerService:
        """The first answer that closes a case's notify step."""
        from app.services.replies.first_answer import FirstAnswerService

        return FirstAnswerService(self.sessions, self.due_policy, self.clock, signed_in=self.signed_in)

    @cached_property
    def callbacks(self) -> CallbackService:
        """The satisfaction call-back list after closing; «chưa hài lòng» reopens the case."""
        from app.services.replies.callbacks import CallbackService

        return CallbackService(self.sessions, self.due_policy, self.clock, signed_in=self.signed_in)
