"""reopened on: the day a «chưa hài lòng» call-back reopened a case, from which its deadline counts

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07

A case reopened because the citizen was not satisfied has its resolve deadline restarted from
the reopening day. Only the case row's due date said so; every later recompute (a calendar day,
a rule-table change, a reclassification) counted again from the day of receipt and lost the
restart. ``case_file.reopened_on`` keeps the day the clock restarted (the last such reopening);
the legal engine counts the acceptance and resolve steps from it.

Cases reopened before this revision get the day of their last «reopened» history row whose
reason was the call-back (the manual «Mở lại» never restarted the deadline).
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_LAST_CALLBACK_REOPENING = (
    "SELECT {day} FROM case_event e WHERE e.case_id = case_file.id "
    "AND e.action = 'reopened' AND e.data LIKE '%\"reason\": \"callback\"%'"
)


def upgrade() -> None:
    op.add_column("case_file", sa.Column("reopened_on", sa.Date(), nullable=True))
    pg = op.get_bind().dialect.name == "postgresql"
    last = _LAST_CALLBACK_REOPENING.format(day="CAST(MAX(e.at) AS DATE)" if pg else "date(MAX(e.at))")
    op.execute(
        f"UPDATE case_file SET reopened_on = ({last}) "
        "WHERE id IN (SELECT case_id FROM case_event WHERE action = 'reopened')"
    )


def downgrade() -> None:
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35), never a batch copy of case_file.
    op.drop_column("case_file", "reopened_on")
