"""report months: a period's own cases grouped along an index that leads with the month (SQLite)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

0015 bounded every read of a periodic report by the period, but a year of a busy office is
still half a million cases, and SQLite groups them through a sorter: 0.4 s of the yearly
report on the 1M-case register went into sorting rows the covering index had already found.
``ix_case_month`` keys the cases by the month of receipt, then by the columns the summary
groups by (department, status, kind, channel, field), then the deadline columns and the time of
receipt, with whether a closed case was answered by its due date (``substr(closed_at, 1, 10)
<= due_date``, 1, 0 or NULL) kept in the index so that no row computes it: a month's cases
arrive grouped, so SQLite aggregates them as they come and sorts only the per-month groups. It
replaces ``ix_case_report`` on SQLite (every read of that index can use this one), so a save
still writes one report index.

``ix_case_open`` (the open cases only) and ``ix_case_closed`` (the closed ones, by closing then
receipt) now hold the columns the report groups by, so the cases carried into a period (still
open, or closed since its start) are counted without reading their rows: with four years of
history before the period, the 8,800 cases received before it and closed since were read row
by row, a random page each (68 ms of a yearly report on a 3M-case register, 10 ms here when
the history before the period is short and ix_case_month answers instead).

PostgreSQL hashes its groups (report_data gives the query the memory for it) and keeps
``ix_case_report``.
"""

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

MONTH_COLUMNS = (
    "substr(received_at, 1, 7), department_id, status, kind, channel, field_id,"
    " substr(closed_at, 1, 10) <= due_date, closed_at, due_date, received_at"
)
REPORT_COLUMNS = "received_at, channel, kind, field_id, department_id, status, closed_at, due_date"
OPEN_COLUMNS = "received_at, department_id, status, kind, channel, field_id, due_date, closed_at"
CLOSED_COLUMNS = "closed_at, received_at, department_id, status, kind, channel, field_id, due_date"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE INDEX ix_case_month ON case_file ({MONTH_COLUMNS})")
    op.execute("DROP INDEX ix_case_report")
    op.execute("DROP INDEX ix_case_open")
    op.execute(f"CREATE INDEX ix_case_open ON case_file ({OPEN_COLUMNS}) WHERE closed_at IS NULL")
    op.execute("DROP INDEX ix_case_closed")
    op.execute(f"CREATE INDEX ix_case_closed ON case_file ({CLOSED_COLUMNS}) WHERE closed_at IS NOT NULL")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP INDEX ix_case_closed")
    op.execute(
        "CREATE INDEX ix_case_closed ON case_file (closed_at, received_at) WHERE closed_at IS NOT NULL"
    )
    op.execute("DROP INDEX ix_case_open")
    op.execute("CREATE INDEX ix_case_open ON case_file (received_at) WHERE closed_at IS NULL")
    op.execute(f"CREATE INDEX ix_case_report ON case_file ({REPORT_COLUMNS})")
    op.execute("DROP INDEX ix_case_month")
