"""PostgreSQL search table

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

On PostgreSQL: ``case_search`` (exact and folded text of each case, as space-led word lists)
with a pg_trgm GIN index over the folded text, filled from the existing cases. Nothing on SQLite,
whose FTS5 table ``case_fts`` already does this. The text rules are frozen here on purpose: a
migration must build the same rows whatever later versions of the services do.
"""

import logging

import sqlalchemy as sa
from alembic import op

from app.domain.phone import format_phone
from app.domain.text import exact_key, fold, words

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

log = logging.getLogger(__name__)
SEALED_KINDS = ("to_cao", "to_cao_info")  # CaseKind.is_sealed at revision 0003
BATCH = 5000
NO_TRGM = (
    "Không tạo được tiện ích pg_trgm (cần quyền CREATE trên cơ sở dữ liệu hoặc quyền quản trị). "
    "Tìm kiếm vẫn đúng nhưng chậm hơn; nhờ quản trị viên chạy CREATE EXTENSION pg_trgm rồi "
    "khởi động lại chương trình."
)


def _stored(value: str) -> str:
    return "".join(" " + w for w in words(value))


def _document(row: sa.Row) -> tuple[str, str]:
    parts = [row.number, row.content, row.request, row.location, row.external_ref]
    if row.kind not in SEALED_KINDS:
        parts.append(row.full_name or "")
        if row.phone:
            parts.append(format_phone(row.phone).replace(" ", ""))
    joined = " ".join(p for p in parts if p)
    return _stored(exact_key(joined)), _stored(fold(joined))


def _try_trigram(bind: sa.Connection) -> bool:
    """Create pg_trgm in a savepoint, so a refusal does not abort the migration."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        log.warning(NO_TRGM)
        return False
    return True


def _backfill(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT c.id, c.number, c.content, c.request, c.location, c.external_ref, c.kind, "
            "z.full_name, z.phone FROM case_file c LEFT JOIN citizen z ON z.id = c.citizen_id "
            "ORDER BY c.id"
        )
    )
    insert = sa.text("INSERT INTO case_search(case_id, exact, folded) VALUES (:id, :e, :f)")
    while batch := rows.fetchmany(BATCH):
        values = []
        for row in batch:
            exact, folded = _document(row)
            values.append({"id": row.id, "e": exact, "f": folded})
        bind.execute(insert, values)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.create_table(
        "case_search",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_file.id"], name=op.f("fk_case_search_case_id_case_file"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_search")),
    )
    _backfill(bind)
    if _try_trigram(bind):
        op.execute("CREATE INDEX ix_case_search_folded_trgm ON case_search USING gin (folded gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_table("case_search")
