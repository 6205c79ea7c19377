"""the duty phone's call log and SMS, reconciled against the register

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-07

Two new tables only (no change to ``case_file``): ``phone_log_import`` (one row per imported
file) and ``phone_log_entry`` (one row per call or SMS, unique by its fingerprint so that
re-importing an overlapping later export adds nothing twice).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "phone_log_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_format", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("read_count", sa.Integer(), nullable=False),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("already_count", sa.Integer(), nullable=False),
        sa.Column("rejected_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_phone_log_import_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_log_import")),
    )
    op.create_table(
        "phone_log_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("type_code", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("raw_number", sa.String(length=60), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("contact_name", sa.String(length=150), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("match_from", sa.DateTime(), nullable=False),
        sa.Column("match_until", sa.DateTime(), nullable=False),
        sa.Column("callback_due", sa.DateTime(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("dismiss_reason", sa.String(length=30), nullable=False),
        sa.Column("dismiss_note", sa.String(length=300), nullable=False),
        sa.Column("handled_by", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.Column("called_back_at", sa.DateTime(), nullable=True),
        sa.Column("called_back_via", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"], ["phone_log_import.id"], name=op.f("fk_phone_log_entry_import_id_phone_log_import")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_phone_log_entry_case_id_case_file")
        ),
        sa.ForeignKeyConstraint(
            ["handled_by"], ["user_account.id"], name=op.f("fk_phone_log_entry_handled_by_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phone_log_entry")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_phone_log_entry_fingerprint")),
    )
    op.create_index("ix_phone_log_entry_at", "phone_log_entry", ["at"])
    op.create_index("ix_phone_log_entry_phone", "phone_log_entry", ["phone", "at"])
    op.create_index("ix_phone_log_entry_open", "phone_log_entry", ["state", "at"])
    where = sa.text("callback_due IS NOT NULL AND called_back_at IS NULL")
    op.create_index(
        "ix_phone_log_entry_callback",
        "phone_log_entry",
        ["callback_due"],
        sqlite_where=where,
        postgresql_where=where,
    )


def downgrade() -> None:
    op.drop_table("phone_log_entry")
    op.drop_table("phone_log_import")
