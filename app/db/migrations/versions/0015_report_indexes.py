"""report indexes: a period's cases read from ranges bounded by the period, replies by day

Revision ID: 0015
Revises: 0007
Create Date: 2026-12-07

A periodic report reads the cases received in the period and those carried into it (received
before, not closed before its start). As one ``received_in OR carried`` filter SQLite walked
every case received before the period, so a yearly report grew with the whole history. The
report now reads three disjoint ranges (report_data._in_scope), each served by an index:

- ``ix_case_report``: received_at and every column the summary reads, so the period's own
  cases are counted from the index without reading the case rows (1.5 KB each with content);
- ``ix_case_open``: the open cases only (partial, ``closed_at IS NULL``), by received_at;
- ``ix_case_closed`` gains received_at, so "closed since the start, received before it" is
  answered inside the index;
- ``ix_reply_day``: replies by ``replied_on`` (the count of replies in a period scanned them all).
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None

REPORT_COLUMNS = [
    "received_at", "channel", "kind", "field_id", "department_id", "status", "closed_at", "due_date",
]  # fmt: skip
CLOSED = "closed_at IS NOT NULL"
OPEN = "closed_at IS NULL"


def upgrade() -> None:
    op.create_index("ix_case_report", "case_file", REPORT_COLUMNS)
    op.create_index(
        "ix_case_open", "case_file", ["received_at"],
        sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN),
    )  # fmt: skip
    op.drop_index("ix_case_closed", table_name="case_file")
    op.create_index(
        "ix_case_closed", "case_file", ["closed_at", "received_at"],
        sqlite_where=sa.text(CLOSED), postgresql_where=sa.text(CLOSED),
    )  # fmt: skip
    op.create_index("ix_reply_day", "reply", ["replied_on"])


def downgrade() -> None:
    op.drop_index("ix_reply_day", table_name="reply")
    op.drop_index("ix_case_closed", table_name="case_file")
    op.create_index(
        "ix_case_closed", "case_file", ["closed_at"],
        sqlite_where=sa.text(CLOSED), postgresql_where=sa.text(CLOSED),
    )  # fmt: skip
    op.drop_index("ix_case_open", table_name="case_file")
    op.drop_index("ix_case_report", table_name="case_file")
