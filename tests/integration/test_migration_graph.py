"""The start-up revision check agrees with Alembic's own view of the migration scripts."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from app.db import migrate
from app.db.engine import make_engine


def test_head_and_revisions_match_alembic() -> None:
    engine = make_engine("sqlite://")
    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    assert migrate.head_revision() == script.get_current_head()
    assert set(migrate.known_revisions()) == {r.revision for r in script.walk_revisions()}
