"""The database as a whole: which one to use (connection screen) and its health (hotline-desk check).

Uses the core, the audit log's verifier and the PostgreSQL search index check.
"""
