"""the loop back to the citizen: first answer, reply drafts, satisfaction call-backs

Revision ID: 0013
Revises: 0007
Create Date: 2026-12-07

Three new tables, nothing changed in the old ones: ``case_first_answer`` (one row per case, the
first answer that closes the ``notify`` step), ``reply_draft`` (a reply on its way to the chief's
signature, with the text he was sent and an optimistic version) and ``case_callback`` (one
satisfaction call-back per closing; «chưa hài lòng» reopens the case).
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_first_answer",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name="fk_case_first_answer_case_id_case_file", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name="fk_case_first_answer_user_id_user_account"
        ),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_first_answer"),
    )
    op.create_table(
        "reply_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("template_code", sa.String(80), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("submitted_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("submitted_version", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False, server_default=""),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("reply_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name="fk_reply_draft_case_id_case_file", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name="fk_reply_draft_author_id_user_account"
        ),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["user_account.id"], name="fk_reply_draft_approver_id_user_account"
        ),
        sa.ForeignKeyConstraint(["reply_id"], ["reply.id"], name="fk_reply_draft_reply_id_reply"),
        sa.PrimaryKeyConstraint("id", name="pk_reply_draft"),
    )
    op.create_index("ix_reply_draft_case", "reply_draft", ["case_id"])
    op.create_index("ix_reply_draft_status", "reply_draft", ["status"])
    op.create_table(
        "case_callback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("field_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name="fk_case_callback_case_id_case_file", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name="fk_case_callback_department_id_department"
        ),
        sa.ForeignKeyConstraint(["field_id"], ["field.id"], name="fk_case_callback_field_id_field"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name="fk_case_callback_user_id_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_callback"),
    )
    op.create_index("ix_case_callback_case", "case_callback", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_callback_case", table_name="case_callback")
    op.drop_table("case_callback")
    op.drop_index("ix_reply_draft_status", table_name="reply_draft")
    op.drop_index("ix_reply_draft_case", table_name="reply_draft")
    op.drop_table("reply_draft")
    op.drop_table("case_first_answer")
