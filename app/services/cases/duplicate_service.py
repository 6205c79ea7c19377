"""Likely duplicates at intake and import, and linking a repeat call to the existing case."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, literal, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import CaseKind, CaseStatus
from app.domain.imports.similarity import (
    SIMILAR_CONTENT,
    STRONG_CONTENT,
    Candidate,
    Probe,
    Scorer,
    search_terms,
)
from app.domain.permissions import Action
from app.domain.phone import normalize_phone
from app.domain.text import clean_text, fold, words
from app.models import Case, CaseEvent, Citizen, Setting
from app.services.accounts.signed_in import SignedIn
from app.services.cases.dto import NewCase
from app.services.core.db_errors import translated
from app.services.core.errors import NotFoundError, ValidationError
from app.services.core.sealing import SEALED
from app.services.core.snapshot_reads import snapshot

DEFAULT_WINDOW_DAYS = 30
WINDOW_KEY = "duplicates.window_days"
FTS_CANDIDATES = 120
CONTENT_CHARS = 600
_SEALED = [k.value for k in CaseKind if k.is_sealed]


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """An existing case that looks like the same matter, with the reasons shown to the officer."""

    case_id: int
    number: str
    received_at: datetime
    status: CaseStatus
    citizen_name: str
    excerpt: str
    reasons: tuple[str, ...]
    score: int
    content_score: int = 0
    """How alike the two contents read (0–100), whatever else matched."""

    @property
    def content_similar(self) -> bool:
        """The content too looks like this case's: worth asking the officer before saving."""
        return self.content_score >= SIMILAR_CONTENT

    @property
    def content_strong(self) -> bool:
        """The contents read as the same matter: linking as a repeat call is the likely answer."""
        return self.content_score >= STRONG_CONTENT


@dataclass(frozen=True, slots=True)
class RepeatLinked:
    """The repeat call was recorded on this case (no new case was created)."""

    case_id: int
    number: str


def probe_for(new: NewCase, now: datetime) -> Probe:
    """What intake knows of a new item, normalised as it would be saved."""
    phone = normalize_phone(new.phone)
    return Probe(
        received_at=new.received_at or now,
        phone=phone.value if phone and phone.valid and not phone.short_code else "",
        id_number=clean_text(new.id_number, multiline=False).replace(" ", ""),
        name=clean_text(new.citizen_name, multiline=False),
        address=clean_text(new.address, multiline=False),
        location=clean_text(new.location, multiline=False),
        content=clean_text(new.content),
    )


class DuplicateService:
    """Finds candidates through indexes (citizen phone/ID, FTS) and scores them with rapidfuzz."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime] = datetime.now,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._sessions = sessions
        self._clock = clock
        self._sqlite = sessions.kw["bind"].dialect.name == "sqlite"

    # --- settings -----------------------------------------------------------------------
    def window_days(self) -> int:
        """How far apart two items may be and still be flagged (default 30 days)."""
        with translated(), self._sessions() as session:
            raw = session.get(Setting, WINDOW_KEY)
        try:
            return max(1, int(json.loads(raw.value))) if raw else DEFAULT_WINDOW_DAYS
        except (ValueError, TypeError):
            return DEFAULT_WINDOW_DAYS

    def set_window_days(self, days: int) -> None:
        self._signed_in.check(Action.MANAGE_SETTINGS)
        if not 1 <= days <= 365:
            raise ValidationError("window_days", "Khoảng thời gian so trùng phải từ 1 đến 365 ngày.")
        before = self.window_days()
        with translated(), self._sessions.begin() as session:
            session.merge(Setting(key=WINDOW_KEY, value=json.dumps(days)))
            self._signed_in.record(
                session, "settings.change", "setting", WINDOW_KEY, {"value": before}, {"value": days}
            )

    # --- intake -------------------------------------------------------------------------
    def check(
        self, new: NewCase, *, exclude_case_id: int | None = None, limit: int = 5
    ) -> tuple[DuplicateMatch, ...]:
        """Likely duplicates of what the officer is typing, best first (fast enough per keystroke pause)."""
        probe = probe_for(new, self._clock().replace(microsecond=0))
        window = timedelta(days=self.window_days())
        with translated(), snapshot(self._sessions) as session:
            ids = self.candidate_ids(session, probe, window)
            ids.discard(exclude_case_id or 0)
            found = self._score(session, probe, sorted(ids), window)
        return tuple(found[:limit])

    def worth_asking(self, new: NewCase, *, limit: int = 5) -> tuple[DuplicateMatch, ...]:
        """The likely duplicates to ask about before saving: only those whose content is similar too.

        A repeat caller with a new problem is not a duplicate; the caller-history panel already
        shows the caller's earlier cases.
        """
        similar = [m for m in self.check(new, limit=limit * 4) if m.content_similar]
        similar.sort(key=lambda m: (-m.content_score, -m.score, -m.received_at.timestamp()))
        return tuple(_with_content_reason(m) for m in similar[:limit])

    def candidate_ids(self, session: Session, probe: Probe, window: timedelta) -> set[int]:
        """Cases worth scoring: same phone/ID (citizen indexes), same name or content words (FTS)."""
        since, until = probe.received_at - window, probe.received_at + window
        ids: set[int] = set()
        for column, value in ((Citizen.phone, probe.phone), (Citizen.id_number, probe.id_number)):
            if value:
                stmt = (
                    select(Case.id)
                    .join(Citizen, Citizen.id == Case.citizen_id)
                    .where(column == value, Case.received_at.between(since, until))
                )
                ids.update(session.scalars(stmt))
        if self._sqlite:
            lo = self._lowest_id(session, since)
            if lo is not None:
                for query in self._fts_queries(probe):
                    ids.update(self._fts(session, query, lo))
        elif probe.name and probe.address:
            stmt = (
                select(Case.id)
                .join(Citizen, Citizen.id == Case.citizen_id)
                .where(Citizen.full_name == probe.name, Case.received_at.between(since, until))
            )
            ids.update(session.scalars(stmt))
        return ids

    @staticmethod
    def _fts_queries(probe: Probe) -> list[str]:
        queries = []
        if probe.name and probe.address:
            name = words(fold(probe.name))
            if name:
                queries.append(" AND ".join(f'folded:"{w}"' for w in name))
        if probe.content:
            place_terms = [" ".join(words(p)) for p in sorted(probe.places()) if words(p)]
            terms = search_terms(probe.content, limit=6)
            if place_terms and terms:
                where = " OR ".join(f'folded:"{p}"' for p in place_terms)
                what = " OR ".join(f'folded:"{t}"' for t in terms)
                queries.append(f"({where}) AND ({what})")
        return queries

    @staticmethod
    def _lowest_id(session: Session, since: datetime) -> int | None:
        """Smallest case id received since ``since`` (a rowid bound for FTS; walks the date index)."""
        sql = (
            "SELECT min(id) FROM (SELECT id FROM case_file INDEXED BY ix_case_received "
            "WHERE received_at >= :since)"
        )
        value = session.execute(text(sql), {"since": since.isoformat(" ", "microseconds")}).scalar()
        return int(value) if value is not None else None

    @staticmethod
    def _fts(session: Session, query: str, lo: int) -> list[int]:
        sql = (
            "SELECT rowid FROM case_fts WHERE case_fts MATCH :q AND rowid >= :lo ORDER BY rowid DESC LIMIT :n"
        )
        return list(session.execute(text(sql), {"q": query, "lo": lo, "n": FTS_CANDIDATES}).scalars())

    def _score(
        self, session: Session, probe: Probe, ids: Sequence[int], window: timedelta
    ) -> list[DuplicateMatch]:
        found: list[DuplicateMatch] = []
        scorer = Scorer(probe, window)
        for row in self.load_candidates(session, ids):
            if row.merged_into_id is not None:
                continue
            candidate = candidate_of(row)
            reasons, score = scorer.reasons(candidate)
            if reasons:
                sealed = CaseKind(row.kind).is_sealed
                name = SEALED if sealed and row.full_name else (row.full_name or "")
                excerpt = (row.content or "")[:160].replace("\n", " ")
                found.append(
                    DuplicateMatch(
                        row.id,
                        row.number,
                        row.received_at,
                        CaseStatus(row.status),
                        name,
                        excerpt,
                        reasons,
                        score,
                        scorer.content_score(candidate),
                    )
                )
        found.sort(key=lambda m: (-m.score, -m.received_at.timestamp()))
        return found

    @staticmethod
    def load_candidates(session: Session, ids: Sequence[int], *, with_content: bool = True) -> list[Row[Any]]:
        """Rows to score, ``ids`` in chunks; content cut in SQL (or left out) so candidates stay cheap."""
        out: list[Row[Any]] = []
        content = func.substr(Case.content, 1, CONTENT_CHARS) if with_content else literal("")
        for start in range(0, len(ids), 500):
            stmt = (
                select(
                    Case.id, Case.number, Case.received_at, Case.status, Case.kind, Case.location,
                    Case.merged_into_id, content.label("content"),
                    Citizen.phone, Citizen.id_number, Citizen.full_name, Citizen.address,
                )
                .outerjoin(Citizen, Citizen.id == Case.citizen_id)
                .where(Case.id.in_(ids[start : start + 500]))
            )  # fmt: skip
            out.extend(session.execute(stmt))
        return out

    # --- linking ------------------------------------------------------------------------
    def link_repeat(self, case_id: int, new: NewCase, user_id: int | None, note: str = "") -> RepeatLinked:
        """Record the new call/message as a repeat on an existing case instead of a new case."""
        self._signed_in.check(Action.LOG_CASE)
        content = clean_text(new.content, max_length=20_000)
        now = self._clock().replace(microsecond=0)
        with translated(), self._sessions.begin() as session:
            case = session.get(Case, case_id)
            hops = 0
            while case is not None and case.merged_into_id is not None and hops < 20:
                case, hops = session.get(Case, case.merged_into_id), hops + 1
            if case is None:
                raise NotFoundError("Không tìm thấy vụ việc để ghi nhận liên hệ lại.")
            when = new.received_at or now
            head = f"Liên hệ lại qua {new.channel.label} lúc {when:%H:%M %d/%m/%Y}"
            # A denouncer's identity stays out of the history and the audit log (Luật Tố cáo art. 9).
            sealed = CaseKind(case.kind).is_sealed or new.kind.is_sealed
            who = "" if sealed else clean_text(new.citizen_name, multiline=False)
            text_ = f"{head}{' — ' + who if who else ''}: {content[:500]}".strip()
            if note:
                text_ += f"\nGhi chú: {clean_text(note, max_length=2000)}"
            data = {
                "received_at": when.isoformat(sep=" "),
                "channel": new.channel.value,
                "citizen_name": who,
                "phone": "" if sealed else clean_text(new.phone, multiline=False),
                "content": content,
            }
            session.add(
                CaseEvent(
                    case_id=case.id, at=now, user_id=user_id, action="repeat_call", from_status=None,
                    to_status=None, note=text_, data=json.dumps(data, ensure_ascii=False),
                )
            )  # fmt: skip
            case.updated_at = now
            case.version += 1
            return RepeatLinked(case.id, case.number)


def _with_content_reason(match: DuplicateMatch) -> DuplicateMatch:
    """The content's likeness among the reasons, if no reason already says how alike it reads."""
    if any(r.startswith("Nội dung giống") for r in match.reasons):
        return match
    reason = f"Nội dung giống {match.content_score}%"
    return replace(match, reasons=(*match.reasons, reason))


def candidate_of(row: Row[Any]) -> Candidate:
    """A loaded row as a scoring candidate; a sealed case's identity is never compared (art. 9)."""
    sealed = row.kind in _SEALED
    return Candidate(
        case_id=row.id,
        received_at=row.received_at,
        phone="" if sealed else (row.phone or ""),
        id_number="" if sealed else (row.id_number or ""),
        name="" if sealed else (row.full_name or ""),
        address="" if sealed else (row.address or ""),
        location=row.location or "",
        content=row.content or "",
    )
