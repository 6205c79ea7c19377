"""Fill a database with demo cases fast: generated, turned into rows, bulk-written (demo_writers)."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.domain.enums import Role
from app.domain.permissions import Action
from app.models import CaseCounter, Department, Field, User
from app.services.accounts.signed_in import SignedIn
from app.services.core.due_dates import DuePolicy
from app.services.demo.demo_data import DemoGenerator
from app.services.demo.demo_rows import Catalogs, RowBuilder
from app.services.demo.demo_writers import BATCH, DemoLoad, Progress, write_generic, write_sqlite


class DemoService:
    """``hotline-desk demo --cases N``: two years of realistic cases ending today."""

    def __init__(
        self,
        engine: Engine,
        sessions: sessionmaker[Session],
        office_id: int,
        due_policy: DuePolicy,
        *,
        signed_in: SignedIn,
    ) -> None:
        self._signed_in = signed_in
        self._engine = engine
        self._sessions = sessions
        self._office_id = office_id
        self._due = due_policy

    def generate(
        self, count: int, seed: int = 1, end: date | None = None, progress: Progress | None = None
    ) -> int:
        self._signed_in.check(Action.MANAGE_SETTINGS, "demo")  # sample cases go into the register
        end = end or date.today()
        gen = DemoGenerator(seed, end)
        catalogs = self._prepare_catalogs()
        citizens = gen.citizens(max(1, count // 3))
        cases = gen.cases(count, len(citizens))
        counters = self._counters()
        existing = frozenset(counters)
        citizen_base = self._max_id("citizen") + 1
        builder = RowBuilder(self._office_id, self._due, catalogs, citizen_base, citizens, counters,
                             next_id=self._max_id("case_file") + 1)  # fmt: skip
        batches = builder.batches(cases, BATCH)
        load = DemoLoad(self._office_id, len(cases), batches, citizens, citizen_base, counters, existing)
        if self._engine.dialect.name == "sqlite":
            return write_sqlite(self._engine, load, progress)
        return write_generic(self._engine, load, progress)

    def _prepare_catalogs(self) -> Catalogs:
        with self._sessions.begin() as session:
            departments = list(session.scalars(select(Department.id).order_by(Department.id)))
            officers: dict[int, int] = {}
            for dept_id in departments:
                uid = session.scalar(select(User.id).where(User.department_id == dept_id).limit(1))
                if uid is None:
                    user = User(
                        username=f"canbo{dept_id}",
                        full_name=_officer_name(dept_id),
                        role=Role.HANDLER.value,
                        department_id=dept_id,
                        default_channel="hotline",
                        active=True,
                    )
                    session.add(user)
                    session.flush()
                    uid = user.id
                officers[dept_id] = uid
            fields = dict(session.execute(select(Field.code, Field.id)).all())
        return Catalogs(officers, fields, departments)

    def _max_id(self, table: str) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar() or 0)

    def _counters(self) -> dict[int, int]:
        with self._sessions() as session:
            rows = session.execute(
                select(CaseCounter.year, CaseCounter.last_seq).where(CaseCounter.office_id == self._office_id)
            ).all()
        return {year: last for year, last in rows}


def _officer_name(seed: int) -> str:
    from app.services.demo.demo_data import FAMILY, GIVEN, MIDDLE

    rng = random.Random(seed)
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
