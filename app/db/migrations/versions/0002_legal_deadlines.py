"""legal deadlines

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

The legal clock of a case (acceptance, conditions, the office's own target date), the rule table
and calendar overrides as data, extensions and suspensions. Columns are added in place (with
server defaults, so existing cases migrate) and never through a batch table copy: on SQLite a
copy would drop ``case_file``, and with foreign keys on that cascades into the case history.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_FLAGS = ("complex", "very_complex", "remote", "second_instance")


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("case_file", sa.Column("accepted_on", sa.Date(), nullable=True))
    op.add_column(
        "case_file", sa.Column("acceptance_no", sa.String(length=60), nullable=False, server_default="")
    )
    for name in _FLAGS:
        op.add_column("case_file", sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("case_file", sa.Column("target_date", sa.Date(), nullable=True))
    op.add_column("case_file", sa.Column("target_rule", sa.Text(), nullable=False, server_default=""))
    if bind.dialect.name == "postgresql":
        # The engine's explanations are longer than 200 characters; SQLite never enforced it.
        op.alter_column("case_file", "due_rule", type_=sa.Text(), existing_nullable=False)

    op.create_table(
        "deadline_rule",
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["user_account.id"], name=op.f("fk_deadline_rule_updated_by_user_account")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_deadline_rule")),
    )
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("working", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["user_account.id"], name=op.f("fk_calendar_day_updated_by_user_account")
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_day")),
    )
    op.create_table(
        "case_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("decision_no", sa.String(length=60), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_extension_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_case_extension_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_extension")),
    )
    op.create_index("ix_case_extension_case", "case_extension", ["case_id"])
    op.create_table(
        "case_suspension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("decision_no", sa.String(length=60), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("resume_no", sa.String(length=60), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_file.id"],
            name=op.f("fk_case_suspension_case_id_case_file"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_case_suspension_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_suspension")),
    )
    op.create_index("ix_case_suspension_case", "case_suspension", ["case_id"])
    op.create_table(
        "target_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("channel", sa.String(length=30), nullable=True),
        sa.Column("field_id", sa.Integer(), nullable=True),
        sa.Column("urgency", sa.String(length=20), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["field_id"], ["field.id"], name=op.f("fk_target_profile_field_id_field")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_profile")),
    )


def downgrade() -> None:
    op.drop_table("target_profile")
    op.drop_index("ix_case_suspension_case", table_name="case_suspension")
    op.drop_table("case_suspension")
    op.drop_index("ix_case_extension_case", table_name="case_extension")
    op.drop_table("case_extension")
    op.drop_table("calendar_day")
    op.drop_table("deadline_rule")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "case_file",
            "due_rule",
            type_=sa.String(length=200),
            existing_nullable=False,
            postgresql_using="left(due_rule, 200)",
        )
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35), never a batch copy of case_file.
    for name in ("target_rule", "target_date", *reversed(_FLAGS), "acceptance_no", "accepted_on"):
        op.drop_column("case_file", name)
