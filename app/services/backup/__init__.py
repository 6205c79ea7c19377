"""Backups and restores: SQLite online backup, PostgreSQL export, encryption, manifests, rotation.

Uses the core and accounts; knows nothing of cases, reports or imports.
"""
