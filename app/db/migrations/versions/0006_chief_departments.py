"""departments a chief is limited to

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

``user_department`` lists the departments a chief (lãnh đạo) may see and work on. A chief with
no row sees every department, which is what every chief did before this revision, so existing
databases need no data change.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_department",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_department_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_user_department_department_id_department"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "department_id", name=op.f("pk_user_department")),
    )


def downgrade() -> None:
    op.drop_table("user_department")
