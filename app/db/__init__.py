"""Database access: engine set-up for SQLite and PostgreSQL, and Alembic migrations."""
