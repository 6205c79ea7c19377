"""imports, merges and re-entry export

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Where a case came from (``source``, ``import_batch_id``), the once-only rule for outside systems
(unique ``source`` + ``external_ref``), the pointer a merged case keeps to the surviving one, and
the time a case was exported for re-entry elsewhere. Columns are added in place, never through a
batch table copy (on SQLite a copy of ``case_file`` would cascade into the case history).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SOURCE_REF_WHERE = "source <> '' AND external_ref <> ''"


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("already_present", sa.Integer(), nullable=False),
        sa.Column("warned", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("mapping", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_import_batch_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.add_column("case_file", sa.Column("source", sa.String(length=30), nullable=False, server_default=""))
    _add_reference("import_batch_id", "import_batch", "fk_case_file_import_batch_id_import_batch")
    _add_reference("merged_into_id", "case_file", "fk_case_file_merged_into_id_case_file")
    op.add_column("case_file", sa.Column("exported_at", sa.DateTime(), nullable=True))
    op.create_index(
        "uq_case_source_external_ref",
        "case_file",
        ["source", "external_ref"],
        unique=True,
        sqlite_where=sa.text(SOURCE_REF_WHERE),
        postgresql_where=sa.text(SOURCE_REF_WHERE),
    )
    op.create_index("ix_case_merged_into", "case_file", ["merged_into_id"])
    op.create_index("ix_case_import_batch", "case_file", ["import_batch_id"])


def _add_reference(column: str, target: str, name: str) -> None:
    """A nullable foreign-key column added in place (SQLite accepts REFERENCES in ADD COLUMN)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE case_file ADD COLUMN {column} INTEGER CONSTRAINT {name} REFERENCES {target} (id)"
        )
        return
    op.add_column("case_file", sa.Column(column, sa.Integer(), nullable=True))
    op.create_foreign_key(name, "case_file", target, [column], ["id"])


def downgrade() -> None:
    op.drop_index("ix_case_import_batch", table_name="case_file")
    op.drop_index("ix_case_merged_into", table_name="case_file")
    op.drop_index("uq_case_source_external_ref", table_name="case_file")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_case_file_merged_into_id_case_file", "case_file", type_="foreignkey")
        op.drop_constraint("fk_case_file_import_batch_id_import_batch", "case_file", type_="foreignkey")
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35), never a batch copy of case_file.
    for name in ("exported_at", "merged_into_id", "import_batch_id", "source"):
        op.execute(f"ALTER TABLE case_file DROP COLUMN {name}")
    op.drop_table("import_batch")
