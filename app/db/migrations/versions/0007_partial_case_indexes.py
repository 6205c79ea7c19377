"""partial indexes on rarely-set case columns; closed_at indexed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22

A new case has no external code, no merge pointer and no import batch, yet each of those
indexes took a page write in every save (the officer's most frequent action, durable at once).
As partial indexes they hold only the rows that have a value, which is all their queries ask
for (``col = ?`` implies ``col IS NOT NULL``). ``closed_at`` gets the same kind of index for
the monthly "finished" counts of the reports, at no cost to a save (a new case is open).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PARTIAL = {
    "ix_case_external": ("external_ref", "external_ref <> ''"),
    "ix_case_merged_into": ("merged_into_id", "merged_into_id IS NOT NULL"),
    "ix_case_import_batch": ("import_batch_id", "import_batch_id IS NOT NULL"),
}


def upgrade() -> None:
    for name, (column, where) in PARTIAL.items():
        op.drop_index(name, table_name="case_file")
        op.create_index(
            name, "case_file", [column], sqlite_where=sa.text(where), postgresql_where=sa.text(where)
        )
    where = "closed_at IS NOT NULL"
    op.create_index(
        "ix_case_closed",
        "case_file",
        ["closed_at"],
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )


def downgrade() -> None:
    op.drop_index("ix_case_closed", table_name="case_file")
    for name, (column, _where) in PARTIAL.items():
        op.drop_index(name, table_name="case_file")
        op.create_index(name, "case_file", [column])
