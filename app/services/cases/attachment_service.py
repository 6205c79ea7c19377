"""Attach files to a case: copied into the data directory under their SHA-256, fsynced."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.domain.permissions import Action
from app.models import Attachment, Case, CaseEvent
from app.services.accounts.signed_in import SignedIn
from app.services.core.db_errors import translated
from app.services.core.errors import ConflictError, NotFoundError, ValidationError

MAX_BYTES = 200 * 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class AttachmentService:
    """Stores attachment files once per content, and records them on the case."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        directory: Path,
        clock: Callable[[], datetime] = datetime.now,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._dir = directory
        self._clock = clock

    def attach(
        self, case_id: int, source: Path, user_id: int | None, expected_version: int | None = None
    ) -> int:
        """Copy ``source`` into the store and link it to the case; returns the attachment id."""
        self._signed_in.check_case(Action.REPLY, case_id)
        if not source.is_file():
            raise ValidationError("file", f"Không tìm thấy tệp «{source}».")
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError("file", "Tệp quá lớn (tối đa 200 MB).")
        digest = sha256_of(source)
        stored = f"{digest[:2]}/{digest}{source.suffix.lower()[:10]}"
        target = self._dir / stored
        try:
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_suffix(target.suffix + ".part")
                shutil.copyfile(source, tmp)
                with tmp.open("rb") as handle:
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
        except OSError as error:
            raise ValidationError("file", f"Không sao chép được tệp đính kèm: {error.strerror}.") from error
        now = self._clock().replace(microsecond=0)
        with translated(), self._sessions.begin() as session:
            case = session.get(Case, case_id)
            if case is None:
                raise NotFoundError("Không tìm thấy vụ việc.")
            if expected_version is not None and case.version != expected_version:
                raise ConflictError(
                    f"Vụ việc {case.number} vừa được người khác cập nhật. Hãy tải lại rồi đính kèm lại."
                )
            row = Attachment(
                case_id=case_id,
                file_name=source.name[:255],
                stored_name=stored,
                sha256=digest,
                size=size,
                user_id=user_id,
                added_at=now,
            )
            session.add(row)
            session.add(
                CaseEvent(
                    case_id=case_id, at=now, user_id=user_id, action="attachment", note=source.name[:255]
                )
            )
            case.version += 1
            case.updated_at = now
            session.flush()
            return row.id

    def verify(self, stored_name: str, sha256: str) -> bool:
        """Whether the stored copy is still intact."""
        path = self._dir / stored_name
        return path.is_file() and sha256_of(path) == sha256
