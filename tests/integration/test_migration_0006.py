"""Migration 0006 adds a chief's department limits on SQLite and PostgreSQL, and downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app.db import migrate
from app.db.engine import make_engine
from app.settings import resolve
from tests.sample_office import command_line_services


def _fill_at_0005(engine: Engine) -> None:
    migrate.upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO office(id, name, short_name, parent_body, place_name, leader_name, "
                "leader_title, hotline, address) VALUES (1, 'UBND xã Cẩm Giàng', 'UBND', "
                "'UBND thành phố Hải Phòng', 'Hải Phòng', '', 'Chủ tịch', '', '')"
            )
        )
        for dep_id, name in ((1, "Văn phòng"), (2, "Công an xã")):
            conn.execute(
                text("INSERT INTO department(id, office_id, name, code, active) VALUES (:i, 1, :n, '', :a)"),
                {"i": dep_id, "n": name, "a": True},
            )
        conn.execute(
            text(
                "INSERT INTO user_account(id, username, full_name, role, department_id, default_channel, "
                "active, password_hash, must_change, failed_count) "
                "VALUES (7, 'lan.pt', 'Phạm Thị Lan', 'chief', NULL, 'hotline', :a, '', :a, 0)"
            ),
            {"a": True},
        )


def _check_upgrade(url: str, tmp_path: Path) -> None:
    engine = make_engine(url)
    try:
        _fill_at_0005(engine)
    finally:
        engine.dispose()
    services = command_line_services(resolve(url, data_dir=tmp_path))
    try:
        assert migrate.current_revision(services.engine) == migrate.head_revision(services.engine)
        inspector = inspect(services.engine)
        assert inspector.get_pk_constraint("user_department")["constrained_columns"] == [
            "user_id",
            "department_id",
        ]
        referred = {fk["referred_table"] for fk in inspector.get_foreign_keys("user_department")}
        assert referred == {"user_account", "department"}
        chief = next(a for a in services.auth.accounts() if a.username == "lan.pt")
        assert chief.limited_to == ()  # an existing chief keeps seeing every department
        assert services.auth.set_chief_departments("cli:test", "lan.pt", [2]) == (2,)
        unknown = text("INSERT INTO user_department(user_id, department_id) VALUES (7, 99)")
        with services.engine.connect() as conn, pytest.raises(IntegrityError, match=r"(?i)foreign key"):
            conn.execute(unknown)
    finally:
        services.close()


def test_0006_upgrades_a_0005_database_on_sqlite(tmp_path: Path) -> None:
    _check_upgrade(f"sqlite:///{tmp_path / 'old.db'}", tmp_path)


@pytest.mark.postgres
def test_0006_upgrades_a_0005_database_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    _check_upgrade(pg_url, tmp_path)


def test_0006_downgrades_back_to_0005(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'down.db'}")
    try:
        _fill_at_0005(engine)
        migrate.upgrade(engine, "0006")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO user_department(user_id, department_id) VALUES (7, 1)"))
        from alembic import command

        command.downgrade(migrate.alembic_config(engine), "0005")
        assert migrate.current_revision(engine) == "0005"
        assert "user_department" not in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT role FROM user_account WHERE id = 7")).scalar() == "chief"
    finally:
        engine.dispose()
